//! fanotify for the recorder: a notification group that reports directory entry events
//! (create, delete, rename) with the acting pid and the entry's name (`FAN_REPORT_DFID_NAME`),
//! a filesystem mark (tmpfs at /dev/shm) or an inode mark (the mqueue root, where a
//! filesystem mark is refused with EOPNOTSUPP), and a parser of the event buffer.
//! nix 0.31's `Fanotify` has no `FAN_REPORT_DFID_NAME` and skips info records, so this
//! wraps the calls itself. One group per watched directory: every event of a group then
//! belongs to that directory (events from its subdirectories are told apart by handle).

use std::ffi::CString;
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// `AT_HANDLE_FID` (kernel ≥ 6.5): a handle for identification only, encoded like the
/// ones fanotify reports, also on filesystems that cannot decode handles (mqueue). Older
/// kernels refuse it; `dir_id` then asks for an ordinary handle.
const AT_HANDLE_FID: libc::c_int = 0x200;
/// Info record types (linux/fanotify.h).
const INFO_DFID_NAME: u8 = 2;
const INFO_OLD_DFID_NAME: u8 = 10;
const INFO_NEW_DFID_NAME: u8 = 12;
/// The size of `struct fanotify_event_metadata`.
const METADATA_LEN: usize = 24;

/// What happened to a directory entry. The kernel merges queued events for the same
/// entry and pid: `CreatedAndDeleted` is both, in an order only the entry's presence now
/// can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Created,
    Deleted,
    CreatedAndDeleted,
    /// Renamed within or into the watched filesystem (`FAN_RENAME`).
    Renamed,
    /// The group's queue overflowed: events were lost.
    Overflow,
}

/// A directory's identity as fanotify reports it: the filesystem id and the file handle.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DirId {
    pub fsid: [i32; 2],
    pub handle_type: i32,
    pub handle: Vec<u8>,
}

/// One parsed event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub action: Action,
    /// The acting process (thread group id) in the reader's PID namespace; 0 when it is not
    /// visible there or for an overflow.
    pub pid: i32,
    /// The directory and the entry's name (the old name of a rename).
    pub dir: Option<DirId>,
    pub name: Option<Vec<u8>>,
    /// A rename's new directory and name.
    pub new_dir: Option<DirId>,
    pub new_name: Option<Vec<u8>>,
}

/// A fanotify notification group (closed on drop).
#[derive(Debug)]
pub struct Group {
    fd: OwnedFd,
}

