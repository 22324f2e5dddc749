//! The process-wide stop flags of a benchmark run, set by signal handlers: Ctrl-C/SIGTERM
//! (stop and clean up), SIGCHLD (the peer died), SIGALRM (the watchdog). Handlers are
//! installed without SA_RESTART so that a blocked call returns EINTR and the hot loops can
//! look at the flags. Also the SIGUSR1 wake-ups of the `signal` mechanism.

use std::ffi::c_int;
use std::sync::atomic::{AtomicU32, Ordering};

use nix::errno::Errno;
use nix::sys::signal::{
    SaFlags, SigAction, SigHandler, SigSet, SigmaskHow, Signal, kill, pthread_sigmask, sigaction,
};
use nix::unistd::{Pid, alarm as nix_alarm};

/// Why to stop, one bit per reason, set by signal handlers; one load tells the hot loops.
static ABORT: AtomicU32 = AtomicU32::new(0);
const INTERRUPTED: u32 = 1;
const PEER_EXITED: u32 = 2;
const TIMED_OUT: u32 = 4;

extern "C" fn on_signal(sig: c_int) {
    // Only an atomic RMW and alarm(2): async-signal-safe.
    let bit = if sig == Signal::SIGCHLD as c_int {
        PEER_EXITED
    } else if sig == Signal::SIGALRM as c_int {
        TIMED_OUT
    } else {
        INTERRUPTED
    };
    ABORT.fetch_or(bit, Ordering::SeqCst);
    if bit == PEER_EXITED {
        // The peer may have died just before we entered a blocking call that only it could
        // end (msgrcv, futex wait): that call saw no EINTR. Interrupt it again in a second.
        nix_alarm::set(1);
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

/// The flag-setting handlers for SIGINT, SIGTERM, SIGCHLD and SIGALRM; the previous
/// dispositions come back on drop.
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
            // SAFETY: the handler only touches an atomic and calls alarm(2), both
            // async-signal-safe.
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
    // SAFETY: SIG_IGN and SIG_DFL install no handler code.
    unsafe {
        let _ = sigaction(Signal::SIGINT, &ign);
        let _ = sigaction(Signal::SIGCHLD, &dfl);
        let _ = sigaction(Signal::SIGALRM, &dfl);
    }
}

/// (Re)arm the watchdog: SIGALRM after `secs` seconds; 0 disarms.
pub fn alarm(secs: u32) {
    if secs == 0 {
        nix_alarm::cancel();
    } else {
        nix_alarm::set(secs);
    }
}

/// Run a call until it succeeds, retrying EINTR unless a signal asked us to stop (then
/// EINTR is returned, also before the first attempt).
#[inline]
pub fn retry<T>(mut f: impl FnMut() -> Result<T, Errno>) -> Result<T, Errno> {
    loop {
        if aborting() {
            return Err(Errno::EINTR);
        }
        match f() {
            Ok(v) => return Ok(v),
            Err(Errno::EINTR) if !aborting() => {}
            Err(e) => return Err(e),
        }
    }
}

fn usr1() -> SigSet {
    let mut set = SigSet::empty();
    set.add(Signal::SIGUSR1);
    set
}

/// SIGUSR1 blocked in this thread (and so in a peer forked later): wake-ups are taken with
/// [`wait_usr1`], never delivered to a handler. On drop a pending SIGUSR1 is discarded and
/// the previous mask restored.
pub struct Usr1Blocked {
    old: SigSet,
}

impl Usr1Blocked {
    pub fn block() -> Result<Usr1Blocked, Errno> {
        let mut old = SigSet::empty();
        pthread_sigmask(SigmaskHow::SIG_BLOCK, Some(&usr1()), Some(&mut old))?;
        Ok(Usr1Blocked { old })
    }
}

impl Drop for Usr1Blocked {
    fn drop(&mut self) {
        let set = usr1();
        let zero = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `set` and `zero` are initialized locals; no siginfo is asked for.
        while unsafe { libc::sigtimedwait(set.as_ref(), std::ptr::null_mut(), &zero) } > 0 {}
        let _ = pthread_sigmask(SigmaskHow::SIG_SETMASK, Some(&self.old), None);
    }
}

/// Wait for a (blocked) SIGUSR1. Unlike sigwait(3), EINTR from the run's own handlers is
/// returned when a stop was asked for.
#[inline]
pub fn wait_usr1(set: &SigSet) -> Result<(), Errno> {
    retry(|| {
        // SAFETY: `set` is an initialized signal set; no siginfo is asked for.
        let r = unsafe { libc::sigwaitinfo(set.as_ref(), std::ptr::null_mut()) };
        if r < 0 { Err(Errno::last()) } else { Ok(()) }
    })
}

/// The set holding SIGUSR1 alone, for [`wait_usr1`].
pub fn usr1_set() -> SigSet {
    usr1()
}

/// Wake the peer waiting in [`wait_usr1`].
#[inline]
pub fn send_usr1(peer: Pid) -> Result<(), Errno> {
    retry(|| kill(peer, Signal::SIGUSR1))
}
