//! Who holds which object: one pass over `/proc/[pid]/{stat,ns/ipc,maps,fd}` for every
//! process (on every core when there are many), with raw `std::fs` reads (procfs is about
//! twice as slow here and its `namespaces()` fails a whole process on one unreadable link),
//! and a second, narrower pass over `/proc/PID/task/*/syscall` for waiters.
//!
//! What counts as holding:
//! - `shm`: a `/SYSV<key>` mapping (the kernel's own name) whose inode is the shmid, from a
//!   process in **our IPC namespace** (other namespaces reuse the same ids);
//! - `pshm`, `psem`: a mapping or an open fd whose (device, inode) is the file's, whatever
//!   path the process used (a bind-mount alias, `/run/shm`, glibc's `sem.XXXXXX (deleted)`
//!   creator mappings); other tmpfs instances (containers) have other devices, so "sees the
//!   same /dev/shm" needs no extra test. Lines and fds are prefiltered by device, never by
//!   path (`Needs::devs`, taken from the collected objects);
//! - `pmq`: an open fd whose (dev, ino) is the queue's. Each IPC namespace has its own mqueue
//!   superblock, so a (dev, ino) match is a match in our namespace. A `NOTIFY_PID`
//!   registration is not read here: the kernel drops it when its owner closes any fd of the
//!   queue, so a live registration implies an open fd, and reading the queue's text would
//!   bump its atime/ctime (the idle evidence `orphans` relies on);
//! - `msg`, `sem`: a thread blocked in msgsnd/msgrcv/semop/semtimedop on the id
//!   (`/proc/PID/task/TID/syscall`: `/proc/PID/syscall` is the main thread only).
//!
//! Kernel threads hold nothing and are never counted as uninspectable. All lookups are
//! HashMaps keyed by shmid or (dev, ino): the cost is linear in processes + threads +
//! mappings + fds + objects, never objects × processes. Processes that vanish mid-scan are
//! skipped silently; processes that cannot be read make the scan incomplete, and are kept so
//! callers can say which holders are unknown.

mod parse;
mod scan;
mod unlinked;

use std::collections::HashMap;

pub use parse::{MapsLine, Stat, parse_maps_line, parse_stat, parse_syscall};
pub use scan::{scan, scan_for};
pub use unlinked::unlinked_queues;

use super::Source;
use std::os::unix::fs::MetadataExt;
use unlinked::Unlinked;

use crate::model::{Hold, Holder, Kind, Object, ScanGap, Uninspected};

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
    /// A kernel thread (PF_KTHREAD): holds nothing, never counted as uninspectable.
    pub kthread: bool,
    /// Number of threads (from stat).
    pub threads: u32,
    /// The main thread ended (pthread_exit) while other threads live on: the process was
    /// read through one of them.
    pub leader_exited: bool,
    /// Credentials and pids at every PID namespace level, from `status` (read only when a
    /// verdict depends on them: `HolderScan::resolve_creds`).
    pub creds: Option<Creds>,
}

/// What `/proc/PID/status` says about who a process is, over **all** its threads: a thread
/// can change its own credentials (a raw `setresuid`, or glibc's `setuid` after the main
/// thread exited, which leaves the zombie leader's status as it was).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Creds {
    /// Every real, effective, saved and filesystem uid of every thread.
    pub uids: Vec<u32>,
    /// Every thread's effective uid.
    pub euids: Vec<u32>,
    /// Every gid of every thread, and the supplementary groups.
    pub gids: Vec<u32>,
    /// The pid at each PID namespace level from ours down (`NSpid:`; the first is ours).
    pub nspid: Vec<i32>,
    /// A thread holds (effective, permitted or ambient) a capability that bypasses file or
    /// IPC permissions or lets it become the owner (`BYPASS_CAPS`).
    pub bypasses_permissions: bool,
}

/// Capabilities that open, or let a task make itself able to open, another user's object:
/// CAP_CHOWN (0), CAP_DAC_OVERRIDE (1), CAP_DAC_READ_SEARCH (2), CAP_FOWNER (3),
/// CAP_SETGID (6), CAP_SETUID (7), CAP_IPC_OWNER (15), CAP_SYS_MODULE (16),
/// CAP_SYS_RAWIO (17), CAP_SYS_PTRACE (19: act inside a root process), CAP_SYS_ADMIN (21,
/// IPC_SET), CAP_MKNOD (27), CAP_SETFCAP (31: give a binary of its own any capability),
/// CAP_BPF (39).
const BYPASS_CAPS: u64 = 1
    | 1 << 1
    | 1 << 2
    | 1 << 3
    | 1 << 6
    | 1 << 7
    | 1 << 15
    | 1 << 16
    | 1 << 17
    | 1 << 19
    | 1 << 21
    | 1 << 27
    | 1 << 31
    | 1 << 39;

