//! Kernel IPC limits with their current use: System V (`/proc/sys/kernel/*`), POSIX mq
//! (`/proc/sys/fs/mqueue/*`), the /dev/shm tmpfs, and the caller's RLIMIT_MSGQUEUE.

use super::{Inventory, Source};
use crate::model::{Kind, Limit, Object};

/// Limits, computed from one inventory of all kinds (so use is counted, not guessed).
pub struct Limits {
    pub limits: Vec<Limit>,
    pub warnings: Vec<String>,
}

fn read_u64s(src: &Source, rel: &str, warnings: &mut Vec<String>) -> Vec<u64> {
    let p = src.path(rel);
    match std::fs::read_to_string(&p) {
        Ok(t) => t
            .split_whitespace()
            .filter_map(|w| w.parse::<u64>().ok())
            .collect(),
        Err(e) => {
            warnings.push(format!("{}: cannot read ({e})", p.display()));
            Vec::new()
        }
    }
}

fn one(src: &Source, rel: &str, warnings: &mut Vec<String>) -> Option<u64> {
    read_u64s(src, rel, warnings).first().copied()
}

fn count(objs: &[Object], kind: Kind) -> u64 {
    objs.iter().filter(|o| o.kind == kind).count() as u64
}

fn page_size() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let p = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if p > 0 { p as u64 } else { 4096 }
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
    let ps = page_size();
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

    // RLIMIT_MSGQUEUE is per user: count what the caller's uid has in its queues, using the
    // kernel's formula (maxmsg * (msgsize + pointer overhead) approximated by mq_bytes).
    // SAFETY: getrlimit/geteuid have no preconditions.
    let mut rl: libc::rlimit = unsafe { std::mem::zeroed() };
    let rlim = if unsafe { libc::getrlimit(libc::RLIMIT_MSGQUEUE, &mut rl) } == 0 {
        (rl.rlim_cur != libc::RLIM_INFINITY).then_some(rl.rlim_cur)
    } else {
        None
    };
    let me = unsafe { libc::geteuid() };
    let mine: u64 = objs
        .iter()
        .filter(|o| o.kind == Kind::Pmq && o.uid == me)
        .filter_map(|o| Some(mq_bytes(o.max_messages?, o.message_size?)))
        .sum();
    l.push(
        Limit::new(
            "RLIMIT_MSGQUEUE",
            "getrlimit (this process)",
            "POSIX queue bytes of this user",
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
                .with(Some(size), Some(used)),
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
        Err(e) => w.push(format!("{}: cannot statvfs ({e})", shm_dir.display())),
    }
    Limits {
        limits: l,
        warnings: w,
    }
}

/// Bytes a POSIX queue charges against RLIMIT_MSGQUEUE (ipc/mqueue.c: the message
/// payload plus the kernel's per-message bookkeeping, here the size of a pointer-sized
/// rbtree node share, as the kernel does for mq_bytes).
pub fn mq_bytes(maxmsg: u64, msgsize: u64) -> u64 {
    // mq_treesize = min(maxmsg, HARD_MSGMAX) * sizeof(struct msg_msg) + ... ; the dominant
    // term is maxmsg * msgsize, and the kernel adds maxmsg * sizeof(struct msg_msg *) too.
    let overhead = std::mem::size_of::<usize>() as u64;
    maxmsg.saturating_mul(msgsize.saturating_add(overhead))
}
