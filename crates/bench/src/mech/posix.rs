//! POSIX objects: two message queues (`pmq`), request/reply queues whose requests carry the
//! reply queue's name (`mailbox`), and shared memory with named semaphores (`pshm-sem`).

use std::ffi::{CStr, CString};
use std::rc::Rc;

use nix::errno::Errno;
use nix::fcntl::OFlag;

use super::shm::{pshm_region, ring_note, ring_slots, round_line};
use super::{Buf, Cleanup, Pair, SetupError, Transport, fail, read_limit, unique_name};
use crate::sys::bench::region::Region;
use crate::sys::bench::signals::retry;
use crate::sys::posix::{Mq, NamedSem, SemWait, mq_unlink};

const PMQ_MAXMSG: i64 = 4;

/// Header of a mailbox request: the NUL-padded name of the reply queue.
pub const MAILBOX_HEADER: usize = 48;

fn cname(s: &str) -> CString {
    CString::new(s).unwrap_or_default()
}

/// Create a queue for messages of `msgsize` bytes; returns a read and a write descriptor.
/// Unless `keep_name`, the name is unlinked at once.
fn mq_create(name: &CStr, msgsize: usize, keep_name: bool) -> Result<(Mq, Mq), SetupError> {
    let what = format!("pmq:{}", name.to_string_lossy());
    let rd = Mq::create(
        name,
        OFlag::O_RDONLY.bits(),
        0o600,
        Some((PMQ_MAXMSG, msgsize as i64)),
    )
    .map_err(|e| match e {
        Errno::EMFILE => SetupError::Fail(format!(
            "{what}: mq_open: RLIMIT_MSGQUEUE exhausted (too many queues of this user)"
        )),
        e => fail(&format!("{what}: mq_open"), e),
    })?;
    let w = match Mq::open(name, OFlag::O_WRONLY.bits()) {
        Ok(w) => w,
        Err(e) => {
            let _ = mq_unlink(name);
            return Err(fail(&format!("{what}: mq_open"), e));
        }
    };
    if !keep_name {
        let _ = mq_unlink(name);
    }
    Ok((rd, w))
}

fn mq_limit_check(mech: &str, msgsize: usize, size: usize) -> Result<(), SetupError> {
    let max = read_limit("/proc/sys/fs/mqueue/msgsize_max").unwrap_or(8192);
    if msgsize > max {
        return Err(SetupError::Skip(format!(
            "{mech} cannot carry {}: messages of {msgsize} bytes exceed \
             /proc/sys/fs/mqueue/msgsize_max ({max})",
            crate::render::human_size(size as u64)
        )));
    }
    Ok(())
}

/// Receive exactly `buf.len()` bytes (the queue's message size) from `q`.
#[inline]
fn receive_exact(q: &Mq, buf: &mut [u8]) -> Result<(), Errno> {
    let len = buf.len();
    let n = retry(|| q.receive(buf, None).map(|(n, _)| n))?;
    if n != len {
        return Err(Errno::EMSGSIZE);
    }
    Ok(())
}

pub struct Pmq {
    rq: Mq,
    wq: Mq,
}

impl Transport for Pmq {
    #[inline]
    fn send(&mut self, buf: &mut Buf) -> Result<(), Errno> {
        let msg = buf.payload();
        retry(|| self.wq.send(msg, 0, None))
    }

    #[inline]
    fn recv(&mut self, buf: &mut Buf) -> Result<(), Errno> {
        receive_exact(&self.rq, buf.payload_mut())
    }
}

pub(super) fn pmq(size: usize) -> Result<Pair<Pmq>, SetupError> {
    mq_limit_check("pmq", size, size)?;
    let (req_r, req_w) = mq_create(&cname(&format!("/{}", unique_name())), size, false)?;
    let (rep_r, rep_w) = mq_create(&cname(&format!("/{}", unique_name())), size, false)?;
    Ok(Pair::new(
        Pmq {
            rq: rep_r,
            wq: req_w,
        },
        Pmq {
            rq: req_r,
            wq: rep_w,
        },
        size,
        format!("mq_maxmsg {PMQ_MAXMSG}"),
    ))
}

// ---------------------------------------------------------------------------------------
// Mailbox: request/reply over POSIX queues, the request names the reply queue.

pub enum Mailbox {
    Client {
        server: Mq,
        reply: Mq,
        /// Reply-queue name, unlinked after the first reply (the server has opened it by
        /// then).
        unlink: Option<CString>,
    },
    Server {
        requests: Mq,
        /// The reply queue of the last client: (name header, descriptor).
        reply: Option<(Vec<u8>, Mq)>,
    },
}

impl Transport for Mailbox {
    /// The request's header: the reply queue's name.
    const HEADER: usize = MAILBOX_HEADER;

    #[inline]
    fn send(&mut self, buf: &mut Buf) -> Result<(), Errno> {
        match self {
            Mailbox::Client { server, .. } => {
                let msg = buf.message();
                retry(|| server.send(msg, 0, None))
            }
            Mailbox::Server { reply, .. } => {
                let q = &reply.as_ref().ok_or(Errno::ENOENT)?.1;
                let body = buf.payload();
                retry(|| q.send(body, 0, None))
            }
        }
    }

