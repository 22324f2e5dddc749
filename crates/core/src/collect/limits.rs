//! Kernel IPC limits with their current use: System V (`/proc/sys/kernel/*`), POSIX mq
//! (`/proc/sys/fs/mqueue/*`), the /dev/shm tmpfs (bytes and inodes, by statvfs), the
//! caller's RLIMIT_MSGQUEUE, and each queue owner's (`/proc/PID/limits` of a live process of
//! that real uid) with the kernel's charge per queue.

use super::{Inventory, Source};
use crate::model::{Kind, Limit, LimitId, Object, Unit, Warning};

/// Limits, computed from one inventory of all kinds (so use is counted, not guessed).
pub struct Limits {
    pub limits: Vec<Limit>,
    pub warnings: Vec<Warning>,
}

/// The numbers of `proc/sys/...` below the root; a problem becomes a warning.
fn read_u64s(src: &Source, rel: &str, warnings: &mut Vec<Warning>) -> Vec<u64> {
    let rel = rel.strip_prefix("proc/sys/").unwrap_or(rel);
    src.sysctl_fields(rel).unwrap_or_else(|w| {
        warnings.push(w);
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
            LimitId::Msgmni,
            "/proc/sys/kernel/msgmni",
            "message queues (system-wide)",
            Unit::Count,
        )
        .with(
            one(src, "proc/sys/kernel/msgmni", &mut w),
            Some(msgs.len() as u64),
        ),
    );
    // Each queue keeps the msg_qbytes it was made with (MSGMNB is only the default for new
    // ones, and lowering it changes no queue): the largest queue bound is shown, never the
    // bytes in a queue against a limit that may not apply to it.
    let largest_bound = if src.is_live() {
        msgs.iter()
            .filter_map(|o| {
                o.max_bytes
                    .or_else(|| super::sysv::msg_qbytes(o.id.unwrap_or(-1)).ok())
            })
            .max()
    } else {
        msgs.iter().filter_map(|o| o.max_bytes).max()
    };
    l.push(
        Limit::new(
            LimitId::Msgmax,
            "/proc/sys/kernel/msgmax",
            "largest message",
            Unit::Bytes,
        )
        .with(one(src, "proc/sys/kernel/msgmax", &mut w), None)
        .per_object(),
    );
    l.push(
        Limit::new(
            LimitId::Msgmnb,
            "/proc/sys/kernel/msgmnb",
            "default msg_qbytes of new queues (largest queue bound shown: each keeps its own)",
            Unit::Bytes,
        )
        .with(one(src, "proc/sys/kernel/msgmnb", &mut w), largest_bound)
        .per_object(),
    );

    let shm: Vec<&Object> = objs.iter().filter(|o| o.kind == Kind::Shm).collect();
    l.push(
        Limit::new(
            LimitId::Shmmni,
            "/proc/sys/kernel/shmmni",
            "shared memory segments (system-wide)",
            Unit::Count,
        )
        .with(
            one(src, "proc/sys/kernel/shmmni", &mut w),
            Some(shm.len() as u64),
        ),
    );
    l.push(
        Limit::new(
            LimitId::Shmmax,
            "/proc/sys/kernel/shmmax",
            "largest segment (largest shown)",
            Unit::Bytes,
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
            LimitId::Shmall,
            "/proc/sys/kernel/shmall",
            "total shared memory, in pages",
            Unit::Pages,
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
            LimitId::Semmsl,
            "/proc/sys/kernel/sem (1st)",
            "semaphores per set (largest shown)",
            Unit::Count,
        )
        .with(sem.first().copied(), largest)
        .per_object(),
    );
    l.push(
        Limit::new(
            LimitId::Semmns,
            "/proc/sys/kernel/sem (2nd)",
            "semaphores (system-wide)",
            Unit::Count,
        )
        .with(sem.get(1).copied(), Some(total_sems)),
    );
    l.push(
        Limit::new(
            LimitId::Semopm,
            "/proc/sys/kernel/sem (3rd)",
            "operations per semop call",
            Unit::Count,
        )
        .with(sem.get(2).copied(), None)
        .per_object(),
    );
    l.push(
        Limit::new(
            LimitId::Semmni,
            "/proc/sys/kernel/sem (4th)",
            "semaphore sets (system-wide)",
            Unit::Count,
        )
        .with(sem.get(3).copied(), Some(sems.len() as u64)),
    );
    // Not a sysctl: a constant of the kernel (include/linux/sem.h), shown as lsipc does.
    l.push(
        Limit::new(
            LimitId::Semvmx,
            "kernel constant (linux/sem.h)",
            "largest value of a semaphore",
            Unit::Count,
        )
        .with(u64::try_from(crate::sys::ipc::SEMVMX).ok(), None)
        .per_object(),
    );

    // Queues that could not be listed (no mqueue mount a normal user may read) are not
    // "none": their use is unknown, never 0 (doctor then says it did not judge them).
    let pmq_listed = !inv
        .warnings
        .iter()
        .any(|w| w.kinds_not_listed().contains(&Kind::Pmq));
    l.push(
        Limit::new(
            LimitId::MqQueuesMax,
            "/proc/sys/fs/mqueue/queues_max",
            "POSIX queues (system-wide)",
            Unit::Count,
        )
        .with(
            one(src, "proc/sys/fs/mqueue/queues_max", &mut w),
            pmq_listed.then(|| count(objs, Kind::Pmq)),
        ),
    );
    let pmqs: Vec<&Object> = objs.iter().filter(|o| o.kind == Kind::Pmq).collect();
    let pmq_max_msgs = pmqs.iter().filter_map(|o| o.max_messages).max();
    let pmq_max_size = pmqs.iter().filter_map(|o| o.message_size).max();
    l.push(
        Limit::new(
            LimitId::MqMsgMax,
            "/proc/sys/fs/mqueue/msg_max",
            "messages per POSIX queue (largest shown)",
            Unit::Count,
        )
        .with(one(src, "proc/sys/fs/mqueue/msg_max", &mut w), pmq_max_msgs)
        .per_object(),
    );
    l.push(
        Limit::new(
            LimitId::MqMsgsizeMax,
            "/proc/sys/fs/mqueue/msgsize_max",
            "POSIX message size (largest shown)",
            Unit::Bytes,
        )
        .with(
            one(src, "proc/sys/fs/mqueue/msgsize_max", &mut w),
            pmq_max_size,
        )
        .per_object(),
    );
    for (name, file, what, unit) in [
        (
            LimitId::MqMsgDefault,
            "msg_default",
            "default mq_maxmsg",
            Unit::Count,
        ),
        (
            LimitId::MqMsgsizeDefault,
            "msgsize_default",
            "default mq_msgsize",
            Unit::Bytes,
        ),
    ] {
        let rel = format!("proc/sys/fs/mqueue/{file}");
        l.push(
            Limit::new(name, &format!("/{rel}"), what, unit)
                .with(one(src, &rel, &mut w), None)
                .per_object(),
        );
    }

    // RLIMIT_MSGQUEUE is per user: the kernel charges each queue to its creator's *real* uid
    // (which it does not record); a queue's owner is its creator's effective uid, the same
    // unless a setuid program made it. Here: the queues (named, or unlinked but still open)
    // owned by the caller's real uid, with the kernel's own charge per queue.
    let rlim = rlimit_msgqueue();
    let me = nix::unistd::getuid().as_raw();
    let mine = rlimit_msgqueue_use(objs)
        .get(&me)
        .copied()
        .unwrap_or_default();
    let rl = Limit::new(
        LimitId::RlimitMsgqueue,
        "getrlimit (this process)",
        "POSIX queue bytes of this user here (kernel: all IPC namespaces)",
        Unit::Bytes,
    );
    let mine = pmq_listed.then_some(mine);
    l.push(match rlim {
        Some(max) => rl.with(Some(max), mine),
        None => rl.unlimited(mine),
    });

    // /dev/shm is a tmpfs: its size and use come from statvfs. A tmpfs mounted with `size=0`
    // or `nr_inodes=0` has no such limit and statvfs reports 0 of both: its use is then what
    // its files take (st_blocks), and one inode per file plus the root.
    let shm_dir = src.dev_shm();
    match nix::sys::statvfs::statvfs(&shm_dir) {
        Ok(s) => {
            let device = std::fs::metadata(&shm_dir).ok().map(|m| {
                use std::os::unix::fs::MetadataExt;
                m.dev()
            });
            let files: Vec<&Object> = objs.iter().filter(|o| o.kind.in_dev_shm()).collect();
            let frag = s.fragment_size();
            let bytes = Limit::new(
                LimitId::DevShm,
                "/dev/shm (statvfs)",
                "tmpfs behind POSIX shm and semaphores",
                Unit::Bytes,
            );
            let mut bytes = if s.blocks() > 0 {
                let used = s.blocks().saturating_sub(s.blocks_free());
                bytes.with(
                    Some(s.blocks().saturating_mul(frag)),
                    Some(used.saturating_mul(frag)),
                )
            } else {
                let used = files
                    .iter()
                    .filter_map(|o| o.allocated_bytes)
                    .fold(0u64, u64::saturating_add);
                bytes.unlimited(Some(used))
            };
            bytes.device = device;
            l.push(bytes);
            let inodes = Limit::new(
                LimitId::DevShmInodes,
                "/dev/shm (statvfs)",
                "files in /dev/shm (nr_inodes)",
                Unit::Count,
            );
            let mut inodes = if s.files() > 0 {
                inodes.with(
                    Some(s.files()),
                    Some(s.files().saturating_sub(s.files_free())),
                )
            } else {
                inodes.unlimited(Some(files.len() as u64 + 1))
            };
            inodes.device = device;
            l.push(inodes);
        }
        Err(e) => w.push(Warning::StatvfsFailed {
            path: shm_dir.display().to_string(),
            error: crate::error::errno_words(e),
        }),
    }
    Limits {
        limits: l,
        warnings: w,
    }
}

