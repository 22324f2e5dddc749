//! What the per-kind mutations in `crate::kinds` share: how long an operation may wait, the
//! polling loop for System V's untimed calls, range checks for segment reads and writes, and
//! the mapping of an errno onto an error that names the object. Nothing here prints.

use std::time::{Duration, Instant};

use nix::errno::Errno;

use crate::error::Error;
use crate::model::Ref;

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

/// Which errnos mean "the object is gone" for the call that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gone {
    /// A System V id (IPC_STAT, IPC_RMID): ENOENT, EINVAL (no such id) and EIDRM.
    SysvId,
    /// A POSIX name or file: ENOENT.
    Name,
    /// An operation that may wait (send, receive, semop, post): ENOENT and EINVAL; EIDRM
    /// means it was removed while waiting, which is a failure of its own.
    Operation,
}

/// The one errno-to-error map: an errno from a call on `object` becomes `NotFound` when it
/// means the object is gone (`gone` says which do for that call), `Interrupted` after
/// Ctrl-C, and otherwise an object error that keeps the errno.
pub(crate) fn from_errno(object: impl ToString, e: nix::errno::Errno, gone: Gone) -> Error {
    use nix::errno::Errno;
    let is_gone = match gone {
        Gone::SysvId => matches!(e, Errno::ENOENT | Errno::EINVAL | Errno::EIDRM),
        Gone::Name => e == Errno::ENOENT,
        Gone::Operation => matches!(e, Errno::ENOENT | Errno::EINVAL),
    };
    match e {
        _ if is_gone => Error::NotFound(object.to_string()),
        Errno::EINTR if crate::interrupt::pending() => Error::Interrupted,
        Errno::EIDRM if gone == Gone::Operation => {
            Error::object(object, "was removed while waiting (EIDRM)")
        }
        other => Error::os(object, other),
    }
}

/// Map an errno from an operation on `r` to an error naming it: EINTR after Ctrl-C is
/// `Interrupted`; a vanished object is `NotFound`.
pub(crate) fn fail(r: &Ref, e: Errno) -> Error {
    from_errno(r, e, Gone::Operation)
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

/// Segment reads and writes move at most this many bytes at a time, so memory stays bounded
/// whatever the segment's size.
pub const CHUNK: u64 = 1 << 20;

/// The length of the chunk that starts `done` bytes into a transfer of `len` bytes.
pub fn chunk_len(len: u64, done: u64) -> usize {
    len.saturating_sub(done).min(CHUNK) as usize
}

/// Check that `[offset, offset+len)` lies inside a segment of `size` bytes; `len` None means
/// "to the end". Returns the length to use.
pub fn check_range(r: &Ref, size: u64, offset: u64, len: Option<u64>) -> Result<u64, Error> {
    if offset >= size {
        return Err(Error::object(
            r,
            format!(
                "offset {offset} is past the end (the segment has {size} bytes, offsets 0..{})",
                size.saturating_sub(1)
            ),
        ));
    }
    let len = len.unwrap_or(size - offset);
    if len > size - offset {
        return Err(Error::object(
            r,
            format!(
                "{len} bytes at offset {offset} run past the end (the segment has {size} bytes; {} fit)",
                size - offset
            ),
        ));
    }
    Ok(len)
}

/// Check that `len` bytes written at `offset` fit a segment of `size` bytes.
pub fn check_fits(r: &Ref, size: u64, offset: u64, len: usize) -> Result<(), Error> {
    if offset >= size {
        return check_range(r, size, offset, None).map(drop);
    }
    if len as u64 > size - offset {
        return Err(Error::object(
            r,
            format!(
                "{len} bytes at offset {offset} do not fit (the segment has {size} bytes; {} fit from there); nothing written",
                size - offset
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let r: Ref = "shm:1".parse().unwrap();
        assert_eq!(check_range(&r, 10, 0, None).unwrap(), 10);
        assert_eq!(check_range(&r, 10, 4, Some(6)).unwrap(), 6);
        assert!(
            check_range(&r, 10, 10, None)
                .unwrap_err()
                .to_string()
                .contains("past the end")
        );
        assert!(check_range(&r, 10, 4, Some(7)).is_err());
        assert!(check_fits(&r, 10, 4, 7).is_err());
        assert!(check_fits(&r, 10, 4, 6).is_ok());
    }

    #[test]
    fn chunks_are_bounded() {
        assert_eq!(chunk_len(10, 0), 10);
        assert_eq!(chunk_len(u64::MAX, 0), CHUNK as usize);
        assert_eq!(chunk_len(CHUNK + 5, CHUNK), 5);
    }

    /// One map, with what "gone" means for the call that failed.
    #[test]
    fn one_errno_map() {
        let nf = |e: Error| matches!(e, Error::NotFound(_));
        assert!(nf(from_errno("r", Errno::EINVAL, Gone::SysvId)));
        assert!(nf(from_errno("r", Errno::EIDRM, Gone::SysvId)));
        assert!(!nf(from_errno("r", Errno::EINVAL, Gone::Name)));
        assert!(nf(from_errno("r", Errno::ENOENT, Gone::Name)));
        let e = from_errno("r", Errno::EIDRM, Gone::Operation);
        assert_eq!(e.to_string(), "r: was removed while waiting (EIDRM)");
        let e = from_errno("r", Errno::EPERM, Gone::Operation);
        assert_eq!(e.errno(), Some(Errno::EPERM));
        assert_eq!(e.to_string(), "r: permission denied");
        assert_eq!(
            from_errno("r", Errno::EINTR, Gone::Operation).to_string(),
            "r: interrupted by a signal"
        );
    }
}
