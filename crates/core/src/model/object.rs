//! One `Object` row per IPC object, with its holders, messages, semaphores, problems,
//! application match and identity, in raw units.

use super::*;
use crate::kinds::info::{Stamp, UseCount};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// Highest uid of a system user (systemd's and Debian's SYS_UID_MAX).
pub const SYS_UID_MAX: u32 = 999;
/// `nobody` (and `nogroup`): an unprivileged id services run as, never a person.
pub const NOBODY_UID: u32 = 65534;

/// The one rule for "system user": root, uids up to SYS_UID_MAX, `nobody`, and the
/// "no uid" value. `clean` as root keeps their objects unless `--owner` names them, and
/// logind's RemoveIPC spares them.
pub fn is_system_uid(uid: u32) -> bool {
    uid <= SYS_UID_MAX || uid == NOBODY_UID || uid == u32::MAX
}

/// One received (or peeked) message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// msg: the message type.
    pub mtype: Option<i64>,
    /// pmq: the priority.
    pub priority: Option<u32>,
    pub body: Vec<u8>,
}

/// A process that holds an object (attached, mapped or has it open).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Holder {
    pub pid: i32,
    pub comm: String,
}

/// What a /dev/shm entry is when it is not a regular file (JSON `file_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileType {
    Directory,
    Socket,
    Fifo,
    Symlink,
    Device,
}

impl FileType {
    /// The code used in profiles (`file_type = ["directory"]`) and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FileType::Directory => "directory",
            FileType::Socket => "socket",
            FileType::Fifo => "fifo",
            FileType::Symlink => "symlink",
            FileType::Device => "device",
        }
    }

    pub fn parse(s: &str) -> Option<FileType> {
        [
            FileType::Directory,
            FileType::Socket,
            FileType::Fifo,
            FileType::Symlink,
            FileType::Device,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

/// Something about an object that could not be read or is odd (worded by
/// `render::evidence::problem`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A /dev/shm file mapped or open whose name is gone: its memory is not freed until
    /// these processes unmap it or exit.
    Unlinked { holders: Vec<Holder> },
    /// A mapped /dev/shm file with no name whose last name was glibc's temporary
    /// `sem.XXXXXX`: `sem_open` builds a semaphore under that name, links it in and unlinks
    /// it, so this is a named semaphore being created, or one whose own name was removed.
    SemaphoreInTheMaking { holders: Vec<Holder> },
    /// A /dev/shm entry that is not a regular file: listed as what it is, not as memory.
    NotRegular(FileType),
    /// A POSIX queue open in these processes whose name is gone: it still counts against
    /// queues_max and its creator's RLIMIT_MSGQUEUE until the last of them closes it.
    UnlinkedOpen { holders: Vec<Holder> },
    /// The last-op pids of a semaphore set could not be read.
    SemaphoresUnreadable(nix::errno::Errno),
    /// The name is not valid UTF-8 (its other bytes are shown as `\xHH`).
    NameNotUtf8,
    /// A named semaphore's file could not be read as one.
    SemFile(SemFileProblem),
}

/// Why a named semaphore's value could not be read from its file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SemFileProblem {
    /// Shorter than glibc's `sem_t` of `expected` bytes (never mapped: that would die with
    /// SIGBUS).
    Short { bytes: u64, expected: u64 },
    /// Open, stat or read failed (the system's description).
    Unreadable { error: String },
    /// Not ours to read: its mode keeps us out (another user's semaphore; no warning).
    Denied,
    /// Another file stood under the name when it was opened.
    Replaced,
    /// The value is above SEM_VALUE_MAX (`max`).
    ValueTooLarge { value: u32, max: u32 },
}

/// Processes the holder scan could not inspect (their maps or fds were unreadable): what
/// they hold is unknown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Uninspected {
    pub count: usize,
    /// The first few, by pid.
    pub first: Vec<Holder>,
    /// ipcctl ran as root (otherwise running as root would show more).
    pub as_root: bool,
}

/// What a holder scan could not see.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ScanGap {
    /// /proc could not be listed: no holder is known.
    NoProc,
    /// Some processes could not be inspected.
    Uninspected(Uninspected),
}

/// An IPC namespace: its inode (as in `/proc/PID/ns/ipc`), one process living in it, and the
/// container id when that process's cgroup path shows one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Namespace {
    pub inode: u64,
    pub pid: i32,
    pub comm: String,
    pub container: Option<String>,
}

