//! Kernel IPC limits with their current use: System V (`/proc/sys/kernel/*`), POSIX mq
//! (`/proc/sys/fs/mqueue/*`), the /dev/shm tmpfs, and the caller's RLIMIT_MSGQUEUE.

use super::{Inventory, Source};
use crate::model::{Kind, Limit, Object, Warning};

/// Limits, computed from one inventory of all kinds (so use is counted, not guessed).
pub struct Limits {
    pub limits: Vec<Limit>,
    pub warnings: Vec<Warning>,
}

/// The numbers of `proc/sys/...` below the root; a problem becomes a warning.
fn read_u64s(src: &Source, rel: &str, warnings: &mut Vec<Warning>) -> Vec<u64> {
    let rel = rel.strip_prefix("proc/sys/").unwrap_or(rel);
    src.sysctl_fields(rel).unwrap_or_else(|why| {
        warnings.push(Warning::Source {
            text: format!("cannot read {why}"),
        });
        Vec::new()
    })
}

fn one(src: &Source, rel: &str, warnings: &mut Vec<Warning>) -> Option<u64> {
    read_u64s(src, rel, warnings).first().copied()
}

fn count(objs: &[Object], kind: Kind) -> u64 {
    objs.iter().filter(|o| o.kind == kind).count() as u64
}

