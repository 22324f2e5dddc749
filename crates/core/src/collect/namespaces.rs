//! IPC namespaces: finding every distinct one on the host (`/proc/*/ns/ipc`), describing one
//! (a pid and command living in it, the container id from its cgroup path), and entering one
//! with setns.
//!
//! setns(CLONE_NEWIPC) affects only the calling thread; ipcctl is single-threaded while it
//! collects, so entering on the main thread makes /proc/sysvipc, /proc/sys/kernel, every
//! System V call and mq_open refer to the target. `--all-namespaces` visits each namespace
//! in turn and returns to its own through a descriptor kept open for that.

use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use nix::errno::Errno;
use nix::sched::{CloneFlags, setns};

use super::Source;
use crate::error::Error;
use crate::model::Namespace;

/// The inode of `/proc/PID/ns/ipc` (PID may be `self`).
pub fn ipc_inode(src: &Source, pid: &str) -> std::io::Result<u64> {
    std::fs::metadata(src.path(&format!("proc/{pid}/ns/ipc"))).map(|m| m.ino())
}

/// The /proc directory through which process `pid`'s namespaces and root are read:
/// `proc/PID`, or, when its main thread has exited (`pthread_exit`: the leader is a zombie
/// whose `ns/*` links and `root` read ENOENT while its other threads live on), the
/// `proc/PID/task/TID` of a live thread.
pub fn task_dir(proc_dir: &Path, pid: i32) -> PathBuf {
    let main = proc_dir.join(pid.to_string());
    match std::fs::metadata(main.join("ns/ipc")) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => live_thread(&main).unwrap_or(main),
        _ => main,
    }
}

/// A thread of the process at `main` (`proc/PID`) whose namespaces can be read.
fn live_thread(main: &Path) -> Option<PathBuf> {
    std::fs::read_dir(main.join("task"))
        .ok()?
        .flatten()
        .map(|t| t.path())
        .find(|t| std::fs::metadata(t.join("ns/ipc")).is_ok())
}

/// `task_dir` below a Source's root.
fn task_of(src: &Source, pid: i32) -> PathBuf {
    task_dir(&src.path("proc"), pid)
}

/// The command name of a process (`/proc/PID/comm`), empty when unreadable; bytes that are
/// not UTF-8 are written `\xHH` (a metrics label of its own, never an empty one).
fn comm(src: &Source, pid: i32) -> String {
    std::fs::read(src.path(&format!("proc/{pid}/comm")))
        .map(|b| {
            let b = b.strip_suffix(b"\n").unwrap_or(&b);
            crate::model::name_from_bytes(b)
        })
        .unwrap_or_default()
}

/// A container id in a cgroup file: the last 64-hex-digit run in a path, as docker
/// (`/docker/<id>`, `docker-<id>.scope`), containerd (`cri-containerd-<id>.scope`), CRI-O
/// (`crio-<id>.scope`), podman (`libpod-<id>.scope`) and kubepods paths write it.
pub fn container_id(cgroup: &str) -> Option<String> {
    let mut found = None;
    for line in cgroup.lines() {
        // hierarchy-ID:controllers:path
        let path = line.splitn(3, ':').nth(2).unwrap_or("");
        let b = path.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_hexdigit() {
                let start = i;
                while i < b.len() && b[i].is_ascii_hexdigit() {
                    i += 1;
                }
                let before_ok = start == 0 || !b[start - 1].is_ascii_alphanumeric();
                let after_ok = i == b.len() || !b[i].is_ascii_alphanumeric();
                if i - start == 64 && before_ok && after_ok {
                    found = Some(path[start..i].to_ascii_lowercase());
                }
            } else {
                i += 1;
            }
        }
    }
    found
}

