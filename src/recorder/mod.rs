//! `ipcctl record`'s engine: watches who creates IPC objects and writes it to the journal.
//!
//! - POSIX shm and named semaphores: a fanotify group per /dev/shm tmpfs (a filesystem mark)
//!   reports create, delete and rename with the acting pid;
//! - POSIX queues: a fanotify group per mqueue instance (an inode mark on its root);
//! - System V: the kernel's tables polled every `interval` (as `list` reads them); shm's
//!   cpid is the creator, msg and sem record none, so their first sender or operator is kept
//!   as "first user";
//! - exits of recorded processes: the proc connector (exit code or signal); where it cannot
//!   be had, a recorded pid whose process is gone (or whose start time changed) for two
//!   polls in a row is recorded as exited without a status.
//!
//! A fanotify overflow or a proc-connector overrun is a gap in the journal; after a fanotify
//! overflow the directory is listed again and objects not yet journaled are recorded with
//! "creator unknown (gap)".
//! What happens is reported to the caller as typed `Note`s; `render::record` words them.

use std::collections::{HashMap, HashSet};
use std::os::fd::{AsFd, AsRawFd};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::collect::Source;
use crate::journal::{JournalError, ObjectKey, Process, Writer};
use crate::model::{CreatorRole, GapSource, Kind};
use crate::sys::fanotify::{self, Action, DirId, Group};
use crate::sys::proc_connector::{Connector, ProcEvent};

/// How the recorder runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub journal: PathBuf,
    /// Watch every mount namespace's /dev/shm and mqueue mounts it can reach.
    pub all_namespaces: bool,
    /// Forget removed objects, exits and gaps older than this.
    pub keep: Duration,
    /// How often /proc/sysvipc is read.
    pub interval: Duration,
}

/// What a watched directory holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fs {
    /// A /dev/shm tmpfs: POSIX shm and named semaphores (`sem.NAME`).
    Shm,
    /// An mqueue instance: POSIX queues.
    Mqueue,
}

/// Something the caller may tell the user.
#[derive(Debug)]
pub enum Note {
    /// Watching this directory (its filesystem's device).
    Watching { dir: PathBuf, fs: Fs, dev: u64 },
    /// fanotify refused to watch this directory.
    WatchRefused {
        dir: PathBuf,
        fs: Fs,
        error: std::io::Error,
    },
    /// No proc connector: exits are found by polling, without exit codes.
    NoConnector(std::io::Error),
    /// Events were lost.
    Gap { source: GapSource, at: i64 },
    /// A journal write failed (the recorder goes on).
    JournalFailed(JournalError),
    /// Stopped (SIGINT or SIGTERM).
    Stopped { events: u64 },
}

/// Why the recorder cannot start.
#[derive(Debug)]
pub enum StartError {
    /// fanotify_init was refused: CAP_SYS_ADMIN is missing.
    NoFanotify(std::io::Error),
    /// The journal cannot be opened for writing.
    Journal(JournalError),
    /// Nothing to watch at all.
    NothingToWatch,
}

/// How long after its exit a process's exec-time facts still stand for it (a SysV object is
/// seen at the next poll, up to `--interval` after its creator exited).
const RECENT: Duration = Duration::from_secs(5);

struct Watch {
    group: Group,
    root: DirId,
    /// The directory, kept open: listed through /proc/self/fd/N so a namespace's process
    /// may exit without breaking the path.
    dir: std::fs::File,
    fs: Fs,
    scope: u64,
}

impl Watch {
    fn path(&self) -> PathBuf {
        PathBuf::from(format!("/proc/self/fd/{}", self.dir.as_raw_fd()))
    }
}

/// Open directory `rel` (`dev/shm`, `dev/mqueue`) of the root `root` (`/proc/PID/root`) with
/// every component resolved inside that root and no symbolic link followed (ELOOP when one
/// is met): an absolute link in a container resolves against the caller's root otherwise.
fn open_in_root(root: &Path, rel: &str) -> std::io::Result<std::fs::File> {
    use nix::fcntl::{OFlag, OpenHow, ResolveFlag, open, openat2};
    use nix::sys::stat::Mode;
    let root = open(
        root,
        OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC,
        Mode::empty(),
    )?;
    let fd = openat2(
        &root,
        rel,
        OpenHow::new()
            .flags(OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC)
            .resolve(
                ResolveFlag::RESOLVE_IN_ROOT
                    | ResolveFlag::RESOLVE_NO_SYMLINKS
                    | ResolveFlag::RESOLVE_NO_MAGICLINKS,
            ),
    )?;
    Ok(std::fs::File::from(fd))
}

