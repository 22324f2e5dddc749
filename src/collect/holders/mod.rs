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

mod parse;
mod scan;
mod unlinked;

use std::collections::HashMap;

pub use parse::{MapsLine, Stat, parse_maps_line, parse_stat, parse_syscall};
pub use scan::{scan, scan_for};
use unlinked::Unlinked;

use crate::model::{Holder, Kind, Object, ScanGap, Uninspected};

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

    pub(crate) fn holders(&self, pids: Option<&Vec<i32>>) -> Vec<Holder> {
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

    /// The processes that could not be inspected, when there are any (words in
    /// `render::evidence::uninspected`).
    pub fn uninspected(&self) -> Option<Uninspected> {
        let u = self.unreadable();
        if u.is_empty() {
            return None;
        }
        Some(Uninspected {
            count: u.len(),
            first: u
                .iter()
                .take(5)
                .map(|p| Holder {
                    pid: p.pid,
                    comm: p.comm.clone(),
                })
                .collect(),
            as_root: nix::unistd::geteuid().is_root(),
        })
    }

    /// What the scan could not see, if anything (words in `render::evidence::scan_gap`).
    pub fn gap(&self) -> Option<ScanGap> {
        if !self.available {
            return Some(ScanGap::NoProc);
        }
        self.uninspected().map(ScanGap::Uninspected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(s.uninspected().map(|u| u.count), Some(2));
    }
}

#[cfg(test)]
mod needs_tests {
    use super::*;
    use crate::collect::Source;

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