/// Describe the namespace process `pid` lives in.
pub fn describe(src: &Source, pid: i32, inode: u64) -> Namespace {
    let cgroup =
        std::fs::read_to_string(src.path(&format!("proc/{pid}/cgroup"))).unwrap_or_default();
    Namespace {
        inode,
        pid,
        comm: comm(src, pid),
        container: container_id(&cgroup),
    }
}

/// Every distinct IPC namespace, each with its lowest pid (usually the container's init).
/// Our own namespace comes first, the others by inode. Processes whose namespace link
/// cannot be read (kernel threads share ours; others need root) are skipped.
pub fn enumerate(src: &Source) -> Vec<Namespace> {
    enumerate_counting_denied(src).0
}

/// `enumerate`, and how many processes' IPC namespace could not be read (not root: another
/// user's `/proc/PID/ns/ipc` is refused), which may hide namespaces.
pub fn enumerate_counting_denied(src: &Source) -> (Vec<Namespace>, usize) {
    let mut denied = 0usize;
    let own = ipc_inode(src, "self").ok();
    let mut by_ns: std::collections::BTreeMap<u64, i32> = std::collections::BTreeMap::new();
    if let Ok(rd) = std::fs::read_dir(src.path("proc")) {
        for e in rd.flatten() {
            let Some(pid) = std::str::from_utf8(e.file_name().as_bytes())
                .ok()
                .and_then(|n| n.parse::<i32>().ok())
            else {
                continue;
            };
            // A process whose main thread exited is seen through a live thread.
            let m = match std::fs::metadata(e.path().join("ns/ipc")) {
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    live_thread(&e.path()).map(|t| std::fs::metadata(t.join("ns/ipc")))
                }
                other => Some(other),
            };
            let m = match m {
                Some(Ok(m)) => m,
                Some(Err(err)) if err.kind() == std::io::ErrorKind::PermissionDenied => {
                    denied += 1;
                    continue;
                }
                _ => continue,
            };
            let slot = by_ns.entry(m.ino()).or_insert(pid);
            *slot = (*slot).min(pid);
        }
    }
    let mut out: Vec<Namespace> = by_ns
        .into_iter()
        .map(|(ino, pid)| describe(src, pid, ino))
        .collect();
    out.sort_by_key(|n| (Some(n.inode) != own, n.inode));
    (out, denied)
}

fn open_ns(src: &Source, pid: i32) -> Result<OwnedFd, Error> {
    let path = task_of(src, pid).join("ns/ipc");
    std::fs::File::open(&path).map(OwnedFd::from).map_err(|e| {
        use nix::errno::Errno;
        let reason = match e.raw_os_error().map(Errno::from_raw) {
            Some(Errno::ENOENT | Errno::ESRCH) => "no such process".to_string(),
            Some(Errno::EACCES | Errno::EPERM) => {
                "permission denied: entering another process's IPC namespace needs root (CAP_SYS_ADMIN)".to_string()
            }
            _ => format!("cannot open {}: {e}", path.display()),
        };
        Error::object(format!("--ns {pid}"), reason)
    })
}

fn enter_fd(fd: &OwnedFd, what: &str) -> Result<(), Error> {
    setns(fd.as_fd(), CloneFlags::CLONE_NEWIPC).map_err(|e| {
        let reason = match e {
            Errno::EPERM => {
                "permission denied: entering another IPC namespace needs root (CAP_SYS_ADMIN)"
                    .to_string()
            }
            other => format!("setns: {}", other.desc().to_lowercase()),
        };
        Error::object(what, reason)
    })
}

/// `--ns PID`: enter PID's IPC namespace for the rest of the process and return a Source
/// that reads its POSIX objects through its root. Must be called before any other thread
/// exists and before anything is collected.
pub fn enter(src: &Source, pid: i32) -> Result<Source, Error> {
    if !src.is_live() {
        return Err(Error::usage(format!(
            "--ns cannot be combined with --root {}",
            src.root.display()
        )));
    }
    let fd = open_ns(src, pid)?;
    let inode = std::fs::metadata(task_of(src, pid).join("ns/ipc"))
        .map(|m| m.ino())
        .map_err(|_| Error::object(format!("--ns {pid}"), "no such process"))?;
    let own = ipc_inode(src, "self").ok();
    let ns = describe(src, pid, inode);
    if own != Some(inode) {
        enter_fd(&fd, &format!("--ns {pid}"))?;
    }
    Ok(target_source(src, &ns, own != Some(inode)))
}

