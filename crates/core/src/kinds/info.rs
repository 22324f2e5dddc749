//! The capability table: every question about a kind ("is it System V?", "does it live in
//! /dev/shm?", "does the kernel count its attachments?", "does it take `send`?") is a field
//! of its [`KindInfo`], built by the one exhaustive `match` in [`Kind::info`]. Adding a kind
//! is a compile error here, and nowhere else needs to name kinds to ask about them.
//!
//! This module imports `model` only, so every layer (collect, render, model's own methods)
//! may ask it; the rest of `kinds` (mutations) sits above `collect`.

use crate::model::{Hold, Kind};

/// The operations a kind may support besides list/show/rm/create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Send,
    Recv,
    /// recv without removing (System V MSG_COPY, or receive-and-put-back).
    Peek,
    Read,
    Write,
    /// get/post/wait on a semaphore.
    Sem,
    /// Set semaphore values by index: the object is a set (System V), not one semaphore.
    SemSet,
}

/// A `create` option that only some kinds take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateParam {
    /// `--size` (segments).
    Size,
    /// `--nsems` / `--values` (System V sets).
    Sems,
    /// `--value` (POSIX semaphores).
    Value,
    /// `--max-messages` / `--message-size` (POSIX queues).
    QueueAttrs,
    /// `--max-bytes` (System V queues).
    MaxBytes,
}

/// The field the USE column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UseCount {
    Attachments,
    Messages,
    Semaphores,
    Value,
    Nothing,
}

/// Where objects of a kind are listed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// `/proc/sysvipc/<kind>`.
    SysvProc,
    /// The mqueue filesystem (which may not be mounted).
    MqueueFs,
    /// /dev/shm.
    DevShm,
}

/// A recorded time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// Last msgsnd.
    Send,
    /// Last msgrcv.
    Recv,
    /// Last shmat (or a file's atime).
    Attach,
    /// Last shmdt.
    Detach,
    /// Last semop.
    Semop,
    /// A file's mtime (a POSIX queue's last send or receive).
    Modify,
}

/// What one kind is and can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindInfo {
    pub kind: Kind,
    /// The name on the command line, in references and in JSON (`shm`).
    pub name: &'static str,
    /// What it is called in a sentence ("System V shared memory segment"), and many of
    /// them ("shared memory segments"): nouns for `render`, like `name`.
    pub title: &'static str,
    pub plural: &'static str,
    /// Reading its file (a queue's status) moves its atime and ctime: only its mtime and
    /// birth time say when it was used.
    pub reading_touches_times: bool,
    /// System V (a key and an id, /proc/sysvipc) rather than POSIX (a name, a file).
    pub is_sysv: bool,
    /// A file in /dev/shm (POSIX shm, and named semaphores as `sem.NAME`).
    pub lives_in_dev_shm: bool,
    /// Where it is listed from.
    pub listing: Listing,
    /// The POSIX file's name is this prefix and the object's name; `None` for System V.
    pub file_prefix: Option<&'static str>,
    /// The longest POSIX name, in bytes (NAME_MAX less the prefix).
    pub name_max: usize,
    /// The kernel counts the processes attached (shm's nattch), including those the holder
    /// scan cannot read.
    pub kernel_counts_attachments: bool,
    /// Its users leave no count of themselves (no nattch, no waiter counts): finding them
    /// means reading every task.
    pub users_leave_no_trace: bool,
    /// How holders hold it.
    pub hold: Hold,
    /// Charged to its creator's RLIMIT_MSGQUEUE (the creator's real uid, not the owner).
    pub charges_rlimit_msgqueue: bool,
    /// Messages carry a type (msgsnd's mtype).
    pub message_types: bool,
    /// Messages carry a priority (mq_send's priority).
    pub message_priorities: bool,
    /// The operations it supports.
    pub ops: &'static [Op],
    /// The `create` options it takes.
    pub create_params: &'static [CreateParam],
    /// What the USE column counts.
    pub use_count: UseCount,
    /// The times that record its use (`--idle-for`).
    pub use_stamps: &'static [Stamp],
}

