//! Memory shared between the benchmark's two processes: a System V segment, an anonymous
//! shared mapping, or a shared mapping of a file (or POSIX shm object). The mapping is
//! reached only through bounds-checked copies and atomic words, never through references
//! to its bytes: the other process writes them at any time.

use std::num::NonZeroUsize;
use std::os::fd::AsFd;
use std::ptr::NonNull;
use std::sync::atomic::AtomicU32;

use nix::errno::Errno;
use nix::sys::mman::{MapFlags, ProtFlags, mmap, mmap_anonymous, munmap};

use super::CallError;

enum Kind {
    Mmap,
    SysV,
}

/// A shared mapping of `len` bytes, unmapped (or detached) on drop.
pub struct Region {
    ptr: NonNull<u8>,
    len: usize,
    kind: Kind,
}

fn nonzero(len: usize, call: &'static str) -> Result<NonZeroUsize, CallError> {
    NonZeroUsize::new(len).ok_or(CallError::new(call, Errno::EINVAL))
}

impl Region {
    /// A private System V segment, IPC_RMID'd right after attaching: it dies with the last
    /// detach, even if both processes are killed.
    pub fn sysv_private(len: usize) -> Result<Region, CallError> {
        nonzero(len, "shmget")?;
        // SAFETY: plain syscall; IPC_PRIVATE always creates a new segment.
        let id = unsafe { libc::shmget(libc::IPC_PRIVATE, len, libc::IPC_CREAT | 0o600) };
        if id < 0 {
            return Err(CallError::new("shmget", Errno::last()));
        }
        // SAFETY: attach anywhere the kernel likes; the result is checked below.
        let p = unsafe { libc::shmat(id, std::ptr::null(), 0) };
        let err = Errno::last();
        // SAFETY: plain syscall on the segment created above; an attached segment survives
        // IPC_RMID until its last detach.
        unsafe { libc::shmctl(id, libc::IPC_RMID, std::ptr::null_mut()) };
        if p as isize == -1 {
            return Err(CallError::new("shmat", err));
        }
        let ptr = NonNull::new(p.cast::<u8>()).ok_or(CallError::new("shmat", Errno::EFAULT))?;
        Ok(Region {
            ptr,
            len,
            kind: Kind::SysV,
        })
    }

    /// An anonymous MAP_SHARED mapping (shared with children forked later).
    pub fn anonymous(len: usize) -> Result<Region, CallError> {
        let n = nonzero(len, "mmap")?;
        // SAFETY: a fresh mapping at an address of the kernel's choice aliases nothing.
        let p = unsafe {
            mmap_anonymous(
                None,
                n,
                ProtFlags::PROT_READ | ProtFlags::PROT_WRITE,
                MapFlags::MAP_SHARED,
            )
        }
        .map_err(|e| CallError::new("mmap", e))?;
        Ok(Region {
            ptr: p.cast(),
            len,
            kind: Kind::Mmap,
        })
    }

