//! Thin wrappers over the syscalls of the hot loops (clock, futex, retry on EINTR) and the
//! process-wide state of a run: signal flags (Ctrl-C, peer exited, watchdog) and CPU pinning.

use std::sync::atomic::{AtomicU32, Ordering};

use nix::errno::Errno;
use nix::sched::CpuSet;
use nix::sys::signal::{SaFlags, SigAction, SigHandler, SigSet, Signal, sigaction};
use nix::unistd::Pid;

/// CLOCK_MONOTONIC in integer nanoseconds (vDSO, no syscall).
#[inline]
pub fn now_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Why to stop, one bit per reason, set by signal handlers; one load tells the hot loops.
static ABORT: AtomicU32 = AtomicU32::new(0);
const INTERRUPTED: u32 = 1;
const PEER_EXITED: u32 = 2;
const TIMED_OUT: u32 = 4;

extern "C" fn on_signal(sig: libc::c_int) {
    // Only an atomic RMW: async-signal-safe.
    let bit = match sig {
        libc::SIGCHLD => PEER_EXITED,
        libc::SIGALRM => TIMED_OUT,
        _ => INTERRUPTED,
    };
    ABORT.fetch_or(bit, Ordering::SeqCst);
    if sig == libc::SIGCHLD {
        // The peer may have died just before we entered a blocking call that only it could
        // end (msgrcv, futex wait): that call saw no EINTR. Interrupt it again in a second.
        // SAFETY: alarm is async-signal-safe.
        unsafe { libc::alarm(1) };
    }
}

/// Why the client loop stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Abort {
    Interrupted,
    PeerExited,
    TimedOut,
}

/// The reason to stop, if any signal asked for it.
pub fn abort_reason() -> Option<Abort> {
    let a = ABORT.load(Ordering::SeqCst);
    if a & INTERRUPTED != 0 {
        Some(Abort::Interrupted)
    } else if a & PEER_EXITED != 0 {
        Some(Abort::PeerExited)
    } else if a & TIMED_OUT != 0 {
        Some(Abort::TimedOut)
    } else {
        None
    }
}

/// Whether a signal asked to stop (one relaxed load: cheap enough for every iteration).
#[inline]
pub fn aborting() -> bool {
    ABORT.load(Ordering::Relaxed) != 0
}

pub fn interrupted() -> bool {
    ABORT.load(Ordering::SeqCst) & INTERRUPTED != 0
}

/// Clear the per-measurement flags before a new peer is forked.
pub fn reset_peer_flags() {
    ABORT.fetch_and(!(PEER_EXITED | TIMED_OUT), Ordering::SeqCst);
}

const HANDLED: [Signal; 4] = [
    Signal::SIGINT,
    Signal::SIGTERM,
    Signal::SIGCHLD,
    Signal::SIGALRM,
];

/// Handlers for SIGINT/SIGTERM (stop and clean up), SIGCHLD (the peer died) and SIGALRM (the
/// watchdog), installed without SA_RESTART so that a blocked syscall returns EINTR and the
/// loop can look at the flags. Restores the previous handlers on drop.
pub struct SignalGuard {
    old: Vec<(Signal, SigAction)>,
}

impl SignalGuard {
    pub fn install() -> Result<SignalGuard, Errno> {
        let sa = SigAction::new(
            SigHandler::Handler(on_signal),
            SaFlags::SA_NOCLDSTOP,
            SigSet::empty(),
        );
        let mut old = Vec::new();
        for sig in HANDLED {
            // SAFETY: the handler only stores to atomics, which is async-signal-safe.
            let prev = unsafe { sigaction(sig, &sa) }?;
            old.push((sig, prev));
        }
        Ok(SignalGuard { old })
    }
}

impl Drop for SignalGuard {
    fn drop(&mut self) {
        alarm(0);
        for (sig, prev) in &self.old {
            // SAFETY: restores the disposition that was in place before.
            let _ = unsafe { sigaction(*sig, prev) };
        }
    }
}

/// In the forked peer: Ctrl-C is ignored (the parent handles it: it kills the peer and
/// cleans up), SIGCHLD and SIGALRM are back to their defaults, and SIGTERM keeps the
/// flag-setting handler so that a blocked call returns and the peer can clean up when its
/// parent died.
pub fn child_signals() {
    ABORT.store(0, Ordering::SeqCst);
    let ign = SigAction::new(SigHandler::SigIgn, SaFlags::empty(), SigSet::empty());
    let dfl = SigAction::new(SigHandler::SigDfl, SaFlags::empty(), SigSet::empty());
    // SAFETY: setting dispositions to SIG_IGN/SIG_DFL has no handler to be unsafe.
    unsafe {
        let _ = sigaction(Signal::SIGINT, &ign);
        let _ = sigaction(Signal::SIGCHLD, &dfl);
        let _ = sigaction(Signal::SIGALRM, &dfl);
    }
}

/// (Re)arm the watchdog: SIGALRM after `secs` seconds; 0 disarms.
pub fn alarm(secs: u32) {
    // SAFETY: alarm has no memory-safety preconditions.
    unsafe { libc::alarm(secs) };
}

/// Run a raw syscall wrapper until it succeeds, retrying EINTR unless a signal asked us to
/// stop (then EINTR is returned, also before the first attempt).
#[inline]
pub fn retry(mut f: impl FnMut() -> isize) -> Result<usize, Errno> {
    loop {
        if aborting() {
            return Err(Errno::EINTR);
        }
        let r = f();
        if r >= 0 {
            return Ok(r as usize);
        }
        let e = Errno::last();
        if e != Errno::EINTR || aborting() {
            return Err(e);
        }
    }
}

/// Wait while `*word == val` (a shared, not process-private, futex).
#[inline]
pub fn futex_wait(word: &AtomicU32, val: u32) -> Result<(), Errno> {
    // SAFETY: `word` is a live, aligned u32 (in shared memory); no timeout.
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
pub fn futex_wake(word: &AtomicU32) -> Result<(), Errno> {
    // SAFETY: `word` is a live, aligned u32; FUTEX_WAKE only reads the address.
    let r = unsafe { libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAKE, 1) };
    if r < 0 { Err(Errno::last()) } else { Ok(()) }
}

/// The CPUs this process may run on.
pub fn allowed_cpus() -> Vec<usize> {
    match nix::sched::sched_getaffinity(Pid::from_raw(0)) {
        Ok(set) => (0..CpuSet::count())
            .filter(|&c| set.is_set(c).unwrap_or(false))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Pin the calling process to one CPU.
pub fn pin(cpu: usize) -> Result<(), Errno> {
    let mut set = CpuSet::new();
    set.set(cpu)?;
    nix::sched::sched_setaffinity(Pid::from_raw(0), &set)
}

/// Restores this process's CPU affinity on drop.
pub struct AffinityGuard {
    saved: Option<CpuSet>,
}

impl AffinityGuard {
    pub fn save() -> AffinityGuard {
        AffinityGuard {
            saved: nix::sched::sched_getaffinity(Pid::from_raw(0)).ok(),
        }
    }

    /// Undo any pinning now (for unpinned measurements).
    pub fn restore(&self) {
        if let Some(set) = &self.saved {
            let _ = nix::sched::sched_setaffinity(Pid::from_raw(0), set);
        }
    }
}

impl Drop for AffinityGuard {
    fn drop(&mut self) {
        self.restore();
    }
}