impl fmt::Display for Namespace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ipc:[{}] pid {} ({})", self.inode, self.pid, self.comm)?;
        if let Some(c) = &self.container {
            write!(f, " container {}", &c[..c.len().min(12)])?;
        }
        Ok(())
    }
}

/// One semaphore of a System V set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Semaphore {
    pub index: u32,
    pub value: i32,
    pub pid: i32,
    pub ncount: i32,
    pub zcount: i32,
}

/// `Object::fingerprint`: times, counts, and (uid, mode, key).
pub type Fingerprint = ([Option<i64>; 8], [Option<u64>; 3], (u32, u32, Option<u32>));

/// One IPC object of any kind, in raw units. Fields that do not apply to a kind are `None`
/// (JSON `null`). Times are epoch seconds, serialized as RFC 3339.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Object {
    pub kind: Kind,
    #[serde(rename = "ref")]
    pub reference: String,
    pub id: Option<i32>,
    #[serde(serialize_with = "ser_key")]
    pub key: Option<u32>,
    pub name: Option<String>,
    /// Permission bits (0o777 and setuid/setgid/sticky for POSIX files); the SysV `dest`
    /// bit is in `marked_for_deletion`.
    #[serde(serialize_with = "ser_mode")]
    pub mode: u32,
    pub uid: u32,
    /// Shared with every object of the same owner (looked up once per uid).
    pub user: Option<std::sync::Arc<str>>,
    pub gid: u32,
    pub group: Option<std::sync::Arc<str>>,
    pub cuid: Option<u32>,
    pub cgid: Option<u32>,
    /// Names of the creator's uid and gid (System V), looked up like `user`/`group`.
    pub cuser: Option<std::sync::Arc<str>>,
    pub cgroup: Option<std::sync::Arc<str>>,
    pub size_bytes: Option<u64>,
    /// POSIX shm and semaphores: bytes the tmpfs really gave the file (`st_blocks` x 512),
    /// which is what /dev/shm runs out of; a sparse file takes less than its size, a
    /// semaphore a whole page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocated_bytes: Option<u64>,
    pub nattch: Option<u64>,
    pub messages: Option<u64>,
    pub nsems: Option<u64>,
    pub value: Option<u32>,
    pub cpid: Option<i32>,
    pub lpid: Option<i32>,
    pub lspid: Option<i32>,
    pub lrpid: Option<i32>,
    #[serde(serialize_with = "ser_time")]
    pub ctime: Option<i64>,
    /// shm: last attach; POSIX: last access.
    #[serde(serialize_with = "ser_time")]
    pub atime: Option<i64>,
    /// shm: last detach.
    #[serde(serialize_with = "ser_time")]
    pub dtime: Option<i64>,
    /// msg: last send.
    #[serde(serialize_with = "ser_time")]
    pub stime: Option<i64>,
    /// msg: last receive.
    #[serde(serialize_with = "ser_time")]
    pub rtime: Option<i64>,
    /// sem: last semop.
    #[serde(serialize_with = "ser_time")]
    pub otime: Option<i64>,
    /// POSIX: last modification (pmq: last send or receive).
    #[serde(serialize_with = "ser_time")]
    pub mtime: Option<i64>,
    /// POSIX shm and semaphores: the file's birth time (statx), when known — its true
    /// creation time (ctime also changes on chmod, ftruncate and writes). Read with every
    /// listing of /dev/shm (`Object::created`).
    #[serde(serialize_with = "ser_time", skip_serializing_if = "Option::is_none")]
    pub btime: Option<i64>,
    /// shm: removed while attached (IPC_RMID, the `dest` bit).
    pub marked_for_deletion: bool,
    /// shm: locked in memory (SHM_LOCK, the `locked` bit 02000 of /proc perms); never
    /// swapped out. `None` for other kinds.
    pub locked: Option<bool>,
    /// shm (newer kernels): resident and swapped bytes.
    pub rss_bytes: Option<u64>,
    pub swap_bytes: Option<u64>,
    /// msg: the queue's byte limit (msg_qbytes); pmq: mq_maxmsg / mq_msgsize.
    pub max_bytes: Option<u64>,
    pub max_messages: Option<u64>,
    pub message_size: Option<u64>,
    pub notify_pid: Option<i32>,
    /// POSIX objects: device and inode, the identity used for holders and removal checks.
    pub dev: Option<u64>,
    pub inode: Option<u64>,
    /// Something about this object could not be read or is malformed (JSON: its words).
    pub problem: Option<Problem>,
    pub holders: Option<Vec<Holder>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<State>,
    /// The typed evidence behind `state`: JSON `orphan_reasons` (words) and `evidence`
    /// (`{code, text, ...}` objects), both made by `render::evidence`.
    #[serde(flatten)]
    pub orphan_reasons: Reasons,
    /// Which premises of `orphan` held (set with `state`).
    #[serde(skip)]
    pub premises: Option<Premises>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub semaphores: Option<Vec<Semaphore>>,
    /// The IPC namespace the object lives in; `null` unless `--ns` or `--all-namespaces`.
    pub namespace: Option<std::sync::Arc<Namespace>>,
    /// The application the object belongs to: matched by a profile, or named by its holders
    /// or its live creator (`analysis::profiles`); `null` when nothing tells.
    pub app: Option<Box<AppMatch>>,
    /// A /dev/shm entry that is not a regular file (a directory or socket an application
    /// left there); `None` for every IPC object proper. JSON: absent unless set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_type: Option<FileType>,
    /// System V: the checked path (`--ftok-paths`) whose `ftok` gives this key; `null` when
    /// none does, or when an application profile names the object.
    pub ftok: Option<Box<FtokOrigin>>,
    /// Who created it, as `ipcctl record` journaled it; `null` when there is no journal or
    /// it does not know the object.
    pub creator: Option<Box<Creator>>,
}