/// The kind and journal ident of a directory entry.
fn entry_key(fs: Fs, scope: u64, raw: &[u8]) -> Option<ObjectKey> {
    if raw.is_empty() || raw == b"." || raw == b".." {
        return None;
    }
    let (kind, name) = match fs {
        Fs::Mqueue => (Kind::Pmq, raw),
        Fs::Shm => crate::model::dev_shm_entry(raw),
    };
    Some(ObjectKey {
        kind,
        scope,
        ident: crate::model::name_from_bytes(name),
    })
}

struct Recorder<'a> {
    src: &'a Source,
    opts: &'a Options,
    proc_dir: PathBuf,
    writer: Writer,
    watches: Vec<Watch>,
    seen_mnt_ns: HashSet<u64>,
    seen_devs: HashSet<u64>,
    connector: Option<Connector>,
    /// Processes read at their exec, for creators gone before their event is read.
    exec_cache: HashMap<i32, (Process, Option<Instant>)>,
    /// Detached mqueue mounts being watched (kept open while recording).
    detached: Vec<std::os::fd::OwnedFd>,
    /// Processes read for recent events (pid → facts, when read).
    recent: HashMap<i32, (Process, Instant)>,
    /// Exits of pids not (yet) recorded, for creators whose event is read after their exit.
    recent_exits: HashMap<i32, (i64, u32)>,
    /// Recorded pids found gone at the last poll (marked exited if still gone at the next).
    missing: HashSet<i32>,
    sysv_scope: u64,
    /// System V objects present at the last poll: (kind, id) → key.
    sysv: HashMap<(Kind, i32), u32>,
    /// msg/sem created while recording whose first user is not known yet.
    want_first_user: HashSet<(Kind, i32)>,
    btime: i64,
    events: u64,
    notes: &'a mut dyn FnMut(Note),
}

/// Run until SIGINT or SIGTERM. Returns the number of events recorded.
pub fn run(src: &Source, opts: &Options, notes: &mut dyn FnMut(Note)) -> Result<u64, StartError> {
    // The capability check first. Since Linux 5.13 anyone may create a FID-reporting group
    // (with inode marks only): the filesystem mark is what needs CAP_SYS_ADMIN.
    let probe = Group::new().map_err(StartError::NoFanotify)?;
    if let Err(e) = probe.mark_filesystem(&src.dev_shm())
        && e.raw_os_error() == Some(nix::errno::Errno::EPERM as i32)
    {
        return Err(StartError::NoFanotify(e));
    }
    drop(probe);
    let writer = Writer::open(&opts.journal).map_err(StartError::Journal)?;
    crate::sys::process::install_sigint_flag();
    crate::sys::process::install_sigterm_flag();
    let connector = match Connector::listen() {
        Ok(c) => Some(c),
        Err(e) => {
            notes(Note::NoConnector(e));
            None
        }
    };
    let proc_dir = src.path("proc");
    let sysv_scope = crate::collect::namespaces::ipc_inode(src, "self").unwrap_or(0);
    let btime = std::fs::read_to_string(proc_dir.join("stat"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("btime "))
                .and_then(|v| v.trim().parse().ok())
        })
        .unwrap_or(0);
    let mut r = Recorder {
        src,
        opts,
        proc_dir,
        writer,
        watches: Vec::new(),
        seen_mnt_ns: HashSet::new(),
        seen_devs: HashSet::new(),
        connector,
        exec_cache: HashMap::new(),
        recent: HashMap::new(),
        detached: Vec::new(),
        recent_exits: HashMap::new(),
        missing: HashSet::new(),
        sysv_scope,
        sysv: HashMap::new(),
        want_first_user: HashSet::new(),
        btime,
        events: 0,
        notes,
    };
    let now = crate::units::now();
    r.journal(|w| {
        w.begin()?;
        w.started(now)
    });
    r.add_own_watches();
    if opts.all_namespaces {
        r.add_namespace_watches();
    }
    if r.watches.is_empty() && r.connector.is_none() {
        return Err(StartError::NothingToWatch);
    }
    for i in 0..r.watches.len() {
        r.reconcile(i, CreatorRole::UnknownBefore, None);
    }
    r.poll_sysv(true);
    let keep = opts.keep.as_secs() as i64;
    r.journal(|w| {
        w.prune(now - keep)?;
        w.commit()
    });
    r.run_loop();
    let events = r.events;
    (r.notes)(Note::Stopped { events });
    Ok(events)
}

