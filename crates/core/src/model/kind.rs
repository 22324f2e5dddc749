//! The six kinds of IPC object (`Kind`); what each can do is its capability table
//! (`kinds::info`).

use super::*;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The six kinds of IPC object.
#[derive(
    Debug,
    Default,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// System V message queue
    #[default]
    Msg,
    /// System V shared memory segment
    Shm,
    /// System V semaphore set
    Sem,
    /// POSIX message queue
    Pmq,
    /// POSIX shared memory object
    Pshm,
    /// POSIX named semaphore
    Psem,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Msg,
        Kind::Shm,
        Kind::Sem,
        Kind::Pmq,
        Kind::Pshm,
        Kind::Psem,
    ];

    /// Its name (`shm`), from the capability table (`kinds::info`).
    pub fn as_str(self) -> &'static str {
        self.info().name
    }

    pub fn is_sysv(self) -> bool {
        self.info().is_sysv
    }

    /// Every kind's name, in `Kind::ALL` order, joined by `sep` (for messages that list them).
    pub fn names(sep: &str) -> String {
        Kind::ALL.map(Kind::as_str).join(sep)
    }

    /// A file of the tmpfs behind /dev/shm: takes its pages and one of its inodes.
    pub fn in_dev_shm(self) -> bool {
        self.info().lives_in_dev_shm
    }

    /// Tasks block on it in a System V call (msgrcv/msgsnd, semop) that /proc shows: such a
    /// waiter holds it as much as an attachment or a descriptor does.
    pub fn has_sysv_waiters(self) -> bool {
        self.info().hold == Hold::WaitedOn
    }

    /// Charged to its creator's RLIMIT_MSGQUEUE (POSIX queues).
    pub fn charges_rlimit_msgqueue(self) -> bool {
        self.info().charges_rlimit_msgqueue
    }

    /// A kind by name, in any case (`SHM` is `shm`).
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }

    /// The kinds asked for, or all six when none were named; duplicates dropped.
    pub fn selection(kinds: &[Kind]) -> Vec<Kind> {
        let mut v: Vec<Kind> = if kinds.is_empty() {
            Kind::ALL.to_vec()
        } else {
            kinds.to_vec()
        };
        v.sort();
        v.dedup();
        v
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// glibc keeps the named semaphore NAME as the file `sem.NAME` in /dev/shm.
pub const SEM_FILE_PREFIX: &str = "sem.";

/// What a /dev/shm entry is by its name: `sem.NAME` (NAME not empty) a named semaphore,
/// anything else a shared memory object; with the object's name.
pub fn dev_shm_entry(file: &[u8]) -> (Kind, &[u8]) {
    match file.strip_prefix(SEM_FILE_PREFIX.as_bytes()) {
        Some(name) if !name.is_empty() => (Kind::Psem, name),
        _ => (Kind::Pshm, file),
    }
}
