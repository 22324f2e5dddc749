//! Who holds which object: one pass over `/proc/[pid]/{stat,ns/ipc,maps,fd,syscall}` for every
//! process, with raw `std::fs` reads (procfs is about twice as slow here and its
//! `namespaces()` fails a whole process on one unreadable link).
//!
//! What counts as holding:
//! - `shm`: a `/SYSV<key>` mapping whose inode is the shmid, from a process in **our IPC
//!   namespace** (other namespaces reuse the same ids);
//! - `pshm`, `psem`: a mapping or an open fd whose (device, inode) is the file's. Matching by
//!   (dev, ino) and never by path catches glibc's `sem.XXXXXX (deleted)` creator mappings and
//!   keeps other tmpfs instances (containers) apart, so "sees the same /dev/shm" needs no
//!   extra test;
//! - `pmq`: an open fd whose (dev, ino) is the queue's. Each IPC namespace has its own mqueue
//!   superblock, so a (dev, ino) match is a match in our namespace. A `NOTIFY_PID`
//!   registration is not read here: the kernel drops it when its owner closes any fd of the
//!   queue, so a live registration implies an open fd, and reading the queue's text would
//!   bump its atime/ctime (the idle evidence `orphans` relies on);
//! - `msg`, `sem`: a process blocked in msgsnd/msgrcv/semop on the id (`/proc/PID/syscall`).
//!
//! All lookups are HashMaps keyed by shmid or (dev, ino): the cost is linear in processes +
//! mappings + fds + objects, never objects × processes. Processes that vanish mid-scan are
//! skipped silently; processes that cannot be read make the scan incomplete, and are kept so
//! callers can say which holders are unknown.

use std::collections::{HashMap, HashSet};
use std::io::ErrorKind;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirEntryExt, MetadataExt};
use std::path::Path;

use super::Source;
use crate::model::{Holder, Kind, Object};

/// One process as seen by the scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proc {
    pub pid: i32,
    pub comm: String,
    /// Stat state `Z`: dead for every purpose here (`kill(pid, 0)` would still succeed).
    pub zombie: bool,
    /// Start time in epoch seconds (btime + starttime / CLK_TCK), when known.
    pub start: Option<i64>,
    /// In ipcctl's IPC namespace: `Some(true/false)`, `None` when it could not be read.
    pub same_ipc_ns: Option<bool>,
    /// Owner of `/proc/PID` (the euid; root for non-dumpable processes).
    pub uid: u32,
    /// Its maps or fds could not be read: whatever it holds is unknown.
    pub unreadable: bool,
}

/// A /dev/shm file that is mapped or open but has no name any more: its memory is not freed
/// until these processes unmap or close it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Unlinked {
    /// The last path component as the kernel printed it, without ` (deleted)`.
    file: String,
    /// The largest mapping (or the file size when only open).
    size: u64,
    pids: Vec<i32>,
    /// Owner, group, mode and ctime of the file, when known (from an open fd's stat).
    meta: Option<(u32, u32, u32, i64)>,
    /// `PID/map_files/START-END` below /proc: stat-able (as root) to learn the owner of a
    /// file that is only mapped. Read only for these few files, never per mapping.
    probe: Option<String>,
}

/// The result of one scan of all processes.
#[derive(Debug, Default)]
pub struct HolderScan {
    /// False when /proc could not be listed at all: no holder is known.
    pub available: bool,
    /// Every process could be inspected.
    pub complete: bool,
    /// The process table snapshot, for liveness and PID-reuse checks.
    pub procs: HashMap<i32, Proc>,
    /// shmid -> attached pids (our IPC namespace only).
    shm: HashMap<i32, Vec<i32>>,
    /// (dev, ino) -> pids that map it or have it open.
    files: HashMap<(u64, u64), Vec<i32>>,
    /// (kind, id) -> pids blocked on it (msg, sem).
    waiters: HashMap<(Kind, i32), Vec<i32>>,
    /// (dev, ino) of /dev/shm files mapped or open with a ` (deleted)` path.
    unlinked: HashMap<(u64, u64), Unlinked>,
    /// Uninspected pids, sorted, and the same grouped by uid.
    unreadable: Vec<i32>,
    unreadable_by_uid: HashMap<u32, Vec<i32>>,
}

