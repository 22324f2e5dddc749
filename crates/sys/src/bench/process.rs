//! Forking the benchmark's peer process.

pub use crate::process::ForkError;

/// The benchmark's peer is forked like every child of ipcctl (`sys::process::fork_child`).
pub use crate::process::fork_child as fork_peer;

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
