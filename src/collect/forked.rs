//! Run a closure in a forked child and get its result back over a pipe (as JSON). Used where
//! the work must happen in another mount namespace (a private mqueue mount, a container's
//! /dev/shm) without changing ipcctl's own namespaces.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Fork, run `f` in the child, and return its value. ipcctl is single-threaded whenever this
/// is called, so the child may do anything `f` needs; it leaves with `_exit` (the parent's
/// destructors never run twice). An `Err` names what failed in the plumbing itself.
pub fn in_child<T, F>(f: F) -> Result<T, String>
where
    T: Serialize + DeserializeOwned,
    F: FnOnce() -> T,
{
    use nix::sys::wait::waitpid;
    use nix::unistd::{ForkResult, fork, pipe};
    use std::io::{Read, Write};

    let (rd, wr) = pipe().map_err(|e| format!("pipe: {e}"))?;
    // SAFETY: single-threaded caller (see above); the child runs `f`, writes to the pipe and
    // leaves with _exit.
    match unsafe { fork() }.map_err(|e| format!("fork: {e}"))? {
        ForkResult::Child => {
            drop(rd);
            let value = f();
            let mut w = std::fs::File::from(wr);
            let _ = w.write_all(serde_json::to_string(&value).unwrap_or_default().as_bytes());
            drop(w);
            // SAFETY: leave the forked child without running the parent's destructors.
            unsafe { libc::_exit(0) }
        }
        ForkResult::Parent { child } => {
            drop(wr);
            let mut text = String::new();
            let read = std::fs::File::from(rd).read_to_string(&mut text);
            let _ = waitpid(child, None);
            read.map_err(|e| format!("reading from the child process: {e}"))?;
            serde_json::from_str(&text)
                .map_err(|e| format!("bad answer from the child process: {e}"))
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn value_comes_back_from_the_child() {
        let pid = std::process::id();
        let got: Result<(u32, String), String> =
            super::in_child(|| (std::process::id(), "hello".to_string()));
        let (child_pid, text) = got.unwrap();
        assert_ne!(child_pid, pid, "ran in another process");
        assert_eq!(text, "hello");
    }
}
