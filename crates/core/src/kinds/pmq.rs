//! POSIX message queues (`pmq`).
//!
//! - Identity: (device, inode) of the queue's file in the mqueue fs, re-checked with
//!   fstatat (never following a link) right before it is unlinked relative to the opened
//!   mount directory. Without a mounted mqueue fs, root does this in a child with a private
//!   mount of this IPC namespace's instance; anyone else is told to mount one, because a
//!   queue cannot be re-checked by name alone.
//! - Removal: only the name goes; processes that have the queue open keep it, and its memory
//!   stays until the last close.
//! - Create: sizes are checked against the kernel's limits *before* mq_open (the kernel's
//!   EINVAL and EMFILE do not say which limit refused them), with the one RLIMIT_MSGQUEUE
//!   charge formula (`collect::limits::mq_charge`).
//! - Send/receive: mq_timedsend/mq_timedreceive; highest priority first.

use nix::errno::Errno;
use nix::fcntl::OFlag;

use super::posix::{self, cname, new_ref, with_umask0};
use super::{Outcome, SendSpec, Spec, exists_error};
use crate::collect::limits::{mq_charge, rlimit_msgqueue};
use crate::collect::{Live, Source, posix_mq};
use crate::error::{Error, errno_reason};
use crate::model::{Message, Object, Ref};
use crate::ops::{Wait, fail};
use crate::sys::posix::{Mq, mq_prio_max};

pub const REMOVAL_MEANS: &str = "only the name goes; processes that have it open keep it, and its memory stays until the last close";

/// What a removal in a child process came to (serializable across the fork).
#[derive(serde::Serialize, serde::Deserialize)]
enum ChildRemoval {
    Removed,
    NotFound,
    Changed(String),
    Refused(String),
}

/// Unlink the queue after re-checking its (device, inode).
pub fn remove(_live: Live, src: &Source, o: &Object) -> Result<(), Error> {
    let name = posix::name_of(o)?;
    if let Some(mp) = posix_mq::mount_point(src) {
        let dir = posix::open_dir(&mp)?;
        crate::collect::check_fs(&dir, crate::collect::DirFs::Mqueue).map_err(|why| {
            Error::object(
                &o.reference,
                format!("{}: {why}; not removed", mp.display()),
            )
        })?;
        // A queue listed from this mount is removed through it. One listed from a private
        // mount of our own instance (the mount shows another IPC namespace's queues) has
        // another device: it is removed through a private mount again.
        let mount_dev = nix::sys::stat::fstat(&dir).map(|st| st.st_dev).ok();
        if o.dev.is_none() || o.dev == mount_dev {
            return posix::unlink_checked(&dir, &name, o, src.user_ns.is_some());
        }
    }
    let tenant = src.user_ns.is_some();
    let outcome = posix_mq::with_private_mount(|mp| {
        let done = posix::open_dir(mp).and_then(|dir| posix::unlink_checked(&dir, &name, o, tenant));
        match done {
            Ok(()) => ChildRemoval::Removed,
            Err(Error::NotFound(_)) => ChildRemoval::NotFound,
            Err(Error::Changed { reason, .. }) => ChildRemoval::Changed(reason),
            Err(e) => ChildRemoval::Refused(e.to_string()),
        }
    })
    .map_err(|why| {
        Error::object(
            &o.reference,
            format!(
                "no mqueue filesystem is mounted, so its identity cannot be re-checked ({why}); not removed. Mount one with: mkdir -p /dev/mqueue && mount -t mqueue none /dev/mqueue"
            ),
        )
    })?;
    match outcome {
        ChildRemoval::Removed => Ok(()),
        ChildRemoval::NotFound => Err(Error::NotFound(o.reference.clone())),
        ChildRemoval::Changed(reason) => Err(Error::Changed {
            object: o.reference.clone(),
            reason,
        }),
        ChildRemoval::Refused(text) => Err(Error::Failed(text)),
    }
}

/// True when the effective capabilities include CAP_SYS_RESOURCE (24), which lifts
/// msg_max/msgsize_max to the kernel's hard limits.
fn has_cap_sys_resource() -> bool {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return false;
    };
    status
        .lines()
        .find_map(|l| l.strip_prefix("CapEff:"))
        .and_then(|h| u64::from_str_radix(h.trim(), 16).ok())
        .is_some_and(|caps| caps & (1 << 24) != 0)
}