impl Recorder<'_> {
    /// Run a journal write; a failure is a note, never the end of recording.
    fn journal(&mut self, f: impl FnOnce(&mut Writer) -> Result<(), JournalError>) {
        if let Err(e) = f(&mut self.writer) {
            (self.notes)(Note::JournalFailed(e));
        }
    }

    fn add_own_watches(&mut self) {
        let shm = self.src.dev_shm();
        self.add_watch(&shm, Fs::Shm);
        match crate::collect::posix_mq::mount_point(self.src) {
            Some(mq) => self.add_watch(&mq, Fs::Mqueue),
            // No mqueue mounted: a detached instance of this IPC namespace's mqueue fs
            // (attached nowhere, invisible to everyone) shows its queues all the same.
            None => {
                if let Ok(fd) = crate::sys::mount::detached_mqueue() {
                    let path = PathBuf::from(format!("/proc/self/fd/{}", fd.as_raw_fd()));
                    self.add_watch(&path, Fs::Mqueue);
                    self.detached.push(fd);
                }
            }
        }
        if let Ok(m) = std::fs::metadata(self.proc_dir.join("self/ns/mnt")) {
            self.seen_mnt_ns.insert(m.ino());
        }
    }

    /// Every mount namespace reachable through /proc/PID/root not watched yet.
    fn add_namespace_watches(&mut self) {
        let Ok(entries) = std::fs::read_dir(&self.proc_dir) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name();
            let Some(pid) = name
                .to_str()
                .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
            else {
                continue;
            };
            let base = self.proc_dir.join(pid);
            let Ok(ns) = std::fs::metadata(base.join("ns/mnt")) else {
                continue;
            };
            if !self.seen_mnt_ns.insert(ns.ino()) {
                continue;
            }
            let root = base.join("root");
            for (rel, fs) in [("dev/shm", Fs::Shm), ("dev/mqueue", Fs::Mqueue)] {
                let dir = root.join(rel);
                match open_in_root(&root, rel) {
                    Ok(file) => self.add_watch_file(&dir, file, fs),
                    // A container's /dev or /dev/shm that is a symbolic link would resolve
                    // against the recorder's root (a host directory): never followed.
                    Err(e) if e.raw_os_error() == Some(nix::libc::ELOOP) => {
                        (self.notes)(Note::WatchRefused {
                            dir,
                            fs,
                            error: std::io::Error::other(
                                "a symbolic link inside the container, not followed",
                            ),
                        });
                    }
                    Err(_) => {}
                }
            }
        }
    }

    /// Watch `dir` unless its filesystem is watched already or is not the right type.
    fn add_watch(&mut self, dir: &Path, fs: Fs) {
        let Ok(file) = std::fs::File::open(dir) else {
            return;
        };
        self.add_watch_file(dir, file, fs);
    }

    /// Watch the directory `file` (opened from `dir`).
    fn add_watch_file(&mut self, dir: &Path, file: std::fs::File, fs: Fs) {
        let Ok(meta) = file.metadata() else { return };
        if !meta.is_dir() || self.seen_devs.contains(&meta.dev()) {
            return;
        }
        let want = match fs {
            Fs::Shm => crate::collect::DirFs::Tmpfs,
            Fs::Mqueue => crate::collect::DirFs::Mqueue,
        };
        if crate::collect::check_fs(&file, want).is_err() {
            return;
        }
        let path = PathBuf::from(format!("/proc/self/fd/{}", file.as_raw_fd()));
        let result = (|| {
            let group = Group::new()?;
            match fs {
                Fs::Shm => group.mark_filesystem(&path)?,
                // mqueue refuses filesystem marks (EOPNOTSUPP); an inode mark on its root
                // sees every queue.
                Fs::Mqueue => group.mark_inode(&path)?,
            }
            let root = fanotify::dir_id(&path)?;
            Ok::<_, std::io::Error>((group, root))
        })();
        match result {
            Ok((group, root)) => {
                self.seen_devs.insert(meta.dev());
                (self.notes)(Note::Watching {
                    dir: dir.to_path_buf(),
                    fs,
                    dev: meta.dev(),
                });
                self.watches.push(Watch {
                    group,
                    root,
                    dir: file,
                    fs,
                    scope: meta.dev(),
                });
            }
            Err(error) => (self.notes)(Note::WatchRefused {
                dir: dir.to_path_buf(),
                fs,
                error,
            }),
        }
    }

    /// Bring the journal in line with a directory's listing: entries not journaled are
    /// recorded with `role` (unknown creator), journaled ones gone are removed.
    fn reconcile(&mut self, i: usize, role: CreatorRole, gap_at: Option<i64>) {
        let now = crate::units::now();
        let (path, fs, scope) = {
            let w = &self.watches[i];
            (w.path(), w.fs, w.scope)
        };
        let Ok(entries) = std::fs::read_dir(&path) else {
            return;
        };
        let mut present: HashMap<Kind, HashSet<String>> = HashMap::new();
        for e in entries.flatten() {
            if !e.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            use std::os::unix::ffi::OsStrExt;
            if let Some(key) = entry_key(fs, scope, e.file_name().as_bytes()) {
                present
                    .entry(key.kind)
                    .or_default()
                    .insert(key.ident.clone());
                if !self.writer.is_present(&key).unwrap_or(true) {
                    self.journal(|w| w.created(now, &key, None, role, gap_at));
                }
            }
        }
        let kinds: &[Kind] = match fs {
            Fs::Shm => &[Kind::Pshm, Kind::Psem],
            Fs::Mqueue => &[Kind::Pmq],
        };
        for &kind in kinds {
            let known = self.writer.present_in(kind, scope).unwrap_or_default();
            for ident in known {
                if !present.get(&kind).is_some_and(|s| s.contains(&ident)) {
                    let key = ObjectKey { kind, scope, ident };
                    self.journal(|w| w.removed(now, &key));
                }
            }
        }
    }

    fn run_loop(&mut self) {
        use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
        let mut buf = vec![0u8; 256 * 1024];
        let mut next_tick = Instant::now() + self.opts.interval;
        let mut ticks: u64 = 0;
        let mut last_prune = Instant::now();
        while !crate::interrupt::pending() {
            let wait = next_tick.saturating_duration_since(Instant::now());
            {
                let mut fds: Vec<PollFd<'_>> = self
                    .watches
                    .iter()
                    .map(|w| PollFd::new(w.group.as_fd(), PollFlags::POLLIN))
                    .collect();
                if let Some(c) = &self.connector {
                    fds.push(PollFd::new(c.as_fd(), PollFlags::POLLIN));
                }
                let ms = wait.as_millis().min(60_000) as u16;
                // EINTR (a signal) ends the wait; the loop checks the flag.
                let _ = poll(&mut fds, PollTimeout::from(ms));
            }
            self.journal(|w| w.begin());
            // Execs first (a creator's facts are read while it lives), then file events,
            // then exits (so an exit never precedes its process's creation event).
            let exits = self.read_connector(&mut buf);
            self.read_fanotify(&mut buf);
            self.on_exits(exits);
            if Instant::now() >= next_tick {
                next_tick = Instant::now() + self.opts.interval;
                ticks += 1;
                self.poll_sysv(false);
                self.check_live_processes();
                if self.opts.all_namespaces && ticks.is_multiple_of(10) {
                    self.add_namespace_watches();
                }
                if last_prune.elapsed() >= Duration::from_secs(3600) {
                    last_prune = Instant::now();
                    let before = crate::units::now() - self.opts.keep.as_secs() as i64;
                    self.journal(|w| w.prune(before));
                }
            }
            self.journal(|w| w.commit());
        }
        self.journal(|w| w.commit());
    }

    fn read_fanotify(&mut self, buf: &mut [u8]) {
        for i in 0..self.watches.len() {
            loop {
                let events = match self.watches[i].group.read(buf) {
                    Ok(e) if !e.is_empty() => e,
                    _ => break,
                };
                for ev in events {
                    self.on_fanotify(i, ev);
                }
            }
        }
    }

    fn on_fanotify(&mut self, i: usize, ev: fanotify::Event) {
        let now = crate::units::now();
        let (fs, scope) = (self.watches[i].fs, self.watches[i].scope);
        let in_root = |d: &Option<DirId>, w: &Watch| d.as_ref() == Some(&w.root);
        match ev.action {
            Action::Overflow => {
                self.journal(|w| w.gap(now, GapSource::Fanotify));
                (self.notes)(Note::Gap {
                    source: GapSource::Fanotify,
                    at: now,
                });
                self.reconcile(i, CreatorRole::UnknownGap, Some(now));
            }
            Action::Created | Action::Deleted | Action::CreatedAndDeleted => {
                if !in_root(&ev.dir, &self.watches[i]) {
                    return;
                }
                let Some(raw) = ev.name.as_deref() else {
                    return;
                };
                let Some(key) = entry_key(fs, scope, raw) else {
                    return;
                };
                let path = self.watches[i]
                    .path()
                    .join(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(raw));
                let meta = std::fs::symlink_metadata(&path);
                // Only regular files are objects (tmpfs may hold directories and sockets).
                if meta.as_ref().is_ok_and(|m| !m.is_file()) {
                    return;
                }
                self.events += 1;
                let create = |r: &mut Self| {
                    let proc = r.process(ev.pid);
                    r.record_created(now, &key, proc, CreatorRole::Creator);
                };
                match ev.action {
                    Action::Created => create(self),
                    Action::Deleted => self.journal(|w| w.removed(now, &key)),
                    // Merged: the entry's presence now tells the order.
                    _ if meta.is_ok() => {
                        self.journal(|w| w.removed(now, &key));
                        create(self);
                    }
                    _ => {
                        create(self);
                        self.journal(|w| w.removed(now, &key));
                    }
                }
            }
            Action::Renamed => {
                let from = in_root(&ev.dir, &self.watches[i])
                    .then(|| ev.name.as_deref().and_then(|n| entry_key(fs, scope, n)))
                    .flatten();
                let to = in_root(&ev.new_dir, &self.watches[i])
                    .then(|| ev.new_name.as_deref().and_then(|n| entry_key(fs, scope, n)))
                    .flatten();
                self.events += 1;
                match (from, to) {
                    // glibc's sem_open links its temporary file; a rename is the same move.
                    (Some(f), Some(t)) => {
                        if self.writer.is_present(&f).unwrap_or(false) {
                            self.journal(|w| w.renamed(now, &f, &t));
                        } else {
                            let proc = self.process(ev.pid);
                            self.record_created(now, &t, proc, CreatorRole::Creator);
                        }
                    }
                    (Some(f), None) => self.journal(|w| w.removed(now, &f)),
                    (None, Some(t)) => {
                        let proc = self.process(ev.pid);
                        self.record_created(now, &t, proc, CreatorRole::Creator);
                    }
                    (None, None) => {}
                }
            }
        }
    }

    /// Journal an object created by `proc`; a creator already gone whose exit was seen
    /// before its creation event is recorded as exited at once.
    fn record_created(
        &mut self,
        now: i64,
        key: &ObjectKey,
        proc: Option<Process>,
        role: CreatorRole,
    ) {
        self.journal(|w| w.created(now, key, proc.as_ref(), role, None));
        // (The map first: a stat of /proc per create event was the hot path's one syscall
        // more, for an exit that is almost never there.)
        if let Some(p) = proc
            && self.recent_exits.contains_key(&p.pid)
            && !self.proc_dir.join(p.pid.to_string()).exists()
            && let Some((at, status)) = self.recent_exits.remove(&p.pid)
        {
            self.journal(|w| w.exited(at, p.pid, Some(status)).map(|_| ()));
        }
    }

    /// What is known of process `pid` now: /proc, or what its exec showed (for a process
    /// that exited in the last few seconds).
    fn process(&mut self, pid: i32) -> Option<Process> {
        if pid <= 0 {
            return None;
        }
        // A process that creates thousands of objects a second is read once a second; its
        // start time is checked at every use: a pid reused meanwhile names another process.
        if let Some((p, at)) = self.recent.get(&pid)
            && at.elapsed() < Duration::from_secs(1)
            && p.start_ticks.is_some()
            && crate::collect::creator::start_ticks(&self.proc_dir, pid) == p.start_ticks
        {
            return Some(p.clone());
        }
        let p = self.known(pid).unwrap_or(Process {
            pid,
            ..Process::default()
        });
        if self.recent.len() > 4096 {
            self.recent.clear();
        }
        self.recent.insert(pid, (p.clone(), Instant::now()));
        Some(p)
    }

    /// Process `pid` from /proc, or from its exec if it exited in the last few seconds.
    fn known(&self, pid: i32) -> Option<Process> {
        let cached = self
            .exec_cache
            .get(&pid)
            .filter(|(_, exited)| exited.is_none_or(|t| t.elapsed() < RECENT))
            .map(|(p, _)| p);
        match crate::collect::creator::read(&self.proc_dir, pid) {
            // A zombie has no exe any more: take it from its exec, if that was this process.
            Some(mut p) => {
                if p.exe.is_none()
                    && let Some(c) = cached.filter(|c| c.start_ticks == p.start_ticks)
                {
                    p.exe.clone_from(&c.exe);
                }
                Some(p)
            }
            None => cached.cloned(),
        }
    }

    /// Read the proc connector: handle execs and lost events; return the exits.
    fn read_connector(&mut self, buf: &mut [u8]) -> Vec<(i32, u32)> {
        let Some(c) = &self.connector else {
            return Vec::new();
        };
        let batch = match c.read(buf) {
            Ok(b) => b,
            Err(_) => return Vec::new(),
        };
        let now = crate::units::now();
        if batch.lost {
            self.journal(|w| w.gap(now, GapSource::ProcConnector));
            (self.notes)(Note::Gap {
                source: GapSource::ProcConnector,
                at: now,
            });
        }
        let mut exits = Vec::new();
        for ev in batch.events {
            match ev {
                ProcEvent::Exit { pid, status } => exits.push((pid, status)),
                // Facts that come with the event itself: kept for a process gone before
                // its /proc could be read.
                ProcEvent::Comm { pid, comm } => {
                    let end = comm.iter().position(|&b| b == 0).unwrap_or(comm.len());
                    let comm = String::from_utf8_lossy(&comm[..end]).into_owned();
                    self.recent.remove(&pid);
                    let e = self.exec_cache.entry(pid).or_insert_with(|| {
                        (
                            Process {
                                pid,
                                ..Process::default()
                            },
                            None,
                        )
                    });
                    e.0.comm = Some(comm);
                }
                ProcEvent::Uid { pid, ruid } => {
                    self.recent.remove(&pid);
                    let e = self.exec_cache.entry(pid).or_insert_with(|| {
                        (
                            Process {
                                pid,
                                ..Process::default()
                            },
                            None,
                        )
                    });
                    e.0.uid = Some(ruid);
                }
                ProcEvent::Exec { pid } => {
                    self.recent.remove(&pid);
                    if self.exec_cache.len() > 8192 {
                        self.exec_cache.clear();
                    }
                    match crate::collect::creator::read(&self.proc_dir, pid) {
                        Some(p) => {
                            self.exec_cache.insert(pid, (p, None));
                        }
                        // Gone already: what earlier events said stands (comm comes next).
                        None => {
                            self.exec_cache.entry(pid).or_insert_with(|| {
                                (
                                    Process {
                                        pid,
                                        ..Process::default()
                                    },
                                    None,
                                )
                            });
                        }
                    }
                    self.recent_exits.remove(&pid);
                }
            }
        }
        exits
    }

    fn on_exits(&mut self, exits: Vec<(i32, u32)>) {
        let now = crate::units::now();
        for (pid, status) in exits {
            self.recent.remove(&pid);
            if let Some(e) = self.exec_cache.get_mut(&pid) {
                e.1 = Some(Instant::now());
            }
            let mut recorded = false;
            self.journal(|w| {
                recorded = w.exited(now, pid, Some(status))?;
                Ok(())
            });
            if !recorded {
                if self.recent_exits.len() > 8192 {
                    self.recent_exits.clear();
                }
                self.recent_exits.insert(pid, (now, status));
            }
        }
    }

    /// Recorded processes that are gone (or whose pid names another process now) at two
    /// polls in a row are recorded as exited, without a status: their exit event was lost
    /// or there is no proc connector.
    fn check_live_processes(&mut self) {
        let now = crate::units::now();
        let live: Vec<(i32, Option<u64>)> = self.writer.live_pids().collect();
        let mut missing = HashSet::new();
        for (pid, start) in live {
            let current = crate::collect::creator::start_ticks(&self.proc_dir, pid);
            let gone = match (current, start) {
                (None, _) => true,
                (Some(c), Some(s)) => c != s,
                (Some(_), None) => false,
            };
            if gone {
                if self.missing.contains(&pid) {
                    self.journal(|w| w.exited(now, pid, None).map(|_| ()));
                } else {
                    missing.insert(pid);
                }
            }
        }
        self.missing = missing;
    }

    /// Read /proc/sysvipc: new objects are created (shm by its cpid), vanished ones removed;
    /// msg and sem created while recording get their first sender or operator.
    fn poll_sysv(&mut self, first: bool) {
        let now = crate::units::now();
        let mut seen: HashMap<(Kind, i32), u32> = HashMap::new();
        // Kinds this poll could not read: what the last poll saw of them stands (an
        // unreadable table is no proof that its objects were removed).
        let mut unread: Vec<Kind> = Vec::new();
        for kind in [Kind::Msg, Kind::Shm, Kind::Sem] {
            // The kernel's table, as a listing reads it (no segment's memory is needed).
            let inv = crate::collect::collect_fields(
                self.src,
                &[kind],
                crate::collect::Fields::NoShmMemory,
            );
            if inv
                .warnings
                .iter()
                .any(|w| matches!(w, crate::model::Warning::SysvUnreadable { .. }))
            {
                unread.push(kind);
                seen.extend(self.sysv.iter().filter(|((k, _), _)| *k == kind));
                continue;
            }
            for o in inv.objects {
                let Some(id) = o.id else { continue };
                let k = o.key.unwrap_or(0);
                seen.insert((kind, id), k);
                let key = ObjectKey {
                    kind,
                    scope: self.sysv_scope,
                    ident: id.to_string(),
                };
                let known = self.sysv.get(&(kind, id)) == Some(&k);
                if !known {
                    let journaled = self.writer.is_present(&key).unwrap_or(false);
                    if first && journaled {
                        continue; // recorded by an earlier run
                    }
                    self.events += 1;
                    // shm: cpid, when its process started before the segment (not a reused
                    // pid); a creator gone already is kept by its pid alone.
                    let cpid = o.cpid.filter(|p| *p > 0);
                    let creator = cpid.and_then(|pid| match self.known(pid) {
                        Some(p) if self.started_by(&p, o.ctime) => Some(p),
                        Some(_) => None,
                        None => (!first).then(|| Process {
                            pid,
                            ..Process::default()
                        }),
                    });
                    let role = if creator.is_some() || (!first && o.cpid.is_some()) {
                        CreatorRole::Creator
                    } else if first {
                        CreatorRole::UnknownBefore
                    } else {
                        CreatorRole::FirstUser
                    };
                    self.record_created(now, &key, creator, role);
                    if role == CreatorRole::FirstUser {
                        self.want_first_user.insert((kind, id));
                    }
                }
                if self.want_first_user.contains(&(kind, id)) {
                    let pid = match o.nsems {
                        Some(n) => crate::collect::sysv::semaphores(id, n)
                            .ok()
                            .and_then(|s| s.iter().map(|s| s.pid).find(|p| *p > 0)),
                        None => o.lspid.or(o.lrpid).filter(|p| *p > 0),
                    };
                    if let Some(pid) = pid {
                        let p = self.process(pid).unwrap_or(Process {
                            pid,
                            ..Process::default()
                        });
                        self.journal(|w| w.first_user(now, &key, &p));
                        self.want_first_user.remove(&(kind, id));
                    }
                }
            }
        }
        for (kind, id) in self.sysv.keys() {
            if !seen.contains_key(&(*kind, *id)) {
                let key = ObjectKey {
                    kind: *kind,
                    scope: self.sysv_scope,
                    ident: id.to_string(),
                };
                self.want_first_user.remove(&(*kind, *id));
                self.events += 1;
                if let Err(e) = self.writer.removed(now, &key) {
                    (self.notes)(Note::JournalFailed(e));
                }
            }
        }
        if first {
            // Journaled objects of this namespace that are gone now were removed meanwhile.
            for kind in [Kind::Msg, Kind::Shm, Kind::Sem] {
                if unread.contains(&kind) {
                    continue;
                }
                for ident in self
                    .writer
                    .present_in(kind, self.sysv_scope)
                    .unwrap_or_default()
                {
                    let gone = ident
                        .parse::<i32>()
                        .map_or(true, |id| !seen.contains_key(&(kind, id)));
                    if gone {
                        let key = ObjectKey {
                            kind,
                            scope: self.sysv_scope,
                            ident,
                        };
                        self.journal(|w| w.removed(now, &key));
                    }
                }
            }
        }
        self.sysv = seen;
    }

    /// Did process `p` start no later than `at` (epoch seconds, 2 s slack)?
    fn started_by(&self, p: &Process, at: Option<i64>) -> bool {
        let (Some(ticks), Some(at)) = (p.start_ticks, at) else {
            return true;
        };
        let started = self.btime + (ticks as i64) / crate::sys::process::clock_ticks();
        started <= at + 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_containers_dev_shm_symlink_is_not_followed() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("root");
        let host = d.path().join("host");
        std::fs::create_dir_all(root.join("dev")).unwrap();
        std::fs::create_dir_all(&host).unwrap();
        // An absolute link: File::open would resolve it against our root, outside `root`.
        std::os::unix::fs::symlink(&host, root.join("dev/shm")).unwrap();
        let e = open_in_root(&root, "dev/shm").expect_err("not followed");
        assert_eq!(e.raw_os_error(), Some(nix::libc::ELOOP), "{e}");
        // /dev itself a link.
        let root2 = d.path().join("root2");
        std::fs::create_dir_all(&root2).unwrap();
        std::fs::create_dir_all(host.join("shm")).unwrap();
        std::os::unix::fs::symlink(&host, root2.join("dev")).unwrap();
        let e = open_in_root(&root2, "dev/shm").expect_err("not followed");
        assert_eq!(e.raw_os_error(), Some(nix::libc::ELOOP), "{e}");
        // A real directory is opened.
        std::fs::remove_file(root.join("dev/shm")).unwrap();
        std::fs::create_dir(root.join("dev/shm")).unwrap();
        let f = open_in_root(&root, "dev/shm").unwrap();
        assert_eq!(
            f.metadata().unwrap().ino(),
            std::fs::metadata(root.join("dev/shm")).unwrap().ino()
        );
    }

    fn write_proc(proc_dir: &Path, pid: i32, comm: &str, start: u64, uid: u32) {
        let dir = proc_dir.join(pid.to_string());
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("stat"),
            format!("{pid} ({comm}) S 1 {pid} {pid} 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 {start} 1000 10\n"),
        )
        .unwrap();
        std::fs::write(
            dir.join("status"),
            format!("Name:\t{comm}\nUid:\t{uid}\t{uid}\t{uid}\t{uid}\n"),
        )
        .unwrap();
    }

    #[test]
    fn a_pid_reused_within_the_cache_second_is_read_again() {
        let d = tempfile::tempdir().unwrap();
        let src = Source::new(d.path().join("fs"));
        let proc_dir = src.path("proc");
        write_proc(&proc_dir, 4242, "old", 100, 1000);
        let opts = Options {
            journal: d.path().join("j.db"),
            all_namespaces: false,
            keep: Duration::from_secs(60),
            interval: Duration::from_secs(1),
        };
        let mut notes = |_: Note| {};
        let mut r = Recorder {
            src: &src,
            opts: &opts,
            proc_dir: proc_dir.clone(),
            writer: Writer::open(&opts.journal).unwrap(),
            watches: Vec::new(),
            seen_mnt_ns: HashSet::new(),
            seen_devs: HashSet::new(),
            connector: None,
            exec_cache: HashMap::new(),
            detached: Vec::new(),
            recent: HashMap::new(),
            recent_exits: HashMap::new(),
            missing: HashSet::new(),
            sysv_scope: 0,
            sysv: HashMap::new(),
            want_first_user: HashSet::new(),
            btime: 0,
            events: 0,
            notes: &mut notes,
        };
        let p = r.process(4242).unwrap();
        assert_eq!((p.comm.as_deref(), p.uid), (Some("old"), Some(1000)));
        // The pid is reused at once by a root process.
        write_proc(&proc_dir, 4242, "new", 200, 0);
        let p = r.process(4242).unwrap();
        assert_eq!(
            (p.comm.as_deref(), p.uid, p.start_ticks),
            (Some("new"), Some(0), Some(200))
        );
        // The same process again is served from the cache (its stat alone is read).
        std::fs::write(proc_dir.join("4242/status"), "Uid:\t7\t7\t7\t7\n").unwrap();
        assert_eq!(r.process(4242).unwrap().uid, Some(0));
    }
}