    /// A MAP_SHARED mapping of the first `len` bytes of `fd` (a file or shm object at least
    /// that long; the descriptor may be closed afterwards).
    pub fn map(fd: impl AsFd, len: usize) -> Result<Region, CallError> {
        let n = nonzero(len, "mmap")?;
        // SAFETY: a fresh mapping at an address of the kernel's choice aliases no Rust
        // object; callers size the file first (touching beyond its end would be SIGBUS,
        // not undefined behaviour).
        let p = unsafe {
            mmap(
                None,
                n,
                ProtFlags::PROT_READ | ProtFlags::PROT_WRITE,
                MapFlags::MAP_SHARED,
                fd,
                0,
            )
        }
        .map_err(|e| CallError::new("mmap", e))?;
        Ok(Region {
            ptr: p.cast(),
            len,
            kind: Kind::Mmap,
        })
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The 32-bit word at `offset` (4-byte aligned, inside the region).
    ///
    /// # Panics
    /// When `offset` is misaligned or out of bounds: a bug of the caller's layout.
    #[inline]
    pub fn word(&self, offset: usize) -> &AtomicU32 {
        assert!(
            offset.is_multiple_of(4) && offset.checked_add(4).is_some_and(|e| e <= self.len),
            "word at {offset} outside a region of {} bytes",
            self.len
        );
        // SAFETY: in bounds and aligned (the mapping is page-aligned); an AtomicU32 may be
        // modified concurrently by the other process; the mapping lives as long as `self`.
        unsafe { &*self.ptr.as_ptr().add(offset).cast::<AtomicU32>() }
    }

    /// Copy `src` into the region at `offset`.
    ///
    /// # Panics
    /// When the range is out of bounds.
    #[inline]
    pub fn write(&self, offset: usize, src: &[u8]) {
        assert!(
            offset.checked_add(src.len()).is_some_and(|e| e <= self.len),
            "write of {} bytes at {offset} outside a region of {} bytes",
            src.len(),
            self.len
        );
        // SAFETY: the range is inside the mapping (checked above) and cannot overlap `src`,
        // a Rust object; raw copies, no reference to shared bytes is formed.
        unsafe {
            std::ptr::copy_nonoverlapping(src.as_ptr(), self.ptr.as_ptr().add(offset), src.len())
        };
    }

    /// Copy bytes of the region at `offset` into `dst`.
    ///
    /// # Panics
    /// When the range is out of bounds.
    #[inline]
    pub fn read(&self, offset: usize, dst: &mut [u8]) {
        assert!(
            offset.checked_add(dst.len()).is_some_and(|e| e <= self.len),
            "read of {} bytes at {offset} outside a region of {} bytes",
            dst.len(),
            self.len
        );
        // SAFETY: as in `write`; any byte pattern is a valid u8.
        unsafe {
            std::ptr::copy_nonoverlapping(
                self.ptr.as_ptr().add(offset),
                dst.as_mut_ptr(),
                dst.len(),
            )
        };
    }
}

impl Drop for Region {
    fn drop(&mut self) {
        match self.kind {
            Kind::Mmap => {
                // SAFETY: our own mapping of `len` bytes, unmapped once; no reference into
                // it outlives `self` (`word` borrows `self`).
                let _ = unsafe { munmap(self.ptr.cast(), self.len) };
            }
            Kind::SysV => {
                // SAFETY: our own attachment, detached once, as above.
                unsafe { libc::shmdt(self.ptr.as_ptr().cast()) };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering;

    fn exercise(r: &Region) {
        assert_eq!(r.len(), 4096);
        r.word(0).store(7, Ordering::SeqCst);
        assert_eq!(r.word(0).fetch_add(1, Ordering::SeqCst), 7);
        r.write(100, b"hello");
        let mut out = [0u8; 5];
        r.read(100, &mut out);
        assert_eq!(&out, b"hello");
        r.write(4091, b"end!!");
        r.read(4091, &mut out);
        assert_eq!(&out, b"end!!");
    }

    #[test]
    fn anonymous_and_sysv_regions() {
        exercise(&Region::anonymous(4096).unwrap());
        exercise(&Region::sysv_private(4096).unwrap());
        assert_eq!(
            Region::anonymous(0).err(),
            Some(CallError::new("mmap", Errno::EINVAL))
        );
    }

    #[test]
    fn file_region_is_shared_with_the_file() {
        let f = tempfile::tempfile().unwrap();
        f.set_len(4096).unwrap();
        let a = Region::map(&f, 4096).unwrap();
        let b = Region::map(&f, 4096).unwrap();
        a.write(10, b"xyz");
        let mut out = [0u8; 3];
        b.read(10, &mut out);
        assert_eq!(&out, b"xyz");
    }

    #[test]
    #[should_panic(expected = "outside a region")]
    fn out_of_bounds_write_panics() {
        Region::anonymous(64).unwrap().write(60, b"12345");
    }

    #[test]
    #[should_panic(expected = "outside a region")]
    fn misaligned_word_panics() {
        let _ = Region::anonymous(64).unwrap().word(2);
    }
}
