//! A process as the recorder keeps it: pid, start time (clock ticks after boot), comm, exe,
//! uid, cgroup path and, from the path, the systemd unit and the container id. Read from
//! /proc at the moment an object is created (or at the process's exec, for processes gone
//! by then).

use std::path::Path;

use crate::journal::Process;

/// Read process `pid` from `proc_dir` (`/proc`); `None` when it is gone.
pub fn read(proc_dir: &Path, pid: i32) -> Option<Process> {
    let dir = proc_dir.join(pid.to_string());
    let stat = std::fs::read_to_string(dir.join("stat")).ok()?;
    let (comm, start_ticks) = parse_stat(&stat)?;
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
    parse_stat(&stat).map(|(_, s)| s)
}

/// Is the recorded process itself (same pid and start time, not a zombie) alive?
fn live(proc_dir: &Path, c: &crate::model::Creator) -> Option<bool> {
    if c.exited_at.is_some() {
        return Some(false);
    }
    let (pid, start) = (c.pid?, c.start_ticks?);
    let Ok(stat) = std::fs::read_to_string(proc_dir.join(pid.to_string()).join("stat")) else {
        return Some(false);
    };
    let state = stat
        .rfind(')')
        .and_then(|i| stat.get(i + 1..))
        .and_then(|r| r.split_whitespace().next());
    if matches!(state, Some("Z" | "X")) {
        return Some(false);
    }
    Some(parse_stat(&stat).is_some_and(|(_, s)| s == start))
}

/// comm and starttime (field 22) of a `/proc/PID/stat` line; comm is in parentheses and may
/// hold spaces and parentheses itself, so the fields are counted after the last ')'.
pub fn parse_stat(stat: &str) -> Option<(String, u64)> {
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let comm = stat.get(open + 1..close)?.to_string();
    let start = stat
        .get(close + 1..)?
        .split_whitespace()
        .nth(19)?
        .parse()
        .ok()?;
    Some((comm, start))
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

    #[test]
    fn stat_with_odd_comm() {
        let s = "42 (a) b (c) S 1 42 42 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 12345 1000 10";
        assert_eq!(parse_stat(s), Some(("a) b (c".to_string(), 12345)));
        assert_eq!(parse_stat("garbage"), None);
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