impl Creds {
    /// Parse the lines of one task's `status` this needs; `None` when Uid or Gid is missing.
    pub fn parse(text: &str) -> Option<Creds> {
        let mut c = Creds::default();
        let (mut uid, mut gid) = (false, false);
        let four = |rest: &str| -> Option<Vec<u32>> {
            let v: Vec<u32> = rest
                .split_whitespace()
                .map(str::parse)
                .collect::<Result<_, _>>()
                .ok()?;
            (v.len() == 4).then_some(v)
        };
        for l in text.lines() {
            if let Some(r) = l.strip_prefix("Uid:") {
                c.uids = four(r)?;
                c.euids = vec![c.uids[1]];
                uid = true;
            } else if let Some(r) = l.strip_prefix("Gid:") {
                c.gids.extend(four(r)?);
                gid = true;
            } else if let Some(r) = l.strip_prefix("Groups:") {
                c.gids
                    .extend(r.split_whitespace().filter_map(|g| g.parse::<u32>().ok()));
            } else if let Some(r) = l.strip_prefix("NSpid:") {
                c.nspid = r
                    .split_whitespace()
                    .filter_map(|g| g.parse().ok())
                    .collect();
            } else if let Some(r) = l
                .strip_prefix("CapEff:")
                .or_else(|| l.strip_prefix("CapPrm:"))
                .or_else(|| l.strip_prefix("CapAmb:"))
            {
                // Permitted and ambient count too: the task can raise them at any time.
                let caps = u64::from_str_radix(r.trim(), 16).unwrap_or(u64::MAX);
                c.bypasses_permissions |= caps & BYPASS_CAPS != 0;
            }
        }
        (uid && gid).then_some(c)
    }

    /// Fold another thread's credentials in.
    pub fn merge(&mut self, t: Creds) {
        for (mine, theirs) in [
            (&mut self.uids, t.uids),
            (&mut self.euids, t.euids),
            (&mut self.gids, t.gids),
        ] {
            for v in theirs {
                if !mine.contains(&v) {
                    mine.push(v);
                }
            }
        }
        self.bypasses_permissions |= t.bypasses_permissions;
    }

    /// Any uid of any thread is `uid`.
    pub fn has_uid(&self, uid: u32) -> bool {
        self.uids.contains(&uid)
    }

    /// Any thread is in group `gid` (any of its gids, or a supplementary group).
    pub fn in_group(&self, gid: u32) -> bool {
        self.gids.contains(&gid)
    }

    /// Some thread runs with a non-root effective uid.
    pub fn non_root(&self) -> bool {
        self.euids.iter().any(|u| *u != 0)
    }
}

/// Live tasks indexed by what lets them open an object (premise 3 of `orphan`), built once
/// per scan so each object costs a few lookups, not a pass over every task.
#[derive(Debug, Default)]
pub struct AccessIndex {
    by_uid: HashMap<u32, Vec<i32>>,
    by_gid: HashMap<u32, Vec<i32>>,
    non_root: Vec<i32>,
    privileged: Vec<i32>,
    inner_pids: HashMap<i32, Vec<i32>>,
    tasks: usize,
    tasks_sysv: usize,
}

/// Tasks found in an index: how many, and the first three (by pid).
pub struct Found<'a> {
    pub count: usize,
    pub first: Vec<&'a Proc>,
}

/// Does this `mountinfo` mount /proc with `hidepid` (other users' processes hidden)?
fn proc_hides_pids(mountinfo: &str) -> bool {
    mountinfo.lines().any(|l| {
        l.split(' ').nth(4) == Some("/proc")
            && l.split(" - ").nth(1).is_some_and(|tail| {
                tail.split(' ').nth(2).is_some_and(|opts| {
                    opts.split(',').any(|o| {
                        o.strip_prefix("hidepid=")
                            .is_some_and(|v| v != "0" && v != "off")
                    })
                })
            })
    })
}

/// Whose processes come and go, so that "no live process of the owner" proves nothing:
/// system and dynamic uids (systemd's RemoveIPC spares them for that reason), and users
/// whose jobs start without a login (lingering, a crontab, at jobs). Read once per scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accounts {
    /// SYS_UID_MAX of /etc/login.defs (999 when unset).
    pub sys_uid_max: u32,
    /// Users with lingering enabled (/var/lib/systemd/linger/NAME).
    pub linger: Vec<String>,
    /// Users with a crontab (/var/spool/cron/crontabs/NAME).
    pub crontabs: Vec<String>,
    /// Owners of at jobs (/var/spool/cron/atjobs/*).
    pub at_uids: Vec<u32>,
    /// Users that system crontabs (/etc/crontab, /etc/cron.d/*) and systemd units in
    /// /etc/systemd/system (`User=`) start jobs as: names or numeric uids.
    pub job_users: Vec<String>,
    /// Subordinate uid ranges (/etc/subuid): (first, count).
    pub subuids: Vec<(u64, u64)>,
    /// uid maps of the user namespaces scanned tasks live in: (inside, outside, count).
    pub uid_maps: Vec<(u64, u64, u64)>,
}

impl Default for Accounts {
    fn default() -> Accounts {
        Accounts {
            sys_uid_max: 999,
            linger: Vec::new(),
            crontabs: Vec::new(),
            at_uids: Vec::new(),
            job_users: Vec::new(),
            subuids: Vec::new(),
            uid_maps: Vec::new(),
        }
    }
}

/// `NAME:FIRST:COUNT` lines of /etc/subuid.
fn subuid_ranges(text: &str) -> Vec<(u64, u64)> {
    text.lines()
        .filter_map(|l| {
            let mut f = l.trim().split(':');
            let _name = f.next()?;
            Some((f.next()?.parse().ok()?, f.next()?.parse().ok()?))
        })
        .collect()
}