/// Where an ftok key came from: `ftok(path, proj)`. `also`: other checked paths whose
/// device and inode bits are the same, so the key is `ftok` of them as well (a collision).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FtokOrigin {
    pub path: String,
    pub proj: u8,
    pub also: Vec<String>,
}

/// When an object was created (`Object::created`), and what says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Created {
    pub at: i64,
    pub from: CreatedFrom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreatedFrom {
    /// The file's birth time: its creation.
    BirthTime,
    /// ctime, and nothing recorded is earlier: the creation unless the object was changed
    /// (IPC_SET, SETVAL, chmod) before any recorded use.
    Ctime,
    /// A use recorded before the last change: created at the latest then.
    EarliestRecord,
}

/// The evidence list of an object, when it was judged. Serialized (by `render::evidence`)
/// as two JSON fields: `orphan_reasons` (sentences) and `evidence` (typed objects).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reasons(pub Option<Vec<Evidence>>);

impl Reasons {
    pub fn as_deref(&self) -> Option<&[Evidence]> {
        self.0.as_deref()
    }
    pub fn take(&mut self) -> Option<Vec<Evidence>> {
        self.0.take()
    }
    pub fn is_some(&self) -> bool {
        self.0.is_some()
    }
}

impl From<Option<Vec<Evidence>>> for Reasons {
    fn from(v: Option<Vec<Evidence>>) -> Reasons {
        Reasons(v)
    }
}

/// How an object's application was known (JSON `app.source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppSource {
    /// An application profile matched its name, key, owner or holders.
    Profile,
    /// No profile matched; every process holding it runs the same program.
    Holder,
    /// No profile matched and nobody holds it; the creator pid the kernel recorded (System V
    /// shm) is alive and runs this program.
    Creator,
    /// The recorder saw the program create it (reserved for the recorder's journal).
    Recorded,
}

/// The application an object belongs to: JSON `{name, source, profile, detail, pids}`. The
/// description, hint, creator pid and liveness hint serve `show` and orphan judgement and
/// stay out of the JSON contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppMatch {
    /// The application, as `--app` names it (`pytorch`), or the holders' program name.
    pub name: std::sync::Arc<str>,
    /// How it was known.
    pub source: AppSource,
    /// The rule that matched, `APP/ID` (`pytorch/tensor`); empty (JSON `null`) unless
    /// `source` is `profile`.
    #[serde(serialize_with = "ser_profile")]
    pub profile: std::sync::Arc<str>,
    /// What the name says, from the rule's captures (`pid 12345`).
    pub detail: Option<String>,
    /// The processes that named it (`holder`: the first holders; `creator`: the creator).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pids: Vec<i32>,
    /// The application's display name (`PyTorch`).
    #[serde(skip)]
    pub title: std::sync::Arc<str>,
    #[serde(skip)]
    pub description: String,
    #[serde(skip)]
    pub hint: Option<String>,
    /// A creator pid recorded in the name, judged like a kernel cpid.
    #[serde(skip)]
    pub creator_pid: Option<i32>,
    /// The pid in the name may belong to another PID namespace (the object was read through
    /// another mount namespace's /dev/shm): it is no evidence here.
    #[serde(skip)]
    pub foreign_pids: bool,
    #[serde(skip)]
    pub live_while: Option<std::sync::Arc<LiveWhile>>,
    /// The object whose use keeps this one alive (`live_while.sibling` expanded with the
    /// name's captures): a reference, `pshm:/fastrtps_port7411`.
    #[serde(skip)]
    pub sibling: Option<String>,
}

