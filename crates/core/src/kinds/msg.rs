//! System V message queues (`msg`).
//!
//! - Identity: id + key + ctime + creator uid (`sysv::same_object`), re-checked with IPC_STAT
//!   right before IPC_RMID.
//! - Removal: IPC_RMID destroys the queue and its messages at once.
//! - Create: IPC_CREAT|IPC_EXCL, then `--max-bytes` through IPC_SET, verified afterwards.
//! - Send/receive: binary safe; System V has no timed call, so a timeout polls with
//!   IPC_NOWAIT and a short sleeping backoff. `peek` copies messages with MSG_COPY after
//!   probing that the kernel really supports it (without CONFIG_CHECKPOINT_RESTORE it fails
//!   with ENOSYS; a kernel that ignored the flag would consume the message, which a probe on
//!   a private queue detects).

use std::time::Instant;

use nix::errno::Errno;

use super::sysv::{self, Recorded};
use super::{Outcome, SendSpec, Spec};
use crate::collect::Live;
use crate::error::{Error, errno_reason};
use crate::model::{Message, Object, Ref};
use crate::ops::{Wait, fail, poll_until};
use crate::sys::ipc::{self, IPC_NOWAIT, MSG_COPY, MSG_NOERROR, MsgBuf};

pub const REMOVAL_MEANS: &str =
    "the queue and its messages are destroyed at once; processes using it get EIDRM";

/// The queue's identity as the kernel reports it now.
pub fn identity(id: i32) -> ipc::Result<Recorded> {
    ipc::msg_stat(id).map(|s| Recorded::new(s.perm, s.ctime))
}

/// Remove the queue after re-checking id, key, ctime and creator.
pub fn remove(_live: Live, o: &Object) -> Result<(), Error> {
    sysv::remove_checked(o, identity, ipc::msg_rmid)
}

fn id_of(r: &Ref) -> Result<i32, Error> {
    sysv::id_of(r, |k| ipc::msg_get(k, 0))
}

pub fn create(live: Live, s: &Spec) -> Result<Outcome, Error> {
    let out = sysv::create(
        s.kind,
        s.key,
        s.mode,
        s.exist_ok,
        ipc::msg_get,
        |k| ipc::msg_get(k, 0),
        |e| match e {
            Errno::ENOSPC => format!(
                "no room: MSGMNI ({} queues, /proc/sys/kernel/msgmni) is reached",
                live.sysctl("kernel/msgmni")
                    .map_or("?".into(), |v| v.to_string())
            ),
            other => errno_reason(other),
        },
    )?;
    if let (Outcome::Created(r), Some(bytes)) = (&out, s.max_bytes) {
        let id = id_of(r)?;
        if let Err(e) = set_max_bytes(live, r, id, bytes) {
            // Do not leave a half-made queue behind.
            let _ = ipc::msg_rmid(id);
            return Err(e);
        }
    }
    Ok(out)
}

/// IPC_SET msg_qbytes and check the kernel kept exactly that value (a value it cannot hold
/// would otherwise leave a queue that can never receive).
fn set_max_bytes(live: Live, r: &Ref, id: i32, bytes: u64) -> Result<(), Error> {
    let got = ipc::msg_set_qbytes(id, bytes).map_err(|e| {
        let why = match e {
            Errno::EPERM => format!(
                "--max-bytes {bytes} is above MSGMNB ({} in /proc/sys/kernel/msgmnb); raising it needs CAP_SYS_RESOURCE",
                live.sysctl("kernel/msgmnb")
                    .map_or("?".into(), |v| v.to_string())
            ),
            other => errno_reason(other),
        };
        Error::object(r, format!("cannot set max bytes: {why}; not created"))
    })?;
    if got != bytes {
        return Err(Error::object(
            r,
            format!(
                "cannot set max bytes: the kernel stored {got} instead of {bytes} (the value does not fit its field); not created"
            ),
        ));
    }
    Ok(())
}

fn msgmax(live: Live) -> usize {
    live.sysctl("kernel/msgmax").map_or(8192, |v| v as usize)
}

/// The largest message any queue takes (msgmax), for bounding input.
pub fn max_message(live: Live) -> (u64, String) {
    (
        msgmax(live) as u64,
        "msgmax, /proc/sys/kernel/msgmax".into(),
    )
}