/// Check the requested queue against msg_max, msgsize_max and RLIMIT_MSGQUEUE (`limit`,
/// None = unlimited); the error names the limit that refuses it. What this user's queues
/// already take is not judged here: the kernel charges each queue to its creator's real uid,
/// which it does not record (a setuid program's queues are owned by one user and charged to
/// another), so only the kernel knows; its EMFILE is explained after the call.
pub fn check_limits(
    live: Live,
    r: &Ref,
    maxmsg: i64,
    msgsize: i64,
    limit: Option<u64>,
) -> Result<(), Error> {
    if maxmsg < 1 {
        return Err(Error::usage(format!(
            "{r}: --max-messages must be at least 1"
        )));
    }
    if msgsize < 1 {
        return Err(Error::usage(format!(
            "{r}: --message-size must be at least 1"
        )));
    }
    let privileged = has_cap_sys_resource();
    // HARD_MSGMAX and HARD_MSGSIZEMAX in ipc/mqueue.c: not even CAP_SYS_RESOURCE passes them.
    let checks = [
        ("--max-messages", maxmsg, "msg_max", 65536i64),
        ("--message-size", msgsize, "msgsize_max", 16 << 20),
    ];
    for (flag, want, file, hard) in checks {
        if want > hard {
            return Err(Error::object(
                r,
                format!("{flag} {want} is above the kernel's hard limit {hard}"),
            ));
        }
        if !privileged
            && let Some(max) = live.sysctl(&format!("fs/mqueue/{file}"))
            && want as u64 > max
        {
            return Err(Error::object(
                r,
                format!(
                    "{flag} {want} is above the limit {max} in /proc/sys/fs/mqueue/{file} (raise it with sysctl fs.mqueue.{file}=N as root, or ask for less)"
                ),
            ));
        }
    }
    if let Some(limit) = limit {
        let need = mq_charge(maxmsg as u64, msgsize as u64);
        if need > limit {
            return Err(Error::object(
                r,
                format!(
                    "{maxmsg} messages of {msgsize} bytes need {need} bytes, more than this user's RLIMIT_MSGQUEUE ({limit} bytes; see `ulimit -q`); ask for fewer or smaller messages"
                ),
            ));
        }
    }
    Ok(())
}

/// Bytes of RLIMIT_MSGQUEUE the queues owned by this process's real uid take, from the same
/// queue scan `list` uses (so `--ns` is honoured): an estimate for the EMFILE message.
/// Queues in other IPC namespaces count too but cannot be seen, and a setuid creator's
/// queues are charged to its real uid; the kernel has the last word.
fn used_bytes(src: &Source) -> u64 {
    let me = nix::unistd::getuid().as_raw();
    posix_mq::collect(src)
        .objects
        .iter()
        .filter(|o| o.uid == me)
        .filter_map(|o| Some(mq_charge(o.max_messages?, o.message_size?)))
        .fold(0u64, u64::saturating_add)
}

pub fn create(live: Live, src: &Source, s: &Spec) -> Result<Outcome, Error> {
    let r = new_ref(s)?;
    let c = cname(&r)?;
    let attr_wanted = s.max_messages.is_some() || s.message_size.is_some();
    let maxmsg = s
        .max_messages
        .or_else(|| live.sysctl("fs/mqueue/msg_default").map(|v| v as i64))
        .unwrap_or(10);
    let msgsize = s
        .message_size
        .or_else(|| live.sysctl("fs/mqueue/msgsize_default").map(|v| v as i64))
        .unwrap_or(8192);
    check_limits(live, &r, maxmsg, msgsize, rlimit_msgqueue())?;
    let made = with_umask0(|| {
        Mq::create(
            &c,
            OFlag::O_RDONLY.bits(),
            s.mode & 0o7777,
            attr_wanted.then_some((maxmsg, msgsize)),
        )
    });
    match made {
        Ok(_closed_on_drop) => Ok(Outcome::Created(r)),
        Err(Errno::EEXIST) if s.exist_ok => Ok(Outcome::Existing(r)),
        Err(Errno::EEXIST) => Err(exists_error(&r, &r)),
        Err(e) => {
            let why = match e {
                Errno::EMFILE => format!(
                    "RLIMIT_MSGQUEUE (`ulimit -q`{}) is used up by the queues this user created (in every IPC namespace; {} bytes in those it owns here), or too many files are open (EMFILE); {maxmsg} x {msgsize} bytes needs {}",
                    rlimit_msgqueue().map_or(String::new(), |l| format!(", {l} bytes")),
                    used_bytes(src),
                    mq_charge(maxmsg as u64, msgsize as u64)
                ),
                Errno::ENOSPC => format!(
                    "the system-wide queue limit is reached ({} in /proc/sys/fs/mqueue/queues_max)",
                    live.sysctl("fs/mqueue/queues_max")
                        .map_or("?".into(), |v| v.to_string())
                ),
                Errno::EINVAL => format!(
                    "the kernel refused {maxmsg} messages of {msgsize} bytes (EINVAL; limits: /proc/sys/fs/mqueue/msg_max, msgsize_max)"
                ),
                Errno::EACCES => {
                    "permission denied (a name with a second '/' also gives this)".into()
                }
                other => errno_reason(other),
            };
            Err(Error::object(&r, format!("cannot create: {why}")))
        }
    }
}

