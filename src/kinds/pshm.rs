//! POSIX shared memory objects (`pshm`, the files `/dev/shm/NAME`).
//!
//! - Identity: (device, inode) of the file, re-checked with fstatat (never following a link)
//!   right before it is unlinked relative to the opened /dev/shm directory.
//! - Removal: only the name goes; processes that have it mapped or open keep the memory
//!   until the last close/unmap.
//! - Holders: processes mapping it or holding a descriptor to it, matched by (dev, inode).
//! - Names starting with `sem.` belong to named semaphores (`psem`) and are refused here.
//! - Read/write: the file is opened relative to /dev/shm without following symlinks and
//!   accessed with pread/pwrite in bounded chunks, which cannot SIGBUS when the object
//!   shrinks meanwhile. Nothing is ever written past the end.

use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::FileExt;

use nix::errno::Errno;
use nix::fcntl::{AtFlags, OFlag};
use nix::sys::stat::{Mode, SFlag};

use super::posix::{self, cname, create_failed, new_ref, with_umask0};
use super::{Outcome, Spec};
use crate::collect::{Live, Source};
use crate::error::{Error, errno_reason};
use crate::model::{Ident, Object, Ref};
use crate::ops::{check_fits, check_range, chunk_len};

pub const REMOVAL_MEANS: &str = "only the name goes; processes that have it open keep it, and its memory stays until the last close";

/// glibc keeps named semaphores as `/dev/shm/sem.NAME`; a pshm object of that name would be
/// listed as (and would overwrite) a semaphore.
const SEM_PREFIX: &str = "sem.";

/// Unlink the object after re-checking its (device, inode).
pub fn remove(_live: Live, src: &Source, o: &Object) -> Result<(), Error> {
    let name = posix::name_of(o)?;
    let dir = posix::open_dir(&src.dev_shm())?;
    posix::unlink_checked(&dir, &name, o)
}

fn refuse_sem_name(r: &Ref) -> Result<(), Error> {
    if let Ident::Name(n) = &r.ident
        && n.starts_with(SEM_PREFIX)
    {
        return Err(Error::usage(format!(
            "{r}: names starting with '{SEM_PREFIX}' belong to POSIX named semaphores in /dev/shm (psem:/{}); choose another name",
            &n[SEM_PREFIX.len()..]
        )));
    }
    Ok(())
}

pub fn create(_live: Live, s: &Spec) -> Result<Outcome, Error> {
    let r = new_ref(s)?;
    refuse_sem_name(&r)?;
    let size = s
        .size
        .ok_or_else(|| Error::usage("create pshm: --size is required (e.g. --size 4K)"))?;
    let size_off =
        i64::try_from(size).map_err(|_| Error::usage(format!("--size {size} is too large")))?;
    let c = cname(&r)?;
    let opened = with_umask0(|| {
        nix::sys::mman::shm_open(
            c.as_c_str(),
            OFlag::O_CREAT | OFlag::O_EXCL | OFlag::O_RDWR | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
            Mode::from_bits_truncate(s.mode & 0o7777),
        )
    });
    let fd = match opened {
        Ok(fd) => fd,
        Err(Errno::EEXIST) if s.exist_ok => {
            // Accept only a real shm object, not a FIFO, symlink or directory of that name.
            let dir = std::fs::File::open("/dev/shm").map_err(|e| Error::io("/dev/shm", e))?;
            let name = std::ffi::OsStr::from_bytes(&c.as_bytes()[1..]);
            let st = nix::sys::stat::fstatat(&dir, name, AtFlags::AT_SYMLINK_NOFOLLOW)
                .map_err(|e| Error::object(&r, errno_reason(e)))?;
            if SFlag::from_bits_truncate(st.st_mode) & SFlag::S_IFMT != SFlag::S_IFREG {
                return Err(Error::object(
                    &r,
                    "exists but is not a regular file (FIFO, symlink, directory or device); not a POSIX shm object",
                ));
            }
            return Ok(Outcome::Existing(r));
        }
        Err(e) => return create_failed(r, s.exist_ok, e),
    };
    if let Err(e) = nix::unistd::ftruncate(&fd, size_off) {
        // We created this object a moment ago.
        let _ = nix::sys::mman::shm_unlink(c.as_c_str());
        let why = match e {
            Errno::EFBIG | Errno::EINVAL => format!("size {size} is too large for /dev/shm"),
            other => errno_reason(other),
        };
        return Err(Error::object(
            &r,
            format!("cannot set size: {why}; not created"),
        ));
    }
    Ok(Outcome::Created(r))
}