/// The Source for objects of namespace `ns` (entered already, or our own).
fn target_source(src: &Source, ns: &Namespace, foreign: bool) -> Source {
    let mut s = src.clone();
    // The target's /dev/shm is resolved *inside* its root, once: a container controls every
    // link below its root (`dev -> /host/path`), and following one from the host would reach
    // host files. The directory stays open and is used through its descriptor from then on.
    match open_dev_shm_in_root(src, ns.pid) {
        Ok(fd) => {
            s.shm_dir = Some(PathBuf::from(format!(
                "/proc/self/fd/{}",
                std::os::fd::AsRawFd::as_raw_fd(&fd)
            )));
            s.shm_fd = Some(std::sync::Arc::new(fd));
        }
        Err(why) => {
            // A path that cannot exist: readers of the directory (limits, holders) find
            // nothing; listing and every operation report `shm_refused`.
            s.shm_dir = Some(PathBuf::from(format!(
                "/proc/self/fd/dev-shm-of-pid-{}-is-not-used",
                ns.pid
            )));
            s.shm_refused = Some(format!("/dev/shm of pid {}: {why}", ns.pid));
        }
    }
    s.user_ns = foreign_user_ns(src, ns.pid).map(std::sync::Arc::new);
    s.foreign_ipc = foreign;
    s.ns = Some(std::sync::Arc::new(ns.clone()));
    s
}

/// The user namespace of process `pid`, opened, when it is not ours. When it cannot be
/// read the process is treated as ours (no such case for root, who alone may use `--ns`).
fn foreign_user_ns(src: &Source, pid: i32) -> Option<OwnedFd> {
    let path = src.path(&format!("proc/{pid}/ns/user"));
    let theirs = std::fs::metadata(&path).ok()?;
    let ours = std::fs::metadata(src.path("proc/self/ns/user")).ok()?;
    if (theirs.dev(), theirs.ino()) == (ours.dev(), ours.ino()) {
        return None;
    }
    std::fs::File::open(&path).map(OwnedFd::from).ok()
}

/// Open `dev/shm` below `/proc/PID/root` with every path component resolved inside that root
/// (`RESOLVE_IN_ROOT`: `..` and absolute symlinks stay in it) and no /proc magic links, and
/// check it is a tmpfs: a container may have mounted any host directory there, and ipcctl
/// must not treat a host file system's files as the container's POSIX objects.
fn open_dev_shm_in_root(src: &Source, pid: i32) -> Result<OwnedFd, String> {
    use nix::fcntl::{OFlag, OpenHow, ResolveFlag, open, openat2};
    use nix::sys::stat::Mode;
    let opened = open(
        &task_of(src, pid).join("root"),
        OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC,
        Mode::empty(),
    )
    .and_then(|root| {
        openat2(
            &root,
            "dev/shm",
            OpenHow::new()
                .flags(OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC)
                .resolve(ResolveFlag::RESOLVE_IN_ROOT | ResolveFlag::RESOLVE_NO_MAGICLINKS),
        )
    });
    let fd = opened.map_err(|e| {
        format!(
            "cannot be opened inside its root ({})",
            e.desc().to_lowercase()
        )
    })?;
    super::check_fs(&fd, super::DirFs::Tmpfs)?;
    Ok(fd)
}