impl KindInfo {
    pub fn supports(&self, op: Op) -> bool {
        self.ops.contains(&op)
    }

    pub fn takes(&self, p: CreateParam) -> bool {
        self.create_params.contains(&p)
    }
}

const MSG: KindInfo = KindInfo {
    kind: Kind::Msg,
    name: "msg",
    title: "System V message queue",
    plural: "message queues",
    reading_touches_times: false,
    is_sysv: true,
    lives_in_dev_shm: false,
    listing: Listing::SysvProc,
    file_prefix: None,
    name_max: 0,
    kernel_counts_attachments: false,
    users_leave_no_trace: true,
    hold: Hold::WaitedOn,
    charges_rlimit_msgqueue: false,
    message_types: true,
    message_priorities: false,
    ops: &[Op::Send, Op::Recv, Op::Peek],
    create_params: &[CreateParam::MaxBytes],
    use_count: UseCount::Messages,
    use_stamps: &[Stamp::Send, Stamp::Recv],
};

const SHM: KindInfo = KindInfo {
    kind: Kind::Shm,
    name: "shm",
    title: "System V shared memory segment",
    plural: "shared memory segments",
    reading_touches_times: false,
    is_sysv: true,
    lives_in_dev_shm: false,
    listing: Listing::SysvProc,
    file_prefix: None,
    name_max: 0,
    kernel_counts_attachments: true,
    users_leave_no_trace: false,
    hold: Hold::Attached,
    charges_rlimit_msgqueue: false,
    message_types: false,
    message_priorities: false,
    ops: &[Op::Read, Op::Write],
    create_params: &[CreateParam::Size],
    use_count: UseCount::Attachments,
    use_stamps: &[Stamp::Attach, Stamp::Detach],
};

const SEM: KindInfo = KindInfo {
    kind: Kind::Sem,
    name: "sem",
    title: "System V semaphore set",
    plural: "semaphore sets",
    reading_touches_times: false,
    is_sysv: true,
    lives_in_dev_shm: false,
    listing: Listing::SysvProc,
    file_prefix: None,
    name_max: 0,
    kernel_counts_attachments: false,
    users_leave_no_trace: false,
    hold: Hold::WaitedOn,
    charges_rlimit_msgqueue: false,
    message_types: false,
    message_priorities: false,
    ops: &[Op::Sem, Op::SemSet],
    create_params: &[CreateParam::Sems],
    use_count: UseCount::Semaphores,
    use_stamps: &[Stamp::Semop],
};

const PMQ: KindInfo = KindInfo {
    kind: Kind::Pmq,
    name: "pmq",
    title: "POSIX message queue",
    plural: "POSIX message queues",
    reading_touches_times: true,
    is_sysv: false,
    lives_in_dev_shm: false,
    listing: Listing::MqueueFs,
    file_prefix: Some(""),
    name_max: 255,
    kernel_counts_attachments: false,
    users_leave_no_trace: true,
    hold: Hold::Open,
    charges_rlimit_msgqueue: true,
    message_types: false,
    message_priorities: true,
    ops: &[Op::Send, Op::Recv],
    create_params: &[CreateParam::QueueAttrs],
    use_count: UseCount::Messages,
    use_stamps: &[Stamp::Modify],
};

const PSHM: KindInfo = KindInfo {
    kind: Kind::Pshm,
    name: "pshm",
    title: "POSIX shared memory object",
    plural: "POSIX shared memory objects",
    reading_touches_times: false,
    is_sysv: false,
    lives_in_dev_shm: true,
    listing: Listing::DevShm,
    file_prefix: Some(""),
    name_max: 255,
    kernel_counts_attachments: false,
    users_leave_no_trace: true,
    hold: Hold::MappedOrOpen,
    charges_rlimit_msgqueue: false,
    message_types: false,
    message_priorities: false,
    ops: &[Op::Read, Op::Write],
    create_params: &[CreateParam::Size],
    use_count: UseCount::Nothing,
    use_stamps: &[Stamp::Modify, Stamp::Attach],
};