pub fn collect(src: &Source, inv: &Inventory) -> Limits {
    let mut w = Vec::new();
    let objs = &inv.objects;
    let mut l = Vec::new();

    let msgs: Vec<&Object> = objs.iter().filter(|o| o.kind == Kind::Msg).collect();
    l.push(
        Limit::new(
            "MSGMNI",
            "/proc/sys/kernel/msgmni",
            "message queues (system-wide)",
            "count",
        )
        .with(
            one(src, "proc/sys/kernel/msgmni", &mut w),
            Some(msgs.len() as u64),
        ),
    );
    let max_used = msgs.iter().filter_map(|o| o.size_bytes).max();
    l.push(
        Limit::new(
            "MSGMAX",
            "/proc/sys/kernel/msgmax",
            "largest message",
            "bytes",
        )
        .with(one(src, "proc/sys/kernel/msgmax", &mut w), None)
        .per_object(),
    );
    l.push(
        Limit::new(
            "MSGMNB",
            "/proc/sys/kernel/msgmnb",
            "default bytes per queue (fullest queue shown)",
            "bytes",
        )
        .with(one(src, "proc/sys/kernel/msgmnb", &mut w), max_used)
        .per_object(),
    );

    let shm: Vec<&Object> = objs.iter().filter(|o| o.kind == Kind::Shm).collect();
    l.push(
        Limit::new(
            "SHMMNI",
            "/proc/sys/kernel/shmmni",
            "shared memory segments (system-wide)",
            "count",
        )
        .with(
            one(src, "proc/sys/kernel/shmmni", &mut w),
            Some(shm.len() as u64),
        ),
    );
    l.push(
        Limit::new(
            "SHMMAX",
            "/proc/sys/kernel/shmmax",
            "largest segment (largest shown)",
            "bytes",
        )
        .with(
            one(src, "proc/sys/kernel/shmmax", &mut w),
            shm.iter().filter_map(|o| o.size_bytes).max(),
        )
        .per_object(),
    );
    let ps = crate::sys::process::page_size();
    let pages: u64 = shm
        .iter()
        .filter_map(|o| o.size_bytes)
        .map(|b| b.div_ceil(ps))
        .sum();
    l.push(
        Limit::new(
            "SHMALL",
            "/proc/sys/kernel/shmall",
            "total shared memory, in pages",
            "pages",
        )
        .with(one(src, "proc/sys/kernel/shmall", &mut w), Some(pages)),
    );

    // /proc/sys/kernel/sem: SEMMSL SEMMNS SEMOPM SEMMNI
    let sem = read_u64s(src, "proc/sys/kernel/sem", &mut w);
    let sems: Vec<&Object> = objs.iter().filter(|o| o.kind == Kind::Sem).collect();
    let total_sems: u64 = sems.iter().filter_map(|o| o.nsems).sum();
    let largest = sems.iter().filter_map(|o| o.nsems).max();
    l.push(
        Limit::new(
            "SEMMSL",
            "/proc/sys/kernel/sem (1st)",
            "semaphores per set (largest shown)",
            "count",
        )
        .with(sem.first().copied(), largest)
        .per_object(),
    );
    l.push(
        Limit::new(
            "SEMMNS",
            "/proc/sys/kernel/sem (2nd)",
            "semaphores (system-wide)",
            "count",
        )
        .with(sem.get(1).copied(), Some(total_sems)),
    );
    l.push(
        Limit::new(
            "SEMOPM",
            "/proc/sys/kernel/sem (3rd)",
            "operations per semop call",
            "count",
        )
        .with(sem.get(2).copied(), None)
        .per_object(),
    );
    l.push(
        Limit::new(
            "SEMMNI",
            "/proc/sys/kernel/sem (4th)",
            "semaphore sets (system-wide)",
            "count",
        )
        .with(sem.get(3).copied(), Some(sems.len() as u64)),
    );
    // Not a sysctl: a constant of the kernel (include/linux/sem.h), shown as lsipc does.
    l.push(
        Limit::new(
            "SEMVMX",
            "kernel constant (linux/sem.h)",
            "largest value of a semaphore",
            "count",
        )
        .with(u64::try_from(crate::sys::ipc::SEMVMX).ok(), None)
        .per_object(),
    );

    l.push(
        Limit::new(
            "MQ_QUEUES_MAX",
            "/proc/sys/fs/mqueue/queues_max",
            "POSIX queues (system-wide)",
            "count",
        )
        .with(
            one(src, "proc/sys/fs/mqueue/queues_max", &mut w),
            Some(count(objs, Kind::Pmq)),
        ),
    );
    let pmq_max_msgs = objs
        .iter()
        .filter(|o| o.kind == Kind::Pmq)
        .filter_map(|o| o.max_messages)
        .max();
    let pmq_max_size = objs
        .iter()
        .filter(|o| o.kind == Kind::Pmq)
        .filter_map(|o| o.message_size)
        .max();
    l.push(
        Limit::new(
            "MQ_MSG_MAX",
            "/proc/sys/fs/mqueue/msg_max",
            "messages per POSIX queue (largest shown)",
            "count",
        )
        .with(one(src, "proc/sys/fs/mqueue/msg_max", &mut w), pmq_max_msgs)
        .per_object(),
    );
    l.push(
        Limit::new(
            "MQ_MSGSIZE_MAX",
            "/proc/sys/fs/mqueue/msgsize_max",
            "POSIX message size (largest shown)",
            "bytes",
        )
        .with(
            one(src, "proc/sys/fs/mqueue/msgsize_max", &mut w),
            pmq_max_size,
        )
        .per_object(),
    );
    for (name, file, what, unit) in [
        (
            "MQ_MSG_DEFAULT",
            "msg_default",
            "default mq_maxmsg",
            "count",
        ),
        (
            "MQ_MSGSIZE_DEFAULT",
            "msgsize_default",
            "default mq_msgsize",
            "bytes",
        ),
    ] {
        let rel = format!("proc/sys/fs/mqueue/{file}");
        l.push(
            Limit::new(name, &format!("/{rel}"), what, unit)
                .with(one(src, &rel, &mut w), None)
                .per_object(),
        );
    }

    // RLIMIT_MSGQUEUE is per user: what the caller's uid has in the queues visible here,
    // with the kernel's own charge per queue.
    let rlim = rlimit_msgqueue();
    let me = nix::unistd::geteuid().as_raw();
    let mine: u64 = objs
        .iter()
        .filter(|o| o.kind == Kind::Pmq && o.uid == me)
        .filter_map(|o| Some(mq_charge(o.max_messages?, o.message_size?)))
        .fold(0u64, u64::saturating_add);
    l.push(
        Limit::new(
            "RLIMIT_MSGQUEUE",
            "getrlimit (this process)",
            "POSIX queue bytes of this user here (kernel: all IPC namespaces)",
            "bytes",
        )
        .with(rlim, Some(mine)),
    );

    // /dev/shm is a tmpfs: its size and use come from statvfs.
    let shm_dir = src.dev_shm();
    match nix::sys::statvfs::statvfs(&shm_dir) {
        Ok(s) => {
            let frag = s.fragment_size();
            let size = s.blocks() * frag;
            let used = s.blocks().saturating_sub(s.blocks_free()) * frag;
            l.push(
                Limit::new(
                    "DEV_SHM",
                    "/dev/shm (statvfs)",
                    "tmpfs behind POSIX shm and semaphores",
                    "bytes",
                )
                // A tmpfs of size 0 has no size limit (statvfs reports 0 blocks).
                .with((s.blocks() > 0).then_some(size), Some(used)),
            );
            let inodes = s.files();
            let inodes_used = inodes.saturating_sub(s.files_free());
            l.push(
                Limit::new(
                    "DEV_SHM_INODES",
                    "/dev/shm (statvfs)",
                    "files in /dev/shm",
                    "count",
                )
                .with((inodes > 0).then_some(inodes), Some(inodes_used)),
            );
        }
        Err(e) => w.push(Warning::Source {
            text: format!(
                "{}: cannot statvfs ({})",
                shm_dir.display(),
                crate::error::errno_words(e)
            ),
        }),
    }
    Limits {
        limits: l,
        warnings: w,
    }
}

