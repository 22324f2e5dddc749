//! POSIX message queues from the mqueue filesystem. Listing uses stat + mq_getattr on a
//! read-only descriptor, which changes nothing. The file's text (QSIZE, NOTIFY_PID) is read
//! only on request (`show --queued-bytes`), because reading it updates the queue's atime and ctime.
//!
//! When no mqueue fs is mounted and we may create mount namespaces (root), a child process
//! mounts a private mqueue instance and scans it; the host's mounts are untouched.

use std::os::fd::AsFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Inventory, Source};
use crate::model::{Kind, Object, Warning};

pub const MOUNT_HINT: &str =
    "mount one with: mkdir -p /dev/mqueue && mount -t mqueue none /dev/mqueue";

fn not_listed(text: String) -> Warning {
    Warning::KindsNotListed {
        kinds: vec![Kind::Pmq],
        text,
    }
}

/// One queue as scanned (serializable so a namespace child can hand it back).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RawMq {
    pub name: String,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub ctime: i64,
    pub atime: i64,
    pub mtime: i64,
    pub dev: u64,
    pub ino: u64,
    pub max_messages: Option<u64>,
    pub message_size: Option<u64>,
    pub messages: Option<u64>,
    pub qsize: Option<u64>,
    pub notify_pid: Option<i32>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Scan {
    queues: Vec<RawMq>,
    warnings: Vec<Warning>,
}

/// Where the mqueue filesystem is mounted, if anywhere. Live: from /proc/self/mountinfo,
/// preferring /dev/mqueue. Fixture root: `dev/mqueue` when it is a directory.
///
/// In another IPC namespace (`--ns`) there is none to trust: a mount shows the queues of the
/// namespace that mounted it, so the caller mounts a fresh instance in a child instead.
pub fn mount_point(src: &Source) -> Option<PathBuf> {
    if src.foreign_ipc {
        return None;
    }
    if !src.is_live() {
        let p = src.path("dev/mqueue");
        return p.is_dir().then_some(p);
    }
    let info = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    let mut found: Vec<PathBuf> = Vec::new();
    for line in info.lines() {
        // ... mount_point ... - fstype source options
        let Some((left, right)) = line.split_once(" - ") else {
            continue;
        };
        if right.split_whitespace().next() != Some("mqueue") {
            continue;
        }
        if let Some(mp) = left.split_whitespace().nth(4) {
            found.push(PathBuf::from(unescape_mount(mp)));
        }
    }
    let dev = Path::new("/dev/mqueue");
    if found.iter().any(|p| p == dev) {
        return Some(dev.to_path_buf());
    }
    found.into_iter().next()
}

