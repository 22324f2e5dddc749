//! POSIX shared memory (`/dev/shm/NAME`) and glibc named semaphores (`/dev/shm/sem.NAME`).
//! /dev/shm is read once for both kinds. Anything that is not a regular file (a directory or
//! socket an application left there) is listed as what it is (`file_type`), never followed or
//! descended into.

use std::fs::Metadata;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;

use super::{Inventory, Source};
use crate::kinds::info::{CreateParam, UseCount};
use crate::model::{FileType, Kind, Object, Problem, SemFileProblem, Warning};

/// glibc's `sem_t` on 64-bit Linux.
pub const SEM_T_SIZE: u64 = 32;
/// SEM_VALUE_MAX on Linux.
pub const SEM_VALUE_MAX: u32 = i32::MAX as u32;

pub fn collect(src: &Source, want_pshm: bool, want_psem: bool) -> Inventory {
    let dir = src.dev_shm();
    let mut inv = Inventory::default();
    if let Some(why) = &src.shm_refused {
        inv.warnings.push(Warning::DevShmRefused {
            reason: why.clone(),
        });
        return inv;
    }
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            inv.warnings.push(Warning::DevShmUnreadable {
                path: dir.display().to_string(),
                error: None,
            });
            return inv;
        }
        Err(e) => {
            inv.warnings.push(Warning::DevShmUnreadable {
                path: dir.display().to_string(),
                error: Some(crate::error::io_reason(&e)),
            });
            return inv;
        }
    };
    // Opened once so semaphore files are read relative to it (no path re-resolution).
    let dir_fd = std::fs::File::open(&dir).ok();
    for entry in entries.flatten() {
        let fname = entry.file_name();
        let raw = fname.as_bytes();
        // d_type from readdir: no stat for a kind not asked for.
        let regular = entry.file_type().map(|t| t.is_file()).unwrap_or(true);
        // Only a regular file is a named semaphore (`sem.NAME`).
        let (kind, name) = if regular {
            crate::model::dev_shm_entry(raw)
        } else {
            (Kind::Pshm, raw)
        };
        let is_sem = kind.info().file_prefix.is_some_and(|p| !p.is_empty());
        if (is_sem && !want_psem) || (!is_sem && !want_pshm) {
            continue;
        }
        // DirEntry::metadata does not follow symlinks (fstatat with AT_SYMLINK_NOFOLLOW).
        let meta = match entry.metadata() {
            Ok(m) => m,
            Err(_) => continue, // vanished during the scan
        };
        if !meta.file_type().is_file() {
            // A directory or socket an application left here (JACK's jack_db-<uid>/ and
            // jack_default_<uid>_0): listed as what it is, never followed or descended into.
            let name_s = crate::model::name_from_bytes(raw);
            let t = file_type(&meta);
            let mut o = from_metadata(Kind::Pshm, &name_s, &meta);
            o.file_type = Some(t);
            o.problem = Some(crate::model::Problem::NotRegular(t));
            inv.objects.push(o);
            continue;
        }
        let name_s = crate::model::name_from_bytes(name);
        let mut o = from_metadata(kind, &name_s, &meta);
        // Its creation: ctime moves with every chmod, ftruncate and write.
        o.btime = birth_time(&meta);
        if std::str::from_utf8(name).is_err() {
            o.problem = Some(Problem::NameNotUtf8);
        }
        // A segment's size is its file's; a semaphore's value is read from its file.
        if kind.info().takes(CreateParam::Size) {
            o.size_bytes = Some(meta.len());
        }
        if kind.info().use_count == UseCount::Value
            && let Some(d) = &dir_fd
        {
            match read_sem_value(d, raw, &meta) {
                Ok(v) => o.value = Some(v),
                // Another user's semaphore: its value is theirs to read. Not a warning (a
                // normal user would get one per semaphore on every command); `show` and
                // JSON say the value is unknown, and why.
                Err(SemFileProblem::Denied) => {
                    o.problem = Some(Problem::SemFile(SemFileProblem::Denied));
                }
                Err(problem) => {
                    inv.warnings.push(Warning::SemFile {
                        reference: crate::model::Ref {
                            kind,
                            ident: crate::model::Ident::Name(name_s.to_string()),
                        },
                        problem: problem.clone(),
                    });
                    o.problem = Some(Problem::SemFile(problem));
                }
            }
        }
        inv.objects.push(o);
    }
    inv
}

fn file_type(meta: &Metadata) -> FileType {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        FileType::Directory
    } else if t.is_symlink() {
        FileType::Symlink
    } else if t.is_fifo() {
        FileType::Fifo
    } else if t.is_socket() {
        FileType::Socket
    } else {
        FileType::Device
    }
}

