//! glibc named semaphores (`psem`, the files `/dev/shm/sem.NAME`).
//!
//! - Identity: (device, inode) of the file, re-checked with fstatat (never following a link)
//!   right before `sem.NAME` is unlinked relative to the opened /dev/shm directory.
//! - Removal: only the name goes; processes that have it open keep using it.
//! - Holders: processes mapping the file (glibc maps it on sem_open), matched by (dev, inode).
//! - Operations: post / wait / timed wait / value, done by `sys::psem` on the file opened
//!   relative to /dev/shm (glibc's protocol, every access guarded against SIGBUS: the owner
//!   may truncate the file at any moment). A file shorter than `sizeof(sem_t)` is refused
//!   before it is mapped; one truncated later gives an error naming the object.

use std::os::fd::AsFd;

use nix::errno::Errno;
use nix::fcntl::OFlag;
use nix::sys::stat::{Mode, SFlag};

use super::posix::{self, cname, create_failed, new_ref, with_umask0};
use super::{Outcome, Spec};
use crate::collect::posix_shm::{SEM_T_SIZE, SEM_VALUE_MAX};
use crate::collect::{Live, Source};
use crate::error::Error;
use crate::model::{Ident, Object, Ref};
use crate::ops::{Wait, fail};
use crate::sys::posix::NamedSem;
use crate::sys::psem::{self as sys_psem, SemFile};

pub const REMOVAL_MEANS: &str = "only the name goes; processes that have it open keep it, and its memory stays until the last close";

/// The file glibc keeps a named semaphore in, relative to /dev/shm.
pub fn file_name(name: &std::ffi::OsStr) -> std::ffi::OsString {
    let mut f = std::ffi::OsString::from("sem.");
    f.push(name);
    f
}

/// Unlink `sem.NAME` after re-checking its (device, inode).
pub fn remove(_live: Live, src: &Source, o: &Object) -> Result<(), Error> {
    let name = posix::name_of(o)?;
    let dir = posix::open_dir(&src.dev_shm())?;
    posix::unlink_checked(&dir, &file_name(&name), o)
}

pub fn create(_live: Live, s: &Spec) -> Result<Outcome, Error> {
    let r = new_ref(s)?;
    if s.value > SEM_VALUE_MAX {
        return Err(Error::usage(format!(
            "{r}: --value {} is above SEM_VALUE_MAX ({SEM_VALUE_MAX})",
            s.value
        )));
    }
    let c = cname(&r)?;
    match with_umask0(|| NamedSem::create(&c, s.mode & 0o7777, s.value)) {
        Ok(_closed_on_drop) => Ok(Outcome::Created(r)),
        Err(e) => create_failed(r, s.exist_ok, e),
    }
}

/// Open the semaphore's file relative to /dev/shm (never following a link, never blocking on
/// a FIFO swapped in), check on the open file that it is regular and holds a whole `sem_t`,
/// and map it guarded (`sys::psem`): its owner may truncate it at any moment, which gives a
/// clear error instead of SIGBUS. Runs where `/dev/shm` is the object's (with `--ns`, in a
/// child inside the target's mount namespace).
fn open(r: &Ref) -> Result<SemFile, Error> {
    let Ident::Name(name) = &r.ident else {
        return Err(Error::usage(format!(
            "{r}: POSIX objects are addressed by name"
        )));
    };
    let dir = posix::open_dir(std::path::Path::new("/dev/shm"))?;
    let file = file_name(&posix::file_name(name));
    posix::regular_file_at(&dir, &file, r, "a named semaphore")?;
    let fd = nix::fcntl::openat(
        &dir,
        file.as_os_str(),
        OFlag::O_RDWR | OFlag::O_NOFOLLOW | OFlag::O_NONBLOCK | OFlag::O_CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| fail(r, e))?;
    let st = nix::sys::stat::fstat(&fd).map_err(|e| fail(r, e))?;
    if SFlag::from_bits_truncate(st.st_mode) & SFlag::S_IFMT != SFlag::S_IFREG {
        return Err(Error::object(
            r,
            "is not a regular file (it was replaced while being opened); not a named semaphore",
        ));
    }
    if (st.st_size.max(0) as u64) < SEM_T_SIZE {
        return Err(Error::object(
            r,
            format!(
                "malformed: the file is {} bytes, a named semaphore has {SEM_T_SIZE}; not opened (mapping it would crash)",
                st.st_size
            ),
        ));
    }
    SemFile::map(fd.as_fd()).map_err(|e| fail(r, e))
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
pub fn get(_live: Live, r: &Ref, index: Option<u32>) -> Result<Vec<i32>, Error> {
    no_index(r, index.unwrap_or(0))?;
    let s = open(r)?;
    Ok(vec![s.value().map_err(|e| sem_fail(r, e))?])
}

/// Increment (V) the semaphore.
pub fn post(_live: Live, r: &Ref, index: u32) -> Result<(), Error> {
    no_index(r, index)?;
    let s = open(r)?;
    s.post().map_err(|e| match e {
        Errno::EOVERFLOW => Error::object(r, "value is already at SEM_VALUE_MAX"),
        e => sem_fail(r, e),
    })
}

/// Decrement (P) the semaphore, waiting while it is 0 as `wait` allows.
pub fn wait(_live: Live, r: &Ref, index: u32, wait: Wait) -> Result<(), Error> {
    no_index(r, index)?;
    let s = open(r)?;
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
