//! Ctrl-C while blocked: a SIGINT handler that only sets a flag and does not restart system
//! calls, so a blocked msgrcv/semop/mq_receive returns EINTR and the command exits 130
//! (`Error::Interrupted`) after cleaning up, instead of dying mid-operation.

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_sigint(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Install the handler (idempotent). Called by commands that may block.
pub fn install() {
    use nix::sys::signal::{SaFlags, SigAction, SigHandler, SigSet, Signal, sigaction};
    let sa = SigAction::new(
        SigHandler::Handler(on_sigint),
        SaFlags::empty(), // no SA_RESTART: blocked calls return EINTR
        SigSet::empty(),
    );
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    let _ = unsafe { sigaction(Signal::SIGINT, &sa) };
}

/// True once SIGINT arrived.
pub fn pending() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}
