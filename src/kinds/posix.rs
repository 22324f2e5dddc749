//! What the three POSIX kinds share: `/NAME` as a C string, the name check on create, the
//! exact-mode create (umask 0), and removal of a name in a directory (/dev/shm or the mqueue
//! mount), relative to the opened directory, never following a link, re-checked by
//! (dev, inode).

use std::ffi::{CString, OsStr, OsString};
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;

use nix::errno::Errno;
use nix::fcntl::{AtFlags, OFlag};
use nix::sys::stat::{Mode, SFlag};
use nix::unistd::UnlinkatFlags;

use super::{Outcome, Spec, exists_error};
use crate::error::{Error, errno_reason};
use crate::model::{Ident, Object, Ref};

/// `/NAME` as a C string for mq_open, shm_open and sem_open (the name's bytes, see
/// `model::name_to_bytes`).
pub fn cname(r: &Ref) -> Result<CString, Error> {
    match &r.ident {
        Ident::Name(n) => {
            let mut b = vec![b'/'];
            b.extend(crate::model::name_to_bytes(n));
            CString::new(b).map_err(|_| Error::usage(format!("{r}: a name must not contain NUL")))
        }
        Ident::Id(_) | Ident::Key(_) => Err(Error::usage(format!(
            "{r}: POSIX objects are addressed by name ({}:/NAME)",
            r.kind
        ))),
    }
}

/// The reference a POSIX create names, with the name checked.
pub fn new_ref(s: &Spec) -> Result<Ref, Error> {
    let name = s.name.as_deref().ok_or_else(|| {
        Error::usage(format!(
            "create {}: a NAME is required (e.g. ipcctl create {} /jobs)",
            s.kind, s.kind
        ))
    })?;
    let name = name.strip_prefix('/').unwrap_or(name);
    crate::model::check_posix_name(s.kind, name).map_err(Error::usage)?;
    Ok(Ref {
        kind: s.kind,
        ident: Ident::Name(name.to_string()),
    })
}

/// A POSIX create that failed: an existing object is fine with --exist-ok, an error
/// otherwise; anything else is reported with its reason.
pub fn create_failed(r: Ref, exist_ok: bool, e: Errno) -> Result<Outcome, Error> {
    match e {
        Errno::EEXIST if exist_ok => Ok(Outcome::Existing(r)),
        Errno::EEXIST => Err(exists_error(&r, &r)),
        other => Err(Error::object(
            &r,
            format!("cannot create: {}", errno_reason(other)),
        )),
    }
}

/// Run `f` with umask 0 so the object gets exactly the requested mode. ipcctl is single
/// threaded here, so the process-wide umask change cannot race with another thread.
pub fn with_umask0<T>(f: impl FnOnce() -> T) -> T {
    let old = nix::sys::stat::umask(Mode::empty());
    let out = f();
    nix::sys::stat::umask(old);
    out
}

/// The file name (bytes) of a listed POSIX object, without the leading '/'.
pub fn name_of(o: &Object) -> Result<OsString, Error> {
    o.name
        .as_deref()
        .map(|n| file_name(n.strip_prefix('/').unwrap_or(n)))
        .ok_or_else(|| Error::object(&o.reference, "no name"))
}

/// The file name (bytes) a written name stands for.
pub fn file_name(name: &str) -> OsString {
    OsString::from_vec(crate::model::name_to_bytes(name))
}

/// Open the directory that holds the objects: the host's /dev/shm (which may itself be a
/// root-made link, e.g. to /run/shm on older Debian), the mqueue mount, or, with `--ns`, the
/// target's /dev/shm already opened inside its root (`/proc/self/fd/N`). Entries below it are
/// never followed.
pub fn open_dir(path: &Path) -> Result<OwnedFd, Error> {
    nix::fcntl::open(
        path,
        OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| Error::io(path, std::io::Error::from(e)))
}

/// lstat `name` in `dir` and check it is a regular file (`what` says what it should have
/// been), before anything opens it: opening a FIFO or a device can block or have side
/// effects, and a symlink is never followed.
pub fn regular_file_at(
    dir: &OwnedFd,
    name: &OsStr,
    r: &Ref,
    what: &str,
) -> Result<nix::sys::stat::FileStat, Error> {
    let st =
        nix::sys::stat::fstatat(dir, name, AtFlags::AT_SYMLINK_NOFOLLOW).map_err(|e| match e {
            Errno::ENOENT => Error::NotFound(r.to_string()),
            e => Error::object(r, errno_reason(e)),
        })?;
    if SFlag::from_bits_truncate(st.st_mode) & SFlag::S_IFMT != SFlag::S_IFREG {
        return Err(Error::object(
            r,
            format!("is not a regular file (symlink, FIFO, directory or device); not {what}"),
        ));
    }
    Ok(st)
}

fn fail(o: &Object, e: Errno) -> Error {
    match e {
        Errno::ENOENT => Error::NotFound(o.reference.clone()),
        other => Error::object(&o.reference, errno_reason(other)),
    }
}

/// Check that `name` in `dir` is a regular file with the listed (dev, inode), then unlink it
/// relative to the directory. Without a listed (dev, inode) nothing is removed.
pub fn unlink_checked(dir: &OwnedFd, name: &OsStr, o: &Object) -> Result<(), Error> {
    let (Some(dev), Some(ino)) = (o.dev, o.inode) else {
        return Err(Error::object(
            &o.reference,
            "its device and inode were not recorded when it was listed; not removed",
        ));
    };
    let st =
        nix::sys::stat::fstatat(dir, name, AtFlags::AT_SYMLINK_NOFOLLOW).map_err(|e| fail(o, e))?;
    if SFlag::from_bits_truncate(st.st_mode) & SFlag::S_IFMT != SFlag::S_IFREG {
        return Err(Error::object(
            &o.reference,
            "is not a regular file (symlink, directory or other); not removed",
        ));
    }
    if st.st_dev != dev || st.st_ino != ino {
        return Err(Error::Changed {
            object: o.reference.clone(),
            reason:
                "was replaced by another object since it was listed (inode changed); not removed"
                    .into(),
        });
    }
    nix::unistd::unlinkat(dir, name, UnlinkatFlags::NoRemoveDir).map_err(|e| match e {
        // Root passes the sticky bit and every permission check: EPERM then means the file's
        // own attributes forbid it.
        Errno::EPERM if nix::unistd::geteuid().is_root() => Error::object(
            &o.reference,
            "permission denied: the file is immutable or append-only (lsattr shows it; chattr -i -a lifts it)",
        ),
        Errno::EPERM => Error::object(
            &o.reference,
            "permission denied: /dev/shm is sticky, so only the file's owner (or root) may remove it",
        ),
        e => fail(o, e),
    })
}
