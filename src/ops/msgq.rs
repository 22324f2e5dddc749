//! Sending and receiving on System V (`msg`) and POSIX (`pmq`) message queues, binary safe.
//! Waiting: POSIX uses mq_timedsend/mq_timedreceive; System V has no timed call, so a timeout
//! polls with IPC_NOWAIT and a short sleeping backoff. `peek` reads System V messages with
//! MSG_COPY, after probing that the kernel really supports it (without
//! CONFIG_CHECKPOINT_RESTORE it fails with ENOSYS; a kernel that ignored the flag would
//! consume the message, which a probe on a private queue detects).

use std::time::Instant;

use nix::errno::Errno;

use super::{Wait, fail, fmt_duration, poll_until, posix_cname, sysctl, sysv_id};
use crate::error::Error;
use crate::model::{Kind, Ref};

/// MSG_COPY (include/uapi/linux/msg.h); not in the libc crate.
pub const MSG_COPY: i32 = 0o40000;

/// One received (or peeked) message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// msg: the message type.
    pub mtype: Option<i64>,
    /// pmq: the priority.
    pub priority: Option<u32>,
    pub body: Vec<u8>,
}

/// What `send` should send.
#[derive(Debug, Clone)]
pub struct SendSpec {
    pub mtype: i64,
    pub priority: u32,
    pub wait: Wait,
}

/// What `recv` should take.
#[derive(Debug, Clone)]
pub struct RecvSpec {
    pub mtype: i64,
    pub wait: Wait,
}

/// Largest priority + 1 (MQ_PRIO_MAX, 32768 on Linux).
pub fn mq_prio_max() -> u32 {
    // SAFETY: sysconf has no preconditions.
    let v = unsafe { libc::sysconf(libc::_SC_MQ_PRIO_MAX) };
    if v > 0 { v as u32 } else { 32768 }
}

// ---------------------------------------------------------------- System V

fn msgmax() -> usize {
    sysctl("kernel/msgmax").map_or(8192, |v| v as usize)
}

fn msg_stat(r: &Ref, id: i32) -> Result<libc::msqid_ds, Error> {
    // SAFETY: msqid_ds is plain data; IPC_STAT fills it.
    let mut ds: libc::msqid_ds = unsafe { std::mem::zeroed() };
    // SAFETY: ds lives for the call.
    let rc = unsafe { libc::msgctl(id, libc::IPC_STAT, &mut ds) };
    Errno::result(rc).map_err(|e| fail(r, e))?;
    Ok(ds)
}

/// Send one message to a System V queue.
pub fn msg_send(r: &Ref, data: &[u8], s: &SendSpec) -> Result<(), Error> {
    if s.mtype < 1 {
        return Err(Error::usage(format!(
            "{r}: --type must be at least 1 (got {}); System V message types are positive",
            s.mtype
        )));
    }
    let id = sysv_id(r)?;
    let max = msgmax();
    if data.len() > max {
        return Err(Error::object(
            r,
            format!(
                "message is {} bytes, larger than msgmax ({max} bytes, /proc/sys/kernel/msgmax)",
                data.len()
            ),
        ));
    }
    let ds = msg_stat(r, id)?;
    if data.len() as u64 > ds.msg_qbytes {
        return Err(Error::object(
            r,
            format!(
                "message is {} bytes, larger than the queue's msg_qbytes ({} bytes); it could never be sent",
                data.len(),
                ds.msg_qbytes
            ),
        ));
    }
    let mut buf = Vec::with_capacity(8 + data.len());
    buf.extend_from_slice(&s.mtype.to_ne_bytes());
    buf.extend_from_slice(data);
    let send = |flags: i32| -> Result<bool, Error> {
        // SAFETY: buf holds a long mtype followed by data.len() bytes.
        let rc = unsafe { libc::msgsnd(id, buf.as_ptr().cast(), data.len(), flags) };
        match Errno::result(rc) {
            Ok(_) => Ok(true),
            Err(Errno::EAGAIN) => Ok(false),
            Err(e) => Err(fail(r, e)),
        }
    };
    let full = || -> String {
        match msg_stat(r, id) {
            Ok(d) => format!(
                "queue is full ({} messages, {} of {} bytes used)",
                d.msg_qnum, d.__msg_cbytes, d.msg_qbytes
            ),
            Err(_) => "queue is full".into(),
        }
    };
    match s.wait {
        Wait::Forever => {
            send(0)?;
            Ok(())
        }
        Wait::NoWait => {
            if send(libc::IPC_NOWAIT)? {
                Ok(())
            } else {
                Err(Error::object(r, full()))
            }
        }
        Wait::Timeout(d) => {
            let deadline = Instant::now() + d;
            match poll_until(Some(deadline), || {
                send(libc::IPC_NOWAIT).map(|ok| ok.then_some(()))
            })? {
                Some(()) => Ok(()),
                None => Err(Error::object(
                    r,
                    format!("{} (still, after {})", full(), fmt_duration(d)),
                )),
            }
        }
    }
}