/// Run the mutation `f` with the rights the target grants. When the target lives in a user
/// namespace of its own (a rootless container), `f` runs in a forked child that has dropped
/// the host's supplementary groups, joined that user namespace and become its root: the kernel
/// then refuses whatever the container's own root could not do (files of users it does not
/// map, a sticky /dev/shm that is really a host directory, another namespace's System V
/// objects). The child keeps ipcctl's IPC namespace and the descriptors already opened inside
/// the container (its /dev/shm), so nothing is resolved again. Otherwise `f` runs here.
pub fn as_tenant<T>(src: &Source, f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let Some(user_ns) = &src.user_ns else {
        return f();
    };
    let pid = src.ns.as_ref().map_or(0, |n| n.pid);
    let r: Result<T, crate::error::WireError> = super::forked::in_child(|| {
        become_root_of(user_ns, pid)
            .and_then(|()| f())
            .map_err(crate::error::WireError::from)
    })
    .map_err(|e| Error::object(format!("--ns {pid}"), e))?;
    r.map_err(Error::from)
}

/// A host uid as the target's user namespace sees it (`/proc/PID/uid_map`), which is what
/// the kernel reports to a process inside it (IPC_STAT, stat); an unmapped uid reads as the
/// overflow uid, 65534. Without a user namespace of its own, the uid is unchanged.
pub fn uid_in_target(src: &Source, uid: u32) -> u32 {
    const OVERFLOW_UID: u32 = 65534;
    let (Some(_), Some(ns)) = (&src.user_ns, &src.ns) else {
        return uid;
    };
    let map =
        std::fs::read_to_string(src.path(&format!("proc/{}/uid_map", ns.pid))).unwrap_or_default();
    map_uid(&map, uid).unwrap_or(OVERFLOW_UID)
}

/// Map `uid` (of the outer namespace) through a uid_map text (`inside outside count` rows).
fn map_uid(map: &str, uid: u32) -> Option<u32> {
    map.lines().find_map(|l| {
        let f: Vec<u64> = l
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        let [inside, outside, count] = f[..] else {
            return None;
        };
        let u = u64::from(uid);
        (u >= outside && u - outside < count)
            .then(|| u32::try_from(inside + (u - outside)).ok())
            .flatten()
    })
}

/// Become root of the user namespace `user_ns` (the process must be single-threaded: a fresh
/// fork). Supplementary groups go first, while host root may still drop them (a rootless
/// container usually forbids setgroups).
fn become_root_of(user_ns: &OwnedFd, pid: i32) -> Result<(), Error> {
    use nix::unistd::{Gid, Uid, setgroups, setresgid, setresuid};
    let what = format!("--ns {pid}");
    let failed = |step: &str, e: Errno| {
        Error::object(
            &what,
            format!(
                "cannot act with its user namespace's rights ({step}: {}); nothing was done",
                e.desc().to_lowercase()
            ),
        )
    };
    setgroups(&[]).map_err(|e| failed("setgroups", e))?;
    setns(user_ns.as_fd(), CloneFlags::CLONE_NEWUSER).map_err(|e| failed("setns", e))?;
    let (g, u) = (Gid::from_raw(0), Uid::from_raw(0));
    setresgid(g, g, g).map_err(|e| match e {
        Errno::EINVAL => Error::object(
            &what,
            "its user namespace maps no root group, and ipcctl acts inside it only as its root; nothing was done",
        ),
        e => failed("setresgid", e),
    })?;
    setresuid(u, u, u).map_err(|e| match e {
        Errno::EINVAL => Error::object(
            &what,
            "its user namespace maps no root user, and ipcctl acts inside it only as its root; nothing was done",
        ),
        e => failed("setresuid", e),
    })
}

/// What `for_each` returns: each namespace with its result, and warnings about namespaces
/// that were skipped.
pub type PerNamespace<T> = (Vec<(Namespace, T)>, Vec<crate::model::Warning>);

