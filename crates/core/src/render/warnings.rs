//! The words of a collector's or judge's warnings (`model::Warning`): one line each on
//! stderr, with a detail line for -v where there is one.

use super::evidence::{scan_gap, scan_gap_detail};
use crate::model::{RowProblem, Warning};

/// The sentence to print (names are sanitized when printed).
pub fn text(w: &Warning) -> String {
    match w {
        Warning::Source { text } => text.clone(),
        Warning::DevShmRefused { reason } => {
            format!("{reason}; POSIX shm and semaphores are not listed")
        }
        Warning::HolderScanIncomplete { gap } => scan_gap(gap),
        Warning::SysvUnreadable {
            kind,
            path,
            opened: false,
            error,
        } => format!(
            "{path}: cannot read ({error}); {kind} objects are not listed (is /proc mounted?)"
        ),
        Warning::SysvUnreadable {
            path,
            opened: true,
            error,
            ..
        } => format!("{path}: cannot read: {error}"),
        Warning::SysvHeader {
            kind,
            path,
            missing,
        } => format!(
            "{path}: unexpected header, missing column(s) {}; {kind} objects are not listed",
            missing.join(", ")
        ),
        Warning::SysvRow {
            path,
            line,
            problem: RowProblem::Short { fields, columns },
        } => {
            format!("{path}: line {line}: {fields} fields where the header has {columns}; skipped")
        }
        Warning::SysvRow {
            path,
            line,
            problem,
        } => format!("{path}: line {line}: {}; skipped", row_problem(problem)),
        Warning::DevShmUnreadable { path, error: None } => {
            format!("{path}: does not exist; POSIX shm and semaphores are not listed")
        }
        Warning::DevShmUnreadable {
            path,
            error: Some(e),
        } => format!("{path}: cannot read ({e}); POSIX shm and semaphores are not listed"),
        Warning::SemValues { reference, errno } => format!(
            "{reference}: cannot read semaphore values: {}",
            crate::error::errno_reason(nix::errno::Errno::from_raw(*errno))
        ),
        Warning::SemFile { reference, problem } => {
            format!(
                "{reference}: {}",
                super::evidence::sem_file_problem(problem)
            )
        }
        Warning::NamespacesDenied { processes } => format!(
            "--all-namespaces: the IPC namespace of {processes} process(es) could not be read (permission denied: another user's /proc/PID/ns needs root); only namespaces your own processes are in are shown"
        ),
        Warning::NamespaceSkipped {
            inode,
            pid,
            comm,
            error,
        } => format!("namespace ipc:[{inode}] (pid {pid} {comm}): skipped: {error}"),
        Warning::NamespaceGone { inode, pid } => {
            format!("namespace ipc:[{inode}]: its process {pid} exited during the scan; skipped")
        }
        // The error names the namespace already.
        Warning::NamespaceNotEntered { error, .. } => error.clone(),
        Warning::MqueueForeign { path, error } => {
            let foreign = format!(
                "{path}: this mqueue filesystem belongs to another IPC namespace (its queues are not this namespace's)"
            );
            match error {
                None => format!("{foreign}; listed this namespace's own queues instead"),
                Some(why) => format!(
                    "{foreign}; POSIX message queues are not listed ({why}); mount this namespace's instance in a private mount namespace: unshare --mount sh -c 'mount -t mqueue none /dev/mqueue && ...'"
                ),
            }
        }
        Warning::MqueueUnmounted { error: Some(why) } => format!(
            "POSIX message queues are not listed: no mqueue filesystem is mounted ({why}); {MOUNT_HINT}"
        ),
        Warning::MqueueUnmounted { error: None } => format!(
            "POSIX message queues are not listed: no mqueue filesystem is mounted; {MOUNT_HINT}"
        ),
        Warning::MqueueUnreadable { path, error } => {
            format!("{path}: cannot read ({error}); POSIX message queues are not listed")
        }
        Warning::NotAQueue { path } => format!("{path}: not a message queue; skipped"),
        Warning::SysctlUnreadable {
            path,
            error: Some(e),
        } => format!("cannot read {path}: {e}"),
        Warning::SysctlUnreadable { path, error: None } => {
            format!("cannot read {path}: not a list of numbers")
        }
        Warning::StatvfsFailed { path, error } => format!("{path}: cannot statvfs ({error})"),
    }
}

/// How to mount an mqueue file system (said when queues cannot be listed).
pub const MOUNT_HINT: &str =
    "mount one with: mkdir -p /dev/mqueue && mount -t mqueue none /dev/mqueue";

/// The line -v adds under the warning, if any.
pub fn detail(w: &Warning) -> Option<String> {
    match w {
        Warning::HolderScanIncomplete { gap } => scan_gap_detail(gap),
        _ => None,
    }
}

/// Why a /proc/sysvipc row was skipped.
pub fn row_problem(p: &RowProblem) -> String {
    match p {
        RowProblem::Short { fields, columns } => {
            format!("{fields} fields where the header has {columns}")
        }
        RowProblem::Missing { column } => format!("row too short, no '{column}'"),
        RowProblem::NotANumber { column, value } => {
            format!("'{column}' is not a number in range: '{value}'")
        }
        RowProblem::KeyOutOfRange { key } => format!("key '{key}' out of range"),
        RowProblem::PermsNotOctal { value } => format!("perms '{value}' is not octal"),
        RowProblem::NegativeId { id } => format!("negative id {id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Ref};

    #[test]
    fn typed_warnings_are_worded_here_and_decided_by_variant() {
        let header = Warning::SysvHeader {
            kind: Kind::Shm,
            path: "/proc/sysvipc/shm".into(),
            missing: vec!["key".into(), "perms".into()],
        };
        assert_eq!(
            text(&header),
            "/proc/sysvipc/shm: unexpected header, missing column(s) key, perms; shm objects are not listed"
        );
        assert_eq!(header.kinds_not_listed(), [Kind::Shm]);
        let row = Warning::SysvRow {
            path: "/proc/sysvipc/msg".into(),
            line: 3,
            problem: RowProblem::NotANumber {
                column: "uid".into(),
                value: "x".into(),
            },
        };
        assert_eq!(
            text(&row),
            "/proc/sysvipc/msg: line 3: 'uid' is not a number in range: 'x'; skipped"
        );
        assert!(row.kinds_not_listed().is_empty());
        let dev_shm = Warning::DevShmUnreadable {
            path: "/dev/shm".into(),
            error: None,
        };
        assert_eq!(
            text(&dev_shm),
            "/dev/shm: does not exist; POSIX shm and semaphores are not listed"
        );
        let psem: Ref = "psem:/x".parse().unwrap();
        assert!(dev_shm.concerns(&psem));
        let sem = Warning::SemValues {
            reference: "sem:5".parse().unwrap(),
            errno: libc::EACCES,
        };
        assert_eq!(
            text(&sem),
            "sem:5: cannot read semaphore values: permission denied"
        );
        assert!(sem.concerns(&"sem:5".parse().unwrap()));
        assert!(!sem.concerns(&"sem:6".parse().unwrap()));
        let gone = Warning::NamespaceGone {
            inode: 4026531839,
            pid: 42,
        };
        assert_eq!(
            text(&gone),
            "namespace ipc:[4026531839]: its process 42 exited during the scan; skipped"
        );
        assert!(!gone.concerns(&"shm:1".parse().unwrap()));
        // Typed warnings cross the namespace fork as data (serde) and come back equal.
        for w in [header, row, dev_shm, sem, gone] {
            let back: Warning = serde_json::from_str(&serde_json::to_string(&w).unwrap()).unwrap();
            assert_eq!(back, w);
        }
    }
}
