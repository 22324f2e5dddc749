//! One backend per kind of IPC object. Each file (`msg`, `shm`, `sem`, `pmq`, `pshm`,
//! `psem`) owns, for its kind: how an object is identified and re-checked right before a
//! mutation, how it is removed and what removal means for its users, how it is created, and
//! its operations (send/recv, read/write, semaphore ops). Listing is read-only and lives in
//! `crate::collect` (`sysv`, `posix_mq`, `posix_shm`); holder recognition lives in
//! `crate::collect::holders`.
//!
//! What each kind is and supports is its capability table, [`info`] (`kind.info()`): every
//! other module asks it instead of naming kinds, and [`require`] refuses an operation the
//! table says a kind does not take. Commands reach a kind only through the functions below,
//! each an exhaustive `match` over `Kind`: adding a kind is a compile error here until every
//! operation says what it does for it (or that it is not supported). Every mutation takes a [`Live`] proof that the command
//! is acting on the live system, not on a `--root` fixture tree, and runs through
//! `as_tenant`: with `--ns` into a container that has its own user namespace, with the rights
//! of that container's root (see `collect::namespaces::as_tenant`).

pub mod info;
pub mod msg;
pub mod pmq;
pub mod psem;
pub mod pshm;
pub mod sem;
pub mod shm;

mod posix;
mod sysv;

use crate::collect::namespaces::as_tenant;
use crate::collect::{Live, Source};
use crate::error::{Error, Result};
use crate::model::{Kind, Message, Object, Ref};
use crate::ops::Wait;
use info::Op;

/// What to create; sizes already parsed, mode already octal.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    pub kind: Kind,
    /// POSIX name (without '/').
    pub name: Option<String>,
    /// System V key; `None` = a fresh random key.
    pub key: Option<u32>,
    pub mode: u32,
    pub size: Option<u64>,
    pub nsems: u32,
    pub values: Vec<u16>,
    pub value: u32,
    pub max_messages: Option<i64>,
    pub message_size: Option<i64>,
    pub max_bytes: Option<u64>,
    pub exist_ok: bool,
}

/// The reference of the object, and whether it was made now.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    Created(Ref),
    Existing(Ref),
}

impl Outcome {
    pub fn reference(&self) -> &Ref {
        match self {
            Outcome::Created(r) | Outcome::Existing(r) => r,
        }
    }
}

/// What `send` should send.
#[derive(Debug, Clone)]
pub struct SendSpec {
    pub mtype: i64,
    pub priority: u32,
    pub wait: Wait,
}

/// Refuse `op` on an object whose kind does not support it (the capability table,
/// `info`, says which do: commands check here before anything else).
pub fn require(op: Op, r: &Ref) -> Result<()> {
    if r.kind.info().supports(op) {
        Ok(())
    } else {
        Err(unsupported(r, op))
    }
}

fn unsupported(r: &Ref, op: Op) -> Error {
    let (cmd, works_on) = crate::render::objects::op_words(op);
    Error::usage(format!(
        "{cmd}: {r} is a {}; {cmd} works on {works_on}",
        crate::render::objects::kind_name(r.kind)
    ))
}

fn exists_error(what: &Ref, existing: &Ref) -> Error {
    if what == existing {
        Error::object(what, "already exists; pass --exist-ok to accept it")
    } else {
        Error::object(
            what,
            format!("already exists (as {existing}); pass --exist-ok to accept it"),
        )
    }
}

/// What removing this object means for processes still using it: its kind's meaning, or,
/// for a directory or socket an application left in /dev/shm, what removing that entry does.
pub fn meaning_of(o: &Object) -> &'static str {
    match o.file_type {
        Some(_) => posix::NON_REGULAR_REMOVAL_MEANS,
        None => meaning(o.kind),
    }
}

/// What removing an object of this kind means for processes still using it.
pub fn meaning(kind: Kind) -> &'static str {
    match kind {
        Kind::Msg => msg::REMOVAL_MEANS,
        Kind::Shm => shm::REMOVAL_MEANS,
        Kind::Sem => sem::REMOVAL_MEANS,
        Kind::Pmq => pmq::REMOVAL_MEANS,
        Kind::Pshm => pshm::REMOVAL_MEANS,
        Kind::Psem => psem::REMOVAL_MEANS,
    }
}

