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
    use nix::unistd::pipe;
    use std::io::{Read, Write};

    let (rd, wr) = pipe().map_err(|e| format!("pipe: {e}"))?;
    let child = crate::sys::process::fork_child(move || {
        let value = f();
        let mut w = std::fs::File::from(wr);
        let _ = w.write_all(serde_json::to_string(&value).unwrap_or_default().as_bytes());
        0
    })
    .map_err(|e| format!("fork: {e}"))?;
    // The parent's write end was moved into the closure and closed with it, so reading
    // ends when the child exits.
    let mut text = String::new();
    let read = std::fs::File::from(rd).read_to_string(&mut text);
    let _ = waitpid(child, None);
    read.map_err(|e| format!("reading from the child process: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("bad answer from the child process: {e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_multi_threaded_process_does_not_fork() {
        // The test harness runs tests on threads; make sure there is a second one. (The
        // single-threaded path is exercised by the live tests through the binary.)
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let t = std::thread::spawn(move || rx.recv());
        let got: Result<u32, String> = super::in_child(std::process::id);
        drop(tx);
        let _ = t.join();
        let e = got.unwrap_err();
        assert!(e.starts_with("fork:"), "{e}");
    }
}