/// mountinfo escapes space, tab, newline and backslash as \ooo (the one reader of it).
pub(crate) fn unescape_mount(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len()
            && b[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c))
        {
            let v = (b[i + 1] - b'0') * 64 + (b[i + 2] - b'0') * 8 + (b[i + 3] - b'0');
            out.push(v);
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// List every queue (without reading the status text).
pub fn collect(src: &Source) -> Inventory {
    collect_with(src, None)
}

/// List every queue; for the queue named `status_of` (without '/'), also QSIZE and
/// NOTIFY_PID from its file's text. Reading the text updates that queue's atime and ctime
/// (as `cat` would), so it is never done for the others: their times are age evidence.
pub fn collect_with(src: &Source, status_of: Option<&str>) -> Inventory {
    let scan = match mount_point(src) {
        Some(dir) if src.is_live() => {
            let s = scan_dir(&dir, status_of);
            match instance_is_ours(&dir, &s.queues) {
                Some(false) => {
                    let foreign = format!(
                        "{}: this mqueue filesystem belongs to another IPC namespace (its queues are not this namespace's)",
                        dir.display()
                    );
                    match scan_in_private_namespace(status_of) {
                        // Root: this namespace's own instance, mounted privately.
                        Ok(mut own) => {
                            own.warnings.push(Warning::Skipped {
                                text: format!(
                                    "{foreign}; listed this namespace's own queues instead"
                                ),
                            });
                            own
                        }
                        Err(why) => Scan {
                            queues: Vec::new(),
                            warnings: vec![not_listed(format!(
                                "{foreign}; POSIX message queues are not listed ({why}); mount this namespace's instance in a private mount namespace: unshare --mount sh -c 'mount -t mqueue none /dev/mqueue && ...'"
                            ))],
                        },
                    }
                }
                Some(true) | None => s,
            }
        }
        Some(dir) => scan_dir(&dir, status_of),
        None if src.is_live() => match scan_in_private_namespace(status_of) {
            Ok(s) => s,
            Err(why) => Scan {
                queues: Vec::new(),
                warnings: vec![not_listed(format!(
                    "POSIX message queues are not listed: no mqueue filesystem is mounted ({why}); {MOUNT_HINT}"
                ))],
            },
        },
        None => Scan {
            queues: Vec::new(),
            warnings: vec![not_listed(format!(
                "POSIX message queues are not listed: no mqueue filesystem is mounted; {MOUNT_HINT}"
            ))],
        },
    };
    Inventory {
        objects: scan.queues.into_iter().map(to_object).collect(),
        warnings: scan.warnings,
    }
}

fn to_object(q: RawMq) -> Object {
    Object {
        kind: Kind::Pmq,
        reference: Object::make_ref(Kind::Pmq, None, Some(&q.name)),
        name: Some(format!("/{}", q.name)),
        mode: q.mode & 0o7777,
        uid: q.uid,
        gid: q.gid,
        ctime: Some(q.ctime),
        atime: Some(q.atime),
        mtime: Some(q.mtime),
        dev: Some(q.dev),
        inode: Some(q.ino),
        messages: q.messages,
        max_messages: q.max_messages,
        message_size: q.message_size,
        size_bytes: q.qsize,
        notify_pid: q.notify_pid,
        ..Default::default()
    }
}

fn scan_dir(dir: &Path, status_of: Option<&str>) -> Scan {
    let mut scan = Scan::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            scan.warnings.push(not_listed(format!(
                "{}: cannot read ({e}); POSIX message queues are not listed",
                dir.display()
            )));
            return scan;
        }
    };
    let dir_fd = std::fs::File::open(dir).ok();
    for entry in entries.flatten() {
        let fname = entry.file_name();
        let Ok(meta) = entry.metadata() else {
            continue; // removed during the scan
        };
        let name = crate::model::name_from_bytes(fname.as_bytes());
        if !meta.file_type().is_file() {
            scan.warnings.push(Warning::Skipped {
                text: format!("{}/{}: not a message queue; skipped", dir.display(), name),
            });
            continue;
        }
        let mut q = RawMq {
            name,
            mode: meta.mode(),
            uid: meta.uid(),
            gid: meta.gid(),
            ctime: meta.ctime(),
            atime: meta.atime(),
            mtime: meta.mtime(),
            dev: meta.dev(),
            ino: meta.ino(),
            max_messages: None,
            message_size: None,
            messages: None,
            qsize: None,
            notify_pid: None,
        };
        if let Some(d) = &dir_fd
            && let Ok(fd) = super::posix_shm::open_nofollow(d, fname.as_bytes())
        {
            if let Ok(attr) = crate::sys::posix::mq_getattr_fd(fd.as_fd()) {
                q.max_messages = u64::try_from(attr.max_messages).ok();
                q.message_size = u64::try_from(attr.message_size).ok();
                q.messages = u64::try_from(attr.messages).ok();
            }
            if status_of == Some(q.name.as_str()) {
                let mut text = String::new();
                use std::io::Read;
                if std::fs::File::from(fd).read_to_string(&mut text).is_ok() {
                    let (qsize, notify_pid) = parse_status(&text);
                    q.qsize = qsize;
                    q.notify_pid = notify_pid;
                }
            }
        }
        scan.queues.push(q);
    }
    scan
}

/// Does the queue `/name` exist? Asked of the kernel (`mq_open(O_RDONLY)`, which changes
/// nothing, not even the queue's times), so no mqueue mount is needed. `EACCES` means it
/// exists but may not be opened by us.
pub fn exists(name: &str) -> Result<bool, nix::errno::Errno> {
    let c = std::ffi::CString::new(format!("/{name}")).map_err(|_| nix::errno::Errno::EINVAL)?;
    match crate::sys::posix::Mq::open(&c, nix::fcntl::OFlag::O_RDONLY.bits()) {
        // Closed on drop.
        Ok(_) => Ok(true),
        Err(nix::errno::Errno::ENOENT) => Ok(false),
        Err(nix::errno::Errno::EACCES) => Ok(true),
        Err(e) => Err(e),
    }
}