/// Which per-process files a scan has to read; what no object could be found in is skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// `/proc/PID/maps`: SysV attachments, mapped /dev/shm files.
    pub maps: bool,
    /// `/proc/PID/fd`: open /dev/shm files and queues.
    pub fds: bool,
    /// `/proc/PID/syscall`: processes blocked on a msg queue or semaphore set.
    pub waiters: bool,
    /// The process table itself (liveness and start times for orphan evidence).
    pub procs: bool,
}

impl Needs {
    pub const ALL: Needs = Needs {
        maps: true,
        fds: true,
        waiters: true,
        procs: true,
    };

    /// What holders of these objects (of these kinds) can be found in. A segment with
    /// nattch 0 has no attachment anywhere, so a listing of idle System V segments reads no
    /// maps at all.
    pub fn for_objects(kinds: &[Kind], objects: &[Object], classify: bool) -> Needs {
        let posix_files = kinds.iter().any(|k| matches!(k, Kind::Pshm | Kind::Psem));
        Needs {
            maps: posix_files
                || objects
                    .iter()
                    .any(|o| o.kind == Kind::Shm && o.nattch.unwrap_or(1) > 0),
            fds: posix_files || kinds.contains(&Kind::Pmq),
            waiters: objects
                .iter()
                .any(|o| matches!(o.kind, Kind::Msg | Kind::Sem)),
            procs: classify,
        }
    }

    fn any(self) -> bool {
        self.maps || self.fds || self.waiters || self.procs
    }
}

/// Scan every process once for everything. Never fails: what cannot be read is skipped and
/// recorded.
pub fn scan(src: &Source) -> HolderScan {
    scan_for(src, Needs::ALL)
}

/// Scan every process once, reading only what `needs` asks for.
pub fn scan_for(src: &Source, needs: Needs) -> HolderScan {
    let proc_dir = src.path("proc");
    let mut s = HolderScan::default();
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
    let btime = read_btime(&proc_dir.join("stat"));
    let tck = clock_ticks();
    // After `--ns PID` (setns), /proc/self/ns/ipc is the target's namespace: holders are
    // compared with it.
    let my_ns = std::fs::metadata(proc_dir.join("self/ns/ipc"))
        .ok()
        .map(|m| m.ino());
    let env = Env {
        btime,
        tck,
        my_ns,
        needs,
    };
    let mut buf = ProcBuf::new();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = std::str::from_utf8(name.as_bytes())
            .ok()
            .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<i32>().ok())
        else {
            continue;
        };
        scan_process(&mut s, &mut buf, &e.path(), pid, &env);
    }
    for v in s
        .shm
        .values_mut()
        .chain(s.files.values_mut())
        .chain(s.waiters.values_mut())
    {
        v.sort_unstable();
        v.dedup();
    }
    for u in s.unlinked.values_mut() {
        u.pids.sort_unstable();
        u.pids.dedup();
    }
    s.index_unreadable();
    s
}

/// A buffer reused for every /proc file of the scan: zeroed once, grown when a file does not
/// fit, and never re-zeroed (`std::fs::read` probes the size with statx and allocates per
/// file).
struct ProcBuf {
    buf: Vec<u8>,
    len: usize,
}

impl ProcBuf {
    fn new() -> ProcBuf {
        ProcBuf {
            buf: vec![0; 64 * 1024],
            len: 0,
        }
    }

