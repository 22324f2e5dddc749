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
use crate::collect::Source;
use crate::error::{Error, errno_reason};
use crate::model::{FileType, Ident, Object, Ref};
use crate::ops::{Gone, from_errno};

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

/// The file name in /dev/shm of a referenced object (`prefix` is `sem.` for semaphores): one
/// path component, never a way into a subdirectory (a name written as `a\x2fb` stands for
/// a '/').
pub fn entry_name(r: &Ref, prefix: &str) -> Result<OsString, Error> {
    let Ident::Name(name) = &r.ident else {
        return Err(Error::usage(format!(
            "{r}: POSIX objects are addressed by name ({}:/NAME)",
            r.kind
        )));
    };
    let bytes = crate::model::name_to_bytes(name);
    if bytes.is_empty()
        || bytes.contains(&b'/')
        || bytes.contains(&0)
        || bytes == b"."
        || bytes == b".."
    {
        return Err(Error::usage(format!(
            "{r}: a POSIX name is one path component (no '/', not '.' or '..')"
        )));
    }
    let mut f = OsString::from(prefix);
    f.push(OsString::from_vec(bytes));
    Ok(f)
}

/// The directory that holds POSIX shm objects and named semaphores, opened: with `--ns`, the
/// target's /dev/shm as opened (and checked to be a tmpfs) inside its root when the namespace
/// was entered, never resolved again; else this host's /dev/shm. Every POSIX shm and
/// semaphore operation goes through it (create, open, read, write, unlink), never through a
/// `/dev/shm/...` path or glibc's shm_open/sem_open by name.
pub fn shm_dir(src: &Source, r: &dyn std::fmt::Display) -> Result<OwnedFd, Error> {
    if let Some(why) = &src.shm_refused {
        return Err(Error::object(r, format!("not used: {why}")));
    }
    match &src.shm_fd {
        Some(fd) => fd
            .try_clone()
            .map_err(|e| Error::object(r, format!("cannot use the target's /dev/shm: {e}"))),
        None => open_dir(&src.dev_shm()),
    }
}

/// Open `name` in `dir` for reading (or also writing), never through a symlink, after
/// checking it is a regular file (opening a FIFO or device can block or have side effects);
/// the opened file is checked to be the one looked at. `what` says what it should be.
pub fn open_regular_at(
    dir: &OwnedFd,
    name: &OsStr,
    r: &Ref,
    what: &str,
    write: bool,
) -> Result<(std::fs::File, nix::sys::stat::FileStat), Error> {
    let st = regular_file_at(dir, name, r, what)?;
    let mode = if write {
        OFlag::O_RDWR
    } else {
        OFlag::O_RDONLY
    };
    let fd: OwnedFd = nix::fcntl::openat(
        dir,
        name,
        mode | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC | OFlag::O_NONBLOCK,
        Mode::empty(),
    )
    .map_err(|e| match e {
        Errno::ELOOP => Error::object(r, "is a symlink in /dev/shm; not followed"),
        e => from_errno(r, e, Gone::Name),
    })?;
    let now = nix::sys::stat::fstat(&fd).map_err(|e| Error::os(r, e))?;
    if now.st_dev != st.st_dev || now.st_ino != st.st_ino {
        return Err(Error::object(
            r,
            "was replaced while being opened; not used",
        ));
    }
    Ok((std::fs::File::from(fd), now))
}

/// `open_regular_at` for reading, with the rights of the container when `--ns` targets one
/// with its own user namespace: its root opens the file first (in a child that joined that
/// namespace), so a host file the tenant bound in and may not read is refused, and what is
/// read is the file its root could open (same device and inode).
pub fn open_for_reading(
    src: &Source,
    dir: &OwnedFd,
    name: &OsStr,
    r: &Ref,
    what: &str,
) -> Result<(std::fs::File, nix::sys::stat::FileStat), Error> {
    let allowed = if src.user_ns.is_some() {
        let id: (u64, u64) = crate::collect::namespaces::as_tenant(src, || {
            let fd: OwnedFd = nix::fcntl::openat(
                dir,
                name,
                OFlag::O_RDONLY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC | OFlag::O_NONBLOCK,
                Mode::empty(),
            )
            .map_err(|e| match e {
                Errno::ENOENT => Error::NotFound(r.to_string()),
                e => Error::object(
                    r,
                    format!(
                        "{} (the container's root may not read it, so neither may ipcctl --ns)",
                        errno_reason(e)
                    ),
                ),
            })?;
            let st = nix::sys::stat::fstat(&fd).map_err(|e| Error::os(r, e))?;
            Ok((st.st_dev, st.st_ino))
        })?;
        Some(id)
    } else {
        None
    };
    let (f, st) = open_regular_at(dir, name, r, what, false)?;
    if allowed.is_some_and(|id| id != (st.st_dev, st.st_ino)) {
        return Err(Error::object(
            r,
            "was replaced while being opened; not used",
        ));
    }
    Ok((f, st))
}