/// Open `/dev/shm/NAME` relative to the directory, never through a symlink, and check it is
/// a regular file before anything is read from or written to it.
fn open(src: &Source, r: &Ref, write: bool) -> Result<(std::fs::File, u64), Error> {
    let Ident::Name(name) = &r.ident else {
        return Err(Error::usage(format!(
            "{r}: POSIX objects are addressed by name"
        )));
    };
    let name = posix::file_name(name);
    let dir_path = src.dev_shm();
    let dir = posix::open_dir(&dir_path)?;
    let st = posix::regular_file_at(&dir, &name, r, "a POSIX shm object")?;
    let mode = if write {
        OFlag::O_RDWR
    } else {
        OFlag::O_RDONLY
    };
    let fd: OwnedFd = nix::fcntl::openat(
        &dir,
        name.as_os_str(),
        mode | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC | OFlag::O_NONBLOCK,
        Mode::empty(),
    )
    .map_err(|e| match e {
        Errno::ENOENT => Error::NotFound(r.to_string()),
        Errno::ELOOP => Error::object(r, "is a symlink in /dev/shm; not followed"),
        e => Error::object(r, errno_reason(e)),
    })?;
    let now = nix::sys::stat::fstat(&fd).map_err(|e| Error::object(r, errno_reason(e)))?;
    if now.st_dev != st.st_dev || now.st_ino != st.st_ino {
        return Err(Error::object(
            r,
            "was replaced while being opened; not used",
        ));
    }
    Ok((std::fs::File::from(fd), now.st_size.max(0) as u64))
}

/// The object's size in bytes (checked to be a regular file first).
pub fn size(_live: Live, src: &Source, r: &Ref) -> Result<u64, Error> {
    open(src, r, false).map(|(_, size)| size)
}

fn io_error(r: &Ref, e: std::io::Error) -> Error {
    match e.raw_os_error() {
        Some(n) => Error::object(r, errno_reason(Errno::from_raw(n))),
        None => Error::object(r, e),
    }
}

/// Stream `len` bytes (None: to the end) at `offset` into `sink`, one bounded chunk at a
/// time; returns the number of bytes read (fewer when the object shrank meanwhile).
pub fn read(
    _live: Live,
    src: &Source,
    r: &Ref,
    offset: u64,
    len: Option<u64>,
    sink: &mut dyn FnMut(&[u8]) -> Result<(), Error>,
) -> Result<u64, Error> {
    let (file, size) = open(src, r, false)?;
    let len = check_range(r, size, offset, len)?;
    let mut buf = vec![0u8; chunk_len(len, 0)];
    let mut done = 0u64;
    while done < len {
        let want = chunk_len(len, done);
        let n = loop {
            match file.read_at(&mut buf[..want], offset + done) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(io_error(r, e)),
            }
        };
        if n == 0 {
            break; // shrank meanwhile
        }
        sink(&buf[..n])?;
        done += n as u64;
    }
    Ok(done)
}

/// Write `data` at `offset`; refuses to write past the end (the object is never grown).
pub fn write(_live: Live, src: &Source, r: &Ref, offset: u64, data: &[u8]) -> Result<(), Error> {
    refuse_sem_name(r)?;
    let (file, size) = open(src, r, true)?;
    check_fits(r, size, offset, data.len())?;
    file.write_all_at(data, offset).map_err(|e| io_error(r, e))
}