/// Send one message.
pub fn send(live: Live, r: &Ref, data: &[u8], s: &SendSpec) -> Result<(), Error> {
    if s.mtype < 1 {
        return Err(Error::usage(format!(
            "{r}: --type must be at least 1 (got {}); System V message types are positive",
            s.mtype
        )));
    }
    let id = id_of(r)?;
    let max = msgmax(live);
    if data.len() > max {
        return Err(Error::object(
            r,
            format!(
                "message is {} bytes, larger than msgmax ({max} bytes, /proc/sys/kernel/msgmax)",
                data.len()
            ),
        ));
    }
    let st = ipc::msg_stat(id).map_err(|e| fail(r, e))?;
    // The kernel also needs room for one more message header: with msg_qbytes 0 nothing can
    // ever be sent, and msgsnd would block forever.
    if st.max_bytes == 0 {
        return Err(Error::object(
            r,
            "the queue's msg_qbytes is 0, so no message can ever be sent to it (raise it with IPC_SET)",
        ));
    }
    if data.len() as u64 > st.max_bytes {
        return Err(Error::object(
            r,
            format!(
                "message is {} bytes, larger than the queue's msg_qbytes ({} bytes); it could never be sent",
                data.len(),
                st.max_bytes
            ),
        ));
    }
    let send = |flags: i32| -> Result<bool, Error> {
        match ipc::msg_send(id, s.mtype, data, flags) {
            Ok(()) => Ok(true),
            Err(Errno::EAGAIN) => Ok(false),
            Err(e) => Err(fail(r, e)),
        }
    };
    let full = || -> String {
        match ipc::msg_stat(id) {
            Ok(d) => format!(
                "queue is full ({} messages, {} of {} bytes used)",
                d.messages, d.bytes, d.max_bytes
            ),
            Err(_) => "queue is full".into(),
        }
    };
    match s.wait {
        Wait::Forever => send(0).map(drop),
        Wait::NoWait => {
            if send(IPC_NOWAIT)? {
                Ok(())
            } else {
                Err(Error::object(r, full()))
            }
        }
        Wait::Timeout(d) => {
            let deadline = Instant::now().checked_add(d);
            match poll_until(deadline, || send(IPC_NOWAIT).map(|ok| ok.then_some(())))? {
                Some(()) => Ok(()),
                None => Err(Error::Timeout {
                    object: r.to_string(),
                    what: full(),
                    waited: d,
                }),
            }
        }
    }
}

/// The text capacity msgrcv starts with: enough for the usual message. `take` grows it to
/// what is queued when a message does not fit. Never sized from msgmax, which any user can
/// raise to 2 GiB in their own IPC namespace (`unshare --user --map-root-user --ipc`).
const FIRST_BUFFER: usize = 8192;

/// msgrcv, growing the buffer when a message is larger than it (E2BIG, the message stays
/// queued). `Ok(None)`: nothing matching (ENOMSG/EAGAIN).
fn take(id: i32, buf: &mut MsgBuf, mtype: i64, flags: i32) -> Result<Option<Message>, Errno> {
    loop {
        match ipc::msg_recv(id, buf, mtype, flags) {
            Ok((t, body)) => {
                return Ok(Some(Message {
                    mtype: Some(t),
                    priority: None,
                    body,
                }));
            }
            Err(Errno::ENOMSG | Errno::EAGAIN) => return Ok(None),
            Err(Errno::E2BIG) => grow_for_queued(id, buf)?,
            Err(e) => return Err(e),
        }
    }
}

/// After E2BIG: grow `buf` towards the bytes the queue holds now (the message that did not
/// fit is among them), doubling, so memory follows what was really sent and a big message
/// takes few tries. When nothing queued is larger than the buffer, the message went
/// meanwhile and the receive is simply tried again.
fn grow_for_queued(id: i32, buf: &mut MsgBuf) -> Result<(), Errno> {
    let queued = usize::try_from(ipc::msg_stat(id)?.bytes).unwrap_or(usize::MAX);
    let cap = buf.capacity();
    if queued > cap {
        buf.grow_to(cap.saturating_mul(2).min(queued));
    }
    Ok(())
}

fn empty_what(mtype: i64) -> String {
    match mtype {
        0 => "queue is empty".to_string(),
        t if t > 0 => format!("no message of type {t} in the queue"),
        t => format!("no message of type <= {} in the queue", lesseq_limit(t)),
    }
}

fn empty_error(r: &Ref, mtype: i64, wait: Wait) -> Error {
    match wait {
        Wait::Timeout(d) => Error::Timeout {
            object: r.to_string(),
            what: empty_what(mtype),
            waited: d,
        },
        Wait::Forever | Wait::NoWait => Error::object(r, empty_what(mtype)),
    }
}

