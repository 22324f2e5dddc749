//! System V shared memory segments (`shm`).
//!
//! - Identity: id + key + ctime + creator uid, re-checked with IPC_STAT right before
//!   IPC_RMID (a segment removed while attached reads key 0; ctime and creator must agree).
//! - Removal: IPC_RMID marks the segment for deletion; attached processes keep using it and
//!   the memory is freed after the last detach.
//! - Holders: processes that have it attached (`/proc/PID/maps` lines `SYSV<key>` with the
//!   segment's inode = shmid), and the kernel's nattch, which also counts processes the scan
//!   cannot read.
//! - Read/write: the segment is attached (read-only for `read`), copied in bounded chunks,
//!   and detached; nothing is ever written past the end.

use nix::errno::Errno;

use super::sysv::{self, Recorded};
use super::{Outcome, Spec};
use crate::collect::Live;
use crate::error::{Error, errno_reason};
use crate::model::{Object, Ref};
use crate::ops::{check_range, chunk_len, fail};
use crate::sys::ipc::{self, Attached};

pub const REMOVAL_MEANS: &str = "the segment is marked for deletion; attached processes keep using it and the memory is freed after the last detach";

pub fn identity(id: i32) -> ipc::Result<Recorded> {
    ipc::shm_stat(id).map(|s| Recorded::new(s.perm, s.ctime))
}

/// Mark the segment for deletion after re-checking id, key, ctime and creator.
pub fn remove(_live: Live, o: &Object) -> Result<(), Error> {
    sysv::remove_checked(o, identity, ipc::shm_rmid)
}

fn id_of(r: &Ref) -> Result<i32, Error> {
    sysv::id_of(r, |k| ipc::shm_get(k, 0, 0))
}

pub fn create(live: Live, s: &Spec) -> Result<Outcome, Error> {
    let size = s
        .size
        .ok_or_else(|| Error::usage("create shm: --size is required (e.g. --size 4K)"))?;
    let size_arg = usize::try_from(size)
        .ok()
        .filter(|v| *v <= isize::MAX as usize)
        .ok_or_else(|| Error::usage(format!("--size {size} is too large for this machine")))?;
    let text = |v: Option<u64>| v.map_or("?".to_string(), |v| v.to_string());
    sysv::create(
        s.kind,
        s.key,
        s.mode,
        s.exist_ok,
        |k, flags| ipc::shm_get(k, size_arg, flags),
        |k| ipc::shm_get(k, 0, 0),
        |e| match e {
            Errno::EINVAL => format!(
                "size {size} is outside the kernel's limits (SHMMIN 1, SHMMAX {} in /proc/sys/kernel/shmmax)",
                text(live.sysctl("kernel/shmmax"))
            ),
            Errno::ENOSPC => format!(
                "no room: SHMMNI segments ({}) or SHMALL pages ({}) are used up",
                text(live.sysctl("kernel/shmmni")),
                text(live.sysctl("kernel/shmall"))
            ),
            Errno::ENOMEM => "not enough memory for the segment".into(),
            other => errno_reason(other),
        },
    )
}

/// The segment's size in bytes.
pub fn size(_live: Live, r: &Ref) -> Result<u64, Error> {
    ipc::shm_stat(id_of(r)?)
        .map(|s| s.size)
        .map_err(|e| fail(r, e))
}

/// Stream `len` bytes (None: to the end) at `offset` into `sink`, one bounded chunk at a
/// time; returns the number of bytes read.
pub fn read(
    _live: Live,
    r: &Ref,
    offset: u64,
    len: Option<u64>,
    sink: &mut dyn FnMut(&[u8]) -> Result<(), Error>,
) -> Result<u64, Error> {
    let a = Attached::new(id_of(r)?, false).map_err(|e| fail(r, e))?;
    let len = check_range(r, a.size(), offset, len)?;
    let mut buf = vec![0u8; chunk_len(len, 0)];
    let mut done = 0u64;
    while done < len {
        let n = chunk_len(len, done);
        a.read_at(offset + done, &mut buf[..n])
            .map_err(|e| fail(r, e))?;
        sink(&buf[..n])?;
        done += n as u64;
    }
    Ok(len)
}

/// Write `data` at `offset`; refuses to write past the end (a segment never grows).
pub fn write(_live: Live, r: &Ref, offset: u64, data: &[u8]) -> Result<(), Error> {
    let a = Attached::new(id_of(r)?, true).map_err(|e| fail(r, e))?;
    crate::ops::check_fits(r, a.size(), offset, data.len())?;
    a.write_at(offset, data).map_err(|e| fail(r, e))
}