fn open(r: &Ref, flags: OFlag, wait: Wait) -> Result<Mq, Error> {
    let nb = match wait {
        Wait::NoWait => OFlag::O_NONBLOCK,
        Wait::Forever | Wait::Timeout(_) => OFlag::empty(),
    };
    Mq::open(&cname(r)?, (flags | nb).bits()).map_err(|e| fail(r, e))
}

/// The largest message this queue takes (its mq_msgsize), for bounding input.
pub fn max_message(_live: Live, r: &Ref) -> Result<(u64, String), Error> {
    let q = open(r, OFlag::O_RDONLY, Wait::NoWait)?;
    let a = q.attr().map_err(|e| fail(r, e))?;
    Ok((
        a.message_size.max(0) as u64,
        "the queue's mq_msgsize".into(),
    ))
}

/// Send one message.
pub fn send(_live: Live, r: &Ref, data: &[u8], s: &SendSpec) -> Result<(), Error> {
    let max = mq_prio_max();
    if s.priority >= max {
        return Err(Error::usage(format!(
            "{r}: --priority {} is too high; the kernel allows 0..{} (MQ_PRIO_MAX {max})",
            s.priority,
            max - 1
        )));
    }
    let q = open(r, OFlag::O_WRONLY, s.wait)?;
    let a = q.attr().map_err(|e| fail(r, e))?;
    if data.len() as i64 > a.message_size {
        return Err(Error::object(
            r,
            format!(
                "message is {} bytes, larger than the queue's mq_msgsize ({} bytes)",
                data.len(),
                a.message_size
            ),
        ));
    }
    let timeout = match s.wait {
        Wait::Timeout(d) => Some(d),
        Wait::Forever | Wait::NoWait => None,
    };
    let full = || {
        format!(
            "queue is full ({} of {} messages)",
            a.messages, a.max_messages
        )
    };
    match (q.send(data, s.priority, timeout), s.wait) {
        (Ok(()), _) => Ok(()),
        (Err(Errno::EAGAIN), _) => Err(Error::object(r, full())),
        (Err(Errno::ETIMEDOUT), Wait::Timeout(d)) => Err(Error::Timeout {
            object: r.to_string(),
            what: full(),
            waited: d,
        }),
        (Err(Errno::EBADF), _) => Err(Error::object(r, "permission denied (not open for writing)")),
        (Err(e), _) => Err(fail(r, e)),
    }
}

/// Receive one message (highest priority first, FIFO within one).
pub fn recv(_live: Live, r: &Ref, wait: Wait) -> Result<Message, Error> {
    let q = open(r, OFlag::O_RDONLY, wait)?;
    let a = q.attr().map_err(|e| fail(r, e))?;
    let mut buf = vec![0u8; usize::try_from(a.message_size.max(1)).unwrap_or(1)];
    let timeout = match wait {
        Wait::Timeout(d) => Some(d),
        Wait::Forever | Wait::NoWait => None,
    };
    match (q.receive(&mut buf, timeout), wait) {
        (Ok((n, prio)), _) => {
            buf.truncate(n);
            Ok(Message {
                mtype: None,
                priority: Some(prio),
                body: buf,
            })
        }
        (Err(Errno::EAGAIN), _) => Err(Error::object(r, "queue is empty")),
        (Err(Errno::ETIMEDOUT), Wait::Timeout(d)) => Err(Error::Timeout {
            object: r.to_string(),
            what: "queue is empty".into(),
            waited: d,
        }),
        (Err(Errno::EBADF), _) => Err(Error::object(r, "permission denied (not open for reading)")),
        (Err(e), _) => Err(fail(r, e)),
    }
}

/// Put a message back (after its delivery failed), with its priority, waiting for room as
/// `wait` allows: a sender may have refilled the queue meanwhile.
pub fn put_back(_live: Live, r: &Ref, m: &Message, wait: Wait) -> Result<(), Error> {
    let q = open(r, OFlag::O_WRONLY, wait)?;
    let timeout = match wait {
        Wait::Timeout(d) => Some(d),
        Wait::Forever | Wait::NoWait => None,
    };
    match q.send(&m.body, m.priority.unwrap_or(0), timeout) {
        Ok(()) => Ok(()),
        Err(Errno::EAGAIN | Errno::ETIMEDOUT) => Err(Error::object(r, "the queue stayed full")),
        Err(e) => Err(fail(r, e)),
    }
}