fn msgrcv_raw(
    id: i32,
    buf: &mut Vec<u8>,
    mtype: i64,
    flags: i32,
) -> Result<Option<Message>, Errno> {
    loop {
        let cap = buf.len() - 8;
        // SAFETY: buf has room for a long mtype and cap bytes of text.
        let n = unsafe { libc::msgrcv(id, buf.as_mut_ptr().cast(), cap, mtype, flags) };
        if n >= 0 {
            let mut t = [0u8; 8];
            t.copy_from_slice(&buf[..8]);
            return Ok(Some(Message {
                mtype: Some(i64::from_ne_bytes(t)),
                priority: None,
                body: buf[8..8 + n as usize].to_vec(),
            }));
        }
        match Errno::last() {
            Errno::ENOMSG | Errno::EAGAIN => return Ok(None),
            // A message larger than the buffer (msgmax was raised after it was sent): grow.
            Errno::E2BIG if buf.len() < (1 << 30) => {
                let grow = buf.len() * 2;
                buf.resize(grow, 0);
            }
            e => return Err(e),
        }
    }
}

fn empty_error(r: &Ref, mtype: i64, wait: Wait) -> Error {
    let what = match mtype {
        0 => "queue is empty".to_string(),
        t if t > 0 => format!("no message of type {t} in the queue"),
        t => format!("no message of type <= {} in the queue", t.unsigned_abs()),
    };
    match wait {
        Wait::Timeout(d) => Error::object(r, format!("{what} (waited {})", fmt_duration(d))),
        _ => Error::object(r, what),
    }
}

/// Receive one message from a System V queue (`mtype` with msgrcv's semantics: 0 the first,
/// N > 0 the first of type N, N < 0 the first of the lowest type <= |N|).
pub fn msg_recv(r: &Ref, s: &RecvSpec) -> Result<Message, Error> {
    let id = sysv_id(r)?;
    let mut buf = vec![0u8; 8 + msgmax()];
    let got = match s.wait {
        Wait::Forever => msgrcv_raw(id, &mut buf, s.mtype, 0).map_err(|e| fail(r, e))?,
        Wait::NoWait => {
            msgrcv_raw(id, &mut buf, s.mtype, libc::IPC_NOWAIT).map_err(|e| fail(r, e))?
        }
        Wait::Timeout(d) => poll_until(Some(Instant::now() + d), || {
            msgrcv_raw(id, &mut buf, s.mtype, libc::IPC_NOWAIT).map_err(|e| fail(r, e))
        })?,
    };
    got.ok_or_else(|| empty_error(r, s.mtype, s.wait))
}

