//! Named POSIX semaphores, unlinked right after creation (nothing outlives the run); the
//! open handles stay valid in a child forked later.

use std::ffi::CString;
use std::ptr::NonNull;

use nix::errno::Errno;

/// An open, already unlinked, named semaphore; closed on drop.
pub struct NamedSem {
    sem: NonNull<libc::sem_t>,
}

impl NamedSem {
    /// Create `name` (e.g. `/ipcctl-bench-1-2`, must not exist) with `value`, then unlink it.
    pub fn create_unlinked(name: &str, value: u32) -> Result<NamedSem, Errno> {
        let c = CString::new(name).map_err(|_| Errno::EINVAL)?;
        // SAFETY: valid C string; the handle is checked below.
        let s = unsafe {
            libc::sem_open(
                c.as_ptr(),
                libc::O_CREAT | libc::O_EXCL,
                0o600 as libc::c_uint,
                value,
            )
        };
        if s == libc::SEM_FAILED {
            return Err(Errno::last());
        }
        // SAFETY: valid C string; the open handle keeps the semaphore alive.
        unsafe { libc::sem_unlink(c.as_ptr()) };
        let sem = NonNull::new(s).ok_or(Errno::EFAULT)?;
        Ok(NamedSem { sem })
    }

    /// One sem_wait; EINTR is returned (see `signals::retry`).
    #[inline]
    pub fn wait(&self) -> Result<(), Errno> {
        // SAFETY: an open semaphore, kept open by `self`.
        let r = unsafe { libc::sem_wait(self.sem.as_ptr()) };
        if r < 0 { Err(Errno::last()) } else { Ok(()) }
    }

    #[inline]
    pub fn post(&self) -> Result<(), Errno> {
        // SAFETY: as in `wait`.
        let r = unsafe { libc::sem_post(self.sem.as_ptr()) };
        if r < 0 { Err(Errno::last()) } else { Ok(()) }
    }
}

impl Drop for NamedSem {
    fn drop(&mut self) {
        // SAFETY: our own handle, closed once.
        unsafe { libc::sem_close(self.sem.as_ptr()) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unlinked_named_semaphore_counts() {
        let name = format!("/ipcctl-test-{}-sem", std::process::id());
        let s = NamedSem::create_unlinked(&name, 1).unwrap();
        // Unlinked at once: the name is free again, nothing is left in /dev/shm.
        assert!(!std::path::Path::new(&format!("/dev/shm/sem.{}", &name[1..])).exists());
        s.wait().unwrap();
        s.post().unwrap();
        s.wait().unwrap();
        assert_eq!(
            NamedSem::create_unlinked("/bad\0name", 0).err(),
            Some(Errno::EINVAL)
        );
    }
}