    fn data(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// Open `path` and read it to the end.
    fn read(&mut self, path: &Path) -> std::io::Result<()> {
        use std::io::Read;
        let mut f = std::fs::File::open(path)?;
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
    matches!(e.kind(), ErrorKind::NotFound) || e.raw_os_error() == Some(libc::ESRCH)
}

/// What every process of one scan is read with.
#[derive(Clone, Copy)]
struct Env {
    btime: Option<i64>,
    tck: i64,
    my_ns: Option<u64>,
    needs: Needs,
}

fn scan_process(s: &mut HolderScan, buf: &mut ProcBuf, dir: &Path, pid: i32, env: &Env) {
    let Env {
        btime,
        tck,
        my_ns,
        needs,
    } = *env;
    if buf.read(&dir.join("stat")).is_err() {
        return; // vanished (stat is readable by everyone)
    }
    let Some(st) = parse_stat(&String::from_utf8_lossy(buf.data())) else {
        return;
    };
    let start = btime.map(|b| b + (st.starttime / tck.max(1) as u64) as i64);
    let same_ipc_ns = match std::fs::metadata(dir.join("ns/ipc")) {
        Ok(m) => my_ns.map(|mine| m.ino() == mine),
        Err(e) if vanished(&e) => return,
        Err(_) => None,
    };
    let mut p = Proc {
        pid,
        comm: st.comm,
        zombie: st.state == 'Z',
        start,
        same_ipc_ns,
        uid: 0,
        unreadable: false,
    };
    // SysV attachments and waiters only count in our IPC namespace; unknown counts as ours
    // (over-reporting a holder is safe, under-reporting is not).
    let sysv_ok = same_ipc_ns != Some(false);
    match if needs.maps {
        buf.read(&dir.join("maps"))
    } else {
        buf.len = 0;
        Ok(())
    } {
        Ok(()) => {
            for line in buf.data().split(|b| *b == b'\n') {
                record_mapping(s, pid, line, sysv_ok);
            }
        }
        Err(e) if vanished(&e) => return,
        Err(_) => p.unreadable = true,
    }
    if !p.unreadable && needs.fds {
        match std::fs::read_dir(dir.join("fd")) {
            Ok(fds) => {
                for fd in fds.flatten() {
                    record_fd(s, pid, &fd.path());
                }
            }
            Err(e) if vanished(&e) => return,
            Err(_) => p.unreadable = true,
        }
    }
    if needs.waiters && sysv_ok && !p.unreadable && !p.zombie {
        record_waiter(s, buf, pid, dir);
    }
    if p.unreadable {
        p.uid = std::fs::metadata(dir).map(|m| m.uid()).unwrap_or(0);
        s.complete = false;
    }
    s.procs.insert(pid, p);
}

/// One line of `/proc/PID/maps`; only `/SYSV` and `/dev/shm/` mappings matter.
fn record_mapping(s: &mut HolderScan, pid: i32, line: &[u8], sysv_ok: bool) {
    let has = |needle: &[u8]| line.windows(needle.len()).any(|w| w == needle);
    if !has(b"/SYSV") && !has(b"/dev/shm/") {
        return;
    }
    let text = String::from_utf8_lossy(line);
    let Some(m) = parse_maps_line(&text) else {
        return;
    };
    if m.path.starts_with("/SYSV") {
        if sysv_ok && let Ok(id) = i32::try_from(m.inode) {
            s.shm.entry(id).or_default().push(pid);
        }
        return;
    }
    let key = (m.dev, m.inode);
    s.files.entry(key).or_default().push(pid);
    if let Some(p) = m.path.strip_suffix(" (deleted)")
        && p.starts_with("/dev/shm/")
    {
        let file = p.rsplit('/').next().unwrap_or(p).to_string();
        let u = s.unlinked.entry(key).or_insert(Unlinked {
            file,
            size: 0,
            pids: Vec::new(),
            meta: None,
            probe: None,
        });
        u.size = u.size.max(m.len);
        u.pids.push(pid);
        if u.probe.is_none()
            && let Some(range) = text.split(' ').next()
        {
            u.probe = Some(format!("{pid}/map_files/{range}"));
        }
    }
}

/// One `/proc/PID/fd/N`: /dev/shm files and mqueue queues (which read as `/NAME`).
fn record_fd(s: &mut HolderScan, pid: i32, link: &Path) {
    let Ok(target) = std::fs::read_link(link) else {
        return;
    };
    let t = target.as_os_str().as_bytes();
    let in_dev_shm = t.starts_with(b"/dev/shm/");
    let mq_like = t.len() > 1 && t[0] == b'/' && !t[1..].contains(&b'/');
    if !in_dev_shm && !mq_like {
        return;
    }
    // stat follows the magic link to the open file itself.
    let Ok(m) = std::fs::metadata(link) else {
        return;
    };
    if !m.file_type().is_file() {
        return;
    }
    let key = (m.dev(), m.ino());
    s.files.entry(key).or_default().push(pid);
    if in_dev_shm
        && m.nlink() == 0
        && let Some(p) = String::from_utf8_lossy(t).strip_suffix(" (deleted)")
    {
        let file = p.rsplit('/').next().unwrap_or(p).to_string();
        let u = s.unlinked.entry(key).or_insert(Unlinked {
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
}

/// A process blocked in msgsnd/msgrcv/semop/semtimedop waits on that id.
fn record_waiter(s: &mut HolderScan, buf: &mut ProcBuf, pid: i32, dir: &Path) {
    if buf.read(&dir.join("syscall")).is_err() {
        return;
    }
    if let Some((kind, id)) = parse_syscall(&String::from_utf8_lossy(buf.data())) {
        s.waiters.entry((kind, id)).or_default().push(pid);
    }
}

/// `/proc/PID/syscall`: `NR ARG1 ...` with hex arguments, or `running`.
pub fn parse_syscall(text: &str) -> Option<(Kind, i32)> {
    let mut it = text.split_whitespace();
    let nr: i64 = it.next()?.parse().ok()?;
    let arg = it.next()?;
    let id = i64::from_str_radix(arg.strip_prefix("0x").unwrap_or(arg), 16).ok()?;
    let kind = match nr {
        n if n == libc::SYS_msgsnd || n == libc::SYS_msgrcv => Kind::Msg,
        n if n == libc::SYS_semop || n == libc::SYS_semtimedop => Kind::Sem,
        _ => return None,
    };
    Some((kind, i32::try_from(id).ok()?))
}

/// The fields of `/proc/PID/stat` the scan needs.
#[derive(Debug, PartialEq, Eq)]
pub struct Stat {
    pub comm: String,
    pub state: char,
    /// Field 22: start time in clock ticks after boot.
    pub starttime: u64,
}

/// Parse `/proc/PID/stat`. The comm is between the first `(` and the **last** `)`: it may
/// itself contain spaces and parentheses.
pub fn parse_stat(text: &str) -> Option<Stat> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let comm = text.get(open + 1..close)?.to_string();
    let mut rest = text.get(close + 1..)?.split_whitespace();
    let state = rest.next()?.chars().next()?;
    // After the state (field 3), field 22 is the 19th further field.
    let starttime = rest.nth(18)?.parse().ok()?;
    Some(Stat {
        comm,
        state,
        starttime,
    })
}

/// One parsed line of `/proc/PID/maps`.
#[derive(Debug, PartialEq, Eq)]
pub struct MapsLine<'a> {
    pub len: u64,
    pub dev: u64,
    pub inode: u64,
    pub path: &'a str,
}

fn token(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start_matches(' ');
    if s.is_empty() {
        return None;
    }
    let end = s.find(' ').unwrap_or(s.len());
    Some((&s[..end], &s[end..]))
}

/// `start-end perms offset MAJ:MIN inode   path` (device numbers in hex; the path may
/// contain spaces and ends with ` (deleted)` when unlinked).
pub fn parse_maps_line(line: &str) -> Option<MapsLine<'_>> {
    let (range, rest) = token(line)?;
    let (_perms, rest) = token(rest)?;
    let (_offset, rest) = token(rest)?;
    let (dev, rest) = token(rest)?;
    let (inode, rest) = token(rest)?;
    let (start, end) = range.split_once('-')?;
    let start = u64::from_str_radix(start, 16).ok()?;
    let end = u64::from_str_radix(end, 16).ok()?;
    let (maj, min) = dev.split_once(':')?;
    let maj = u32::from_str_radix(maj, 16).ok()?;
    let min = u32::from_str_radix(min, 16).ok()?;
    Some(MapsLine {
        len: end.saturating_sub(start),
        dev: libc::makedev(maj, min),
        inode: inode.parse().ok()?,
        path: rest.trim_start_matches(' ').trim_end(),
    })
}

fn read_btime(path: &Path) -> Option<i64> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("btime "))
        .and_then(|v| v.trim().parse().ok())
}