fn ser_profile<S: serde::Serializer>(p: &std::sync::Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    if p.is_empty() {
        s.serialize_none()
    } else {
        s.serialize_str(p)
    }
}

/// A profile's liveness hint: the object may be in use (with no trace in /proc) while a
/// process with one of these command names runs (owned by the object's uid, if `same_uid`).
/// Its sibling condition is per object (`AppMatch::sibling`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveWhile {
    pub comm: Vec<String>,
    pub same_uid: bool,
}

impl Object {
    /// The reference that addresses exactly this object (id for SysV, name for POSIX).
    pub fn make_ref(kind: Kind, id: Option<i32>, name: Option<&str>) -> String {
        match (id, name) {
            (Some(id), _) => {
                let mut s = String::with_capacity(16);
                s.push_str(kind.as_str());
                s.push(':');
                crate::units::push_i64(&mut s, i64::from(id));
                s
            }
            (None, Some(n)) => format!("{kind}:/{n}"),
            (None, None) => format!("{kind}:?"),
        }
    }

    /// The owner's name, or the uid when it has none (the one owner-name rule).
    pub fn owner_name(&self) -> String {
        self.user
            .as_deref()
            .map_or_else(|| self.uid.to_string(), str::to_string)
    }

    /// What changes when anyone uses or changes the object: every recorded time, the
    /// attachments, messages, size, owner, mode and key. Two reads with equal fingerprints
    /// saw nobody act on it in between (the re-read of premise 4, `clean`'s re-check).
    pub fn fingerprint(&self) -> Fingerprint {
        (
            [
                self.ctime, self.atime, self.dtime, self.stime, self.rtime, self.otime, self.mtime,
                self.btime,
            ],
            [self.nattch, self.messages, self.size_bytes],
            (self.uid, self.mode, self.key),
        )
    }

    /// Messages a queue holds (msg: qnum, pmq: mq_curmsgs), counted in messages: a queue
    /// of zero-length tokens holds 0 bytes. `None` for other kinds.
    pub fn queued_messages(&self) -> Option<u64> {
        match self.kind.info().use_count {
            UseCount::Messages => self.messages,
            UseCount::Attachments | UseCount::Semaphores | UseCount::Value | UseCount::Nothing => {
                None
            }
        }
    }

    /// The values of a System V set that are not the kernel's initial 0 (state someone set,
    /// lost if the set is removed and made again); empty for other kinds and all-zero sets.
    pub fn set_state(&self) -> Vec<i32> {
        // Only System V sets have `semaphores`.
        match &self.semaphores {
            Some(s) if s.iter().any(|x| x.value != 0) => s.iter().map(|x| x.value).collect(),
            _ => Vec::new(),
        }
    }

    /// When the object was last used (`--idle-for`): the last send or receive (msg), attach
    /// or detach (shm), semop (sem), modification (POSIX: a queue's mtime is its last send or
    /// receive; its atime and ctime move whenever its file is read); never used, its
    /// creation (ctime, or a POSIX file's birth time).
    pub fn last_use(&self) -> Option<i64> {
        let info = self.kind.info();
        info.use_stamps
            .iter()
            .filter_map(|s| match s {
                Stamp::Send => self.stime,
                Stamp::Recv => self.rtime,
                Stamp::Attach => self.atime,
                Stamp::Detach => self.dtime,
                Stamp::Semop => self.otime,
                Stamp::Modify => self.mtime,
            })
            .filter(|t| *t > 0)
            .max()
            .or_else(|| {
                let born = if info.is_sysv {
                    self.ctime
                } else {
                    self.btime.or(self.mtime)
                };
                born.filter(|t| *t > 0)
            })
    }

