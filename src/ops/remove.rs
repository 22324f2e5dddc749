//! Removing one object safely: the identity seen when the object was listed is checked again
//! right before acting (SysV: id, key and ctime via IPC_STAT; POSIX: device and inode via
//! fstatat without following links), and POSIX names are unlinked relative to an opened
//! directory, never through a symlink. Whether live holders forbid removal is the caller's
//! policy (`rm`, `clean`); this module only removes what was asked, exactly.

use std::ffi::CString;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::Path;

use nix::errno::Errno;

use crate::collect::{Source, posix_mq};
use crate::error::{Error, errno_reason};
use crate::model::{Kind, Object};

/// What removing an object of this kind means for processes still using it.
pub fn meaning(kind: Kind) -> &'static str {
    match kind {
        Kind::Shm => {
            "the segment is marked for deletion; attached processes keep using it and the memory is freed after the last detach"
        }
        Kind::Msg => {
            "the queue and its messages are destroyed at once; processes using it get EIDRM"
        }
        Kind::Sem => "the set is destroyed at once; processes waiting on it wake with EIDRM",
        Kind::Pmq | Kind::Pshm | Kind::Psem => {
            "only the name goes; processes that have it open keep it, and its memory stays until the last close"
        }
    }
}

/// The identity of a System V object as the kernel reports it now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SysvIdentity {
    pub key: u32,
    pub ctime: i64,
}

/// IPC_STAT on a System V id: its current key and ctime.
pub fn sysv_identity(kind: Kind, id: i32) -> Result<SysvIdentity, Errno> {
    // SAFETY: the *_ds structs are plain data; IPC_STAT fills them.
    unsafe {
        match kind {
            Kind::Shm => {
                let mut ds: libc::shmid_ds = std::mem::zeroed();
                Errno::result(libc::shmctl(id, libc::IPC_STAT, &mut ds))?;
                Ok(SysvIdentity {
                    key: ds.shm_perm.__key as u32,
                    ctime: ds.shm_ctime,
                })
            }
            Kind::Msg => {
                let mut ds: libc::msqid_ds = std::mem::zeroed();
                Errno::result(libc::msgctl(id, libc::IPC_STAT, &mut ds))?;
                Ok(SysvIdentity {
                    key: ds.msg_perm.__key as u32,
                    ctime: ds.msg_ctime,
                })
            }
            Kind::Sem => {
                let mut ds: libc::semid_ds = std::mem::zeroed();
                // semctl's fourth argument is a union semun; its `buf` member is a pointer.
                Errno::result(libc::semctl(
                    id,
                    0,
                    libc::IPC_STAT,
                    &mut ds as *mut libc::semid_ds,
                ))?;
                Ok(SysvIdentity {
                    key: ds.sem_perm.__key as u32,
                    ctime: ds.sem_ctime,
                })
            }
            _ => Err(Errno::EINVAL),
        }
    }
}

/// Remove one object, after checking it is still the object that was listed.
pub fn remove(src: &Source, o: &Object) -> Result<(), Error> {
    match o.kind {
        Kind::Shm | Kind::Msg | Kind::Sem => remove_sysv(o),
        Kind::Pshm | Kind::Psem => remove_dev_shm(src, o),
        Kind::Pmq => remove_pmq(src, o),
    }
}

fn fail(o: &Object, e: Errno) -> Error {
    match e {
        Errno::ENOENT | Errno::EINVAL | Errno::EIDRM => Error::NotFound(o.reference.clone()),
        other => Error::object(&o.reference, errno_reason(other)),
    }
}