fn clock_ticks() -> i64 {
    // SAFETY: sysconf has no preconditions.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if t > 0 { t as i64 } else { 100 }
}

impl HolderScan {
    /// A scan made of a given process table, with no holders (for classification tests and
    /// callers that only need liveness).
    pub fn from_procs(procs: impl IntoIterator<Item = Proc>) -> HolderScan {
        let procs: HashMap<i32, Proc> = procs.into_iter().map(|p| (p.pid, p)).collect();
        let mut s = HolderScan {
            available: true,
            complete: procs.values().all(|p| !p.unreadable),
            procs,
            ..Default::default()
        };
        s.index_unreadable();
        s
    }

    fn holders(&self, pids: Option<&Vec<i32>>) -> Vec<Holder> {
        pids.map(|v| {
            v.iter()
                .map(|&pid| Holder {
                    pid,
                    comm: self
                        .procs
                        .get(&pid)
                        .map(|p| p.comm.clone())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default()
    }

    /// The live processes holding this object, sorted by pid; `None` when /proc could not be
    /// scanned at all. An empty list from an incomplete scan means "none that could be seen":
    /// check `complete` / [`HolderScan::uninspected_for`] before calling it unused.
    pub fn holders_of(&self, o: &Object) -> Option<Vec<Holder>> {
        if !self.available {
            return None;
        }
        let pids = match o.kind {
            Kind::Shm => o.id.and_then(|id| self.shm.get(&id)),
            Kind::Msg | Kind::Sem => o.id.and_then(|id| self.waiters.get(&(o.kind, id))),
            Kind::Pmq | Kind::Pshm | Kind::Psem => match (o.dev, o.inode) {
                (Some(d), Some(i)) => self.files.get(&(d, i)),
                _ => None,
            },
        };
        let mut h = self.holders(pids);
        // A registered notifier (read only by `show`) holds the queue too.
        if o.kind == Kind::Pmq
            && let Some(n) = o.notify_pid.filter(|n| *n > 0)
            && self.procs.get(&n).is_some_and(|p| !p.zombie)
            && !h.iter().any(|x| x.pid == n)
        {
            h.extend(self.holders(Some(&vec![n])));
            h.sort_by_key(|x| x.pid);
        }
        Some(h)
    }

    /// Fill `holders` of every object.
    pub fn attach(&self, objects: &mut [Object]) {
        for o in objects {
            o.holders = self.holders_of(o);
        }
    }

    /// Processes that could not be inspected, by pid.
    pub fn unreadable(&self) -> Vec<&Proc> {
        self.unreadable
            .iter()
            .filter_map(|pid| self.procs.get(pid))
            .collect()
    }

    /// Uninspected processes that could hold this POSIX object: root, its owner, or anyone
    /// when the mode lets group or others in. Returns how many, and the first few (cheap per
    /// object: the uninspected processes are indexed by uid once, in `index_unreadable`).
    /// SysV shm needs none of this: nattch counts every attachment.
    pub fn uninspected_for(&self, o: &Object) -> (usize, Vec<&Proc>) {
        if o.kind.is_sysv() || self.unreadable.is_empty() {
            return (0, Vec::new());
        }
        let pick = |pids: &[i32]| -> Vec<&Proc> {
            pids.iter()
                .take(3)
                .filter_map(|p| self.procs.get(p))
                .collect()
        };
        if o.mode & 0o066 != 0 {
            return (self.unreadable.len(), pick(&self.unreadable));
        }
        let root = self.unreadable_by_uid.get(&0).map_or(&[][..], |v| v);
        let owner = match o.uid {
            0 => &[][..],
            u => self.unreadable_by_uid.get(&u).map_or(&[][..], |v| v),
        };
        let mut first = pick(root);
        first.extend(pick(owner));
        first.sort_by_key(|p| p.pid);
        first.truncate(3);
        (root.len() + owner.len(), first)
    }

    /// Build the pid and uid indexes of uninspected processes (once per scan).
    fn index_unreadable(&mut self) {
        let mut u: Vec<i32> = self
            .procs
            .values()
            .filter(|p| p.unreadable)
            .map(|p| p.pid)
            .collect();
        u.sort_unstable();
        self.unreadable_by_uid.clear();
        for pid in &u {
            if let Some(p) = self.procs.get(pid) {
                self.unreadable_by_uid.entry(p.uid).or_default().push(*pid);
            }
        }
        self.unreadable = u;
    }

    /// One warning line when the scan was incomplete, naming the first few processes.
    pub fn incomplete_warning(&self) -> Option<String> {
        if !self.available {
            return Some("cannot list /proc: holders are unknown (is /proc mounted?)".to_string());
        }
        let u = self.unreadable();
        if u.is_empty() {
            return None;
        }
        let mut names: Vec<String> = u
            .iter()
            .take(5)
            .map(|p| format!("{} {}", p.pid, p.comm))
            .collect();
        if u.len() > 5 {
            names.push(format!("and {} more", u.len() - 5));
        }
        // SAFETY: geteuid has no preconditions.
        let root = unsafe { libc::geteuid() } == 0;
        Some(format!(
            "holder scan incomplete: {} process(es) could not be inspected ({}); what they hold is unknown{}",
            u.len(),
            names.join(", "),
            if root {
                ""
            } else {
                "; run as root to see every holder"
            }
        ))
    }

    /// /dev/shm files that are still mapped or open but have no name any more, as objects
    /// with holders and a `problem` saying so. Only files of this /dev/shm (same device) whose
    /// inode has no name left are reported (`sem.XXXXXX (deleted)` creator mappings of a
    /// linked semaphore are not).
    pub fn unlinked_objects(&self, src: &Source, kinds: &[Kind]) -> Vec<Object> {
        if self.unlinked.is_empty() {
            return Vec::new();
        }
        let dir = src.dev_shm();
        let Ok(meta) = std::fs::metadata(&dir) else {
            return Vec::new();
        };
        // d_ino from readdir: no stat per file.
        let linked: HashSet<u64> = std::fs::read_dir(&dir)
            .map(|rd| rd.flatten().map(|e| e.ino()).collect())
            .unwrap_or_default();
        let mut out = Vec::new();
        for (&(dev, ino), u) in &self.unlinked {
            if dev != meta.dev() || linked.contains(&ino) {
                continue;
            }
            let (kind, name) = match u.file.strip_prefix("sem.") {
                Some(n) if !n.is_empty() => (Kind::Psem, n),
                _ => (Kind::Pshm, u.file.as_str()),
            };
            if !kinds.contains(&kind) {
                continue;
            }
            let meta = u.meta.or_else(|| {
                let m = std::fs::metadata(src.path("proc").join(u.probe.as_deref()?)).ok()?;
                Some((m.uid(), m.gid(), m.mode() & 0o7777, m.ctime()))
            });
            let holders = self.holders(Some(&u.pids));
            let pids: Vec<String> = holders
                .iter()
                .map(|h| format!("{} ({})", h.pid, h.comm))
                .collect();
            out.push(Object {
                kind,
                reference: format!("{kind}:/{name} (deleted)"),
                name: Some(format!("/{name}")),
                size_bytes: (kind == Kind::Pshm).then_some(u.size),
                dev: Some(dev),
                inode: Some(ino),
                uid: meta.map_or(0, |m| m.0),
                gid: meta.map_or(0, |m| m.1),
                mode: meta.map_or(0, |m| m.2),
                ctime: meta.map(|m| m.3),
                problem: Some(format!(
                    "{UNLINKED}: the name is gone but the memory is not freed until {} unmap or exit",
                    pids.join(", ")
                )),
                holders: Some(holders),
                namespace: src.ns.clone(),
                ..Default::default()
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }
}

/// The problem text of an unlinked-but-mapped object (tests and filters look for it).
pub const UNLINKED: &str = "unlinked but still mapped";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_lines() {
        let l = parse_maps_line(
            "7f1c2c000000-7f1c2c001000 rw-s 00000000 00:01 32768                      /SYSV0000abcd (deleted)",
        )
        .unwrap();
        assert_eq!((l.len, l.inode, l.dev), (4096, 32768, libc::makedev(0, 1)));
        assert_eq!(l.path, "/SYSV0000abcd (deleted)");
        let l = parse_maps_line("7f00-8f00 rw-s 00000000 00:1a 17 /dev/shm/my frames (deleted)")
            .unwrap();
        assert_eq!(l.dev, libc::makedev(0, 0x1a));
        assert_eq!(l.path, "/dev/shm/my frames (deleted)");
        let l = parse_maps_line("7f00-8f00 r--p 00000000 00:00 0 ").unwrap();
        assert_eq!((l.inode, l.path), (0, ""));
        assert!(parse_maps_line("garbage").is_none());
        assert!(parse_maps_line("").is_none());
        assert!(parse_maps_line("zz-10 rw-s 0 00:01 1 /x").is_none());
    }

    #[test]
    fn stat_with_odd_comm() {
        let text = "4242 (a) b (c)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 123456 1000 10 18446744073709551615";
        let s = parse_stat(text).unwrap();
        assert_eq!(s.comm, "a) b (c)");
        assert_eq!(s.state, 'S');
        assert_eq!(s.starttime, 123_456);
        let z = "7 (sh) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99 0 0";
        assert_eq!(parse_stat(z).unwrap().state, 'Z');
        assert!(parse_stat("7 (sh) S 1").is_none());
        assert!(parse_stat("nothing").is_none());
    }

    #[test]
    fn syscall_lines() {
        let rcv = format!(
            "{} 0x8001 0x7ffd 0x40 0x0 0x0 0x0 0x7ffd 0x7f00",
            libc::SYS_msgrcv
        );
        assert_eq!(parse_syscall(&rcv), Some((Kind::Msg, 0x8001)));
        let sop = format!(
            "{} 0x5 0x7ffd 0x1 0x0 0x0 0x0 0x7ffd 0x7f00",
            libc::SYS_semop
        );
        assert_eq!(parse_syscall(&sop), Some((Kind::Sem, 5)));
        assert_eq!(parse_syscall("running"), None);
        assert_eq!(parse_syscall("0 0x3 0x0"), None);
    }

    fn proc(pid: i32, uid: u32, unreadable: bool) -> Proc {
        Proc {
            pid,
            comm: format!("p{pid}"),
            zombie: false,
            start: Some(0),
            same_ipc_ns: Some(true),
            uid,
            unreadable,
        }
    }

    #[test]
    fn uninspected_processes_that_could_hold_an_object() {
        let s = HolderScan::from_procs([proc(1, 0, true), proc(2, 1000, true), proc(3, 0, false)]);
        assert!(!s.complete);
        let mine = Object {
            kind: Kind::Pshm,
            uid: 1000,
            mode: 0o600,
            ..Default::default()
        };
        let pids = |o: &Object| {
            let (n, first) = s.uninspected_for(o);
            assert_eq!(n, first.len());
            first.iter().map(|p| p.pid).collect::<Vec<_>>()
        };
        assert_eq!(pids(&mine), vec![1, 2]);
        let other = Object {
            uid: 2000,
            ..mine.clone()
        };
        assert_eq!(pids(&other), vec![1]);
        let shm = Object {
            kind: Kind::Shm,
            ..mine
        };
        assert!(pids(&shm).is_empty());
        assert!(s.incomplete_warning().unwrap().contains("2 process(es)"));
    }
}

#[cfg(test)]
mod needs_tests {
    use super::*;

    fn shm(nattch: u64) -> Object {
        Object {
            kind: Kind::Shm,
            nattch: Some(nattch),
            ..Default::default()
        }
    }

    #[test]
    fn idle_segments_need_no_process_files() {
        let n = Needs::for_objects(&[Kind::Shm], &[shm(0), shm(0)], false);
        assert!(!n.any());
        let n = Needs::for_objects(&[Kind::Shm], &[shm(0), shm(2)], false);
        assert!(n.maps && !n.fds && !n.waiters);
        let n = Needs::for_objects(&[Kind::Pmq], &[], false);
        assert!(n.fds && !n.maps);
        let n = Needs::for_objects(&[Kind::Psem], &[], false);
        assert!(n.fds && n.maps);
        let msg = Object {
            kind: Kind::Msg,
            ..Default::default()
        };
        assert!(Needs::for_objects(&[Kind::Msg], &[msg], false).waiters);
        assert!(Needs::for_objects(&[Kind::Shm], &[], true).procs);
        // Nothing to read: an available, complete scan with empty holder lists.
        let s = scan_for(
            &Source::new("/nonexistent"),
            Needs::for_objects(&[Kind::Shm], &[], false),
        );
        assert!(s.available && s.complete);
        assert_eq!(s.holders_of(&shm(0)), Some(vec![]));
    }
}
