//! systemd-logind's effective `RemoveIPC=` setting: with `yes` (systemd's default), logind
//! removes a non-system user's IPC objects when that user's last session ends, which breaks
//! services run as regular users. Read from the injectable root like every other source.

use std::path::PathBuf;

use super::Source;

/// The effective setting and where it came from (a file, or "systemd's default").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoveIpc {
    pub enabled: bool,
    pub from: String,
}

/// `None` when logind is not installed under the root, or not running (RemoveIPC is acted
/// on by the running daemon only: containers and minimal hosts often have the binary but
/// no logind).
pub fn remove_ipc(src: &Source) -> Option<RemoveIpc> {
    let installed = [
        "lib/systemd/systemd-logind",
        "usr/lib/systemd/systemd-logind",
    ]
    .iter()
    .any(|p| src.path(p).exists());
    if !installed || !running(src) {
        return None;
    }
    // logind.conf first, then drop-ins sorted by file name across the three directories
    // (later ones override earlier ones), as systemd reads them.
    let mut files: Vec<(String, PathBuf)> = vec![(
        "/etc/systemd/logind.conf".into(),
        src.path("etc/systemd/logind.conf"),
    )];
    let mut dropins: Vec<(String, PathBuf)> = Vec::new();
    for d in [
        "usr/lib/systemd/logind.conf.d",
        "run/systemd/logind.conf.d",
        "etc/systemd/logind.conf.d",
    ] {
        if let Ok(rd) = std::fs::read_dir(src.path(d)) {
            for e in rd.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "conf") {
                    let shown = format!("/{d}/{}", e.file_name().to_string_lossy());
                    dropins.push((shown, p));
                }
            }
        }
    }
    dropins.sort_by(|a, b| a.1.file_name().cmp(&b.1.file_name()));
    files.extend(dropins);
    let mut value = RemoveIpc {
        enabled: true,
        from: "systemd's default".into(),
    };
    for (shown, path) in files {
        if let Ok(text) = std::fs::read_to_string(&path)
            && let Some(enabled) = parse(&text)
        {
            value = RemoveIpc {
                enabled,
                from: shown,
            };
        }
    }
    Some(value)
}

/// Is systemd-logind running? It keeps its state in /run/systemd/seats, which counts only
/// when systemd is the running init (/run/systemd/system, sd_booted's test): an image built
/// on a systemd host can carry a stale seats directory into a container or VM whose init is
/// something else. Failing that, a process named `systemd-logind` in /proc.
pub fn running(src: &Source) -> bool {
    if src.path("run/systemd/system").is_dir() && src.path("run/systemd/seats").is_dir() {
        return true;
    }
    let Ok(rd) = std::fs::read_dir(src.path("proc")) else {
        return false;
    };
    rd.flatten()
        .filter(|e| {
            e.file_name()
                .as_encoded_bytes()
                .iter()
                .all(u8::is_ascii_digit)
        })
        .any(|e| {
            std::fs::read(e.path().join("comm"))
                .is_ok_and(|c| c.trim_ascii_end() == b"systemd-logind")
        })
}

/// The last `RemoveIPC=` of the `[Login]` section of one file, if any.
pub fn parse(text: &str) -> Option<bool> {
    let mut in_login = true; // keys before any section header count as [Login]
    let mut found = None;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if line.starts_with('[') {
            in_login = line == "[Login]";
            continue;
        }
        if in_login
            && let Some((k, v)) = line.split_once('=')
            && k.trim() == "RemoveIPC"
        {
            found = Some(matches!(
                v.trim().to_ascii_lowercase().as_str(),
                "yes" | "true" | "1" | "on"
            ));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_login_section() {
        assert_eq!(parse("[Login]\n#RemoveIPC=no\n"), None);
        assert_eq!(parse("[Login]\nRemoveIPC=no\n"), Some(false));
        assert_eq!(parse("[Login]\nRemoveIPC = yes\n"), Some(true));
        assert_eq!(parse("[Login]\nRemoveIPC=no\nRemoveIPC=on\n"), Some(true));
        assert_eq!(parse("[Other]\nRemoveIPC=no\n"), None);
    }

    #[test]
    fn drop_ins_override_in_name_order() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path();
        let src = Source::new(r);
        assert_eq!(remove_ipc(&src), None, "no logind installed");
        std::fs::create_dir_all(r.join("lib/systemd")).unwrap();
        std::fs::write(r.join("lib/systemd/systemd-logind"), "").unwrap();
        assert_eq!(remove_ipc(&src), None, "installed, not running");
        // Regression (newcomer pass): a stale seats directory without systemd as init is
        // not a running logind.
        std::fs::create_dir_all(r.join("run/systemd/seats")).unwrap();
        assert_eq!(
            remove_ipc(&src),
            None,
            "stale /run/systemd/seats, systemd not booted"
        );
        std::fs::create_dir_all(r.join("run/systemd/system")).unwrap();
        assert!(
            remove_ipc(&src).is_some(),
            "systemd booted, seats kept by logind"
        );
        std::fs::remove_dir(r.join("run/systemd/system")).unwrap();
        std::fs::create_dir_all(r.join("proc/412")).unwrap();
        std::fs::write(r.join("proc/412/comm"), "systemd-logind\n").unwrap();
        assert!(remove_ipc(&src).unwrap().enabled, "running");
        std::fs::create_dir_all(r.join("etc/systemd/logind.conf.d")).unwrap();
        std::fs::write(
            r.join("etc/systemd/logind.conf"),
            "[Login]\nRemoveIPC=yes\n",
        )
        .unwrap();
        std::fs::write(
            r.join("etc/systemd/logind.conf.d/50-ipc.conf"),
            "[Login]\nRemoveIPC=no\n",
        )
        .unwrap();
        let v = remove_ipc(&src).unwrap();
        assert!(!v.enabled);
        assert_eq!(v.from, "/etc/systemd/logind.conf.d/50-ipc.conf");
    }
}