/// Receive one message (`mtype` with msgrcv's semantics: 0 the first, N > 0 the first of
/// type N, N < 0 the first of the lowest type <= |N|).
pub fn recv(_live: Live, r: &Ref, mtype: i64, wait: Wait) -> Result<Message, Error> {
    let id = id_of(r)?;
    let mut buf = MsgBuf::new(FIRST_BUFFER);
    let got = match wait {
        Wait::Forever => take(id, &mut buf, mtype, 0).map_err(|e| fail(r, e))?,
        Wait::NoWait => take(id, &mut buf, mtype, IPC_NOWAIT).map_err(|e| fail(r, e))?,
        Wait::Timeout(d) => poll_until(Instant::now().checked_add(d), || {
            take(id, &mut buf, mtype, IPC_NOWAIT).map_err(|e| fail(r, e))
        })?,
    };
    got.ok_or_else(|| empty_error(r, mtype, wait))
}

/// Does this kernel support MSG_COPY? Probed on a private queue: one message is sent, copied
/// with MSG_COPY, and the queue must still hold it afterwards.
pub fn copy_supported() -> Result<bool, String> {
    let id = ipc::msg_get(0, ipc::IPC_CREAT | 0o600)
        .map_err(|e| format!("cannot create a private probe queue: {}", errno_reason(e)))?;
    let sent = ipc::msg_send(id, 1, b"p", IPC_NOWAIT).is_ok();
    let mut buf = MsgBuf::new(8);
    let copied = ipc::msg_recv(id, &mut buf, 0, MSG_COPY | IPC_NOWAIT | MSG_NOERROR);
    let still = ipc::msg_stat(id).map(|s| s.messages);
    let _ = ipc::msg_rmid(id);
    match (sent, still) {
        (true, Ok(n)) => Ok(matches!(copied, Ok((_, ref b)) if b == b"p") && n == 1),
        _ => Err("the probe queue did not work".into()),
    }
}

/// Every message in the queue, in queue order, without removing any (MSG_COPY). The caller
/// must have checked `copy_supported()`.
/// With `first`, only that many from the front (enough for type 0, where the first
/// messages of the queue are the ones a receive would take).
fn copy_all(
    r: &Ref,
    id: i32,
    first: Option<usize>,
    enough: &dyn Fn(&[Message]) -> bool,
) -> Result<Vec<Message>, Error> {
    let mut buf = MsgBuf::new(FIRST_BUFFER);
    let mut out = Vec::new();
    for index in 0i64.. {
        if first.is_some_and(|n| out.len() >= n) || enough(&out) {
            break;
        }
        // Each copy walks the queue from its front: a long queue takes long. Ctrl-C stops it.
        if crate::interrupt::pending() {
            return Err(Error::Interrupted);
        }
        match take(id, &mut buf, index, MSG_COPY | IPC_NOWAIT) {
            Ok(Some(m)) => out.push(m),
            Ok(None) => break,
            Err(Errno::ENOSYS) => {
                return Err(Error::object(
                    r,
                    "this kernel has no MSG_COPY (CONFIG_CHECKPOINT_RESTORE is off); cannot peek",
                ));
            }
            Err(e) => return Err(fail(r, e)),
        }
    }
    Ok(out)
}

/// Remove the message `m` that was copied with MSG_COPY and then delivered: it is the first
/// message of its type. Should another receiver have taken it meanwhile, whatever this takes
/// instead is returned, to be put back (`put_back`), so nothing is lost (the delivered
/// message then reached both).
pub fn take_copied(_live: Live, r: &Ref, m: &Message) -> Result<Option<Message>, Error> {
    let id = id_of(r)?;
    let t = m.mtype.unwrap_or(1);
    let mut buf = MsgBuf::new(FIRST_BUFFER.max(m.body.len()));
    match take(id, &mut buf, t, IPC_NOWAIT).map_err(|e| fail(r, e))? {
        Some(got) if got.body == m.body => Ok(None),
        Some(other) => Ok(Some(other)),
        None => Ok(None),
    }
}

