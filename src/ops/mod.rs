//! The only code that changes the system (create, send, recv, write, sem, rm). Nothing here
//! prints; every function returns a typed result or an error naming the object.
pub mod create;
pub mod msgq;
pub mod remove;
pub mod segment;
pub mod semaphore;

use std::ffi::CString;
use std::time::{Duration, Instant};

use nix::errno::Errno;

use crate::error::{Error, errno_reason};
use crate::model::{Ident, Kind, Ref};

/// How long a blocking operation (send to a full queue, receive from an empty one, wait on a
/// semaphore at 0) may wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Block until it can proceed (or Ctrl-C).
    Forever,
    /// Fail at once.
    NoWait,
    /// Give up after this long.
    Timeout(Duration),
}

impl Wait {
    pub fn new(nowait: bool, timeout: Option<Duration>) -> Wait {
        match (nowait, timeout) {
            (true, _) => Wait::NoWait,
            (false, Some(t)) => Wait::Timeout(t),
            (false, None) => Wait::Forever,
        }
    }
}

/// Map an errno from an operation on `r` to an error naming it: EINTR after Ctrl-C is
/// `Interrupted`; a vanished object is `NotFound`.
pub(crate) fn fail(r: &Ref, e: Errno) -> Error {
    match e {
        Errno::EINTR if crate::interrupt::pending() => Error::Interrupted,
        Errno::EINTR => Error::object(r, "interrupted by a signal"),
        Errno::EIDRM => Error::object(r, "was removed while waiting (EIDRM)"),
        Errno::ENOENT | Errno::EINVAL => Error::NotFound(r.to_string()),
        other => Error::object(r, errno_reason(other)),
    }
}

/// The System V id a reference names: ids are used as given (the syscall itself reports a
/// missing id), keys are looked up with `*get(key, 0)`.
pub(crate) fn sysv_id(r: &Ref) -> Result<i32, Error> {
    let key = match &r.ident {
        Ident::Id(id) => return Ok(*id),
        Ident::Key(k) => *k as libc::key_t,
        Ident::Name(_) => {
            return Err(Error::usage(format!("{r}: System V objects have no names")));
        }
    };
    // SAFETY: plain syscalls; flags 0 only look the key up, never create.
    let id = unsafe {
        match r.kind {
            Kind::Msg => libc::msgget(key, 0),
            Kind::Shm => libc::shmget(key, 0, 0),
            Kind::Sem => libc::semget(key, 0, 0),
            _ => return Err(Error::usage(format!("{r}: not a System V object"))),
        }
    };
    Errno::result(id).map_err(|e| fail(r, e))
}

/// `/NAME` as a C string for mq_open, shm_open and sem_open.
pub(crate) fn posix_cname(r: &Ref) -> Result<CString, Error> {
    match &r.ident {
        Ident::Name(n) => CString::new(format!("/{n}"))
            .map_err(|_| Error::usage(format!("{r}: a name must not contain NUL"))),
        _ => Err(Error::usage(format!(
            "{r}: POSIX objects are addressed by name ({}:/NAME)",
            r.kind
        ))),
    }
}

/// A number from a /proc/sys file, e.g. `kernel/msgmax`.
pub(crate) fn sysctl(rel: &str) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/sys/{rel}"))
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// An absolute CLOCK_REALTIME deadline `d` from now (for mq_timed*, sem_timedwait).
pub(crate) fn realtime_deadline(d: Duration) -> libc::timespec {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let t = now.saturating_add(d);
    libc::timespec {
        tv_sec: t.as_secs().min(i64::MAX as u64) as libc::time_t,
        tv_nsec: libc::c_long::from(t.subsec_nanos() as i32),
    }
}

/// Retry `attempt` (a non-blocking try that returns EAGAIN/ENOMSG while it cannot proceed)
/// until it succeeds, `deadline` passes (`Ok(None)`) or Ctrl-C. Sleeps with a backoff from
/// 100 µs up to 5 ms between tries, so waiting costs next to no CPU.
pub(crate) fn poll_until<T>(
    deadline: Option<Instant>,
    mut attempt: impl FnMut() -> Result<Option<T>, Error>,
) -> Result<Option<T>, Error> {
    let mut pause = Duration::from_micros(100);
    loop {
        if let Some(v) = attempt()? {
            return Ok(Some(v));
        }
        if crate::interrupt::pending() {
            return Err(Error::Interrupted);
        }
        let now = Instant::now();
        if deadline.is_some_and(|d| now >= d) {
            return Ok(None);
        }
        let step = match deadline {
            Some(d) => pause.min(d - now),
            None => pause,
        };
        std::thread::sleep(step);
        pause = (pause * 2).min(Duration::from_millis(5));
    }
}

/// `2s`, `150ms`: a duration as the user wrote it, for messages.
pub(crate) fn fmt_duration(d: Duration) -> String {
    humantime::format_duration(d).to_string()
}

/// Check the reference is one of `kinds`; a usage error naming what the command works on.
pub fn require_kind(cmd: &str, r: &Ref, kinds: &[Kind], works_on: &str) -> Result<(), Error> {
    if kinds.contains(&r.kind) {
        return Ok(());
    }
    Err(Error::usage(format!(
        "{cmd}: {r} is a {}; {cmd} works on {works_on}",
        crate::render::objects::kind_name(r.kind)
    )))
}
