//! Reading and writing bytes of System V (`shm`) and POSIX (`pshm`) shared memory. System V
//! segments are attached (read-only for `read`) and detached again; POSIX objects are opened
//! relative to /dev/shm without following symlinks and accessed with pread/pwrite, which
//! cannot SIGBUS when the object shrinks meanwhile. Nothing is ever written past the end.

use std::os::fd::{AsRawFd, OwnedFd};

use std::os::unix::fs::FileExt;

use nix::errno::Errno;

use super::{fail, sysv_id};
use crate::collect::Source;
use crate::error::{Error, errno_reason};
use crate::model::{Ident, Kind, Ref};

/// Check that `[offset, offset+len)` lies inside a segment of `size` bytes; `len` None means
/// "to the end". Returns the length to use.
pub fn check_range(r: &Ref, size: u64, offset: u64, len: Option<u64>) -> Result<u64, Error> {
    if offset >= size {
        return Err(Error::object(
            r,
            format!(
                "offset {offset} is past the end (the segment has {size} bytes, offsets 0..{})",
                size.saturating_sub(1)
            ),
        ));
    }
    let len = len.unwrap_or(size - offset);
    if len > size - offset {
        return Err(Error::object(
            r,
            format!(
                "{len} bytes at offset {offset} run past the end (the segment has {size} bytes; {} fit)",
                size - offset
            ),
        ));
    }
    Ok(len)
}

/// An attached System V segment, detached on drop.
struct Attached {
    addr: *mut libc::c_void,
    size: u64,
}

impl Drop for Attached {
    fn drop(&mut self) {
        // SAFETY: addr came from shmat and is detached once.
        unsafe { libc::shmdt(self.addr) };
    }
}

fn shm_attach(r: &Ref, readonly: bool) -> Result<Attached, Error> {
    let id = sysv_id(r)?;
    // SAFETY: shmid_ds is plain data; IPC_STAT fills it.
    let mut ds: libc::shmid_ds = unsafe { std::mem::zeroed() };
    // SAFETY: ds lives for the call.
    Errno::result(unsafe { libc::shmctl(id, libc::IPC_STAT, &mut ds) }).map_err(|e| fail(r, e))?;
    let flags = if readonly { libc::SHM_RDONLY } else { 0 };
    // SAFETY: the kernel picks the address; the mapping is released by Attached's Drop.
    let addr = unsafe { libc::shmat(id, std::ptr::null(), flags) };
    if addr as isize == -1 {
        return Err(fail(r, Errno::last()));
    }
    Ok(Attached {
        addr,
        size: ds.shm_segsz as u64,
    })
}

/// Open `/dev/shm/NAME` relative to the directory, never through a symlink.
fn pshm_open(src: &Source, r: &Ref, write: bool) -> Result<(OwnedFd, u64), Error> {
    let Ident::Name(name) = &r.ident else {
        return Err(Error::usage(format!(
            "{r}: POSIX objects are addressed by name"
        )));
    };
    let dir_path = src.dev_shm();
    let dir = std::fs::File::open(&dir_path).map_err(|e| Error::io(&dir_path, e))?;
    let c = std::ffi::CString::new(name.as_str())
        .map_err(|_| Error::usage(format!("{r}: name contains NUL")))?;
    let mode = if write { libc::O_RDWR } else { libc::O_RDONLY };
    // SAFETY: valid dir fd and name.
    let fd = unsafe {
        libc::openat(
            dir.as_raw_fd(),
            c.as_ptr(),
            mode | libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK,
        )
    };
    if fd < 0 {
        return Err(match Errno::last() {
            Errno::ENOENT => Error::NotFound(r.to_string()),
            Errno::ELOOP => Error::object(r, "is a symlink in /dev/shm; not followed"),
            e => Error::object(r, errno_reason(e)),
        });
    }
    // SAFETY: fd was just opened and is owned here only.
    let fd = unsafe { <OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(fd) };
    // SAFETY: stat is plain data; fd is valid.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: fd is open; st lives for the call.
    Errno::result(unsafe { libc::fstat(fd.as_raw_fd(), &mut st) })
        .map_err(|e| Error::object(r, errno_reason(e)))?;
    if st.st_mode & libc::S_IFMT != libc::S_IFREG {
        return Err(Error::object(
            r,
            "is not a regular file; not a POSIX shm object",
        ));
    }
    Ok((fd, st.st_size as u64))
}

/// Read `len` bytes (None: to the end) at `offset`.
pub fn read(src: &Source, r: &Ref, offset: u64, len: Option<u64>) -> Result<Vec<u8>, Error> {
    match r.kind {
        Kind::Shm => {
            let a = shm_attach(r, true)?;
            let len = check_range(r, a.size, offset, len)?;
            let mut out = vec![0u8; len as usize];
            // SAFETY: [offset, offset+len) lies inside the attached segment (checked above);
            // out has len bytes. Other processes may write concurrently: we copy a snapshot.
            unsafe {
                std::ptr::copy_nonoverlapping(
                    (a.addr as *const u8).add(offset as usize),
                    out.as_mut_ptr(),
                    len as usize,
                );
            }
            Ok(out)
        }
        _ => {
            let (fd, size) = pshm_open(src, r, false)?;
            let len = check_range(r, size, offset, len)?;
            let mut out = vec![0u8; len as usize];
            // read_at retries EINTR; a short read means the object shrank meanwhile.
            let file = std::fs::File::from(fd);
            let mut done = 0usize;
            while done < out.len() {
                match file.read_at(&mut out[done..], offset + done as u64) {
                    Ok(0) => break,
                    Ok(n) => done += n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(io_error(r, e)),
                }
            }
            out.truncate(done);
            Ok(out)
        }
    }
}

fn io_error(r: &Ref, e: std::io::Error) -> Error {
    match e.raw_os_error() {
        Some(n) => Error::object(r, errno_reason(Errno::from_raw(n))),
        None => Error::object(r, e),
    }
}

/// Write `data` at `offset`; refuses to write past the end (the segment is never grown).
pub fn write(src: &Source, r: &Ref, offset: u64, data: &[u8]) -> Result<(), Error> {
    let fits = |size: u64| -> Result<(), Error> {
        if offset >= size {
            return check_range(r, size, offset, None).map(drop);
        }
        if data.len() as u64 > size - offset {
            return Err(Error::object(
                r,
                format!(
                    "{} bytes at offset {offset} do not fit (the segment has {size} bytes; {} fit from there); nothing written",
                    data.len(),
                    size - offset
                ),
            ));
        }
        Ok(())
    };
    match r.kind {
        Kind::Shm => {
            let a = shm_attach(r, false)?;
            fits(a.size)?;
            // SAFETY: [offset, offset+len) lies inside the segment attached read-write.
            unsafe {
                std::ptr::copy_nonoverlapping(
                    data.as_ptr(),
                    (a.addr as *mut u8).add(offset as usize),
                    data.len(),
                );
            }
            Ok(())
        }
        _ => {
            let (fd, size) = pshm_open(src, r, true)?;
            fits(size)?;
            std::fs::File::from(fd)
                .write_all_at(data, offset)
                .map_err(|e| io_error(r, e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let r: Ref = "shm:1".parse().unwrap();
        assert_eq!(check_range(&r, 10, 0, None).unwrap(), 10);
        assert_eq!(check_range(&r, 10, 4, Some(6)).unwrap(), 6);
        assert!(
            check_range(&r, 10, 10, None)
                .unwrap_err()
                .to_string()
                .contains("past the end")
        );
        assert!(check_range(&r, 10, 4, Some(7)).is_err());
    }
}