/// Send an undelivered message back, with its type, waiting for room as `wait` allows (a
/// sender may have filled the queue meanwhile; System V has no timed send, so this polls).
pub fn put_back(_live: Live, r: &Ref, m: &Message, wait: Wait) -> Result<(), Error> {
    let id = id_of(r)?;
    let t = m.mtype.unwrap_or(1);
    let attempt = || match ipc::msg_send(id, t, &m.body, IPC_NOWAIT) {
        Ok(()) => Ok(Some(())),
        Err(Errno::EAGAIN) => Ok(None),
        Err(e) => Err(fail(r, e)),
    };
    let deadline = match wait {
        Wait::NoWait => Some(Instant::now()),
        Wait::Forever => None,
        Wait::Timeout(d) => Instant::now().checked_add(d),
    };
    match poll_until(deadline, attempt)? {
        Some(()) => Ok(()),
        None => Err(Error::object(r, "the queue stayed full")),
    }
}

/// The highest type a negative `mtype` takes, as the kernel reads it (ipc/msg.c
/// `convert_mode`): |mtype|, and i64::MAX for i64::MIN, whose negation does not exist.
fn lesseq_limit(mtype: i64) -> i64 {
    mtype.checked_neg().unwrap_or(i64::MAX)
}

/// Pick up to `count` messages the way `count` successive msgrcv calls with `mtype` would.
pub fn select(mut all: Vec<Message>, mtype: i64, count: usize) -> Vec<Message> {
    let t = |m: &Message| m.mtype.unwrap_or(0);
    match mtype {
        0 => all.into_iter().take(count).collect(),
        n if n > 0 => all.into_iter().filter(|m| t(m) == n).take(count).collect(),
        n => {
            let limit = lesseq_limit(n);
            all.retain(|m| t(m) >= 0 && t(m) <= limit);
            // Lowest type first, queue order within a type (a stable sort keeps it).
            all.sort_by_key(t);
            all.into_iter().take(count).collect()
        }
    }
}

/// Peek at up to `count` messages without removing them. Waits (polling) for a first
/// matching message unless `wait` is NoWait.
pub fn peek(
    live: Live,
    r: &Ref,
    mtype: i64,
    count: usize,
    wait: Wait,
) -> Result<Vec<Message>, Error> {
    match copy_supported() {
        Ok(true) => {}
        Ok(false) => {
            return Err(Error::object(
                r,
                "this kernel does not support MSG_COPY (needs CONFIG_CHECKPOINT_RESTORE); refusing to peek, since a plain receive would consume the message",
            ));
        }
        Err(why) => {
            return Err(Error::object(
                r,
                format!(
                    "cannot tell whether the kernel supports MSG_COPY ({why}); refusing to peek"
                ),
            ));
        }
    }
    peek_copied(live, r, mtype, count, wait)
}

/// `peek` on a kernel already known to support MSG_COPY (`copy_supported`), so a caller
/// that peeks message after message probes once.
pub fn peek_copied(
    _live: Live,
    r: &Ref,
    mtype: i64,
    count: usize,
    wait: Wait,
) -> Result<Vec<Message>, Error> {
    let id = id_of(r)?;
    let first = (mtype == 0).then_some(count);
    // A positive type: the copy can stop once `count` messages of that type are in hand.
    let enough = |got: &[Message]| {
        mtype > 0 && got.iter().filter(|m| m.mtype == Some(mtype)).count() >= count
    };
    let attempt = || -> Result<Option<Vec<Message>>, Error> {
        let got = select(copy_all(r, id, first, &enough)?, mtype, count);
        Ok((!got.is_empty()).then_some(got))
    };
    let got = match wait {
        Wait::NoWait => attempt()?,
        Wait::Forever => poll_until(None, attempt)?,
        Wait::Timeout(d) => poll_until(Instant::now().checked_add(d), attempt)?,
    };
    got.ok_or_else(|| empty_error(r, mtype, wait))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(t: i64) -> Message {
        Message {
            mtype: Some(t),
            priority: None,
            body: vec![t as u8],
        }
    }

    #[test]
    fn select_follows_msgrcv_semantics() {
        let q = vec![m(3), m(1), m(5), m(1), m(2)];
        let types = |v: Vec<Message>| v.iter().map(|x| x.mtype.unwrap()).collect::<Vec<_>>();
        assert_eq!(types(select(q.clone(), 0, 2)), vec![3, 1]);
        assert_eq!(types(select(q.clone(), 1, 5)), vec![1, 1]);
        assert_eq!(types(select(q.clone(), -3, 10)), vec![1, 1, 2, 3]);
        assert_eq!(types(select(q.clone(), -2, 1)), vec![1]);
        assert!(select(q.clone(), 9, 1).is_empty());
        // i64::MIN cannot be negated: the kernel takes it as "type <= i64::MAX".
        assert_eq!(types(select(q, i64::MIN, 2)), vec![1, 1]);
    }
}