fn remove_sysv(o: &Object) -> Result<(), Error> {
    let id = o.id.ok_or_else(|| Error::object(&o.reference, "no id"))?;
    let now = sysv_identity(o.kind, id).map_err(|e| fail(o, e))?;
    // A removed-but-attached segment reads key 0 now; it is still the same segment when the
    // ctime agrees (IPC_RMID sets ctime, so compare only when the key was not zeroed).
    let same_key = o.key == Some(now.key) || (o.kind == Kind::Shm && now.key == 0);
    let same_ctime = o.ctime.is_none_or(|t| t == now.ctime) || now.key == 0;
    if !same_key || !same_ctime {
        return Err(Error::object(
            &o.reference,
            format!(
                "changed since it was listed (now key {}, ctime {}): the id was reused or the object modified; not removed",
                crate::model::fmt_key(now.key),
                now.ctime
            ),
        ));
    }
    // SAFETY: IPC_RMID takes no buffer.
    let r = unsafe {
        match o.kind {
            Kind::Shm => libc::shmctl(id, libc::IPC_RMID, std::ptr::null_mut()),
            Kind::Msg => libc::msgctl(id, libc::IPC_RMID, std::ptr::null_mut()),
            _ => libc::semctl(id, 0, libc::IPC_RMID),
        }
    };
    Errno::result(r).map(drop).map_err(|e| fail(o, e))
}

/// Open a directory without following a final symlink.
fn open_dir(path: &Path) -> std::io::Result<OwnedFd> {
    use std::os::unix::ffi::OsStrExt;
    let c = CString::new(path.as_os_str().as_bytes())
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    // SAFETY: valid NUL-terminated path.
    let fd = unsafe {
        libc::open(
            c.as_ptr(),
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC,
        )
    };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: fd was just opened and is owned here only.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Check that `name` in `dir` is a regular file with the listed (dev, inode), then unlink it
/// relative to the directory.
fn unlink_checked(dir: &OwnedFd, name: &str, o: &Object) -> Result<(), Error> {
    let c = CString::new(name).map_err(|_| Error::object(&o.reference, "name contains NUL"))?;
    // SAFETY: stat is plain data; dir is a valid fd and c a valid name.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    let r = unsafe {
        libc::fstatat(
            dir.as_raw_fd(),
            c.as_ptr(),
            &mut st,
            libc::AT_SYMLINK_NOFOLLOW,
        )
    };
    Errno::result(r).map_err(|e| fail(o, e))?;
    if st.st_mode & libc::S_IFMT != libc::S_IFREG {
        return Err(Error::object(
            &o.reference,
            "is not a regular file (symlink, directory or other); not removed",
        ));
    }
    if let (Some(dev), Some(ino)) = (o.dev, o.inode)
        && (st.st_dev != dev || st.st_ino != ino)
    {
        return Err(Error::object(
            &o.reference,
            "was replaced by another object since it was listed (inode changed); not removed",
        ));
    }
    // SAFETY: as above.
    let r = unsafe { libc::unlinkat(dir.as_raw_fd(), c.as_ptr(), 0) };
    Errno::result(r).map(drop).map_err(|e| fail(o, e))
}

fn posix_name(o: &Object) -> Result<&str, Error> {
    o.name
        .as_deref()
        .map(|n| n.strip_prefix('/').unwrap_or(n))
        .ok_or_else(|| Error::object(&o.reference, "no name"))
}

fn remove_dev_shm(src: &Source, o: &Object) -> Result<(), Error> {
    let name = posix_name(o)?;
    let file = if o.kind == Kind::Psem {
        format!("sem.{name}")
    } else {
        name.to_string()
    };
    let dir_path = src.dev_shm();
    let dir = open_dir(&dir_path).map_err(|e| Error::io(&dir_path, e))?;
    unlink_checked(&dir, &file, o)
}

fn remove_pmq(src: &Source, o: &Object) -> Result<(), Error> {
    let name = posix_name(o)?;
    if let Some(mp) = posix_mq::mount_point(src) {
        let dir = open_dir(&mp).map_err(|e| Error::io(&mp, e))?;
        return unlink_checked(&dir, name, o);
    }
    if !src.is_live() {
        return Err(Error::NotFound(o.reference.clone()));
    }
    // No mqueue fs mounted: mq_unlink goes through the kernel's own mount of this IPC
    // namespace; the inode cannot be re-checked without a mount.
    let c = CString::new(format!("/{name}"))
        .map_err(|_| Error::object(&o.reference, "name contains NUL"))?;
    // SAFETY: valid NUL-terminated name.
    let r = unsafe { libc::mq_unlink(c.as_ptr()) };
    Errno::result(r).map(drop).map_err(|e| fail(o, e))
}