/// `INSIDE OUTSIDE COUNT` lines of /proc/PID/uid_map.
pub fn parse_uid_map(text: &str) -> Vec<(u64, u64, u64)> {
    text.lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace().map(|v| v.parse::<u64>().ok());
            Some((f.next()??, f.next()??, f.next()??))
        })
        .collect()
}

/// The user of each job line of a system crontab: `M H DOM MON DOW USER CMD` or
/// `@every USER CMD`; comments and variable assignments are skipped.
fn crontab_users(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().filter_map(|l| {
        let l = l.trim();
        if l.is_empty() || l.starts_with('#') {
            return None;
        }
        let mut f = l.split_whitespace();
        let first = f.next()?;
        if first.contains('=') {
            return None;
        }
        let user = if first.starts_with('@') {
            f.next()?
        } else {
            f.nth(4)?
        };
        Some(user.to_string())
    })
}

/// `User=` of a systemd unit file.
fn unit_user(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("User="))
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty())
}

impl Accounts {
    /// Read them under `src` (a fixture tree has its own /etc and /var).
    pub fn read(src: &Source) -> Accounts {
        let names = |dir: &str| -> Vec<String> {
            std::fs::read_dir(src.path(dir))
                .map(|d| {
                    d.flatten()
                        .filter_map(|e| e.file_name().to_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let sys_uid_max = std::fs::read_to_string(src.path("etc/login.defs"))
            .ok()
            .and_then(|t| {
                t.lines().find_map(|l| {
                    let mut f = l.split_whitespace();
                    (f.next() == Some("SYS_UID_MAX"))
                        .then(|| f.next().and_then(|v| v.parse().ok()))
                        .flatten()
                })
            })
            .unwrap_or(999);
        let at_uids = std::fs::read_dir(src.path("var/spool/cron/atjobs"))
            .map(|d| {
                d.flatten()
                    .filter(|e| !e.file_name().as_encoded_bytes().starts_with(b"."))
                    .filter_map(|e| e.metadata().ok().map(|m| m.uid()))
                    .collect()
            })
            .unwrap_or_default();
        let mut job_users: Vec<String> = Vec::new();
        let read = |p: std::path::PathBuf| std::fs::read_to_string(p).unwrap_or_default();
        job_users.extend(crontab_users(&read(src.path("etc/crontab"))));
        for dir in ["etc/cron.d", "etc/systemd/system"] {
            let Ok(d) = std::fs::read_dir(src.path(dir)) else {
                continue;
            };
            for e in d.flatten() {
                let text = read(e.path());
                if dir == "etc/cron.d" {
                    job_users.extend(crontab_users(&text));
                } else if let Some(u) = unit_user(&text) {
                    job_users.push(u);
                }
            }
        }
        job_users.sort();
        job_users.dedup();
        let subuids = subuid_ranges(&read(src.path("etc/subuid")));
        Accounts {
            subuids,
            uid_maps: Vec::new(),
            sys_uid_max,
            linger: names("var/lib/systemd/linger"),
            crontabs: names("var/spool/cron/crontabs"),
            at_uids,
            job_users,
        }
    }

    /// Why processes of `uid` (named `name`) may come back at any time, if they may.
    pub fn protected(&self, uid: u32, name: Option<&str>) -> Option<crate::model::Protected> {
        use crate::model::Protected;
        let u = u64::from(uid);
        // A container's root or system user shows on the host as a high uid: judged as the
        // container's user namespace sees it.
        for &(inside, outside, count) in &self.uid_maps {
            if (inside, outside) != (0, 0)
                && u >= outside
                && u - outside < count
                && let Ok(inner) = u32::try_from(u - outside + inside)
                && self.protected_on_this_host(inner, None).is_some()
            {
                return Some(Protected::ContainerSystemUser { inner });
            }
        }
        if self
            .subuids
            .iter()
            .any(|&(first, count)| u >= first && u - first < count)
        {
            return Some(Protected::SubordinateUid);
        }
        self.protected_on_this_host(uid, name)
    }

    /// `protected` by this host's own accounts, user namespaces aside.
    fn protected_on_this_host(
        &self,
        uid: u32,
        name: Option<&str>,
    ) -> Option<crate::model::Protected> {
        use crate::model::Protected;
        if uid == 0 {
            return Some(Protected::Root);
        }
        if uid <= self.sys_uid_max {
            return Some(Protected::SystemUid {
                max: self.sys_uid_max,
            });
        }
        if (61184..=65519).contains(&uid) {
            return Some(Protected::DynamicUser);
        }
        if uid == 65534 {
            return Some(Protected::Nobody);
        }
        if let Some(n) = name {
            if self.linger.iter().any(|l| l == n) {
                return Some(Protected::Linger);
            }
            if self.crontabs.iter().any(|c| c == n) {
                return Some(Protected::ScheduledJobs);
            }
        }
        if self.at_uids.contains(&uid) {
            return Some(Protected::ScheduledJobs);
        }
        let uid_text = uid.to_string();
        if self
            .job_users
            .iter()
            .any(|u| *u == uid_text || Some(u.as_str()) == name)
        {
            return Some(Protected::ScheduledJobs);
        }
        None
    }
}

/// What tells whether this PID namespace's /proc shows every task (premise 1 of `orphan`),
/// read once per scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct View {
    /// The inode of our PID namespace when it is not the initial one.
    pub nested_pid_ns: Option<u64>,
    /// /proc is not this PID namespace's (readlink /proc/self is not our pid).
    pub proc_not_ours: bool,
    /// /proc is mounted with hidepid (other users' processes hidden).
    pub hidepid: bool,
}

impl View {
    /// Read the facts for the live system; a fixture tree (`--root`) has none.
    pub fn read(src: &Source) -> View {
        if !src.is_live() {
            return View::default();
        }
        let proc_dir = src.path("proc");
        let nested_pid_ns = std::fs::metadata(proc_dir.join("self/ns/pid"))
            .ok()
            .map(|m| m.ino())
            .filter(|&ino| ino != crate::sys::process::INITIAL_PID_NS_INODE);
        let proc_not_ours = std::fs::read_link(proc_dir.join("self"))
            .ok()
            .and_then(|t| t.to_str().and_then(|t| t.parse::<i32>().ok()))
            != Some(crate::sys::process::my_pid());
        let hidepid = std::fs::read_to_string(proc_dir.join("self/mountinfo"))
            .is_ok_and(|m| proc_hides_pids(&m));
        View {
            nested_pid_ns,
            proc_not_ours,
            hidepid,
        }
    }
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
    /// (dev, ino) of POSIX queues open in a process of our IPC namespace whose name is gone.
    unlinked_queues: HashMap<(u64, u64), unlinked::UnlinkedQueue>,
    /// Uninspected pids, sorted.
    pub(super) unreadable: Vec<i32>,
    /// Who could open what, indexed once per scan (`access`).
    access: std::sync::OnceLock<AccessIndex>,
    /// Whether this /proc can show every task (read once per scan).
    pub view: View,
    /// Whose processes come and go (read once per scan).
    pub accounts: Accounts,
    /// Mount namespaces of the scanned tasks: inode -> one pid in it.
    mount_ns: HashMap<u64, i32>,
    /// Files on the objects' devices the kernel holds with no descriptor: (dev, name in
    /// that file system) -> what holds it.
    kernel_refs: HashMap<(u64, String), crate::model::KernelRef>,
    /// `resolve_creds` ran.
    creds_resolved: bool,
}

/// Which per-process files a scan has to read, and which devices a mapping or descriptor
/// must be on to matter; what no object could be found in is skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needs {
    /// `/proc/PID/maps`: SysV attachments, mapped /dev/shm files.
    pub maps: bool,
    /// `/proc/PID/fd`: open /dev/shm files and queues.
    pub fds: bool,
    /// `/proc/PID/task/*/syscall`: threads blocked on a msg queue or semaphore set.
    pub waiters: bool,
    /// The process table itself (liveness, start times and owners for orphan evidence).
    pub procs: bool,
    /// Devices of the objects' files (/dev/shm tmpfs, mqueue superblock), sorted: the
    /// prefilter for every mapping and descriptor.
    pub devs: Vec<u64>,
    /// The /dev/shm device: unlinked-but-mapped files are looked for there.
    pub shm_dev: Option<u64>,
    /// Look for POSIX queues open in processes of our IPC namespace whose name is gone
    /// (they count against queues_max and RLIMIT_MSGQUEUE): every descriptor of a file
    /// with no link left is checked for the mqueue file system.
    pub unlinked_queues: bool,
    /// `devs` as the kernel prints them in maps (`%02x:%02x`), to dismiss lines unparsed.
    dev_texts: Vec<String>,
}

/// Devices as /proc/PID/maps prints them: `MAJ:MIN` in hex, at least two digits each.
fn dev_texts(devs: &[u64]) -> Vec<String> {
    devs.iter()
        .map(|&d| {
            format!(
                "{:02x}:{:02x}",
                nix::sys::stat::major(d),
                nix::sys::stat::minor(d)
            )
        })
        .collect()
}

impl Needs {
    /// Everything, for the devices of this /dev/shm, of the mqueue mount if any, and of the
    /// objects the scan is for (queues listed without a mount carry their own device).
    pub fn all(src: &Source, objects: &[Object]) -> Needs {
        let shm_dev = std::fs::metadata(src.dev_shm()).ok().map(|m| m.dev());
        let mut devs: Vec<u64> = shm_dev.into_iter().collect();
        if let Some(mq) = super::posix_mq::mount_point(src)
            && let Ok(m) = std::fs::metadata(mq)
        {
            devs.push(m.dev());
        }
        devs.extend(
            objects
                .iter()
                .filter(|o| !o.kind.is_sysv())
                .filter_map(|o| o.dev),
        );
        devs.sort_unstable();
        devs.dedup();
        Needs {
            maps: true,
            fds: true,
            waiters: true,
            procs: true,
            dev_texts: dev_texts(&devs),
            devs,
            shm_dev,
            unlinked_queues: true,
        }
    }

    /// Only the descriptors of queues whose name is gone (`limits`).
    pub fn unlinked_queues() -> Needs {
        Needs {
            fds: true,
            unlinked_queues: true,
            ..Needs::default()
        }
    }

    /// What holders of these objects (of these kinds) can be found in. A segment with
    /// nattch 0 has no attachment anywhere, so a listing of idle System V segments reads no
    /// maps at all. Waiters are left to a second pass (`HolderScan::add_waiters`), read only
    /// where a verdict depends on them.
    pub fn for_objects(src: &Source, kinds: &[Kind], objects: &[Object], classify: bool) -> Needs {
        let posix_files = kinds.iter().any(|k| k.info().lives_in_dev_shm);
        let shm_dev = if posix_files {
            std::fs::metadata(src.dev_shm()).ok().map(|m| m.dev())
        } else {
            None
        };
        let mut devs: Vec<u64> = objects
            .iter()
            .filter(|o| !o.kind.is_sysv())
            .filter_map(|o| o.dev)
            .chain(shm_dev)
            .collect();
        devs.sort_unstable();
        devs.dedup();
        Needs {
            maps: posix_files
                || objects
                    .iter()
                    .any(|o| o.kind.info().kernel_counts_attachments && o.nattch.unwrap_or(1) > 0),
            fds: !devs.is_empty(),
            waiters: false,
            procs: classify,
            dev_texts: dev_texts(&devs),
            devs,
            shm_dev,
            unlinked_queues: false,
        }
    }

    fn any(&self) -> bool {
        self.maps || self.fds || self.waiters || self.procs
    }

    /// Does a mapping or descriptor on `dev` matter?
    fn wants_dev(&self, dev: u64) -> bool {
        match self.devs.len() {
            0 => false,
            1 => self.devs[0] == dev,
            _ => self.devs.binary_search(&dev).is_ok(),
        }
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
            creds_resolved: true,
            procs,
            ..Default::default()
        };
        s.index_unreadable();
        s
    }

    /// Fold a worker's partial scan into this one.
    fn merge(&mut self, p: HolderScan) {
        self.complete &= p.complete;
        for (k, v) in p.mount_ns {
            self.mount_ns.entry(k).or_insert(v);
        }
        self.procs.extend(p.procs);
        for (k, v) in p.shm {
            self.shm.entry(k).or_default().extend(v);
        }
        for (k, v) in p.files {
            self.files.entry(k).or_default().extend(v);
        }
        for (k, v) in p.waiters {
            self.waiters.entry(k).or_default().extend(v);
        }
        for (k, u) in p.unlinked {
            match self.unlinked.entry(k) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(u);
                }
                std::collections::hash_map::Entry::Occupied(mut e) => {
                    let mine = e.get_mut();
                    mine.size = mine.size.max(u.size);
                    mine.pids.extend(u.pids);
                    mine.meta = mine.meta.or(u.meta);
                    mine.probe = mine.probe.take().or(u.probe);
                }
            }
        }
    }

    /// Sort and dedup every pid list, index the uninspected processes.
    fn finish(&mut self) {
        for v in self
            .shm
            .values_mut()
            .chain(self.files.values_mut())
            .chain(self.waiters.values_mut())
        {
            v.sort_unstable();
            v.dedup();
        }
        for u in self.unlinked.values_mut() {
            u.pids.sort_unstable();
            u.pids.dedup();
        }
        self.complete = self.procs.values().all(|p| !p.unreadable);
        self.index_unreadable();
    }

    /// Read the threads' syscalls of the processes `wanted` picks: who waits on which msg
    /// queue or semaphore set (a second pass; see `scan::add_waiters`).
    pub fn add_waiters(
        &mut self,
        src: &Source,
        wanted: &(dyn Fn(&Proc) -> bool + Sync),
        quick: bool,
    ) {
        scan::add_waiters(self, src, wanted, quick);
    }

    /// Read `status` of every live process (uids, gids, groups, NSpid) once: premise 3 of
    /// `orphan` asks who could open an object, and a pid from a name is checked against
    /// every PID namespace level. Processes whose status cannot be read keep `creds: None`.
    pub fn resolve_creds(&mut self, src: &Source) {
        if self.creds_resolved {
            return;
        }
        self.creds_resolved = true;
        let proc_dir = src.path("proc");
        let mut buf = scan::ProcBuf::new();
        let mut path = proc_dir.clone();
        for p in self.procs.values_mut().filter(|p| !p.kthread && !p.zombie) {
            path.push(p.pid.to_string());
            path.push("status");
            if buf.read(&path).is_ok() {
                p.creds = Creds::parse(&String::from_utf8_lossy(buf.data()));
            }
            path.pop();
            // Threads may hold other credentials than the leader (whose status is stale
            // when it exited): fold in every thread's.
            if p.threads > 1 || p.leader_exited {
                path.push("task");
                if let Ok(tasks) = std::fs::read_dir(&path) {
                    for t in tasks.flatten() {
                        if buf.read(&t.path().join("status")).is_ok()
                            && let Some(c) = Creds::parse(&String::from_utf8_lossy(buf.data()))
                        {
                            match p.creds.as_mut() {
                                Some(mine) => mine.merge(c),
                                None => p.creds = Some(c),
                            }
                        }
                    }
                }
                path.pop();
            }
            path.pop();
            if let Some(c) = &p.creds
                && p.uid == 0
            {
                // /proc/PID belongs to root for non-dumpable processes: the real uid
                // says whose it is.
                p.uid = c.uids.first().copied().unwrap_or(0);
            }
        }
        self.access.take();
        self.index_unreadable();
    }

    /// The access index (built on first use; `resolve_creds` first for full credentials).
    fn access(&self) -> &AccessIndex {
        self.access.get_or_init(|| {
            let mut ix = AccessIndex::default();
            let mut live: Vec<&Proc> = self.live_tasks(false).collect();
            live.sort_by_key(|p| p.pid);
            for p in live {
                ix.tasks += 1;
                if p.same_ipc_ns != Some(false) {
                    ix.tasks_sysv += 1;
                }
                let push = |m: &mut HashMap<u32, Vec<i32>>, k: u32| {
                    let v = m.entry(k).or_default();
                    if v.last() != Some(&p.pid) {
                        v.push(p.pid);
                    }
                };
                match &p.creds {
                    Some(c) => {
                        for &u in &c.uids {
                            push(&mut ix.by_uid, u);
                        }
                        for &g in &c.gids {
                            push(&mut ix.by_gid, g);
                        }
                        if c.non_root() {
                            ix.non_root.push(p.pid);
                            if c.bypasses_permissions {
                                ix.privileged.push(p.pid);
                            }
                        }
                        for &n in c.nspid.iter().skip(1) {
                            ix.inner_pids.entry(n).or_default().push(p.pid);
                        }
                    }
                    None => {
                        push(&mut ix.by_uid, p.uid);
                        if p.uid != 0 {
                            ix.non_root.push(p.pid);
                        }
                    }
                }
            }
            ix
        })
    }

    fn found(&self, pids: &[i32], sysv: bool) -> Found<'_> {
        let mut count = 0;
        let mut first = Vec::new();
        for p in pids.iter().filter_map(|pid| self.procs.get(pid)) {
            if sysv && p.same_ipc_ns == Some(false) {
                continue;
            }
            count += 1;
            if first.len() < 3 {
                first.push(p);
            }
        }
        Found { count, first }
    }

    /// Live tasks in reach with `uid` as any uid of any thread.
    pub fn tasks_with_uid(&self, uid: u32, sysv: bool) -> Found<'_> {
        let ix = self.access();
        self.found(ix.by_uid.get(&uid).map_or(&[][..], |v| v), sysv)
    }

    /// Live tasks in reach in group `gid`.
    pub fn tasks_in_group(&self, gid: u32, sysv: bool) -> Found<'_> {
        let ix = self.access();
        self.found(ix.by_gid.get(&gid).map_or(&[][..], |v| v), sysv)
    }

    /// Live tasks in reach with a non-root effective uid in some thread.
    pub fn non_root_tasks(&self, sysv: bool) -> Found<'_> {
        let ix = self.access();
        self.found(&ix.non_root, sysv)
    }

    /// Live non-root tasks in reach whose capabilities bypass permissions.
    pub fn privileged_tasks(&self, sysv: bool) -> Found<'_> {
        let ix = self.access();
        self.found(&ix.privileged, sysv)
    }

    /// How many live tasks are in reach.
    pub fn live_task_count(&self, sysv: bool) -> usize {
        let ix = self.access();
        if sysv { ix.tasks_sysv } else { ix.tasks }
    }

    /// Processes in reach that could not be inspected (not kernel threads): for System V
    /// objects those in our IPC namespace or perhaps, for POSIX ones all. How many, and the
    /// first three by pid. The same for every kind asked for: the verdict must not depend on
    /// the selection.
    pub fn uninspected_in_reach(&self, sysv: bool) -> (usize, Vec<&Proc>) {
        let v: Vec<&Proc> = self
            .unreadable
            .iter()
            .filter_map(|pid| self.procs.get(pid))
            .filter(|p| !p.kthread && (!sysv || p.same_ipc_ns != Some(false)))
            .collect();
        (v.len(), v.into_iter().take(3).collect())
    }

    /// Live tasks (not zombies, not kernel threads, not ipcctl itself) in reach: in our IPC
    /// namespace or perhaps (unreadable), for `sysv`; any for POSIX objects.
    pub fn live_tasks(&self, sysv: bool) -> impl Iterator<Item = &Proc> {
        let me = crate::sys::process::my_pid();
        self.procs.values().filter(move |p| {
            p.pid != me && !p.zombie && !p.kthread && (!sysv || p.same_ipc_ns != Some(false))
        })
    }

    /// Live tasks that have `pid` at an inner PID namespace level (not ours) of their
    /// `NSpid`, started before `born` + `tolerance`: a pid read from a name may be theirs.
    /// Needs `resolve_creds`.
    pub fn inner_pid_holders(&self, pid: i32, born: Option<i64>, tolerance: i64) -> Vec<&Proc> {
        let ix = self.access();
        ix.inner_pids
            .get(&pid)
            .map_or(&[][..], |v| v)
            .iter()
            .filter_map(|p| self.procs.get(p))
            .filter(|p| match (p.start, born) {
                (Some(s), Some(b)) => s <= b.saturating_add(tolerance),
                _ => true,
            })
            .collect()
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

    /// What the kernel holds this POSIX object by, if anything (a loop device, a bind
    /// mount). Matched by device and name: the kernel shows these by path.
    pub fn kernel_ref(&self, o: &Object) -> Option<&crate::model::KernelRef> {
        let dev = o.dev?;
        let name = o.name.as_deref()?.trim_start_matches('/');
        let file = format!("{}{name}", o.kind.info().file_prefix?);
        self.kernel_refs.get(&(dev, file))
    }

    /// Read the uid maps of the user namespaces that tasks with a high uid live in (a
    /// container's users show on the host as such): one `uid_map` per namespace.
    pub(super) fn read_user_namespaces(&mut self, src: &Source) {
        let proc_dir = src.path("proc");
        let mut seen: Vec<u64> = Vec::new();
        let mut pids: Vec<i32> = self
            .procs
            .values()
            .filter(|p| !p.kthread && !p.zombie && p.uid > 65535)
            .map(|p| p.pid)
            .collect();
        pids.sort_unstable();
        for pid in pids {
            let Ok(m) = std::fs::metadata(proc_dir.join(format!("{pid}/ns/user"))) else {
                continue;
            };
            if seen.contains(&m.ino()) {
                continue;
            }
            seen.push(m.ino());
            if let Ok(text) = std::fs::read_to_string(proc_dir.join(format!("{pid}/uid_map"))) {
                self.accounts.uid_maps.extend(parse_uid_map(&text));
            }
        }
    }

    /// Read the references the kernel holds to files on `devs`: loop devices backed by them
    /// (`/sys/block/loop*/loop/backing_file`) and bind mounts of single files in every mount
    /// namespace a scanned task is in (one `mountinfo` per namespace).
    pub(super) fn read_kernel_refs(&mut self, src: &Source, needs: &Needs) {
        use crate::model::KernelRef;
        let Some(shm_dev) = needs.shm_dev else {
            return self.read_bind_mounts(src, needs);
        };
        if let Ok(blocks) = std::fs::read_dir(src.path("sys/block")) {
            for b in blocks.flatten() {
                let Ok(text) = std::fs::read_to_string(b.path().join("loop/backing_file")) else {
                    continue;
                };
                let path = text.trim_end_matches('\n');
                let path = path.strip_suffix(" (deleted)").unwrap_or(path);
                // The path is the loop creator's; a last component is all that can be
                // matched, so any file of that name on /dev/shm counts (over-reporting keeps
                // an object, never removes one).
                if let Some(file) = path.rsplit('/').next().filter(|f| !f.is_empty()) {
                    self.kernel_refs.insert(
                        (shm_dev, file.to_string()),
                        KernelRef::Loop {
                            device: b.file_name().to_string_lossy().into_owned(),
                        },
                    );
                }
            }
        }
        self.read_bind_mounts(src, needs);
    }

    fn read_bind_mounts(&mut self, src: &Source, needs: &Needs) {
        use crate::model::KernelRef;
        let proc_dir = src.path("proc");
        let mut pids: Vec<i32> = self.mount_ns.values().copied().collect();
        pids.sort_unstable();
        for pid in pids {
            let Ok(text) = std::fs::read_to_string(proc_dir.join(format!("{pid}/mountinfo")))
            else {
                continue;
            };
            for line in text.lines() {
                let f: Vec<&str> = line.split(' ').collect();
                let (Some(devt), Some(root), Some(at)) = (f.get(2), f.get(3), f.get(4)) else {
                    continue;
                };
                if *root == "/" {
                    continue;
                }
                let Some((maj, min)) = devt.split_once(':') else {
                    continue;
                };
                let (Ok(maj), Ok(min)) = (maj.parse::<u64>(), min.parse::<u64>()) else {
                    continue;
                };
                let dev = nix::sys::stat::makedev(maj, min);
                if !needs.wants_dev(dev) {
                    continue;
                }
                let root = crate::collect::posix_mq::unescape_mount(root);
                let name = root.trim_start_matches('/');
                if name.is_empty() || name.contains('/') {
                    continue;
                }
                self.kernel_refs.insert(
                    (dev, name.to_string()),
                    KernelRef::BindMount {
                        at: crate::collect::posix_mq::unescape_mount(at),
                    },
                );
            }
        }
    }

    /// The live processes holding this object, sorted by pid; `None` when /proc could not be
    /// scanned at all. An empty list from an incomplete scan means "none that could be seen":
    /// check `complete` / [`HolderScan::uninspected_in_reach`] before calling it unused.
    pub fn holders_of(&self, o: &Object) -> Option<Vec<Holder>> {
        if !self.available {
            return None;
        }
        let pids = match o.kind.info().hold {
            Hold::Attached => o.id.and_then(|id| self.shm.get(&id)),
            Hold::WaitedOn => o.id.and_then(|id| self.waiters.get(&(o.kind, id))),
            Hold::Open | Hold::MappedOrOpen => match (o.dev, o.inode) {
                (Some(d), Some(i)) => self.files.get(&(d, i)),
                _ => None,
            },
        };
        let mut h = self.holders(pids);
        // A registered notifier (read only by `show`, of a POSIX queue) holds the queue too.
        if let Some(n) = o.notify_pid.filter(|n| *n > 0)
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

    /// After a later pass found more processes it could not read.
    pub(super) fn finish_unreadable(&mut self) {
        self.complete = false;
        self.index_unreadable();
    }

    /// Build the sorted list of uninspected processes.
    fn index_unreadable(&mut self) {
        let mut u: Vec<i32> = self
            .procs
            .values()
            .filter(|p| p.unreadable)
            .map(|p| p.pid)
            .collect();
        u.sort_unstable();
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
            kthread: false,
            threads: 1,
            leader_exited: false,
            creds: None,
        }
    }

    #[test]
    fn uninspected_processes_in_reach() {
        let mut elsewhere = proc(4, 1000, true);
        elsewhere.same_ipc_ns = Some(false);
        let s = HolderScan::from_procs([
            proc(1, 0, true),
            proc(2, 1000, true),
            proc(3, 0, false),
            elsewhere,
        ]);
        assert!(!s.complete);
        let pids = |sysv: bool| {
            let (n, first) = s.uninspected_in_reach(sysv);
            assert_eq!(n, first.len());
            first.iter().map(|p| p.pid).collect::<Vec<_>>()
        };
        // Every uninspected task can reach a POSIX object; for System V, those of our IPC
        // namespace (or perhaps). The owner and mode do not matter: the verdict must not
        // depend on which kinds were asked for.
        assert_eq!(pids(false), vec![1, 2, 4]);
        assert_eq!(pids(true), vec![1, 2]);
        assert_eq!(s.uninspected().map(|u| u.count), Some(3));
    }
}

