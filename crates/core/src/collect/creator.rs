//! A process as the recorder keeps it: pid, start time (clock ticks after boot), comm, exe,
//! uid, cgroup path and, from the path, the systemd unit and the container id. Read from
//! /proc at the moment an object is created (or at the process's exec, for processes gone
//! by then).

use std::path::Path;

use super::holders::parse_stat;
use crate::journal::Process;

/// Read process `pid` from `proc_dir` (`/proc`); `None` when it is gone.
pub fn read(proc_dir: &Path, pid: i32) -> Option<Process> {
    let dir = proc_dir.join(pid.to_string());
    let stat = std::fs::read_to_string(dir.join("stat")).ok()?;
    let st = parse_stat(&stat)?;
    let (comm, start_ticks) = (st.comm, st.starttime);
    let status = std::fs::read_to_string(dir.join("status")).unwrap_or_default();
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok());
    let exe = std::fs::read_link(dir.join("exe"))
        .ok()
        .map(|p| p.to_string_lossy().into_owned());
    let cgroup_text = std::fs::read_to_string(dir.join("cgroup")).unwrap_or_default();
    let cgroup = cgroup_path(&cgroup_text);
    Some(Process {
        pid,
        start_ticks: Some(start_ticks),
        comm: Some(comm),
        exe,
        uid,
        unit: cgroup.as_deref().and_then(unit_of),
        container: super::namespaces::container_id(&cgroup_text),
        cgroup,
    })
}

/// The start time (clock ticks after boot) of process `pid`, to tell whether a pid still
/// names the same process.
pub fn start_ticks(proc_dir: &Path, pid: i32) -> Option<u64> {
    let stat = std::fs::read_to_string(proc_dir.join(pid.to_string()).join("stat")).ok()?;
    parse_stat(&stat).map(|s| s.starttime)
}

/// Is the recorded process itself (same pid and start time) alive? A zombie is not, unless
/// only its main thread ended (`pthread_exit`) and its other threads run on, as the holder
/// scan judges such a process.
fn live(proc_dir: &Path, c: &crate::model::Creator) -> Option<bool> {
    if c.exited_at.is_some() {
        return Some(false);
    }
    let (pid, start) = (c.pid?, c.start_ticks?);
    let Some(st) = std::fs::read_to_string(proc_dir.join(pid.to_string()).join("stat"))
        .ok()
        .and_then(|s| parse_stat(&s))
    else {
        return Some(false);
    };
    if matches!(st.state, 'Z' | 'X') && st.threads <= 1 {
        return Some(false);
    }
    Some(st.starttime == start)
}

/// The cgroup v2 path (`0::/path`), or the systemd hierarchy's on v1.
pub fn cgroup_path(text: &str) -> Option<String> {
    let mut v1 = None;
    for line in text.lines() {
        let mut parts = line.splitn(3, ':');
        let (id, ctl, path) = (parts.next()?, parts.next()?, parts.next()?);
        if id == "0" && ctl.is_empty() {
            return Some(path.to_string());
        }
        if ctl == "name=systemd" {
            v1 = Some(path.to_string());
        }
    }
    v1
}

/// The systemd unit of a cgroup path: its last `.service` or `.scope` component.
pub fn unit_of(path: &str) -> Option<String> {
    path.rsplit('/')
        .find(|c| c.ends_with(".service") || c.ends_with(".scope"))
        .map(str::to_string)
}

/// Fill each object's `creator` from the journal at `path` (what it records as present
/// under the object's kind, scope and name or id). A missing journal leaves them `None`;
/// an unreadable one is the error (the caller's note).
pub fn attach(
    src: &super::Source,
    path: &Path,
    objects: &mut [crate::model::Object],
) -> Result<(), crate::journal::JournalError> {
    let Some(reader) = crate::journal::Reader::open(path)? else {
        return Ok(());
    };
    let present = reader.present()?;
    if present.is_empty() {
        return Ok(());
    }
    let own_ipc = super::namespaces::ipc_inode(src, "self").ok();
    for o in objects.iter_mut() {
        let (scope, ident) = if o.kind.is_sysv() {
            let scope = o.namespace.as_ref().map(|n| n.inode).or(own_ipc);
            (scope, o.id.map(|i| i.to_string()))
        } else {
            (
                o.dev,
                o.name
                    .as_deref()
                    .map(|n| n.trim_start_matches('/').to_string()),
            )
        };
        let (Some(scope), Some(ident)) = (scope, ident) else {
            continue;
        };
        let key = crate::journal::ObjectKey {
            kind: o.kind,
            scope,
            ident,
        };
        if let Some(c) = present.get(&key) {
            let mut c = c.clone();
            c.live = live(&src.path("proc"), &c);
            o.creator = Some(Box::new(c));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (review): a recorded creator whose main thread ended (`pthread_exit`)
    /// while its other threads run shows state Z in /proc/PID/stat; it was taken for dead
    /// (creator-exit evidence) though the process lives, as the holder scan knows.
    #[test]
    fn a_creator_whose_main_thread_exited_is_alive() {
        let dir = tempfile::tempdir().unwrap();
        let stat = |state: &str, threads: u32| {
            format!(
                "4242 (a) b (c) {state} 1 42 42 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 {threads} 0 12345 1000 10\n"
            )
        };
        let creator = crate::model::Creator {
            pid: Some(4242),
            start_ticks: Some(12345),
            ..Default::default()
        };
        std::fs::create_dir(dir.path().join("4242")).unwrap();
        let write = |s: String| std::fs::write(dir.path().join("4242/stat"), s).unwrap();
        write(stat("Z", 2));
        assert_eq!(live(dir.path(), &creator), Some(true));
        write(stat("Z", 1));
        assert_eq!(live(dir.path(), &creator), Some(false), "a zombie");
        write(stat("S", 1));
        assert_eq!(live(dir.path(), &creator), Some(true));
        let reused = crate::model::Creator {
            start_ticks: Some(99),
            ..creator.clone()
        };
        assert_eq!(live(dir.path(), &reused), Some(false), "a reused pid");
    }

    #[test]
    fn cgroup_and_unit() {
        let t = "0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-x.scope\n";
        let p = cgroup_path(t).unwrap();
        assert_eq!(unit_of(&p).as_deref(), Some("app-x.scope"));
        assert_eq!(
            unit_of("/system.slice/postgresql@15-main.service").as_deref(),
            Some("postgresql@15-main.service")
        );
        assert_eq!(unit_of("/"), None);
        let v1 = "12:cpu:/x\n1:name=systemd:/system.slice/cron.service\n";
        assert_eq!(
            cgroup_path(v1).as_deref(),
            Some("/system.slice/cron.service")
        );
    }
}
