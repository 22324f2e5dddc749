//! glibc named semaphores (`psem`, the files `/dev/shm/sem.NAME`).
//!
//! - Identity: (device, inode) of the file, re-checked with fstatat (never following a link)
//!   right before `sem.NAME` is unlinked relative to the opened /dev/shm directory.
//! - Removal: only the name goes; processes that have it open keep using it.
//! - Holders: processes mapping the file (glibc maps it on sem_open), matched by (dev, inode).
//! - Create, open and unlink all go through the one opened /dev/shm directory (with `--ns`,
//!   the container's, opened inside its root), never through a path or sem_open by name.
//! - Operations: post / wait / timed wait / value, done by `sys::psem` on the file opened
//!   through that directory (glibc's protocol, every access guarded against SIGBUS: the owner
//!   may truncate the file at any moment). A file shorter than `sizeof(sem_t)` is refused
//!   before it is mapped; one truncated later gives an error naming the object.

use std::os::fd::AsFd;

use nix::errno::Errno;
use nix::fcntl::AtFlags;
use nix::unistd::UnlinkatFlags;

use super::posix::{self, create_failed, new_ref};
use super::{Outcome, Spec};
use crate::collect::posix_shm::{SEM_T_SIZE, SEM_VALUE_MAX};
use crate::collect::{Live, Source};
use crate::error::{Error, errno_reason};
use crate::model::{Object, Ref};
use crate::ops::{Wait, fail};
use crate::sys::posix::sem_t_image;
use crate::sys::psem::{self as sys_psem, SemFile};

pub const REMOVAL_MEANS: &str = "only the name goes; processes that have it open keep it, and its memory stays until the last close";

/// glibc keeps a named semaphore in `/dev/shm/sem.NAME`.
use crate::model::SEM_FILE_PREFIX as SEM_PREFIX;

/// The file glibc keeps a named semaphore in, relative to /dev/shm.
pub fn file_name(name: &std::ffi::OsStr) -> std::ffi::OsString {
    let mut f = std::ffi::OsString::from(SEM_PREFIX);
    f.push(name);
    f
}

/// Unlink `sem.NAME` after re-checking its (device, inode).
pub fn remove(_live: Live, src: &Source, o: &Object) -> Result<(), Error> {
    let name = posix::name_of(o)?;
    let dir = posix::shm_dir(src, &o.reference)?;
    posix::unlink_checked(&dir, &file_name(&name), o, src.user_ns.is_some())
}

/// Create `sem.NAME` as glibc's sem_open(O_CREAT|O_EXCL) does, but relative to the opened
/// /dev/shm (with `--ns`, the container's): the semaphore is written into a file with a
/// fresh random name, which is then linked to `sem.NAME` (refused if that exists) and
/// unlinked, so the name never shows a half-made semaphore.
pub fn create(_live: Live, src: &Source, s: &Spec) -> Result<Outcome, Error> {
    use std::io::Write;
    let r = new_ref(s)?;
    if s.value > SEM_VALUE_MAX {
        return Err(Error::usage(format!(
            "{r}: --value {} is above SEM_VALUE_MAX ({SEM_VALUE_MAX})",
            s.value
        )));
    }
    let target = posix::entry_name(&r, SEM_PREFIX)?;
    let dir = posix::shm_dir(src, &r)?;
    let (tmp, fd) = posix::create_temp_at(&dir, "sem.tmp-", s.mode)
        .map_err(|e| Error::object(&r, format!("cannot create: {}", errno_reason(e))))?;
    let written = std::fs::File::from(fd).write_all(&sem_t_image(s.value));
    let linked = match written {
        Ok(()) => nix::unistd::linkat(
            &dir,
            tmp.as_os_str(),
            &dir,
            target.as_os_str(),
            AtFlags::empty(),
        ),
        Err(e) => Err(e.raw_os_error().map_or(Errno::EIO, Errno::from_raw)),
    };
    let _ = nix::unistd::unlinkat(&dir, tmp.as_os_str(), UnlinkatFlags::NoRemoveDir);
    match linked {
        Ok(()) => Ok(Outcome::Created(r)),
        Err(e) => create_failed(r, s.exist_ok, e),
    }
}