    /// When the object was created, as far as the kernel tells: a POSIX file's birth time
    /// (statx), else the earliest time recorded on it. ctime alone moves (IPC_SET, SETVAL,
    /// a write, a send), but nothing is used or changed before it exists, so the earliest
    /// record is the closest bound: the object is at least that old. The one rule for the
    /// AGE column, `--older-than` and `ipcctl_oldest_orphan_age_seconds`.
    pub fn created(&self) -> Option<Created> {
        if let Some(b) = self.btime.filter(|t| *t > 0) {
            return Some(Created {
                at: b,
                from: CreatedFrom::BirthTime,
            });
        }
        let at = [
            self.ctime, self.atime, self.dtime, self.stime, self.rtime, self.otime, self.mtime,
        ]
        .into_iter()
        .flatten()
        .filter(|t| *t > 0)
        .min()?;
        Some(Created {
            at,
            from: if self.ctime == Some(at) {
                CreatedFrom::Ctime
            } else {
                CreatedFrom::EarliestRecord
            },
        })
    }

    /// The most recent activity recorded on the object, in epoch seconds.
    pub fn last_activity(&self) -> Option<i64> {
        [
            self.ctime, self.atime, self.dtime, self.stime, self.rtime, self.otime, self.mtime,
        ]
        .into_iter()
        .flatten()
        .max()
    }

    /// Its identity; `None` when it was listed without one (an id, or a device and inode).
    pub fn identity(&self) -> Option<Identity> {
        if self.kind.is_sysv() {
            self.id.map(|id| Identity::Sysv(self.kind, id))
        } else {
            Some(Identity::Posix(self.kind, self.dev?, self.inode?))
        }
    }

    /// Who uses the object, as far as the holder scan and the kernel tell: the one "in use"
    /// rule (`rm` refuses what is in use, `--unused` keeps what is unused, the orphan verdict
    /// starts from it). Holders not read count as unknown, except where the kernel counts
    /// attachments itself.
    pub fn usage(&self) -> Usage<'_> {
        let counts = self.kind.info().kernel_counts_attachments;
        let attached = if counts { self.nattch.unwrap_or(0) } else { 0 };
        match self.holders.as_deref() {
            Some(h) if !h.is_empty() => Usage::InUse {
                holders: h,
                attached,
            },
            _ if attached > 0 => Usage::InUse {
                holders: &[],
                attached,
            },
            Some(_) => Usage::Unused,
            None if counts => Usage::Unused,
            None => Usage::Unknown,
        }
    }

    /// The number shown in the USE column: nattch, messages, nsems or value.
    pub fn use_count(&self) -> Option<u64> {
        match self.kind.info().use_count {
            UseCount::Attachments => self.nattch,
            UseCount::Messages => self.messages,
            UseCount::Semaphores => self.nsems,
            UseCount::Value => self.value.map(u64::from),
            UseCount::Nothing => None,
        }
    }
}

/// Which object this is, the one identity ipcctl compares objects by: System V (kind, id);
/// POSIX (kind, device, inode). A mutation re-checks more (each kind's `kinds::*::remove`:
/// a System V object's key, ctime and creator, `kinds::sysv::Recorded`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Identity {
    Sysv(Kind, i32),
    Posix(Kind, u64, u64),
}

/// Who uses an object ([`Object::usage`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage<'a> {
    /// Live holders were seen, or the kernel counts attachments (`attached`, which also
    /// covers processes the scan could not read).
    InUse {
        holders: &'a [Holder],
        attached: u64,
    },
    /// No holder and nothing attached.
    Unused,
    /// The holders were not read, and the kernel keeps no count.
    Unknown,
}

fn ser_key<S: Serializer>(key: &Option<u32>, s: S) -> Result<S::Ok, S::Error> {
    match key {
        Some(k) => s.serialize_str(&fmt_key(*k)),
        None => s.serialize_none(),
    }
}

fn ser_mode<S: Serializer>(mode: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("{mode:04o}"))
}

pub(super) fn ser_time<S: Serializer>(t: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match t.and_then(rfc3339) {
        Some(text) => s.serialize_str(&text),
        None => s.serialize_none(),
    }
}

/// Epoch seconds as RFC 3339 UTC (`2026-11-23T16:49:46Z`); `None` for 0 (never) or times
/// before the epoch. Any positive value renders, however far in the future (a file time in
/// year 10000 is written with five year digits instead of failing).
pub fn rfc3339(secs: i64) -> Option<String> {
    if secs <= 0 {
        return None;
    }
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    ))
}

/// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`), for any i64 day count.
fn civil_from_days(z: i64) -> (i128, u32, u32) {
    let z = i128::from(z) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}