/// Does this kernel support MSG_COPY? Probed on a private queue: one message is sent, copied
/// with MSG_COPY, and the queue must still hold it afterwards.
pub fn msg_copy_supported() -> Result<bool, String> {
    // SAFETY: plain syscalls on a private queue that is removed before returning.
    unsafe {
        let id = libc::msgget(libc::IPC_PRIVATE, libc::IPC_CREAT | 0o600);
        if id < 0 {
            return Err(format!(
                "cannot create a private probe queue: {}",
                crate::error::errno_reason(Errno::last())
            ));
        }
        let mut msg = [0u8; 9];
        msg[..8].copy_from_slice(&1i64.to_ne_bytes());
        msg[8] = b'p';
        let sent = libc::msgsnd(id, msg.as_ptr().cast(), 1, libc::IPC_NOWAIT) == 0;
        let mut out = [0u8; 16];
        let copied = libc::msgrcv(
            id,
            out.as_mut_ptr().cast(),
            8,
            0,
            MSG_COPY | libc::IPC_NOWAIT | libc::MSG_NOERROR,
        );
        let mut ds: libc::msqid_ds = std::mem::zeroed();
        let stat = libc::msgctl(id, libc::IPC_STAT, &mut ds);
        libc::msgctl(id, libc::IPC_RMID, std::ptr::null_mut());
        if !sent || stat < 0 {
            return Err("the probe queue did not work".into());
        }
        Ok(copied == 1 && out[8] == b'p' && ds.msg_qnum == 1)
    }
}

