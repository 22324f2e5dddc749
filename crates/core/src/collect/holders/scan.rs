//! The pass over every process: read what `Needs` asks for and record it in a `HolderScan`.
//!
//! Identity, never paths: a mapping counts when the device in its `MAJ:MIN` field is one of
//! the devices the objects live on (their /dev/shm tmpfs, their mqueue superblock), keyed by
//! (dev, inode), whatever path the process opened it through (a bind-mount alias, `/run/shm`,
//! a chroot). A descriptor is `stat`ed through `/proc/PID/fd/N` (which follows to the open
//! file) and counts on the same terms. Only SysV attachments are recognised by the kernel's
//! own name (`/SYSV<key> (deleted)`, inode = shmid); those live on an internal mount.
//!
//! Kernel threads are skipped: they have no maps or descriptors and hold nothing. Processes
//! are scanned on every core when there are many; each worker fills its own partial scan and
//! the parts are merged (the result does not depend on the split).

use std::io::ErrorKind;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::parse::{parse_stat, parse_syscall, read_btime};
use super::{HolderScan, Needs, Proc, Unlinked};
use crate::collect::Source;
use crate::sys::process::clock_ticks;

/// Below this many processes one thread is faster than starting workers.
const PARALLEL_FROM: usize = 256;

/// Scan every process once for everything: holders of `objects` (and of anything on this
/// /dev/shm and mqueue mount), SysV attachments and waiters.
pub fn scan(src: &Source, objects: &[crate::model::Object]) -> HolderScan {
    scan_for(src, &Needs::all(src, objects))
}

