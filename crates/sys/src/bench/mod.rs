//! The kernel as the benchmark (the `ipcctl-bench` crate) sees it: safe, typed functions and RAII
//! handles over the calls nix does not wrap safely, and the process-wide state of a run.
//!
//! - [`signals`]: the stop flags set by signal handlers (Ctrl-C, peer exited, watchdog),
//!   the watchdog alarm, EINTR-aware retry, SIGUSR1 wake-ups (block, wait, restore);
//! - [`process`]: forking the peer (the one `sys::process::fork_child`);
//! - [`cpu`]: the allowed CPUs, pinning, and restoring the affinity;
//! - [`futex`]: wait/wake on a shared 32-bit word;
//! - [`region`]: shared memory mappings (SysV segment, anonymous, file or POSIX shm) with
//!   bounds-checked copies and atomic words;
//! - [`msg`]: a private System V message queue and its aligned message buffer;
//!
//! Named semaphores and queue descriptors are `sys::posix`'s (`NamedSem::create_unlinked`,
//! `Mq`), the same handles the rest of ipcctl uses.
//!
//! Only this module decides what is sound; `ipcctl-bench` forbids `unsafe` and has no `libc`.

pub mod cpu;
pub mod futex;
pub mod msg;
pub mod process;
pub mod region;
pub mod signals;

use nix::errno::Errno;
use nix::time::{ClockId, clock_gettime};

/// CLOCK_MONOTONIC in integer nanoseconds (vDSO, no syscall).
#[inline]
pub fn now_ns() -> u64 {
    match clock_gettime(ClockId::CLOCK_MONOTONIC) {
        Ok(ts) => ts.tv_sec() as u64 * 1_000_000_000 + ts.tv_nsec() as u64,
        Err(_) => 0,
    }
}

/// A failed system call: which one, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallError {
    pub call: &'static str,
    pub errno: Errno,
}

impl CallError {
    pub(crate) fn new(call: &'static str, errno: Errno) -> CallError {
        CallError { call, errno }
    }
}