/// Every message in a System V queue, in queue order, without removing any (MSG_COPY).
/// The caller must have checked `msg_copy_supported()`.
fn msg_copy_all(r: &Ref, id: i32) -> Result<Vec<Message>, Error> {
    let mut buf = vec![0u8; 8 + msgmax()];
    let mut out = Vec::new();
    for index in 0i64.. {
        match msgrcv_raw(id, &mut buf, index, MSG_COPY | libc::IPC_NOWAIT) {
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

/// Pick up to `count` messages the way `count` successive msgrcv calls with `mtype` would.
pub fn select(mut all: Vec<Message>, mtype: i64, count: usize) -> Vec<Message> {
    let t = |m: &Message| m.mtype.unwrap_or(0);
    match mtype {
        0 => all.into_iter().take(count).collect(),
        n if n > 0 => all.into_iter().filter(|m| t(m) == n).take(count).collect(),
        n => {
            let limit = n.unsigned_abs();
            all.retain(|m| t(m) >= 0 && t(m).unsigned_abs() <= limit);
            // Lowest type first, queue order within a type (a stable sort keeps it).
            all.sort_by_key(t);
            all.into_iter().take(count).collect()
        }
    }
}

/// Peek at up to `count` messages of a System V queue without removing them. Waits (polling)
/// for a first matching message unless `wait` is NoWait.
pub fn msg_peek(r: &Ref, mtype: i64, count: usize, wait: Wait) -> Result<Vec<Message>, Error> {
    match msg_copy_supported() {
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
    let id = sysv_id(r)?;
    let attempt = || -> Result<Option<Vec<Message>>, Error> {
        let got = select(msg_copy_all(r, id)?, mtype, count);
        Ok((!got.is_empty()).then_some(got))
    };
    let got = match wait {
        Wait::NoWait => attempt()?,
        Wait::Forever => poll_until(None, attempt)?,
        Wait::Timeout(d) => poll_until(Some(Instant::now() + d), attempt)?,
    };
    got.ok_or_else(|| empty_error(r, mtype, wait))
}

// ---------------------------------------------------------------- POSIX

struct Mq(libc::mqd_t);

impl Drop for Mq {
    fn drop(&mut self) {
        // SAFETY: the descriptor came from mq_open and is closed once.
        unsafe { libc::mq_close(self.0) };
    }
}

fn mq_open(r: &Ref, flags: i32) -> Result<Mq, Error> {
    let c = posix_cname(r)?;
    // SAFETY: valid name; no O_CREAT, so no mode/attr arguments.
    let fd = unsafe { libc::mq_open(c.as_ptr(), flags | libc::O_CLOEXEC) };
    if fd < 0 {
        return Err(fail(r, Errno::last()));
    }
    Ok(Mq(fd))
}

fn mq_attr(r: &Ref, q: &Mq) -> Result<libc::mq_attr, Error> {
    // SAFETY: mq_attr is plain data; q is an open queue.
    let mut a: libc::mq_attr = unsafe { std::mem::zeroed() };
    // SAFETY: q is an open queue; a lives for the call.
    Errno::result(unsafe { libc::mq_getattr(q.0, &mut a) }).map_err(|e| fail(r, e))?;
    Ok(a)
}

/// Send one message to a POSIX queue.
pub fn mq_send(r: &Ref, data: &[u8], s: &SendSpec) -> Result<(), Error> {
    let max = mq_prio_max();
    if s.priority >= max {
        return Err(Error::usage(format!(
            "{r}: --priority {} is too high; the kernel allows 0..{} (MQ_PRIO_MAX {max})",
            s.priority,
            max - 1
        )));
    }
    let nb = if s.wait == Wait::NoWait {
        libc::O_NONBLOCK
    } else {
        0
    };
    let q = mq_open(r, libc::O_WRONLY | nb)?;
    let a = mq_attr(r, &q)?;
    if data.len() as i64 > a.mq_msgsize {
        return Err(Error::object(
            r,
            format!(
                "message is {} bytes, larger than the queue's mq_msgsize ({} bytes)",
                data.len(),
                a.mq_msgsize
            ),
        ));
    }
    let rc = match s.wait {
        Wait::Timeout(d) => {
            let ts = super::realtime_deadline(d);
            // SAFETY: data is valid for data.len() bytes; ts lives for the call.
            unsafe { libc::mq_timedsend(q.0, data.as_ptr().cast(), data.len(), s.priority, &ts) }
        }
        // SAFETY: data is valid for data.len() bytes.
        _ => unsafe { libc::mq_send(q.0, data.as_ptr().cast(), data.len(), s.priority) },
    };
    if rc == 0 {
        return Ok(());
    }
    let e = Errno::last();
    let full = || {
        format!(
            "queue is full ({} of {} messages)",
            a.mq_curmsgs, a.mq_maxmsg
        )
    };
    Err(match (e, s.wait) {
        (Errno::EAGAIN, _) => Error::object(r, full()),
        (Errno::ETIMEDOUT, Wait::Timeout(d)) => {
            Error::object(r, format!("{} (still, after {})", full(), fmt_duration(d)))
        }
        (Errno::EBADF, _) => Error::object(r, "permission denied (not open for writing)"),
        (e, _) => fail(r, e),
    })
}

/// Receive one message from a POSIX queue (highest priority first, FIFO within one).
pub fn mq_recv(r: &Ref, wait: Wait) -> Result<Message, Error> {
    let nb = if wait == Wait::NoWait {
        libc::O_NONBLOCK
    } else {
        0
    };
    let q = mq_open(r, libc::O_RDONLY | nb)?;
    let a = mq_attr(r, &q)?;
    let mut buf = vec![0u8; a.mq_msgsize.max(1) as usize];
    let mut prio: libc::c_uint = 0;
    let n = match wait {
        Wait::Timeout(d) => {
            let ts = super::realtime_deadline(d);
            // SAFETY: buf has buf.len() bytes; prio and ts live for the call.
            unsafe {
                libc::mq_timedreceive(q.0, buf.as_mut_ptr().cast(), buf.len(), &mut prio, &ts)
            }
        }
        // SAFETY: buf has buf.len() bytes; prio lives for the call.
        _ => unsafe { libc::mq_receive(q.0, buf.as_mut_ptr().cast(), buf.len(), &mut prio) },
    };
    if n >= 0 {
        buf.truncate(n as usize);
        return Ok(Message {
            mtype: None,
            priority: Some(prio),
            body: buf,
        });
    }
    Err(match (Errno::last(), wait) {
        (Errno::EAGAIN, _) => Error::object(r, "queue is empty"),
        (Errno::ETIMEDOUT, Wait::Timeout(d)) => {
            Error::object(r, format!("queue is empty (waited {})", fmt_duration(d)))
        }
        (Errno::EBADF, _) => Error::object(r, "permission denied (not open for reading)"),
        (e, _) => fail(r, e),
    })
}

/// Send to either kind of queue.
pub fn send(r: &Ref, data: &[u8], s: &SendSpec) -> Result<(), Error> {
    match r.kind {
        Kind::Msg => msg_send(r, data, s),
        _ => mq_send(r, data, s),
    }
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
        assert!(select(q, 9, 1).is_empty());
    }
}