const PSEM: KindInfo = KindInfo {
    kind: Kind::Psem,
    name: "psem",
    title: "POSIX named semaphore",
    plural: "POSIX named semaphores",
    reading_touches_times: false,
    is_sysv: false,
    lives_in_dev_shm: true,
    listing: Listing::DevShm,
    file_prefix: Some(crate::model::SEM_FILE_PREFIX),
    // NAME_MAX is 255; the file is "sem." and the name.
    name_max: 251,
    kernel_counts_attachments: false,
    users_leave_no_trace: true,
    hold: Hold::MappedOrOpen,
    charges_rlimit_msgqueue: false,
    message_types: false,
    message_priorities: false,
    ops: &[Op::Sem],
    create_params: &[CreateParam::Value],
    use_count: UseCount::Value,
    use_stamps: &[Stamp::Modify, Stamp::Attach],
};

impl Kind {
    /// This kind's capability table.
    pub const fn info(self) -> &'static KindInfo {
        match self {
            Kind::Msg => &MSG,
            Kind::Shm => &SHM,
            Kind::Sem => &SEM,
            Kind::Pmq => &PMQ,
            Kind::Pshm => &PSHM,
            Kind::Psem => &PSEM,
        }
    }

    /// The kinds that support `op`, in `Kind::ALL` order.
    pub fn supporting(op: Op) -> KindSet {
        Kind::ALL
            .into_iter()
            .filter(|k| k.info().supports(op))
            .collect()
    }
}

/// A set of kinds (one bit per kind).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct KindSet(u8);

impl KindSet {
    pub const EMPTY: KindSet = KindSet(0);

    const fn bit(k: Kind) -> u8 {
        1 << (k as u8)
    }

    pub fn all() -> KindSet {
        Kind::ALL.into_iter().collect()
    }

    pub fn insert(&mut self, k: Kind) {
        self.0 |= Self::bit(k);
    }

    pub fn contains(self, k: Kind) -> bool {
        self.0 & Self::bit(k) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Some kind in the set matches `f`.
    pub fn any(self, f: impl Fn(&KindInfo) -> bool) -> bool {
        self.iter().any(|k| f(k.info()))
    }

    /// The kinds in the set, in `Kind::ALL` order.
    pub fn iter(self) -> impl Iterator<Item = Kind> {
        Kind::ALL.into_iter().filter(move |k| self.contains(*k))
    }
}

impl FromIterator<Kind> for KindSet {
    fn from_iter<I: IntoIterator<Item = Kind>>(it: I) -> KindSet {
        let mut s = KindSet::EMPTY;
        for k in it {
            s.insert(k);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_its_own_row() {
        for k in Kind::ALL {
            assert_eq!(k.info().kind, k);
            assert_eq!(k.info().name, k.as_str());
            assert_eq!(Kind::parse(k.info().name), Some(k));
            // A POSIX kind has a file; a System V kind has none.
            assert_eq!(k.info().file_prefix.is_none(), k.info().is_sysv);
            assert!(!k.info().ops.is_empty());
            assert_eq!(
                k.info().listing == Listing::DevShm,
                k.info().lives_in_dev_shm
            );
        }
        assert!(Kind::ALL.len() <= 8, "KindSet is one u8");
    }

    #[test]
    fn kind_sets() {
        let s: KindSet = [Kind::Psem, Kind::Msg, Kind::Msg].into_iter().collect();
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![Kind::Msg, Kind::Psem]);
        assert!(s.contains(Kind::Psem) && !s.contains(Kind::Shm));
        assert!(KindSet::EMPTY.is_empty());
        assert_eq!(KindSet::all().iter().count(), Kind::ALL.len());
        assert_eq!(
            Kind::supporting(Op::Read).iter().collect::<Vec<_>>(),
            vec![Kind::Shm, Kind::Pshm]
        );
    }
}