/// Remove one object, after checking it is still the object that was listed (each kind's
/// `remove` says what it re-checks).
pub fn remove(live: Live, src: &Source, o: &Object) -> Result<()> {
    // The creator uid was listed from the host; inside a container's user namespace the
    // kernel reports it as that namespace sees it.
    let mut seen_inside = o.clone();
    seen_inside.cuid = o
        .cuid
        .map(|u| crate::collect::namespaces::uid_in_target(src, u));
    let o = &seen_inside;
    as_tenant(src, || match o.kind {
        Kind::Msg => msg::remove(live, o),
        Kind::Shm => shm::remove(live, o),
        Kind::Sem => sem::remove(live, o),
        Kind::Pmq => pmq::remove(live, src, o),
        Kind::Pshm => pshm::remove(live, src, o),
        Kind::Psem => psem::remove(live, src, o),
    })
}

/// Create an object as `spec` says.
pub fn create(live: Live, src: &Source, spec: &Spec) -> Result<Outcome> {
    as_tenant(src, || match spec.kind {
        Kind::Msg => msg::create(live, spec),
        Kind::Shm => shm::create(live, spec),
        Kind::Sem => sem::create(live, spec),
        Kind::Pmq => pmq::create(live, src, spec),
        Kind::Pshm => pshm::create(live, src, spec),
        Kind::Psem => psem::create(live, src, spec),
    })
}

/// Send one message.
pub fn send(live: Live, src: &Source, r: &Ref, data: &[u8], s: &SendSpec) -> Result<()> {
    as_tenant(src, || match r.kind {
        Kind::Msg => msg::send(live, r, data, s),
        Kind::Pmq => pmq::send(live, r, data, s),
        Kind::Shm | Kind::Sem | Kind::Pshm | Kind::Psem => Err(unsupported(r, Op::Send)),
    })
}

/// Receive one message (`mtype` with msgrcv's rules for msg; must be 0 for pmq).
pub fn recv(live: Live, src: &Source, r: &Ref, mtype: i64, wait: Wait) -> Result<Message> {
    as_tenant(src, || match r.kind {
        Kind::Msg => msg::recv(live, r, mtype, wait),
        Kind::Pmq => pmq::recv(live, r, wait),
        Kind::Shm | Kind::Sem | Kind::Pshm | Kind::Psem => Err(unsupported(r, Op::Recv)),
    })
}

/// Copy up to `count` messages (msgrcv's `mtype` rules) without removing them; refused
/// where the kernel cannot copy (a plain receive would consume them). Read-only, so it runs
/// with ipcctl's own rights, as listing does.
pub fn peek(live: Live, r: &Ref, mtype: i64, count: usize, wait: Wait) -> Result<Vec<Message>> {
    match r.kind {
        Kind::Msg => msg::peek(live, r, mtype, count, wait),
        Kind::Pmq | Kind::Shm | Kind::Sem | Kind::Pshm | Kind::Psem => {
            Err(unsupported(r, Op::Peek))
        }
    }
}

/// Whether `recv` of `mtype` from `r` can copy a message first and remove it only once it
/// was delivered ([`recv_copy`], then [`take_copied`]): a System V queue, the front of the
/// queue (type 0), on a kernel with MSG_COPY.
pub fn copies_before_taking(r: &Ref, mtype: i64) -> bool {
    match r.kind {
        Kind::Msg => mtype == 0 && matches!(msg::copy_supported(), Ok(true)),
        Kind::Pmq | Kind::Shm | Kind::Sem | Kind::Pshm | Kind::Psem => false,
    }
}

/// Copy the next message to receive, leaving it in the queue (see `copies_before_taking`).
pub fn recv_copy(live: Live, r: &Ref, mtype: i64, wait: Wait) -> Result<Message> {
    match r.kind {
        Kind::Msg => msg::peek_copied(live, r, mtype, 1, wait).map(|mut v| v.remove(0)),
        Kind::Pmq | Kind::Shm | Kind::Sem | Kind::Pshm | Kind::Psem => {
            Err(unsupported(r, Op::Peek))
        }
    }
}

/// Return an undelivered message to its queue, with the same type or priority.
pub fn put_back(live: Live, src: &Source, r: &Ref, m: &Message, wait: Wait) -> Result<()> {
    as_tenant(src, || match r.kind {
        Kind::Msg => msg::put_back(live, r, m, wait),
        Kind::Pmq => pmq::put_back(live, r, m, wait),
        Kind::Shm | Kind::Sem | Kind::Pshm | Kind::Psem => Err(unsupported(r, Op::Recv)),
    })
}

