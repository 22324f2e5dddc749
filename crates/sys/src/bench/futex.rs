//! futex(2) wait and wake on a 32-bit word that may live in memory shared between
//! processes (so the non-private operations).

use std::sync::atomic::AtomicU32;

use nix::errno::Errno;

use super::signals::aborting;

/// Wait while `*word == val`. A spurious wake-up, a changed value (EAGAIN) and an EINTR
/// while no stop was asked for all return Ok: the caller re-checks the word.
#[inline]
pub fn wait(word: &AtomicU32, val: u32) -> Result<(), Errno> {
    // SAFETY: `word` is a live, aligned u32 for the duration of the call (a reference);
    // no timeout.
    let r = unsafe {
        libc::syscall(
            libc::SYS_futex,
            word.as_ptr(),
            libc::FUTEX_WAIT,
            val,
            std::ptr::null::<libc::timespec>(),
        )
    };
    if r == 0 {
        return Ok(());
    }
    match Errno::last() {
        Errno::EAGAIN => Ok(()),
        Errno::EINTR if !aborting() => Ok(()),
        e => Err(e),
    }
}

/// Wake one waiter on `word`.
#[inline]
pub fn wake(word: &AtomicU32) -> Result<(), Errno> {
    // SAFETY: `word` is a live, aligned u32; FUTEX_WAKE only uses the address.
    let r = unsafe { libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAKE, 1) };
    if r < 0 { Err(Errno::last()) } else { Ok(()) }
}