/// Could a file of this /dev/shm be unlinked yet still mapped or open? Such a file keeps
/// its inode, which the tmpfs counts as used: when the inodes in use are exactly the root
/// plus one per name listed, nothing unlinked is alive, and a listing need not read every
/// process's maps and fds to look for it. Any doubt (unlimited inodes, a subdirectory, not
/// countable, a name made or removed meanwhile) answers yes.
pub fn unlinked_possible(src: &Source) -> bool {
    let dir = src.dev_shm();
    let Ok(before) = nix::sys::statvfs::statvfs(&dir) else {
        return true;
    };
    if before.files() == 0 {
        return true; // nr_inodes=0: the tmpfs counts nothing
    }
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return true;
    };
    let mut names: u64 = 0;
    for e in entries {
        match e.and_then(|e| e.file_type()) {
            Ok(t) if !t.is_dir() => names += 1,
            _ => return true,
        }
    }
    let Ok(after) = nix::sys::statvfs::statvfs(&dir) else {
        return true;
    };
    let used = |v: &nix::sys::statvfs::Statvfs| v.files().saturating_sub(v.files_free());
    used(&before) != used(&after) || used(&after) != names + 1
}

/// An Object for a file-backed POSIX object from its lstat data.
pub fn from_metadata(kind: Kind, name: &str, meta: &Metadata) -> Object {
    Object {
        kind,
        reference: Object::make_ref(kind, None, Some(name)),
        name: Some(format!("/{name}")),
        mode: meta.mode() & 0o7777,
        uid: meta.uid(),
        gid: meta.gid(),
        ctime: Some(meta.ctime()),
        atime: Some(meta.atime()),
        mtime: Some(meta.mtime()),
        dev: Some(meta.dev()),
        inode: Some(meta.ino()),
        allocated_bytes: Some(meta.blocks().saturating_mul(512)),
        ..Default::default()
    }
}

/// The current value of a named semaphore, read from the file without sem_open: the low 32
/// bits of the first 8 bytes of glibc's `sem_t`. Short or odd files are reported, never
/// mapped (mapping a short file dies with SIGBUS).
fn read_sem_value(
    dir: &std::fs::File,
    file: &[u8],
    meta: &Metadata,
) -> Result<u32, SemFileProblem> {
    if meta.len() < SEM_T_SIZE {
        return Err(SemFileProblem::Short {
            bytes: meta.len(),
            expected: SEM_T_SIZE,
        });
    }
    let unreadable = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::PermissionDenied => SemFileProblem::Denied,
        _ => SemFileProblem::Unreadable {
            error: crate::error::io_reason(&e),
        },
    };
    let fd = open_nofollow(dir, file).map_err(unreadable)?;
    let mut f = std::fs::File::from(fd);
    let now = f.metadata().map_err(unreadable)?;
    if now.ino() != meta.ino() || !now.file_type().is_file() {
        return Err(SemFileProblem::Replaced);
    }
    let mut buf = [0u8; 8];
    use std::io::Read;
    f.read_exact(&mut buf).map_err(unreadable)?;
    let value = (u64::from_ne_bytes(buf) & 0xffff_ffff) as u32;
    if value > SEM_VALUE_MAX {
        return Err(SemFileProblem::ValueTooLarge {
            value,
            max: SEM_VALUE_MAX,
        });
    }
    Ok(value)
}

/// openat(dir, name, O_RDONLY|O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC), with O_NOATIME when allowed so
/// that reading leaves the file's times alone.
pub fn open_nofollow(dir: &std::fs::File, name: &[u8]) -> std::io::Result<OwnedFd> {
    use nix::fcntl::OFlag;
    let base = OFlag::O_RDONLY | OFlag::O_NOFOLLOW | OFlag::O_NONBLOCK | OFlag::O_CLOEXEC;
    let path = std::ffi::OsStr::from_bytes(name);
    for flags in [base | OFlag::O_NOATIME, base] {
        match nix::fcntl::openat(dir, path, flags, nix::sys::stat::Mode::empty()) {
            Ok(fd) => return Ok(fd),
            Err(nix::errno::Errno::EPERM) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(nix::errno::Errno::EPERM.into())
}

/// A file's birth time in epoch seconds, from the statx that read its metadata (std asks for
/// STATX_BTIME); `None` when the filesystem records none.
fn birth_time(meta: &std::fs::Metadata) -> Option<i64> {
    let t = meta
        .created()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    i64::try_from(t.as_secs()).ok().filter(|t| *t > 0)
}