/// Bytes of POSIX queues per owner uid (named queues and unlinked ones still open), with the
/// kernel's charge per queue: what RLIMIT_MSGQUEUE counts when each creator's real uid is
/// the queue's owner.
pub fn rlimit_msgqueue_use(objs: &[Object]) -> std::collections::BTreeMap<u32, u64> {
    let mut by = std::collections::BTreeMap::new();
    for o in objs.iter().filter(|o| o.kind.charges_rlimit_msgqueue()) {
        if let (Some(m), Some(s)) = (o.max_messages, o.message_size) {
            let e: &mut u64 = by.entry(o.uid).or_default();
            *e = e.saturating_add(mq_charge(m, s));
        }
    }
    by
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
    let row = |name: LimitId, what: &str, ipcs: &str, unit: Unit, used: Option<u64>| {
        Limit::new(name, &format!("ipcs -u: {ipcs}"), what, unit).with(None, used)
    };
    vec![
        row(
            LimitId::MsgQueues,
            "System V message queues",
            "allocated queues",
            Unit::Count,
            Some(count(objs, Kind::Msg)),
        ),
        row(
            LimitId::MsgHeaders,
            "messages queued in them",
            "used headers",
            Unit::Count,
            sum(Kind::Msg, |o| o.messages),
        ),
        row(
            LimitId::MsgBytes,
            "bytes queued in them",
            "used space",
            Unit::Bytes,
            sum(Kind::Msg, |o| o.size_bytes),
        ),
        row(
            LimitId::ShmSegments,
            "System V shared memory segments",
            "segments allocated",
            Unit::Count,
            Some(count(objs, Kind::Shm)),
        ),
        row(
            LimitId::ShmPages,
            "pages allocated to them",
            "pages allocated",
            Unit::Pages,
            of(Kind::Shm)
                .map(|o| pages(o.size_bytes))
                .try_fold(0u64, |a, v| Some(a.saturating_add(v?))),
        ),
        row(
            LimitId::ShmResident,
            "pages of them in memory",
            "pages resident",
            Unit::Pages,
            pages(sum(Kind::Shm, |o| o.rss_bytes)),
        ),
        row(
            LimitId::ShmSwapped,
            "pages of them swapped out",
            "pages swapped",
            Unit::Pages,
            pages(sum(Kind::Shm, |o| o.swap_bytes)),
        ),
        row(
            LimitId::SemSets,
            "System V semaphore sets",
            "used arrays",
            Unit::Count,
            Some(count(objs, Kind::Sem)),
        ),
        row(
            LimitId::SemSemaphores,
            "semaphores in them",
            "allocated semaphores",
            Unit::Count,
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

/// The soft RLIMIT_MSGQUEUE of each of these users, as a live process whose *real* uid it
/// is has it (`/proc/PID/limits`; the kernel checks the creating process's limit and
/// charges its real uid): `Some(None)` is unlimited; a user with no readable process is
/// missing. Reads processes only until every user is found.
pub fn rlimit_msgqueue_of_users(
    src: &Source,
    uids: &[u32],
) -> std::collections::BTreeMap<u32, Option<u64>> {
    let mut out = std::collections::BTreeMap::new();
    if uids.is_empty() {
        return out;
    }
    let proc_dir = src.path("proc");
    let Ok(rd) = std::fs::read_dir(&proc_dir) else {
        return out;
    };
    for e in rd.flatten() {
        if out.len() == uids.len() {
            break;
        }
        let name = e.file_name();
        if !name.as_encoded_bytes().iter().all(u8::is_ascii_digit) {
            continue;
        }
        let Ok(status) = std::fs::read_to_string(e.path().join("status")) else {
            continue;
        };
        let Some(ruid) = real_uid(&status) else {
            continue;
        };
        if !uids.contains(&ruid) || out.contains_key(&ruid) {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(e.path().join("limits"))
            && let Some(v) = parse_msgqueue_limit(&text)
        {
            out.insert(ruid, v);
        }
    }
    out
}

fn real_uid(status: &str) -> Option<u32> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The soft limit of `Max msgqueue size` in a `/proc/PID/limits` text: `Some(None)` for
/// unlimited.
pub fn parse_msgqueue_limit(text: &str) -> Option<Option<u64>> {
    let rest = text
        .lines()
        .find_map(|l| l.strip_prefix("Max msgqueue size"))?;
    match rest.split_whitespace().next()? {
        "unlimited" => Some(None),
        v => v.parse().ok().map(Some),
    }
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

    #[test]
    fn a_users_msgqueue_limit_is_read_from_proc_limits() {
        let t = "Limit                     Soft Limit           Hard Limit           Units\n\
                 Max msgqueue size         819200               819200               bytes\n";
        assert_eq!(super::parse_msgqueue_limit(t), Some(Some(819_200)));
        let t = "Max msgqueue size         unlimited            unlimited            bytes\n";
        assert_eq!(super::parse_msgqueue_limit(t), Some(None));
        assert_eq!(super::parse_msgqueue_limit("Max open files 1 2\n"), None);
        assert_eq!(
            super::real_uid("Name:\tx\nUid:\t1000\t0\t0\t0\n"),
            Some(1000)
        );
    }
}