/// Scan every process once, reading only what `needs` asks for.
pub fn scan_for(src: &Source, needs: &Needs) -> HolderScan {
    let proc_dir = src.path("proc");
    let mut s = HolderScan {
        ..HolderScan::default()
    };
    // What judging needs besides the processes (a plain listing reads none of it).
    if needs.procs {
        s.view = super::View::read(src);
        s.accounts = super::Accounts::read(src);
    }
    if !needs.any() {
        // Nothing any object could be held through: every holder list is empty.
        s.available = true;
        s.complete = true;
        return s;
    }
    let Ok(entries) = std::fs::read_dir(&proc_dir) else {
        return s;
    };
    s.available = true;
    s.complete = true;
    let pids: Vec<i32> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name();
            let n = name.as_bytes();
            if n.is_empty() || !n.iter().all(u8::is_ascii_digit) {
                return None;
            }
            std::str::from_utf8(n).ok()?.parse::<i32>().ok()
        })
        .collect();
    // After `--ns PID` (setns), /proc/self/ns/ipc is the target's namespace: holders are
    // compared with it. Read here, on the thread that entered it.
    let env = Env {
        btime: read_btime(&proc_dir.join("stat")),
        tck: clock_ticks(),
        my_ns: std::fs::metadata(proc_dir.join("self/ns/ipc"))
            .ok()
            .map(|m| m.ino()),
        needs,
        proc_dir: &proc_dir,
    };
    let workers = if pids.len() >= PARALLEL_FROM {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    } else {
        1
    };
    if workers <= 1 {
        let mut buf = ProcBuf::new();
        for &pid in &pids {
            scan_process(&mut s, &mut buf, pid, &env);
        }
    } else {
        let chunk = pids.len().div_ceil(workers);
        let parts: Vec<HolderScan> = std::thread::scope(|sc| {
            let handles: Vec<_> = pids
                .chunks(chunk)
                .map(|part| {
                    let env = &env;
                    sc.spawn(move || {
                        let mut p = HolderScan::default();
                        let mut buf = ProcBuf::new();
                        for &pid in part {
                            scan_process(&mut p, &mut buf, pid, env);
                        }
                        p
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        for p in parts {
            s.merge(p);
        }
    }
    s.finish();
    if needs.procs && needs.fds {
        s.read_kernel_refs(src, needs);
    }
    if needs.procs {
        s.read_user_namespaces(src);
    }
    s
}

/// A buffer reused for every /proc file of the scan: zeroed once, grown when a file does not
/// fit, and never re-zeroed (`std::fs::read` probes the size with statx and allocates per
/// file).
pub(super) struct ProcBuf {
    buf: Vec<u8>,
    len: usize,
}

impl ProcBuf {
    pub(super) fn new() -> ProcBuf {
        ProcBuf {
            buf: vec![0; 64 * 1024],
            len: 0,
        }
    }

    pub(super) fn data(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// Open `path` and read it to the end.
    pub(super) fn read(&mut self, path: &Path) -> std::io::Result<()> {
        let f = std::fs::File::open(path)?;
        self.read_file(f)
    }

    /// `read`, and the owner of the file (fstat on the open file: no second path walk). A
    /// /proc/PID file belongs to the process's effective uid (root when non-dumpable).
    pub(super) fn read_owned(&mut self, path: &Path) -> std::io::Result<u32> {
        let f = std::fs::File::open(path)?;
        let uid = f.metadata()?.uid();
        self.read_file(f)?;
        Ok(uid)
    }

    fn read_file(&mut self, mut f: std::fs::File) -> std::io::Result<()> {
        use std::io::Read;
        self.len = 0;
        loop {
            if self.buf.len() - self.len < 4096 {
                self.buf.resize(self.buf.len() * 2, 0);
            }
            match f.read(&mut self.buf[self.len..]) {
                Ok(0) => return Ok(()),
                Ok(n) => self.len += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

fn vanished(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::NotFound)
        || e.raw_os_error() == Some(nix::errno::Errno::ESRCH as i32)
}

/// What every process of one scan is read with.
struct Env<'a> {
    btime: Option<i64>,
    tck: i64,
    my_ns: Option<u64>,
    needs: &'a Needs,
    proc_dir: &'a Path,
}

/// PF_KTHREAD in the flags field of /proc/PID/stat.
const PF_KTHREAD: u64 = 0x0020_0000;

fn scan_process(s: &mut HolderScan, buf: &mut ProcBuf, pid: i32, env: &Env<'_>) {
    let needs = env.needs;
    let mut dir = PathBuf::from(env.proc_dir);
    dir.push(itoa(pid).as_str());
    let Ok(uid) = buf.read_owned(&dir.join("stat")) else {
        return; // vanished (stat is readable by everyone)
    };
    let Some(st) = parse_stat(&String::from_utf8_lossy(buf.data())) else {
        return;
    };
    let start = env
        .btime
        .map(|b| b + (st.starttime / env.tck.max(1) as u64) as i64);
    let kthread = st.flags & PF_KTHREAD != 0;
    let mut p = Proc {
        pid,
        comm: st.comm,
        zombie: st.state == 'Z',
        start,
        same_ipc_ns: None,
        uid,
        unreadable: false,
        kthread,
        threads: st.threads,
        leader_exited: false,
        creds: None,
    };
    // Kernel threads hold nothing (no maps, no descriptors, no IPC syscalls).
    if kthread {
        s.procs.insert(pid, p);
        return;
    }
    // The task whose view of the process is read: the leader, or, when the main thread
    // ended with pthread_exit (a zombie leader whose threads live on, with empty maps, fd
    // and ns of its own), a live thread.
    let mut base = dir.clone();
    let mut base_tid = pid;
    if p.zombie {
        if st.threads <= 1 {
            // A zombie has released everything.
            s.procs.insert(pid, p);
            return;
        }
        match live_thread(buf, &dir, pid) {
            Some(tid) => {
                p.zombie = false;
                p.leader_exited = true;
                base.push("task");
                base.push(itoa(tid).as_str());
                base_tid = tid;
            }
            None => {
                s.procs.insert(pid, p);
                return;
            }
        }
    }
    // Bind mounts of objects' files live in mount namespaces: one pid per namespace is
    // enough to read its mountinfo (only when verdicts on POSIX objects are asked for).
    if needs.procs
        && needs.fds
        && let Ok(m) = std::fs::metadata(base.join("ns/mnt"))
    {
        s.mount_ns.entry(m.ino()).or_insert(pid);
    }
    p.same_ipc_ns = match std::fs::metadata(base.join("ns/ipc")) {
        Ok(m) => env.my_ns.map(|mine| m.ino() == mine),
        Err(e) if vanished(&e) => return,
        Err(_) => None,
    };
    // The IPC namespace is per thread: a process whose main thread moved elsewhere
    // (unshare or setns) may have threads here, waiting on our queues and sets.
    if p.same_ipc_ns == Some(false) && st.threads > 1 {
        p.same_ipc_ns = Some(any_thread_in_ns(&dir, env.my_ns));
    }
    // SysV attachments and waiters only count in our IPC namespace; unknown counts as ours
    // (over-reporting a holder is safe, under-reporting is not).
    let sysv_ok = p.same_ipc_ns != Some(false);
    if needs.maps {
        match buf.read(&base.join("maps")) {
            Ok(()) => {
                for line in buf.data().split(|b| *b == b'\n') {
                    record_mapping(s, pid, line, sysv_ok, needs);
                }
            }
            Err(e) if vanished(&e) => return,
            Err(_) => p.unreadable = true,
        }
    }
    if !p.unreadable && needs.fds {
        let ours = p.same_ipc_ns == Some(true);
        match record_fd_table(s, pid, &base.join("fd"), needs, ours) {
            Ok(()) => {}
            Err(e) if vanished(&e) => return,
            Err(_) => p.unreadable = true,
        }
        // Threads share the leader's table unless one did unshare(CLONE_FILES): one kcmp
        // per thread tells them apart, and only a table of its own is read.
        if !p.unreadable && st.threads > 1 {
            p.unreadable = !record_thread_fd_tables(s, pid, base_tid, &dir, needs, ours);
        }
    }
    if needs.waiters && sysv_ok && !p.unreadable {
        p.unreadable = !record_waiters(s, buf, pid, &dir, p.threads);
    }
    if p.unreadable {
        s.complete = false;
    }
    s.procs.insert(pid, p);
}

/// Whether any thread of the process at `dir` is in IPC namespace `ns` (a thread whose
/// namespace cannot be read counts: over-reporting a holder keeps an object).
fn any_thread_in_ns(dir: &Path, ns: Option<u64>) -> bool {
    let Ok(tasks) = std::fs::read_dir(dir.join("task")) else {
        return true;
    };
    tasks
        .flatten()
        .any(|t| std::fs::metadata(t.path().join("ns/ipc")).map_or(true, |m| Some(m.ino()) == ns))
}

/// A thread of `pid` that is not a zombie (the leader itself is one), if any.
fn live_thread(buf: &mut ProcBuf, dir: &Path, pid: i32) -> Option<i32> {
    let tasks = std::fs::read_dir(dir.join("task")).ok()?;
    for t in tasks.flatten() {
        let Some(tid) = t.file_name().to_str().and_then(|n| n.parse::<i32>().ok()) else {
            continue;
        };
        if tid == pid {
            continue;
        }
        if buf.read(&t.path().join("stat")).is_ok()
            && parse_stat(&String::from_utf8_lossy(buf.data())).is_some_and(|st| st.state != 'Z')
        {
            return Some(tid);
        }
    }
    None
}

/// Every descriptor of one fd table (`/proc/PID/fd` or `/proc/PID/task/TID/fd`). The
/// directory is opened once more as a handle, so each descriptor is stat'ed relative to it
/// (fstatat) instead of walking the path from the root. A descriptor that cannot be
/// stat'ed (other than closed meanwhile) makes the table unreadable: what it refers to is
/// unknown.
fn record_fd_table(
    s: &mut HolderScan,
    pid: i32,
    fd_dir: &Path,
    needs: &Needs,
    ours: bool,
) -> std::io::Result<()> {
    let fds = std::fs::read_dir(fd_dir)?;
    let handle = std::fs::File::open(fd_dir)?;
    let mut blind = None;
    for fd in fds.flatten() {
        if let Err(e) = record_fd(s, pid, &handle, &fd, needs, ours) {
            blind = Some(e);
        }
    }
    match blind {
        Some(e) => Err(std::io::Error::from_raw_os_error(e as i32)),
        None => Ok(()),
    }
}

/// The fd tables of `pid`'s threads that differ from the base task's. False when one could
/// be neither compared nor read.
fn record_thread_fd_tables(
    s: &mut HolderScan,
    pid: i32,
    base_tid: i32,
    dir: &Path,
    needs: &Needs,
    ours: bool,
) -> bool {
    let Ok(tasks) = std::fs::read_dir(dir.join("task")) else {
        return false;
    };
    for t in tasks.flatten() {
        let Some(tid) = t.file_name().to_str().and_then(|n| n.parse::<i32>().ok()) else {
            continue;
        };
        if tid == base_tid {
            continue;
        }
        match crate::sys::process::same_fd_table(base_tid, tid) {
            Ok(true) => continue,
            Err(nix::errno::Errno::ESRCH) => continue,
            Ok(false) | Err(_) => {}
        }
        match record_fd_table(s, pid, &t.path().join("fd"), needs, ours) {
            Ok(()) => {}
            Err(e) if vanished(&e) => {}
            // A zombie leader's own table is gone (released at its exit).
            Err(_) if tid == pid => {}
            Err(_) => return false,
        }
    }
    true
}

/// A pid as decimal text.
fn itoa(n: i32) -> String {
    n.to_string()
}

/// The fields of one maps line the scan needs, from the raw bytes:
/// `START-END PERMS OFFSET MAJ:MIN INODE   PATH`. `None` for malformed lines.
fn maps_fields(line: &[u8]) -> Option<(&[u8], u64, u64, &[u8])> {
    let mut rest = line;
    let mut next = || -> Option<&[u8]> {
        while rest.first() == Some(&b' ') {
            rest = &rest[1..];
        }
        if rest.is_empty() {
            return None;
        }
        let end = rest.iter().position(|b| *b == b' ').unwrap_or(rest.len());
        let (tok, tail) = rest.split_at(end);
        rest = tail;
        Some(tok)
    };
    let range = next()?;
    let _perms = next()?;
    let _offset = next()?;
    let dev = next()?;
    // Inode 0 is anonymous memory (device 00:00, never an object's) or SysV shmid 0.
    let inode = next()?;
    let colon = dev.iter().position(|b| *b == b':')?;
    let maj = hex(&dev[..colon])?;
    let min = hex(&dev[colon + 1..])?;
    let ino = dec(inode)?;
    let mut path = rest;
    while path.first() == Some(&b' ') {
        path = &path[1..];
    }
    Some((
        range,
        nix::sys::stat::makedev(u64::from(maj), u64::from(min)),
        ino,
        path,
    ))
}

fn hex(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 8 {
        return None;
    }
    b.iter().try_fold(0u32, |acc, c| {
        let d = (*c as char).to_digit(16)?;
        Some(acc << 4 | d)
    })
}

fn dec(b: &[u8]) -> Option<u64> {
    if b.is_empty() {
        return None;
    }
    b.iter().try_fold(0u64, |acc, c| {
        let d = (*c as char).to_digit(10)?;
        acc.checked_mul(10)?.checked_add(u64::from(d))
    })
}

const DELETED: &[u8] = b" (deleted)";

/// The device and path fields of a maps line as raw bytes, without parsing numbers: most
/// lines (libraries, anonymous memory) are dismissed on these alone.
fn dev_and_path(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut rest = line;
    let mut tok = [&b""[..]; 5];
    for t in &mut tok {
        while rest.first() == Some(&b' ') {
            rest = &rest[1..];
        }
        let end = rest.iter().position(|b| *b == b' ')?;
        *t = &rest[..end];
        rest = &rest[end..];
    }
    while rest.first() == Some(&b' ') {
        rest = &rest[1..];
    }
    Some((tok[3], rest))
}

/// One line of `/proc/PID/maps`.
fn record_mapping(s: &mut HolderScan, pid: i32, line: &[u8], sysv_ok: bool, needs: &Needs) {
    let Some((dev_text, path)) = dev_and_path(line) else {
        return;
    };
    let sysv = sysv_ok && path.starts_with(b"/SYSV");
    if !sysv && !needs.dev_texts.iter().any(|d| d.as_bytes() == dev_text) {
        return;
    }
    let Some((range, dev, ino, path)) = maps_fields(line) else {
        return;
    };
    if dev == 0 {
        return; // anonymous memory
    }
    if needs.wants_dev(dev) {
        s.files.entry((dev, ino)).or_default().push(pid);
        if Some(dev) == needs.shm_dev
            && let Some(p) = path.strip_suffix(DELETED)
        {
            let file = last_component(p);
            let len = range_len(range);
            let u = s.unlinked.entry((dev, ino)).or_insert_with(|| Unlinked {
                file,
                size: 0,
                pids: Vec::new(),
                meta: None,
                probe: None,
            });
            u.size = u.size.max(len);
            u.pids.push(pid);
            if u.probe.is_none() {
                u.probe = Some(format!(
                    "{pid}/map_files/{}",
                    String::from_utf8_lossy(range)
                ));
            }
        }
        return;
    }
    // The kernel's own name for a System V attachment; inode = shmid.
    if sysv_ok
        && path.starts_with(b"/SYSV")
        && let Ok(id) = i32::try_from(ino)
    {
        s.shm.entry(id).or_default().push(pid);
    }
}

fn last_component(p: &[u8]) -> String {
    let name = p.rsplit(|b| *b == b'/').next().unwrap_or(p);
    String::from_utf8_lossy(name).into_owned()
}

fn range_len(range: &[u8]) -> u64 {
    let Some(dash) = range.iter().position(|b| *b == b'-') else {
        return 0;
    };
    let start = u64::from_str_radix(&String::from_utf8_lossy(&range[..dash]), 16).unwrap_or(0);
    let end = u64::from_str_radix(&String::from_utf8_lossy(&range[dash + 1..]), 16).unwrap_or(0);
    end.saturating_sub(start)
}

/// One `/proc/PID/fd/N`: `stat` follows the magic link to the open file itself; it counts
/// when it lives on one of the objects' devices, whatever its path. An error other than
/// "closed meanwhile" is returned: that descriptor was not inspected.
fn record_fd(
    s: &mut HolderScan,
    pid: i32,
    fd_dir: &std::fs::File,
    entry: &std::fs::DirEntry,
    needs: &Needs,
    ours: bool,
) -> Result<(), nix::errno::Errno> {
    let name = entry.file_name();
    let st = match nix::sys::stat::fstatat(fd_dir, name.as_os_str(), nix::fcntl::AtFlags::empty()) {
        Ok(st) => st,
        Err(nix::errno::Errno::ENOENT | nix::errno::Errno::ESRCH) => return Ok(()),
        Err(e) => return Err(e),
    };
    let dev = st.st_dev;
    let regular = nix::sys::stat::SFlag::from_bits_truncate(st.st_mode)
        & nix::sys::stat::SFlag::S_IFMT
        == nix::sys::stat::SFlag::S_IFREG;
    // A queue whose name is gone: no listed queue has its (dev, ino), so it is found by
    // its file system, only among files with no link left (few: memfds, deleted files).
    if needs.unlinked_queues && ours && regular && st.st_nlink == 0 && Some(dev) != needs.shm_dev {
        super::unlinked::record_queue_fd(s, pid, &entry.path(), &st);
    }
    if !needs.wants_dev(dev) || !regular {
        return Ok(());
    }
    let key = (dev, st.st_ino);
    s.files.entry(key).or_default().push(pid);
    if Some(dev) == needs.shm_dev && st.st_nlink == 0 {
        let link = entry.path();
        let Ok(m) = std::fs::metadata(&link) else {
            return Ok(());
        };
        let target = std::fs::read_link(&link).unwrap_or_default();
        let t = target.as_os_str().as_bytes();
        let file = last_component(t.strip_suffix(DELETED).unwrap_or(t));
        let u = s.unlinked.entry(key).or_insert_with(|| Unlinked {
            file,
            size: 0,
            pids: Vec::new(),
            meta: None,
            probe: None,
        });
        u.size = u.size.max(m.len());
        u.pids.push(pid);
        u.meta = Some((m.uid(), m.gid(), m.mode() & 0o7777, m.ctime()));
    }
    Ok(())
}

/// Every thread of the process: one blocked in msgsnd/msgrcv/semop/semtimedop waits on that
/// id. `/proc/PID/syscall` is the main thread only; `task/TID/syscall` covers each thread
/// (the main thread's TID is the PID, so nothing is read twice). A single-threaded process
/// is read directly, without listing its tasks.
pub(super) fn record_waiters(
    s: &mut HolderScan,
    buf: &mut ProcBuf,
    pid: i32,
    dir: &Path,
    threads: u32,
) -> bool {
    let blind = |e: &std::io::Error| !vanished(e);
    if threads <= 1 {
        match buf.read(&dir.join("syscall")) {
            Ok(()) => {
                if let Some((kind, id)) = parse_syscall(&String::from_utf8_lossy(buf.data())) {
                    s.waiters.entry((kind, id)).or_default().push(pid);
                }
            }
            Err(e) if blind(&e) => return false,
            Err(_) => {}
        }
        return true;
    }
    let tasks = match std::fs::read_dir(dir.join("task")) {
        Ok(t) => t,
        Err(e) => return !blind(&e),
    };
    let mut ok = true;
    for t in tasks.flatten() {
        let mut p = t.path();
        p.push("syscall");
        match buf.read(&p) {
            Ok(()) => {}
            Err(e) => {
                ok &= !blind(&e);
                continue;
            }
        }
        if let Some((kind, id)) = parse_syscall(&String::from_utf8_lossy(buf.data())) {
            s.waiters.entry((kind, id)).or_default().push(pid);
        }
    }
    ok
}

/// Read the per-thread syscalls of the processes `wanted` picks (live, readable, in our IPC
/// namespace or unknown) and record who waits on which msg queue or semaphore set. A second
/// pass, so a listing reads threads only when some verdict depends on a waiter.
///
/// With `quick`, a process that was single-threaded in the first pass has only its main
/// thread read (a listing's HOLDERS column); without, every process's tasks are listed
/// afresh, since it may have started a thread since (verdicts that `clean` acts on).
pub fn add_waiters(
    s: &mut HolderScan,
    src: &Source,
    wanted: &(dyn Fn(&Proc) -> bool + Sync),
    quick: bool,
) {
    let proc_dir = src.path("proc");
    let mut pids: Vec<i32> = s
        .procs
        .values()
        .filter(|p| {
            !p.kthread && !p.zombie && !p.unreadable && p.same_ipc_ns != Some(false) && wanted(p)
        })
        .map(|p| p.pid)
        .collect();
    pids.sort_unstable();
    let run = |part: &[i32]| {
        let mut w = HolderScan::default();
        let mut buf = ProcBuf::new();
        let mut dir = proc_dir.clone();
        for &pid in part {
            dir.push(itoa(pid).as_str());
            let threads = match s.procs.get(&pid) {
                Some(p) if quick => p.threads,
                _ => u32::MAX,
            };
            if !record_waiters(&mut w, &mut buf, pid, &dir, threads) {
                w.unreadable.push(pid);
            }
            dir.pop();
        }
        w
    };
    let workers = if pids.len() >= PARALLEL_FROM {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    } else {
        1
    };
    let parts: Vec<HolderScan> = if workers <= 1 {
        vec![run(&pids)]
    } else {
        let chunk = pids.len().div_ceil(workers);
        std::thread::scope(|sc| {
            let hs: Vec<_> = pids
                .chunks(chunk)
                .map(|c| sc.spawn(move || run(c)))
                .collect();
            hs.into_iter().filter_map(|h| h.join().ok()).collect()
        })
    };
    let mut blind = false;
    for p in parts {
        for (k, v) in p.waiters {
            s.waiters.entry(k).or_default().extend(v);
        }
        // A task whose syscalls could not be read was not inspected.
        for pid in p.unreadable {
            if let Some(q) = s.procs.get_mut(&pid) {
                q.unreadable = true;
                blind = true;
            }
        }
    }
    if blind {
        s.finish_unreadable();
    }
    for v in s.waiters.values_mut() {
        v.sort_unstable();
        v.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_fields_by_bytes() {
        let (range, dev, ino, path) = maps_fields(
            b"7f1c2c000000-7f1c2c001000 rw-s 00000000 00:1a 32768                      /srv/alias/x (deleted)",
        )
        .unwrap();
        assert_eq!(range, b"7f1c2c000000-7f1c2c001000");
        assert_eq!((dev, ino), (libc::makedev(0, 0x1a), 32768));
        assert_eq!(path, b"/srv/alias/x (deleted)");
        assert_eq!(range_len(range), 4096);
        let (_, dev, ino, path) = maps_fields(b"7f00-8f00 r--p 00000000 00:00 0 ").unwrap();
        assert_eq!((dev, ino, path), (0, 0, &b""[..]));
        assert!(maps_fields(b"garbage").is_none());
        assert!(maps_fields(b"").is_none());
        assert!(maps_fields(b"1-2 rw-s 0 zz:01 1 /x").is_none());
        let (_, dev, _, _) = maps_fields(b"1-2 r--p 0 fd:01 77 /usr/lib/x").unwrap();
        assert_eq!(dev, libc::makedev(0xfd, 1));
        assert_eq!(last_component(b"/run/shm/psm_1"), "psm_1");
        let (dev, path) =
            dev_and_path(b"7f00-8f00 rw-s 00000000 00:1a 17      /srv/alias/x (deleted)").unwrap();
        assert_eq!((dev, path), (&b"00:1a"[..], &b"/srv/alias/x (deleted)"[..]));
        assert_eq!(
            super::super::dev_texts(&[libc::makedev(0, 0x1a), libc::makedev(259, 300)]),
            vec!["00:1a".to_string(), "103:12c".to_string()]
        );
    }
}
