//! POSIX shared memory objects (`pshm`, the files `/dev/shm/NAME`).
//!
//! - Identity: (device, inode) of the file, re-checked with fstatat (never following a link)
//!   right before it is unlinked relative to the opened /dev/shm directory.
//! - Removal: only the name goes; processes that have it mapped or open keep the memory
//!   until the last close/unmap.
//! - Holders: processes mapping it or holding a descriptor to it, matched by (dev, inode).
//! - Names starting with `sem.` belong to named semaphores (`psem`) and are refused here.
//! - Create, read, write and unlink all go through the one opened /dev/shm directory (with
//!   `--ns`, the container's, opened inside its root), never through a path or shm_open.
//! - Read/write: the file is opened relative to /dev/shm without following symlinks and
//!   accessed with pread/pwrite in bounded chunks, which cannot SIGBUS when the object
//!   shrinks meanwhile. Nothing is ever written past the end.

use std::os::unix::fs::FileExt;

use nix::errno::Errno;
use nix::fcntl::AtFlags;
use nix::sys::stat::SFlag;
use nix::unistd::UnlinkatFlags;

use super::posix::{self, create_failed, new_ref};
use super::{Outcome, Spec};
use crate::collect::{Live, Source};
use crate::error::{Error, errno_reason};
use crate::model::{Ident, Object, Ref};
use crate::ops::{check_fits, check_range, chunk_len};

pub const REMOVAL_MEANS: &str = "only the name goes; processes that have it open keep it, and its memory stays until the last close";

/// glibc keeps named semaphores as `/dev/shm/sem.NAME`; a pshm object of that name would be
/// listed as (and would overwrite) a semaphore.
use crate::model::SEM_FILE_PREFIX as SEM_PREFIX;

/// Unlink the object after re-checking its (device, inode).
pub fn remove(_live: Live, src: &Source, o: &Object) -> Result<(), Error> {
    let name = posix::name_of(o)?;
    let dir = posix::shm_dir(src, &o.reference)?;
    posix::unlink_checked(&dir, &name, o, src.user_ns.is_some())
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

/// Create the object as shm_open(O_CREAT|O_EXCL) would, but relative to the opened /dev/shm
/// (with `--ns`, the container's), and give it its size.
pub fn create(_live: Live, src: &Source, s: &Spec) -> Result<Outcome, Error> {
    let r = new_ref(s)?;
    refuse_sem_name(&r)?;
    let size = s
        .size
        .ok_or_else(|| Error::usage("create pshm: --size is required (e.g. --size 4K)"))?;
    let size_off =
        i64::try_from(size).map_err(|_| Error::usage(format!("--size {size} is too large")))?;
    let name = posix::entry_name(&r, "")?;
    let dir = posix::shm_dir(src, &r)?;
    let fd = match posix::create_at(&dir, &name, s.mode) {
        Ok(fd) => fd,
        Err(Errno::EEXIST) if s.exist_ok => {
            // Accept only a real shm object, not a FIFO, symlink or directory of that name.
            let st = nix::sys::stat::fstatat(&dir, name.as_os_str(), AtFlags::AT_SYMLINK_NOFOLLOW)
                .map_err(|e| Error::os(&r, e))?;
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
        // We created this object a moment ago: remove it if the name is still ours.
        if let (Ok(mine), Ok(now)) = (
            nix::sys::stat::fstat(&fd),
            nix::sys::stat::fstatat(&dir, name.as_os_str(), AtFlags::AT_SYMLINK_NOFOLLOW),
        ) && (mine.st_dev, mine.st_ino) == (now.st_dev, now.st_ino)
        {
            let _ = nix::unistd::unlinkat(&dir, name.as_os_str(), UnlinkatFlags::NoRemoveDir);
        }
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

/// Open the object relative to the opened /dev/shm, never through a symlink, after checking
/// it is a regular file; with its size.
fn open(src: &Source, r: &Ref, write: bool) -> Result<(std::fs::File, u64), Error> {
    let name = posix::entry_name(r, "")?;
    let dir = posix::shm_dir(src, r)?;
    let (file, st) = if write {
        posix::open_regular_at(&dir, &name, r, "a POSIX shm object", true)?
    } else {
        posix::open_for_reading(src, &dir, &name, r, "a POSIX shm object")?
    };
    Ok((file, st.st_size.max(0) as u64))
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