/// Is the mounted mqueue instance at `dir` the one of this process's IPC namespace? A queue
/// listed there is opened *by name* (which goes through this namespace's own instance,
/// read-only, changing nothing): the same device means the same instance; "no such queue"
/// for a queue that is still in the directory means another namespace's. `None` when no
/// listed queue could be opened to tell (none listed, or none readable).
fn instance_is_ours(dir: &Path, queues: &[RawMq]) -> Option<bool> {
    use crate::sys::posix::Mq;
    use nix::errno::Errno;
    for q in queues.iter().take(8) {
        let mut name = vec![b'/'];
        name.extend(crate::model::name_to_bytes(&q.name));
        let Ok(c) = std::ffi::CString::new(name) else {
            continue;
        };
        match Mq::open(
            &c,
            nix::fcntl::OFlag::O_RDONLY.bits() | nix::fcntl::OFlag::O_NONBLOCK.bits(),
        ) {
            Ok(m) => return m.dev().ok().map(|d| d == q.dev),
            Err(Errno::ENOENT) => {
                let file = dir.join(std::ffi::OsStr::from_bytes(&crate::model::name_to_bytes(
                    &q.name,
                )));
                if std::fs::symlink_metadata(file).is_ok() {
                    return Some(false);
                }
            }
            Err(_) => {}
        }
    }
    None
}

/// Parse `QSIZE:12         NOTIFY:0     SIGNO:0     NOTIFY_PID:0`.
pub fn parse_status(text: &str) -> (Option<u64>, Option<i32>) {
    let mut qsize = None;
    let mut notify_pid = None;
    for tok in text.split_whitespace() {
        if let Some(v) = tok.strip_prefix("QSIZE:") {
            qsize = v.parse().ok();
        } else if let Some(v) = tok.strip_prefix("NOTIFY_PID:") {
            notify_pid = v.parse().ok();
        }
    }
    (qsize, notify_pid)
}

/// Scan a private instance of this IPC namespace's mqueue fs: a detached mount (new mount
/// API: no namespace, no fork, gone when its descriptor closes), or else a forked child that
/// enters a new mount namespace, mounts one there, scans it and sends the result back.
fn scan_in_private_namespace(status_of: Option<&str>) -> Result<Scan, String> {
    if let Ok(fd) = crate::sys::mount::detached_mqueue() {
        use std::os::fd::AsRawFd;
        let dir = PathBuf::from(format!("/proc/self/fd/{}", fd.as_raw_fd()));
        let scan = scan_dir(&dir, status_of);
        drop(fd);
        return Ok(scan);
    }
    with_private_mount(|dir| scan_dir(dir, status_of))
}

/// Run `f` in a forked child that has mounted a private instance of this IPC namespace's
/// mqueue fs (at a directory `f` is given); the host's mounts are untouched. Needs the right
/// to create mount namespaces (root).
pub fn with_private_mount<T, F>(f: F) -> Result<T, String>
where
    T: Serialize + serde::de::DeserializeOwned,
    F: FnOnce(&Path) -> T,
{
    super::forked::in_child(|| private_mount().map(|dir| f(Path::new(dir))))?
}

fn private_mount() -> Result<&'static str, String> {
    use nix::mount::{MsFlags, mount};
    use nix::sched::{CloneFlags, unshare};
    unshare(CloneFlags::CLONE_NEWNS)
        .map_err(|e| format!("cannot create a mount namespace: {e}"))?;
    mount(
        None::<&str>,
        "/",
        None::<&str>,
        MsFlags::MS_REC | MsFlags::MS_PRIVATE,
        None::<&str>,
    )
    .map_err(|e| format!("cannot make mounts private: {e}"))?;
    // Any existing directory will do: the mount is visible only inside this namespace.
    let target = ["/dev/mqueue", "/mnt", "/tmp"]
        .into_iter()
        .find(|p| Path::new(p).is_dir())
        .ok_or("no directory to mount on")?;
    mount(
        Some("mqueue"),
        target,
        Some("mqueue"),
        MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC,
        None::<&str>,
    )
    .map_err(|e| format!("cannot mount a private mqueue instance: {e}"))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_text() {
        assert_eq!(
            parse_status("QSIZE:12         NOTIFY:0     SIGNO:0     NOTIFY_PID:4242  \n"),
            (Some(12), Some(4242))
        );
        assert_eq!(parse_status("garbage"), (None, None));
    }

    #[test]
    fn mountinfo_escapes() {
        assert_eq!(unescape_mount("/a\\040b"), "/a b");
        assert_eq!(unescape_mount("/plain"), "/plain");
        assert_eq!(unescape_mount("/x\\04"), "/x\\04");
    }
}