impl Group {
    /// `fanotify_init(FAN_CLASS_NOTIF | FAN_REPORT_DFID_NAME | FAN_NONBLOCK | FAN_CLOEXEC)`.
    /// Needs CAP_SYS_ADMIN (EPERM otherwise).
    pub fn new() -> io::Result<Group> {
        let flags = libc::FAN_CLASS_NOTIF
            | libc::FAN_REPORT_DFID_NAME
            | libc::FAN_NONBLOCK
            | libc::FAN_CLOEXEC;
        // SAFETY: fanotify_init takes two flag words and returns a new fd or -1.
        let fd = unsafe {
            libc::fanotify_init(flags, (libc::O_RDONLY | libc::O_LARGEFILE) as libc::c_uint)
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: fd was just returned by fanotify_init and is owned by nobody else.
        Ok(Group {
            fd: unsafe { OwnedFd::from_raw_fd(fd) },
        })
    }

    /// Watch entries created, deleted and renamed anywhere on the filesystem of `dir`.
    pub fn mark_filesystem(&self, dir: &Path) -> io::Result<()> {
        self.mark(dir, libc::FAN_MARK_FILESYSTEM)
    }

    /// Watch entries created, deleted and renamed directly in `dir`.
    pub fn mark_inode(&self, dir: &Path) -> io::Result<()> {
        self.mark(dir, 0)
    }

    fn mark(&self, dir: &Path, how: libc::c_uint) -> io::Result<()> {
        let c = CString::new(dir.as_os_str().as_bytes())
            .map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
        let mask = libc::FAN_CREATE | libc::FAN_DELETE | libc::FAN_RENAME;
        // SAFETY: the group fd is open, `c` is a NUL-terminated path living across the call.
        let r = unsafe {
            libc::fanotify_mark(
                self.fd.as_raw_fd(),
                libc::FAN_MARK_ADD | how,
                mask,
                libc::AT_FDCWD,
                c.as_ptr(),
            )
        };
        if r != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// Read what is queued (nothing, without blocking, when the queue is empty).
    pub fn read(&self, buf: &mut [u8]) -> io::Result<Vec<Event>> {
        match nix::unistd::read(self.fd.as_fd(), buf) {
            Ok(n) => Ok(parse(&buf[..n])),
            Err(nix::errno::Errno::EAGAIN) => Ok(Vec::new()),
            Err(e) => Err(io::Error::from_raw_os_error(e as i32)),
        }
    }
}

impl AsFd for Group {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

/// The identity fanotify reports for the directory `dir` (name_to_handle_at with
/// AT_HANDLE_FID, and statfs's fsid). A final symlink is followed (`/proc/self/fd/N`).
pub fn dir_id(dir: &Path) -> io::Result<DirId> {
    let c = CString::new(dir.as_os_str().as_bytes())
        .map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
    const MAX: usize = 128;
    // struct file_handle: u32 handle_bytes, i32 handle_type, then the bytes.
    let mut raw = [0u8; 8 + MAX];
    raw[..4].copy_from_slice(&(MAX as u32).to_ne_bytes());
    let mut mount_id: libc::c_int = 0;
    let mut handle = |flags: libc::c_int| {
        // SAFETY: `raw` is a file_handle with room for MAX handle bytes (handle_bytes says
        // so), `c` a NUL-terminated path and `mount_id` a writable int, all living across the
        // call.
        let r = unsafe {
            libc::syscall(
                libc::SYS_name_to_handle_at,
                libc::AT_FDCWD,
                c.as_ptr(),
                raw.as_mut_ptr(),
                &mut mount_id as *mut libc::c_int,
                flags,
            )
        };
        if r == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    };
    // Kernels before 6.5 refuse AT_HANDLE_FID (EINVAL): a tmpfs's handles are the ordinary,
    // exportable kind there, encoded alike (an mqueue root has none and stays an error).
    match handle(AT_HANDLE_FID | libc::AT_SYMLINK_FOLLOW) {
        Err(e) if e.raw_os_error() == Some(libc::EINVAL) => handle(libc::AT_SYMLINK_FOLLOW)?,
        r => r?,
    }
    let len = (u32::from_ne_bytes([raw[0], raw[1], raw[2], raw[3]]) as usize).min(MAX);
    let handle_type = i32::from_ne_bytes([raw[4], raw[5], raw[6], raw[7]]);
    let mut st = std::mem::MaybeUninit::<libc::statfs>::zeroed();
    // SAFETY: `c` is a NUL-terminated path and `st` a writable statfs buffer.
    if unsafe { libc::statfs(c.as_ptr(), st.as_mut_ptr()) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: statfs succeeded and filled the (zeroed) buffer.
    let st = unsafe { st.assume_init() };
    // fsid_t is two ints; libc keeps them private, so read its bytes.
    // SAFETY: fsid_t is plain old data of 8 bytes.
    let fsid: [i32; 2] = unsafe { std::mem::transmute_copy(&st.f_fsid) };
    Ok(DirId {
        fsid,
        handle_type,
        handle: raw[8..8 + len].to_vec(),
    })
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_ne_bytes(b.get(at..at + 2)?.try_into().ok()?))
}
fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
}
fn i32_at(b: &[u8], at: usize) -> Option<i32> {
    Some(i32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
}
fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_ne_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// Parse a buffer read from a group: metadata records, each followed by its info records.
/// A truncated or malformed record ends the parse (what came before is kept).
pub fn parse(buf: &[u8]) -> Vec<Event> {
    let mut out = Vec::new();
    let mut at = 0;
    while at + METADATA_LEN <= buf.len() {
        let Some(event_len) = u32_at(buf, at).map(|l| l as usize) else {
            break;
        };
        if event_len < METADATA_LEN || at + event_len > buf.len() {
            break;
        }
        let rec = &buf[at..at + event_len];
        at += event_len;
        let (Some(meta_len), Some(mask), Some(fd), Some(pid)) = (
            u16_at(rec, 6).map(usize::from),
            u64_at(rec, 8),
            i32_at(rec, 16),
            i32_at(rec, 20),
        ) else {
            break;
        };
        // With FID reporting there is no fd; should one come, it is ours to close.
        if fd >= 0 {
            // SAFETY: the kernel handed this fd to us with the event; nobody else owns it.
            drop(unsafe { OwnedFd::from_raw_fd(fd) });
        }
        let action = if mask & libc::FAN_Q_OVERFLOW != 0 {
            Action::Overflow
        } else if mask & libc::FAN_RENAME != 0 {
            Action::Renamed
        } else if mask & libc::FAN_CREATE != 0 && mask & libc::FAN_DELETE != 0 {
            Action::CreatedAndDeleted
        } else if mask & libc::FAN_CREATE != 0 {
            Action::Created
        } else if mask & libc::FAN_DELETE != 0 {
            Action::Deleted
        } else {
            continue;
        };
        let mut ev = Event {
            action,
            pid,
            dir: None,
            name: None,
            new_dir: None,
            new_name: None,
        };
        let mut i = meta_len.max(METADATA_LEN);
        while i + 4 <= rec.len() {
            let (ty, len) = (rec[i], u16_at(rec, i + 2).map(usize::from).unwrap_or(0));
            if len < 4 || i + len > rec.len() {
                break;
            }
            let info = &rec[i..i + len];
            i += len;
            if let Some((dir, name)) = parse_dfid_name(info) {
                match ty {
                    INFO_DFID_NAME | INFO_OLD_DFID_NAME => {
                        ev.dir = Some(dir);
                        ev.name = Some(name);
                    }
                    INFO_NEW_DFID_NAME => {
                        ev.new_dir = Some(dir);
                        ev.new_name = Some(name);
                    }
                    _ => {}
                }
            }
        }
        out.push(ev);
    }
    out
}

/// header (4) + fsid (8) + file_handle {u32 bytes, i32 type, bytes} + NUL-terminated name.
fn parse_dfid_name(info: &[u8]) -> Option<(DirId, Vec<u8>)> {
    let fsid = [i32_at(info, 4)?, i32_at(info, 8)?];
    let hlen = u32_at(info, 12)? as usize;
    let handle_type = i32_at(info, 16)?;
    let handle = info.get(20..20 + hlen)?.to_vec();
    let rest = info.get(20 + hlen..)?;
    let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
    Some((
        DirId {
            fsid,
            handle_type,
            handle,
        },
        rest[..end].to_vec(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(mask: u64, pid: i32, infos: &[(u8, &[u8], &str)]) -> Vec<u8> {
        let mut body = Vec::new();
        for (ty, handle, name) in infos {
            let mut info = vec![*ty, 0, 0, 0];
            info.extend(7i32.to_ne_bytes());
            info.extend(9i32.to_ne_bytes());
            info.extend((handle.len() as u32).to_ne_bytes());
            info.extend(1i32.to_ne_bytes());
            info.extend(*handle);
            info.extend(name.as_bytes());
            info.push(0);
            while info.len() % 4 != 0 {
                info.push(0);
            }
            let l = info.len() as u16;
            info[2..4].copy_from_slice(&l.to_ne_bytes());
            body.extend(info);
        }
        let mut r = Vec::new();
        r.extend(((METADATA_LEN + body.len()) as u32).to_ne_bytes());
        r.extend([3u8, 0]);
        r.extend((METADATA_LEN as u16).to_ne_bytes());
        r.extend(mask.to_ne_bytes());
        r.extend((-1i32).to_ne_bytes());
        r.extend(pid.to_ne_bytes());
        r.extend(body);
        r
    }

    #[test]
    fn parses_create_rename_and_overflow() {
        let mut buf = record(libc::FAN_CREATE, 42, &[(INFO_DFID_NAME, b"abcdefgh", "x")]);
        buf.extend(record(
            libc::FAN_RENAME,
            43,
            &[
                (INFO_OLD_DFID_NAME, b"abcdefgh", "old"),
                (INFO_NEW_DFID_NAME, b"abcdefgh", "sem.new"),
            ],
        ));
        buf.extend(record(libc::FAN_Q_OVERFLOW, 0, &[]));
        buf.extend(record(
            libc::FAN_CREATE | libc::FAN_DELETE,
            44,
            &[(INFO_DFID_NAME, b"abcdefgh", "y")],
        ));
        buf.extend(&[1, 2, 3]); // a truncated tail is ignored
        let ev = parse(&buf);
        assert_eq!(ev.len(), 4);
        assert_eq!(ev[3].action, Action::CreatedAndDeleted);
        assert_eq!(ev[0].action, Action::Created);
        assert_eq!(ev[0].pid, 42);
        assert_eq!(ev[0].name.as_deref(), Some(&b"x"[..]));
        let d = ev[0].dir.as_ref().unwrap();
        assert_eq!(
            (d.fsid, d.handle_type, &d.handle[..]),
            ([7, 9], 1, &b"abcdefgh"[..])
        );
        assert_eq!(ev[1].action, Action::Renamed);
        assert_eq!(ev[1].name.as_deref(), Some(&b"old"[..]));
        assert_eq!(ev[1].new_name.as_deref(), Some(&b"sem.new"[..]));
        assert_eq!(ev[2].action, Action::Overflow);
        assert!(ev[2].name.is_none());
    }

    #[test]
    fn garbage_never_panics() {
        for n in 0..64 {
            let buf: Vec<u8> = (0..n).map(|i| (i * 37 % 251) as u8).collect();
            let _ = parse(&buf);
        }
    }
}