/// Run `f` once in every IPC namespace (`--all-namespaces`), ours first, and come back to our
/// own. A namespace that vanished or cannot be entered becomes a warning. Failing to return
/// to our own namespace is fatal: everything after would read the wrong one.
pub fn for_each<T>(
    src: &Source,
    mut f: impl FnMut(&Source) -> T,
) -> Result<PerNamespace<T>, Error> {
    if !src.is_live() {
        return Err(Error::usage(format!(
            "--all-namespaces cannot be combined with --root {}",
            src.root.display()
        )));
    }
    let own_path = src.path("proc/self/ns/ipc");
    let own_fd: OwnedFd = std::fs::File::open(&own_path)
        .map(OwnedFd::from)
        .map_err(|e| Error::io(&own_path, e))?;
    let own = ipc_inode(src, "self").ok();
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let (all, denied) = enumerate_counting_denied(src);
    if denied > 0 {
        // Words for this belong with the other source warnings (the one text channel).
        warnings.push(crate::model::Warning::Source {
            text: format!(
                "--all-namespaces: the IPC namespace of {denied} process(es) could not be read (permission denied: another user's /proc/PID/ns needs root); only namespaces your own processes are in are shown"
            ),
        });
    }
    for ns in all {
        if Some(ns.inode) == own {
            let mut s = src.clone();
            s.ns = Some(std::sync::Arc::new(ns.clone()));
            out.push((ns, f(&s)));
            continue;
        }
        let fd = match open_ns(src, ns.pid) {
            Ok(fd) => fd,
            Err(e) => {
                warnings.push(crate::model::Warning::Source {
                    text: format!(
                        "namespace ipc:[{}] (pid {} {}): skipped: {e}",
                        ns.inode, ns.pid, ns.comm
                    ),
                });
                continue;
            }
        };
        // The pid may have been reused by a process of another namespace since enumeration.
        if std::fs::metadata(task_of(src, ns.pid).join("ns/ipc"))
            .map(|m| m.ino())
            .ok()
            != Some(ns.inode)
        {
            warnings.push(crate::model::Warning::Source {
                text: format!(
                    "namespace ipc:[{}]: its process {} exited during the scan; skipped",
                    ns.inode, ns.pid
                ),
            });
            continue;
        }
        if let Err(e) = enter_fd(&fd, &format!("namespace ipc:[{}]", ns.inode)) {
            warnings.push(crate::model::Warning::Source {
                text: e.to_string(),
            });
            continue;
        }
        let s = target_source(src, &ns, true);
        let r = f(&s);
        enter_fd(&own_fd, "returning to ipcctl's own IPC namespace")?;
        out.push((ns, r));
    }
    Ok((out, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn uids_map_into_a_user_namespace() {
        let map = "         0       1000          1\n         1     100000      65536\n";
        assert_eq!(map_uid(map, 1000), Some(0));
        assert_eq!(map_uid(map, 100000), Some(1));
        assert_eq!(map_uid(map, 165535), Some(65536));
        assert_eq!(map_uid(map, 165536), None);
        assert_eq!(map_uid(map, 0), None);
        assert_eq!(map_uid("", 0), None);
    }

    #[test]
    fn container_ids_from_cgroup_paths() {
        for path in [
            format!("0::/system.slice/docker-{ID}.scope"),
            format!("12:memory:/docker/{ID}"),
            format!(
                "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-{ID}.scope"
            ),
            format!("0::/machine.slice/libpod-{ID}.scope/container"),
            format!("0::/kubepods/besteffort/pod12/{ID}"),
            format!("0::/system.slice/crio-{ID}.scope"),
        ] {
            assert_eq!(container_id(&path).as_deref(), Some(ID), "{path}");
        }
        assert_eq!(
            container_id("0::/user.slice/user-1000.slice/session-2.scope"),
            None
        );
        assert_eq!(container_id("0::/init.scope"), None);
        // 65 hex digits is not an id.
        assert_eq!(container_id(&format!("0::/x/{ID}0")), None);
    }
}
