//! Typed warnings about what could not be read or listed; `render::warnings` words them.

use super::*;
use serde::{Deserialize, Serialize};

/// Something found on the way that did not stop a listing. The kind of warning is data, so
/// callers decide by variant (which warnings concern the object asked for), never by text;
/// `render::warnings` words them. (Some still carry words made where they were found: the
/// profile loader's `Source`, the reason in `DevShmRefused`, the `error` of
/// `MqueueForeign`/`MqueueUnmounted` and of the namespace warnings.)
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Warning {
    /// With `--ns`, the target's /dev/shm was refused (`reason`, worded when the namespace
    /// was entered): no POSIX shm or semaphore is listed.
    DevShmRefused { reason: String },
    /// Some processes could not be inspected: what they hold (POSIX objects, queues and sets
    /// they wait on) is unknown.
    HolderScanIncomplete { gap: ScanGap },
    /// A profile file's problem, worded by the profile loader.
    Source { text: String },
    /// A `/proc/sysvipc` file could not be opened (`opened: false`) or read: no object of
    /// its kind is listed. `error`: the system's description.
    SysvUnreadable {
        kind: Kind,
        path: String,
        opened: bool,
        error: String,
    },
    /// A `/proc/sysvipc` file's header lacks columns: no object of its kind is listed.
    SysvHeader {
        kind: Kind,
        path: String,
        missing: Vec<String>,
    },
    /// A row of a `/proc/sysvipc` file was skipped (`line` counts from 1, the header too).
    SysvRow {
        path: String,
        line: usize,
        problem: RowProblem,
    },
    /// The /dev/shm directory is missing (`error: None`) or unreadable: no POSIX shm or
    /// semaphore is listed.
    DevShmUnreadable { path: String, error: Option<String> },
    /// A semaphore set's values could not be read (semctl).
    SemValues { reference: Ref, errno: i32 },
    /// A named semaphore's value could not be read from its file.
    SemFile {
        reference: Ref,
        problem: SemFileProblem,
    },
    /// `--all-namespaces` as a normal user: the IPC namespace of this many processes could
    /// not be read.
    NamespacesDenied { processes: usize },
    /// `--all-namespaces`: a namespace could not be opened or entered; skipped.
    NamespaceSkipped {
        inode: u64,
        pid: i32,
        comm: String,
        error: String,
    },
    /// `--all-namespaces`: the process a namespace was reached through exited; skipped.
    NamespaceGone { inode: u64, pid: i32 },
    /// `--all-namespaces`: setns into a namespace failed (`error` names it); skipped.
    NamespaceNotEntered { inode: u64, error: String },
    /// The mounted mqueue file system belongs to another IPC namespace. `error: None`: this
    /// namespace's own queues were listed instead (through a private mount); else no queue
    /// is listed, for that reason.
    MqueueForeign { path: String, error: Option<String> },
    /// No mqueue file system is mounted (and a private one could not be, for `error`): no
    /// queue is listed.
    MqueueUnmounted { error: Option<String> },
    /// The mqueue directory could not be read: no queue is listed.
    MqueueUnreadable { path: String, error: String },
    /// An entry of the mqueue file system that is not a queue, skipped.
    NotAQueue { path: String },
    /// A /proc/sys limit file could not be read (`error`), or is not a list of numbers
    /// (`None`): that limit is unknown.
    SysctlUnreadable { path: String, error: Option<String> },
    /// statvfs of /dev/shm failed: its size and inode limits are unknown.
    StatvfsFailed { path: String, error: String },
}

/// Why a row of a `/proc/sysvipc` file was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RowProblem {
    /// Fewer fields than the header has columns.
    Short { fields: usize, columns: usize },
    /// A column is missing from the row.
    Missing { column: String },
    /// A column's value is not a number in range.
    NotANumber { column: String, value: String },
    /// The key is outside the 32-bit range.
    KeyOutOfRange { key: i64 },
    /// The perms are not octal.
    PermsNotOctal { value: String },
    /// The id is negative.
    NegativeId { id: i32 },
}

impl Warning {
    /// Does this warning bear on the object `r` names (so `show`/`rm` of it should say it)?
    pub fn concerns(&self, r: &Ref) -> bool {
        match self {
            Warning::SysvUnreadable { kind, .. } | Warning::SysvHeader { kind, .. } => {
                *kind == r.kind
            }
            Warning::DevShmUnreadable { .. } | Warning::DevShmRefused { .. } => {
                r.kind.info().lives_in_dev_shm
            }
            Warning::SemValues { reference, .. } | Warning::SemFile { reference, .. } => {
                reference == r
            }
            // Only POSIX objects depend on the scan alone (shm has the kernel's nattch).
            Warning::HolderScanIncomplete { .. } => !r.kind.is_sysv(),
            Warning::Source { .. }
            | Warning::SysvRow { .. }
            | Warning::NamespacesDenied { .. }
            | Warning::NamespaceSkipped { .. }
            | Warning::NamespaceGone { .. }
            | Warning::NamespaceNotEntered { .. }
            | Warning::NotAQueue { .. }
            | Warning::SysctlUnreadable { .. }
            | Warning::StatvfsFailed { .. } => false,
            Warning::MqueueForeign { error, .. } => {
                error.is_some() && r.kind.info().listing == crate::kinds::info::Listing::MqueueFs
            }
            Warning::MqueueUnmounted { .. } | Warning::MqueueUnreadable { .. } => {
                r.kind.info().listing == crate::kinds::info::Listing::MqueueFs
            }
        }
    }

    /// The kinds of which no object is listed because of this warning.
    pub fn kinds_not_listed(&self) -> Vec<Kind> {
        match self {
            Warning::SysvUnreadable { kind, .. } | Warning::SysvHeader { kind, .. } => {
                vec![*kind]
            }
            Warning::DevShmUnreadable { .. } | Warning::DevShmRefused { .. } => {
                vec![Kind::Pshm, Kind::Psem]
            }
            Warning::HolderScanIncomplete { .. }
            | Warning::Source { .. }
            | Warning::SysvRow { .. }
            | Warning::SemValues { .. }
            | Warning::SemFile { .. }
            | Warning::NamespacesDenied { .. }
            | Warning::NamespaceSkipped { .. }
            | Warning::NamespaceGone { .. }
            | Warning::NamespaceNotEntered { .. }
            | Warning::NotAQueue { .. }
            | Warning::SysctlUnreadable { .. }
            | Warning::StatvfsFailed { .. } => Vec::new(),
            Warning::MqueueForeign { error, .. } => {
                if error.is_some() {
                    vec![Kind::Pmq]
                } else {
                    Vec::new()
                }
            }
            Warning::MqueueUnmounted { .. } | Warning::MqueueUnreadable { .. } => vec![Kind::Pmq],
        }
    }
}