/// Remove a System V message that was copied (MSG_COPY) and delivered; when another
/// receiver took it first, the message taken instead comes back (to be put back).
pub fn take_copied(live: Live, src: &Source, r: &Ref, m: &Message) -> Result<Option<Message>> {
    as_tenant(src, || match r.kind {
        Kind::Msg => msg::take_copied(live, r, m),
        Kind::Pmq | Kind::Shm | Kind::Sem | Kind::Pshm | Kind::Psem => {
            Err(unsupported(r, Op::Peek))
        }
    })
}

/// Stream the bytes of a segment, `len` (None: to the end) at `offset`, into `sink` in
/// bounded chunks; returns how many were read.
pub fn read(
    live: Live,
    src: &Source,
    r: &Ref,
    offset: u64,
    len: Option<u64>,
    sink: &mut dyn FnMut(&[u8]) -> Result<()>,
) -> Result<u64> {
    match r.kind {
        Kind::Shm => shm::read(live, r, offset, len, sink),
        Kind::Pshm => pshm::read(live, src, r, offset, len, sink),
        Kind::Msg | Kind::Sem | Kind::Pmq | Kind::Psem => Err(unsupported(r, Op::Read)),
    }
}

/// Write `data` at `offset` of a segment, never past its end.
pub fn write(live: Live, src: &Source, r: &Ref, offset: u64, data: &[u8]) -> Result<()> {
    as_tenant(src, || match r.kind {
        Kind::Shm => shm::write(live, r, offset, data),
        Kind::Pshm => pshm::write(live, src, r, offset, data),
        Kind::Msg | Kind::Sem | Kind::Pmq | Kind::Psem => Err(unsupported(r, Op::Write)),
    })
}

/// The most bytes one send or write to `r` can take, and where that limit comes from: input
/// is read up to this (plus one byte, to tell "too large") and never without bound.
pub fn input_limit(live: Live, src: &Source, r: &Ref) -> Result<(u64, String)> {
    match r.kind {
        Kind::Msg => Ok(msg::max_message(live)),
        Kind::Pmq => pmq::max_message(live, r),
        Kind::Shm => shm::size(live, r).map(|n| (n, "the segment's size".into())),
        Kind::Pshm => pshm::size(live, src, r).map(|n| (n, "the object's size".into())),
        Kind::Sem | Kind::Psem => Err(unsupported(r, Op::Send)),
    }
}

/// Values of semaphores: all of a set, one (`index`), or a psem's single value.
pub fn sem_get(live: Live, src: &Source, r: &Ref, index: Option<u32>) -> Result<Vec<i32>> {
    match r.kind {
        Kind::Sem => sem::get(live, r, index),
        Kind::Psem => psem::get(live, src, r, index),
        Kind::Msg | Kind::Shm | Kind::Pmq | Kind::Pshm => Err(unsupported(r, Op::Sem)),
    }
}

/// Increment (V) one semaphore.
pub fn sem_post(live: Live, src: &Source, r: &Ref, index: u32) -> Result<()> {
    as_tenant(src, || match r.kind {
        Kind::Sem => sem::post(live, r, index),
        Kind::Psem => psem::post(live, src, r, index),
        Kind::Msg | Kind::Shm | Kind::Pmq | Kind::Pshm => Err(unsupported(r, Op::Sem)),
    })
}

/// Decrement (P) one semaphore, waiting while it is 0 as `wait` allows.
pub fn sem_wait(live: Live, src: &Source, r: &Ref, index: u32, wait: Wait) -> Result<()> {
    as_tenant(src, || match r.kind {
        Kind::Sem => sem::wait(live, r, index, wait),
        Kind::Psem => psem::wait(live, src, r, index, wait),
        Kind::Msg | Kind::Shm | Kind::Pmq | Kind::Pshm => Err(unsupported(r, Op::Sem)),
    })
}

/// Set values of a System V set (POSIX semaphores cannot be set).
pub fn sem_set(
    live: Live,
    src: &Source,
    r: &Ref,
    index: Option<u32>,
    values: &[i32],
) -> Result<()> {
    as_tenant(src, || match r.kind {
        Kind::Sem => sem::set(live, r, index, values),
        Kind::Psem => Err(Error::usage(format!(
            "{r}: POSIX semaphores cannot be set; use 'post' and 'wait' to change the value"
        ))),
        Kind::Msg | Kind::Shm | Kind::Pmq | Kind::Pshm => Err(unsupported(r, Op::Sem)),
    })
}