#[cfg(test)]
mod view_tests {
    #[test]
    fn hidepid_is_read_from_procs_mount_options() {
        let plain = "22 27 0:21 / /proc rw,relatime - proc proc rw\n";
        let hidden = "22 27 0:21 / /proc rw,relatime - proc proc rw,hidepid=invisible\n";
        let zero = "22 27 0:21 / /proc rw,relatime - proc proc rw,hidepid=0\n";
        let elsewhere = "40 27 0:50 / /mnt/p rw - proc proc rw,hidepid=2\n";
        assert!(!super::proc_hides_pids(plain));
        assert!(super::proc_hides_pids(hidden));
        assert!(!super::proc_hides_pids(zero));
        assert!(!super::proc_hides_pids(elsewhere));
    }
}

#[cfg(test)]
mod accounts_tests {
    #[test]
    fn system_crontabs_and_units_name_their_users() {
        let tab = "SHELL=/bin/sh\n# m h dom mon dow user command\n17 * * * * root cd / && run-parts\n*/5 * * * * cloudsdk /usr/bin/poll\n@reboot backup /usr/bin/b\n";
        let users: Vec<String> = super::crontab_users(tab).collect();
        assert_eq!(users, ["root", "cloudsdk", "backup"]);
        assert_eq!(
            super::unit_user("[Service]\nExecStart=/x\nUser=app\n"),
            Some("app".into())
        );
        assert_eq!(super::unit_user("[Service]\nExecStart=/x\n"), None);
        let a = super::Accounts {
            job_users: vec!["cloudsdk".into(), "4100".into()],
            ..Default::default()
        };
        assert!(a.protected(4000, Some("cloudsdk")).is_some());
        assert!(a.protected(4100, None).is_some());
        assert!(a.protected(4001, Some("other")).is_none());
        // A container's www-data (33) is host uid 100033 under a 0 -> 100000 map.
        let c = super::Accounts {
            uid_maps: super::parse_uid_map("         0     100000      65536\n"),
            subuids: super::subuid_ranges("alice:300000:65536\n"),
            ..Default::default()
        };
        assert_eq!(
            c.protected(100_033, None),
            Some(crate::model::Protected::ContainerSystemUser { inner: 33 })
        );
        assert!(
            c.protected(101_000, None).is_none(),
            "a regular user inside"
        );
        assert_eq!(
            c.protected(300_005, None),
            Some(crate::model::Protected::SubordinateUid)
        );
    }
}