/// Create `name` in `dir` (which must not have it) with exactly `mode`, never through a
/// symlink; the caller fills it. The new file belongs to the caller (with `--ns` into a
/// container with its own user namespace: the container's root).
pub fn create_at(dir: &OwnedFd, name: &OsStr, mode: u32) -> Result<OwnedFd, Errno> {
    with_umask0(|| {
        nix::fcntl::openat(
            dir,
            name,
            OFlag::O_CREAT | OFlag::O_EXCL | OFlag::O_RDWR | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
            Mode::from_bits_truncate(mode & 0o7777),
        )
    })
}

/// Create a file with a fresh random name in `dir` (O_EXCL, never through a symlink):
/// where an object is built before its real name is linked to it, so the name appears
/// complete or not at all. Returns the name and the descriptor.
pub fn create_temp_at(
    dir: &OwnedFd,
    prefix: &str,
    mode: u32,
) -> Result<(OsString, OwnedFd), Errno> {
    use std::hash::{BuildHasher, Hasher};
    let mut last = Errno::EEXIST;
    for attempt in 0u32..100 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u32(std::process::id());
        h.write_u32(attempt);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos(),
        );
        let name = OsString::from(format!("{prefix}{:016x}", h.finish()));
        match create_at(dir, &name, mode) {
            Ok(fd) => return Ok((name, fd)),
            Err(Errno::EEXIST) => last = Errno::EEXIST,
            Err(e) => return Err(e),
        }
    }
    Err(last)
}

/// Open the directory that holds the objects: the host's /dev/shm (which may itself be a
/// root-made link, e.g. to /run/shm on older Debian) or the mqueue mount. Entries below it
/// are never followed.
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
    let st = nix::sys::stat::fstatat(dir, name, AtFlags::AT_SYMLINK_NOFOLLOW)
        .map_err(|e| from_errno(r, e, Gone::Name))?;
    if SFlag::from_bits_truncate(st.st_mode) & SFlag::S_IFMT != SFlag::S_IFREG {
        return Err(Error::object(
            r,
            format!("is not a regular file (symlink, FIFO, directory or device); not {what}"),
        ));
    }
    Ok(st)
}

fn fail(o: &Object, e: Errno) -> Error {
    from_errno(&o.reference, e, Gone::Name)
}

/// What removing a directory or socket an application left in /dev/shm does.
pub const NON_REGULAR_REMOVAL_MEANS: &str = "the entry goes (a directory only when empty: ipcctl never removes what is inside, which may be in use); a program that still uses it (a listening socket, a FIFO's reader) finds it gone";

/// Check that `name` in `dir` is a regular file with the listed (dev, inode), then unlink it
/// relative to the directory. Without a listed (dev, inode) nothing is removed.
/// `tenant`: ipcctl acts as the root of a container's user namespace (`--ns`), whose refusal
/// is the container's limit, not a file attribute.
pub fn unlink_checked(dir: &OwnedFd, name: &OsStr, o: &Object, tenant: bool) -> Result<(), Error> {
    let (Some(dev), Some(ino)) = (o.dev, o.inode) else {
        return Err(Error::object(
            &o.reference,
            "its device and inode were not recorded when it was listed; not removed",
        ));
    };
    let st =
        nix::sys::stat::fstatat(dir, name, AtFlags::AT_SYMLINK_NOFOLLOW).map_err(|e| fail(o, e))?;
    let fmt = SFlag::from_bits_truncate(st.st_mode) & SFlag::S_IFMT;
    // A directory or socket an application left in /dev/shm is removed as what it was
    // listed as, and only that.
    let expected = match o.file_type {
        None => SFlag::S_IFREG,
        Some(FileType::Directory) => SFlag::S_IFDIR,
        Some(FileType::Socket) => SFlag::S_IFSOCK,
        Some(FileType::Fifo) => SFlag::S_IFIFO,
        Some(FileType::Symlink) => SFlag::S_IFLNK,
        Some(FileType::Device) => {
            return Err(Error::object(
                &o.reference,
                "is a device node; ipcctl does not remove device nodes",
            ));
        }
    };
    if o.file_type.is_some() && fmt == expected {
        if st.st_dev != dev || st.st_ino != ino {
            return Err(Error::Changed {
                object: o.reference.clone(),
                reason: "was replaced since it was listed (inode changed); not removed".into(),
            });
        }
        // A directory goes only when empty: its files may be mapped or open, and a walk
        // could cross a bind mount of the same tmpfs (same device) into other objects.
        if fmt == SFlag::S_IFDIR {
            return nix::unistd::unlinkat(dir, name, UnlinkatFlags::RemoveDir).map_err(|e| match e {
                Errno::ENOTEMPTY | Errno::EEXIST => Error::object(
                    &o.reference,
                    "is a directory that is not empty: ipcctl removes only an empty one (what is inside may be in use); not removed",
                ),
                e => fail(o, e),
            });
        }
        return nix::unistd::unlinkat(dir, name, UnlinkatFlags::NoRemoveDir)
            .map_err(|e| fail(o, e));
    }
    if fmt != SFlag::S_IFREG {
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
        Errno::EPERM | Errno::EACCES if tenant => Error::object(
            &o.reference,
            "permission denied: the container's own root may not remove it (it belongs to a user outside the container's user namespace, in a sticky or foreign directory); not removed",
        ),
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
