//! Forking the benchmark's peer process.

use std::fmt;

use nix::errno::Errno;
use nix::unistd::{ForkResult, Pid};

/// Why no peer could be forked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForkError {
    /// The process runs other threads: a forked child could deadlock on their locks.
    Threads(usize),
    Errno(Errno),
}

impl fmt::Display for ForkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ForkError::Threads(n) => write!(
                f,
                "fork: the process runs {n} threads; the benchmark forks only when it runs one"
            ),
            ForkError::Errno(e) => write!(f, "fork: {}", e.desc()),
        }
    }
}

/// Threads of this process, from /proc/self/status (1 when unreadable: Linux always has it).
fn thread_count() -> usize {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Threads:"))
                .and_then(|v| v.trim().parse().ok())
        })
        .unwrap_or(1)
}

/// Fork; the child runs `child` and leaves with its return value through `_exit`, running
/// no destructor and no atexit handler (the parent's objects stay the parent's). Refused
/// while other threads run.
pub fn fork_peer(child: impl FnOnce() -> i32) -> Result<Pid, ForkError> {
    let threads = thread_count();
    if threads > 1 {
        return Err(ForkError::Threads(threads));
    }
    // SAFETY: the process runs a single thread (checked above), so the child may run
    // arbitrary code; it never returns from this function.
    match unsafe { nix::unistd::fork() } {
        Ok(ForkResult::Parent { child }) => Ok(child),
        Ok(ForkResult::Child) => {
            let code = child();
            // SAFETY: _exit never returns and has no preconditions.
            unsafe { libc::_exit(code) }
        }
        Err(e) => Err(ForkError::Errno(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multi_threaded_process_is_not_forked() {
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let t = std::thread::spawn(move || rx.recv());
        let r = fork_peer(|| 0);
        drop(tx);
        let _ = t.join();
        match r {
            Err(ForkError::Threads(n)) => assert!(n >= 2, "{n}"),
            other => panic!("forked a multi-threaded process: {other:?}"),
        }
    }
}