    #[inline]
    fn recv(&mut self, buf: &mut Buf) -> Result<(), Errno> {
        match self {
            Mailbox::Client { reply, unlink, .. } => {
                receive_exact(reply, buf.payload_mut())?;
                if let Some(name) = unlink.take() {
                    let _ = mq_unlink(name.as_c_str());
                }
            }
            Mailbox::Server { requests, reply } => {
                receive_exact(requests, buf.message_mut())?;
                let header = &buf.message()[..MAILBOX_HEADER];
                if reply.as_ref().is_none_or(|(h, _)| h != header) {
                    let end = header.iter().position(|&b| b == 0).unwrap_or(header.len());
                    let name = CString::new(&header[..end]).map_err(|_| Errno::EINVAL)?;
                    let w = Mq::open(name.as_c_str(), OFlag::O_WRONLY.bits())?;
                    *reply = Some((header.to_vec(), w));
                }
            }
        }
        Ok(())
    }
}

pub(super) fn mailbox(size: usize) -> Result<Pair<Mailbox>, SetupError> {
    mq_limit_check("mailbox", size + MAILBOX_HEADER, size)?;
    let (req_r, req_w) = mq_create(
        &cname(&format!("/{}", unique_name())),
        size + MAILBOX_HEADER,
        false,
    )?;
    let reply_name = format!("/{}", unique_name());
    let reply_c = cname(&reply_name);
    let (rep_r, rep_w) = mq_create(&reply_c, size, true)?;
    // The client only reads its reply queue; the server opens its own write descriptor.
    drop(rep_w);
    let mut pair = Pair::new(
        Mailbox::Client {
            server: req_w,
            reply: rep_r,
            unlink: Some(reply_c.clone()),
        },
        Mailbox::Server {
            requests: req_r,
            reply: None,
        },
        size,
        format!("mq_maxmsg {PMQ_MAXMSG}, {MAILBOX_HEADER}-byte reply-address header"),
    );
    pair.client.header()[..reply_name.len()].copy_from_slice(reply_name.as_bytes());
    pair.cleanup.push(Cleanup::MqName(reply_c));
    Ok(pair)
}

// ---------------------------------------------------------------------------------------
// POSIX shared memory + named semaphores.

/// One direction: a ring of slots guarded by (full, empty) semaphores, and this side's
/// count of messages sent into it or taken from it.
struct SemRing {
    full: Rc<NamedSem>,
    empty: Rc<NamedSem>,
    base: usize,
    slots: usize,
    slot: usize,
    count: usize,
}

impl SemRing {
    #[inline]
    fn next(&mut self) -> usize {
        let off = self.base + self.count * self.slot;
        self.count = (self.count + 1) % self.slots;
        off
    }
}

pub struct PshmSem {
    tx: SemRing,
    rx: SemRing,
    region: Rc<Region>,
}

impl Transport for PshmSem {
    #[inline]
    fn send(&mut self, buf: &mut Buf) -> Result<(), Errno> {
        retry(|| self.tx.empty.wait(SemWait::Forever))?;
        // The slot is ours between wait(empty) and post(full).
        let off = self.tx.next();
        self.region.write(off, buf.payload());
        retry(|| self.tx.full.post())
    }

    #[inline]
    fn recv(&mut self, buf: &mut Buf) -> Result<(), Errno> {
        retry(|| self.rx.full.wait(SemWait::Forever))?;
        // The slot is ours between wait(full) and post(empty).
        let off = self.rx.next();
        self.region.read(off, buf.payload_mut());
        retry(|| self.rx.empty.post())
    }
}

fn named_sem(value: u32) -> Result<Rc<NamedSem>, SetupError> {
    let name = format!("/{}", unique_name());
    let c = std::ffi::CString::new(name.clone())
        .map_err(|_| fail(&format!("psem:{name}"), Errno::EINVAL))?;
    NamedSem::create_unlinked(&c, value)
        .map(Rc::new)
        .map_err(|e| fail(&format!("psem:{name}: sem_open"), e))
}

pub(super) fn pshm_sem(size: usize) -> Result<Pair<PshmSem>, SetupError> {
    let slot = round_line(size);
    let slots = ring_slots(size);
    let ring = slots * slot;
    let region = Rc::new(pshm_region(2 * ring)?);
    let (a_full, a_empty, b_full, b_empty) = (
        named_sem(0)?,
        named_sem(slots as u32)?,
        named_sem(0)?,
        named_sem(slots as u32)?,
    );
    let dir = |full: &Rc<NamedSem>, empty: &Rc<NamedSem>, base| SemRing {
        full: full.clone(),
        empty: empty.clone(),
        base,
        slots,
        slot,
        count: 0,
    };
    Ok(Pair::new(
        PshmSem {
            tx: dir(&a_full, &a_empty, 0),
            rx: dir(&b_full, &b_empty, ring),
            region: region.clone(),
        },
        PshmSem {
            tx: dir(&b_full, &b_empty, ring),
            rx: dir(&a_full, &a_empty, 0),
            region,
        },
        size,
        ring_note(size, "sem_wait/sem_post"),
    ))
}
