//! Raw system calls about processes and /proc that nix does not wrap safely.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// The birth time (epoch seconds) of the file at `path`, from statx `STATX_BTIME`, without
/// following a final symlink; `None` when the filesystem does not record it (tmpfs does on
/// kernels ≥ 5.x) or the file cannot be reached.
pub fn birth_time(path: &Path) -> Option<i64> {
    let c = CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut stx = std::mem::MaybeUninit::<libc::statx>::zeroed();
    // SAFETY: `c` is a valid NUL-terminated path and `stx` a writable statx buffer that
    // lives across the call; AT_FDCWD makes the path relative to the working directory.
    let r = unsafe {
        libc::statx(
            libc::AT_FDCWD,
            c.as_ptr(),
            libc::AT_SYMLINK_NOFOLLOW | libc::AT_STATX_SYNC_AS_STAT,
            libc::STATX_BTIME,
            stx.as_mut_ptr(),
        )
    };
    if r != 0 {
        return None;
    }
    // SAFETY: statx succeeded, so it filled the buffer (zeroed beforehand in any case).
    let stx = unsafe { stx.assume_init() };
    (stx.stx_mask & libc::STATX_BTIME != 0 && stx.stx_btime.tv_sec > 0)
        .then_some(stx.stx_btime.tv_sec)
}

#[cfg(test)]
mod tests {
    #[test]
    fn birth_time_of_a_fresh_file() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x");
        std::fs::write(&f, b"x").unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        // Filesystems without birth times say so (None); with one it is about now.
        if let Some(b) = super::birth_time(&f) {
            assert!((now - b).abs() < 60, "{b} vs {now}");
        }
        assert_eq!(super::birth_time(&dir.path().join("missing")), None);
    }
}