#[cfg(test)]
mod mountinfo_tests {
    #[test]
    fn mountinfo_escapes_are_read_back() {
        assert_eq!(
            crate::collect::posix_mq::unescape_mount("/my\\040frames"),
            "/my frames"
        );
        assert_eq!(
            crate::collect::posix_mq::unescape_mount("/a\\134b"),
            "/a\\b"
        );
        assert_eq!(crate::collect::posix_mq::unescape_mount("/plain"), "/plain");
        assert_eq!(
            crate::collect::posix_mq::unescape_mount("/cut\\04"),
            "/cut\\04"
        );
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
        let src = Source::new("/nonexistent");
        let n = Needs::for_objects(&src, &[Kind::Shm], &[shm(0), shm(0)], false);
        assert!(!n.any());
        let n = Needs::for_objects(&src, &[Kind::Shm], &[shm(0), shm(2)], false);
        assert!(n.maps && !n.fds && !n.waiters);
        let q = Object {
            kind: Kind::Pmq,
            dev: Some(77),
            ..Default::default()
        };
        let n = Needs::for_objects(&src, &[Kind::Pmq], &[q], false);
        assert!(n.fds && !n.maps && n.devs == vec![77]);
        assert!(n.wants_dev(77) && !n.wants_dev(78));
        let n = Needs::for_objects(&src, &[Kind::Psem], &[], false);
        assert!(
            n.maps && !n.fds,
            "no object, no /dev/shm: no device to look for"
        );
        assert!(Needs::for_objects(&src, &[Kind::Shm], &[], true).procs);
        // Nothing to read: an available, complete scan with empty holder lists.
        let s = scan_for(&src, &Needs::for_objects(&src, &[Kind::Shm], &[], false));
        assert!(s.available && s.complete);
        assert_eq!(s.holders_of(&shm(0)), Some(vec![]));
    }
}