/// What System V objects use right now, as `ipcs -u` summarizes it: queues, queued messages
/// ("used headers") and bytes ("used space"); segments and their pages allocated, resident
/// and swapped (from /proc's rss and swap columns; unknown on kernels without them); sets
/// and semaphores. Rows without a limit (`limit` is `None`), kept apart from the limits so
/// that metrics and doctor, which judge limits, never see them.
pub fn summary(inv: &Inventory) -> Vec<Limit> {
    let objs = &inv.objects;
    let of = |k: Kind| objs.iter().filter(move |o| o.kind == k);
    let sum = |k: Kind, f: fn(&Object) -> Option<u64>| -> Option<u64> {
        of(k)
            .map(f)
            .try_fold(0u64, |a, v| Some(a.saturating_add(v?)))
    };
    let ps = crate::sys::process::page_size().max(1);
    let pages = |b: Option<u64>| b.map(|b| b.div_ceil(ps));
    let row = |name: &str, what: &str, ipcs: &str, unit: &str, used: Option<u64>| {
        Limit::new(name, &format!("ipcs -u: {ipcs}"), what, unit).with(None, used)
    };
    vec![
        row(
            "MSG_QUEUES",
            "System V message queues",
            "allocated queues",
            "count",
            Some(count(objs, Kind::Msg)),
        ),
        row(
            "MSG_HEADERS",
            "messages queued in them",
            "used headers",
            "count",
            sum(Kind::Msg, |o| o.messages),
        ),
        row(
            "MSG_BYTES",
            "bytes queued in them",
            "used space",
            "bytes",
            sum(Kind::Msg, |o| o.size_bytes),
        ),
        row(
            "SHM_SEGMENTS",
            "System V shared memory segments",
            "segments allocated",
            "count",
            Some(count(objs, Kind::Shm)),
        ),
        row(
            "SHM_PAGES",
            "pages allocated to them",
            "pages allocated",
            "pages",
            of(Kind::Shm)
                .map(|o| pages(o.size_bytes))
                .try_fold(0u64, |a, v| Some(a.saturating_add(v?))),
        ),
        row(
            "SHM_RESIDENT",
            "pages of them in memory",
            "pages resident",
            "pages",
            pages(sum(Kind::Shm, |o| o.rss_bytes)),
        ),
        row(
            "SHM_SWAPPED",
            "pages of them swapped out",
            "pages swapped",
            "pages",
            pages(sum(Kind::Shm, |o| o.swap_bytes)),
        ),
        row(
            "SEM_SETS",
            "System V semaphore sets",
            "used arrays",
            "count",
            Some(count(objs, Kind::Sem)),
        ),
        row(
            "SEM_SEMAPHORES",
            "semaphores in them",
            "allocated semaphores",
            "count",
            sum(Kind::Sem, |o| o.nsems),
        ),
    ]
}

/// Free and total bytes of the tmpfs behind /dev/shm (statvfs), or None when unreadable.
/// A POSIX shm object may be sized beyond the free space (the file is sparse), but the
/// first write that needs a page the tmpfs cannot give kills the writer with SIGBUS.
pub fn dev_shm_space(src: &Source) -> Option<(u64, u64)> {
    let s = nix::sys::statvfs::statvfs(&src.dev_shm()).ok()?;
    let frag = s.fragment_size();
    Some((
        s.blocks_available().saturating_mul(frag),
        s.blocks().saturating_mul(frag),
    ))
}

/// Bytes a POSIX queue charges against its creator's RLIMIT_MSGQUEUE, as
/// `mqueue_get_inode` in ipc/mqueue.c computes it on 64-bit Linux:
/// `maxmsg * sizeof(struct msg_msg) + min(maxmsg, MQ_PRIO_MAX) * sizeof(struct
/// posix_msg_tree_node) + maxmsg * msgsize`, both structs 48 bytes. The one place this rule
/// lives: `create`, `limits`, `doctor` and `metrics` all use it.
pub fn mq_charge(maxmsg: u64, msgsize: u64) -> u64 {
    const MSG_MSG: u64 = 48;
    const TREE_NODE: u64 = 48;
    const MQ_PRIO_MAX: u64 = 32768;
    maxmsg
        .saturating_mul(MSG_MSG)
        .saturating_add(maxmsg.min(MQ_PRIO_MAX).saturating_mul(TREE_NODE))
        .saturating_add(maxmsg.saturating_mul(msgsize))
}

/// This process's soft RLIMIT_MSGQUEUE in bytes; None when unlimited or unreadable.
pub fn rlimit_msgqueue() -> Option<u64> {
    use nix::sys::resource::{RLIM_INFINITY, Resource, getrlimit};
    getrlimit(Resource::RLIMIT_MSGQUEUE)
        .ok()
        .map(|(soft, _)| soft)
        .filter(|soft| *soft != RLIM_INFINITY)
}

#[cfg(test)]
mod charge_tests {
    use super::mq_charge;

    #[test]
    fn mq_charge_matches_the_kernel() {
        // Measured: a fresh uid with one 5 x 128 queue has 1,120 bytes charged.
        assert_eq!(mq_charge(5, 128), 1120);
        // 10 default queues of 10 x 8192 exceed the default 819200 (the EMFILE surprise).
        assert_eq!(mq_charge(10, 8192), 10 * 96 + 81920);
        assert!(10 * mq_charge(10, 8192) > 819_200);
        // Above MQ_PRIO_MAX messages the tree nodes stop growing.
        assert_eq!(mq_charge(40_000, 1), 40_000 * 48 + 32_768 * 48 + 40_000);
        assert_eq!(mq_charge(u64::MAX, u64::MAX), u64::MAX);
    }
}