/// Open and map the semaphore through the opened /dev/shm, after checking the file is a
/// regular file of at least `sizeof(sem_t)` bytes, guarded (`sys::psem`): a later
/// truncation gives an error, not SIGBUS. `write`: for post and wait; a value is read
/// through a read-only mapping.
fn open(src: &Source, r: &Ref, write: bool) -> Result<SemFile, Error> {
    let file = posix::entry_name(r, SEM_PREFIX)?;
    let dir = posix::shm_dir(src, r)?;
    let (f, st) = if write {
        posix::open_regular_at(&dir, &file, r, "a named semaphore", true)?
    } else {
        posix::open_for_reading(src, &dir, &file, r, "a named semaphore")?
    };
    if (st.st_size.max(0) as u64) < SEM_T_SIZE {
        return Err(Error::object(
            r,
            format!(
                "malformed: the file is {} bytes, a named semaphore has {SEM_T_SIZE}; not opened (mapping it would crash)",
                st.st_size
            ),
        ));
    }
    SemFile::map(f.as_fd(), write).map_err(|e| fail(r, e))
}

/// An error of a semaphore operation; EFAULT is `sys::psem`'s "the file was truncated".
fn sem_fail(r: &Ref, e: Errno) -> Error {
    match e {
        Errno::EFAULT => Error::object(
            r,
            format!(
                "truncated by its owner while in use: the file no longer holds a named semaphore ({SEM_T_SIZE} bytes)"
            ),
        ),
        e => fail(r, e),
    }
}

fn no_index(r: &Ref, index: u32) -> Result<(), Error> {
    if index != 0 {
        return Err(Error::usage(format!(
            "{r}: a POSIX semaphore has one value (index 0); --index {index} does not apply"
        )));
    }
    Ok(())
}

/// The semaphore's one value (`index`, when given, must be 0).
pub fn get(_live: Live, src: &Source, r: &Ref, index: Option<u32>) -> Result<Vec<i32>, Error> {
    no_index(r, index.unwrap_or(0))?;
    let s = open(src, r, false)?;
    Ok(vec![s.value().map_err(|e| sem_fail(r, e))?])
}

/// Increment (V) the semaphore.
pub fn post(_live: Live, src: &Source, r: &Ref, index: u32) -> Result<(), Error> {
    no_index(r, index)?;
    let s = open(src, r, true)?;
    s.post().map_err(|e| match e {
        Errno::EOVERFLOW => Error::object(r, "value is already at SEM_VALUE_MAX"),
        e => sem_fail(r, e),
    })
}

/// Decrement (P) the semaphore, waiting while it is 0 as `wait` allows.
pub fn wait(_live: Live, src: &Source, r: &Ref, index: u32, wait: Wait) -> Result<(), Error> {
    no_index(r, index)?;
    let s = open(src, r, true)?;
    let how = match wait {
        Wait::NoWait => sys_psem::Wait::Try,
        Wait::Forever => sys_psem::Wait::Until(None),
        // A deadline too far to represent never comes.
        Wait::Timeout(d) => sys_psem::Wait::Until(std::time::Instant::now().checked_add(d)),
    };
    match (s.wait(how, &crate::interrupt::pending), wait) {
        (Ok(()), _) => Ok(()),
        (Err(Errno::EAGAIN), _) => Err(Error::object(r, "value is 0 (would block)")),
        (Err(Errno::ETIMEDOUT), Wait::Timeout(d)) => Err(Error::Timeout {
            object: r.to_string(),
            what: "value stayed 0".into(),
            waited: d,
        }),
        (Err(e), _) => Err(sem_fail(r, e)),
    }
}
