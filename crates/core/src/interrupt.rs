//! Ctrl-C while blocked: a SIGINT handler that only sets a flag and does not restart system
//! calls, so a blocked msgrcv/semop/mq_receive returns EINTR and the command exits 130
//! (`Error::Interrupted`) after cleaning up, instead of dying mid-operation. The handler
//! itself is installed by `sys::process`.

/// Install the handler (idempotent). Called by commands that may block.
pub fn install() {
    crate::sys::process::install_sigint_flag();
}

/// Also stop on SIGTERM (`kill`, `timeout`, a service manager): commands that change the
/// terminal (`top`) restore it on either signal instead of dying with it raw.
pub fn install_with_term() {
    install();
    crate::sys::process::install_sigterm_flag();
}

/// True once SIGINT (or, after `install_with_term`, SIGTERM) arrived.
pub fn pending() -> bool {
    crate::sys::process::sigint_pending()
}
