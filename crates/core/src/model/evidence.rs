//! Verdicts and their typed evidence: states, roles, premises, holds, and every fact the
//! orphan proof reports (`render::evidence` words them).

use super::*;
use serde::{Deserialize, Serialize};

/// Orphan classification of an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    InUse,
    /// Nobody maps it, but its name is gone while processes still map it: memory that is
    /// freed only when they unmap or exit (pshm/psem).
    UnlinkedMapped,
    Orphan,
    LikelyOrphan,
    Unknown,
    MarkedForDeletion,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::InUse => "in-use",
            State::UnlinkedMapped => "unlinked-mapped",
            State::Orphan => "orphan",
            State::LikelyOrphan => "likely-orphan",
            State::Unknown => "unknown",
            State::MarkedForDeletion => "marked-for-deletion",
        }
    }
}

/// What a pid recorded on an object was recorded for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// shm `cpid`.
    Creator,
    /// shm `lpid` (last shmat/shmdt).
    LastAttach,
    /// msg `lspid`.
    LastSender,
    /// msg `lrpid`.
    LastReceiver,
    /// sem: the last-op pid of semaphore N.
    LastSemop(u32),
    /// The creator `ipcctl record` journaled (pid and start time).
    RecordedCreator,
    /// msg/sem: the first sender or operator `ipcctl record` journaled.
    RecordedFirstUser,
}

/// How the processes holding an object hold it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// shm: attached (a `/SYSV` mapping).
    Attached,
    /// msg, sem: blocked in a send/receive/semop on it.
    WaitedOn,
    /// pmq: an open descriptor.
    Open,
    /// pshm, psem: mapped or open.
    MappedOrOpen,
}

impl Hold {
    /// How holders of `kind` hold it.
    pub fn of(kind: Kind) -> Hold {
        kind.info().hold
    }
}

/// Some processes exist that the holder scan cannot see: what shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hidden {
    /// A System V object records pid 0 for an activity: the process lives in a PID namespace
    /// we cannot see (pods share IPC and /dev/shm, not PIDs).
    PidZero { object: String },
    /// A segment counts more attachments than the scan saw.
    ExtraAttachments {
        object: String,
        nattch: u64,
        seen: u64,
    },
    /// Processes that could hold the object could not be inspected (first few, and how many).
    Uninspectable { count: usize, first: Vec<Holder> },
    /// ipcctl runs in a nested PID namespace (this inode, not the initial one's) and
    /// `--complete-view` was not given: tasks of the parent namespaces are invisible.
    NestedPidNamespace { inode: u64 },
    /// `/proc` is not this PID namespace's (readlink /proc/self is not our pid).
    ProcNotOurs,
    /// `/proc` is mounted with `hidepid`: other users' processes are hidden.
    Hidepid,
    /// /proc could not be listed at all.
    NoProc,
}

/// The four premises of `orphan` (README, "How ipcctl proves an orphan").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Premises {
    /// 1. Every task that can reach the object was inspected.
    pub complete_view: bool,
    /// 2. No holder: no attachment, mapping, descriptor (in any fd table) or waiter.
    pub no_holder: bool,
    /// 3. No live task that could open it without a trace (or a profile proof instead).
    pub nobody_left: bool,
    /// 4. Older than `--settle`, unchanged during the scan, clock sane.
    pub settled: bool,
    /// Every recorded user (cpid, lpid, lspid/lrpid, sempid, a pid from the name) is dead.
    pub recorded_dead: bool,
    /// Idle at least `--min-idle`.
    pub idle_enough: bool,
}

impl Premises {
    /// The state the premises prove: `orphan` when all four hold; `likely-orphan` when all
    /// but the third hold, every recorded user is dead and the object has been idle long
    /// enough; `unknown` otherwise.
    pub fn state(&self) -> State {
        let base = self.complete_view && self.no_holder && self.settled;
        if base && self.nobody_left && self.recorded_dead {
            State::Orphan
        } else if base && self.recorded_dead && self.idle_enough {
            State::LikelyOrphan
        } else {
            State::Unknown
        }
    }
}

/// Why nobody can be ruled out who could open an object without a trace: its owner is one
/// of those whose processes come and go (systemd's RemoveIPC spares them for that reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protected {
    /// uid 0.
    Root,
    /// A system uid (up to SYS_UID_MAX of /etc/login.defs, 999 by default).
    SystemUid { max: u32 },
    /// systemd's dynamic users (61184–65519).
    DynamicUser,
    /// 65534, nobody.
    Nobody,
    /// Lingering is enabled for the user (/var/lib/systemd/linger/NAME).
    Linger,
    /// The user has a crontab or at jobs, or system crontabs or units run jobs as it.
    ScheduledJobs,
    /// A container's user namespace maps this host uid to one of the above inside it
    /// (`inner`: root, a system, dynamic or nobody uid there).
    ContainerSystemUser { inner: u32 },
    /// A subordinate uid (/etc/subuid): a container of some user may map it to anyone.
    SubordinateUid,
    /// Not the owner: the object's group or other permission bits let in users whose jobs
    /// and services start later (cron, timers, socket activation).
    OpenToOthers,
}

/// A reference to a file the kernel holds for no task in particular.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KernelRef {
    /// `/dev/loopN` is backed by it.
    Loop { device: String },
    /// It is bind-mounted (at this mount point, in some task's mount namespace).
    BindMount { at: String },
}

/// Who could open an object, by the permission that lets them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Its owner uid (any of a task's real, effective, saved or filesystem uid).
    Owner,
    /// Its creator uid (System V).
    Creator,
    /// A member of its group (group permission bits are set).
    Group,
    /// Anyone (other permission bits are set): any live non-root task.
    Others,
    /// Anyone a POSIX ACL may name: on a POSIX object the group bits are the ACL's mask, so
    /// with them set any live non-root task may have been granted access.
    AclMask,
    /// A non-root task whose capabilities bypass permissions (CAP_DAC_OVERRIDE,
    /// CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_IPC_OWNER): a container's root, say.
    Privileged,
}

/// One piece of evidence behind an object's orphan state. Typed until `render/evidence.rs`
/// turns it into words (in tables, `show`, and JSON `orphan_reasons`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// shm removed (IPC_RMID) while attached.
    RemovedWhileAttached,
    /// `n` attachments counted by the kernel (holders not seen).
    Attachments(u64),
    /// Held by these processes (the first three) and `more` others.
    HeldBy {
        how: Hold,
        first: Vec<Holder>,
        more: usize,
    },
    /// The name is gone but the memory is still mapped (pshm/psem).
    UnlinkedButMapped,
    /// shm: nattch > 0 but no attachment was seen.
    UnseenAttachments(u64),
    /// sem: processes blocked on it (ncount + zcount).
    Waiting(i64),
    /// A recorded pid is alive (and plausibly the same process).
    Alive { role: Role, proc: Holder },
    /// A recorded pid is gone (or a zombie).
    Dead { role: Role, pid: i32, zombie: bool },
    /// A recorded pid is alive, but its process started after the activity it was recorded
    /// for (beyond the clock tolerance): another process got the pid.
    Reused {
        role: Role,
        proc: Holder,
        started: i64,
        activity: i64,
        tolerance: i64,
    },
    /// A recorded pid is 0: not visible in this PID namespace.
    PidZero { role: Role },
    /// The process that now has a recorded pid seems started after the activity, but it
    /// could use the object: after a forward step of the wall clock it may be the same
    /// process, so the pid is not proven dead.
    MaybeSameProcess { pid: i32 },
    /// A recorded pid is alive, but in another IPC namespace.
    OtherNamespace { role: Role, proc: Holder },
    /// shm: never attached.
    NeverAttached,
    /// msg: no message ever sent or received.
    NeverUsed,
    /// sem: never operated on.
    NeverOperated,
    /// sem: operated on, but every last-op pid is 0.
    AllPidsZero,
    /// sem: the last-op pids could not be read.
    PidsUnreadable(Option<nix::errno::Errno>),
    /// No holder was seen (words depend on how the kind is held).
    NotHeld(Hold),
    /// /proc could not be scanned: nobody knows the holders.
    HoldersUnknown,
    /// msg and sem record no creator pid.
    NoCreatorRecorded(Kind),
    /// The recorded creator (or first user) `pid` ended: at `at`, how (`exit`, when the
    /// proc connector told).
    RecordedExit {
        pid: i32,
        at: Option<i64>,
        exit: Option<ExitStatus>,
    },
    /// The recorder lost events when the object appeared: its creator is unknown.
    CreatorUnknownGap { at: Option<i64> },
    /// msg: messages still queued.
    Queued {
        messages: u64,
        /// Unknown for POSIX queues (only a read of the queue's file, which changes its
        /// times, shows them).
        bytes: Option<u64>,
        last_send: Option<i64>,
        last_receive: Option<i64>,
    },
    /// A semaphore holds a value someone set (System V sets start at 0): state that a set
    /// made again would not have.
    SemaphoreState {
        values: Vec<i32>,
        last_pid: Option<i32>,
    },
    /// No activity for this many seconds.
    Idle { secs: i64 },
    /// Invisible processes exist (POSIX objects are then at most `unknown`).
    HiddenProcesses(Hidden),
    /// Premise 1 holds: every task that can reach the object was inspected (this many).
    ViewComplete { tasks: usize },
    /// Premise 3 fails: live tasks could open the object without leaving a trace.
    AccessibleBy {
        access: Access,
        uid: u32,
        user: Option<std::sync::Arc<str>>,
        count: usize,
        first: Vec<Holder>,
    },
    /// Premise 3 holds: no live task of the owner or creator uid (or of anyone the mode
    /// lets in).
    OwnerGone { uids: Vec<u32> },
    /// Premise 3 cannot hold for this owner: its processes come and go.
    ProtectedOwner { uid: u32, why: Protected },
    /// Premise 4 fails: the object or its last activity is younger than `--settle`
    /// (`at`, epoch seconds), or lies in the future (a clock step).
    Unsettled { at: i64, settle: i64, future: bool },
    /// Premise 4 fails: the object changed while its holders were looked for.
    ChangedDuringScan,
    /// Premise 4 holds: nothing happened to it for `secs` (at least `--settle`).
    Settled { secs: i64, settle: i64 },
    /// Idle for less than `--min-idle`: not even a likely orphan.
    NotIdleEnough { secs: i64, min_idle: i64 },
    /// shm: locked in memory (SHM_LOCK): someone meant it to stay; never `orphan`.
    Locked,
    /// The kernel holds it with no task's descriptor: a loop device backed by the file, or
    /// a bind mount of it in some mount namespace.
    HeldByKernel(KernelRef),
    /// A pid read from the name may be another PID namespace's: tasks in reach have it at
    /// an inner level of their `NSpid`.
    NamePidAmbiguous { pid: i32, first: Vec<Holder> },
    /// An application profile proves the object's life was bound to processes that are
    /// gone (premise 3 replaced): `daemons` of the owner (`uid`, when the profile binds
    /// them to it) do not run, the creator pid its name records is dead (`creator`), and
    /// its sibling object is not in use (`sibling`), for each condition the profile states.
    ProfileProof {
        profile: std::sync::Arc<str>,
        daemons: Vec<String>,
        uid: Option<u32>,
        creator: Option<i32>,
        sibling: Option<String>,
    },
    /// A directory, socket or FIFO in /dev/shm: nothing in /proc shows who uses it (a bound
    /// socket's descriptors name the socket, not the file), so only its profile's rule can
    /// prove it left over; without that proof it is at most `unknown`.
    NotRegularFile(FileType),
    /// What the application profile `profile` (`pytorch/tensor`) adds.
    App {
        profile: std::sync::Arc<str>,
        fact: AppFact,
    },
}

/// Evidence from an application profile: the creator pid its name records, judged like a
/// kernel cpid, or its liveness hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppFact {
    /// The creator pid from the name is alive (and started before the object existed).
    CreatorAlive(Holder),
    /// The creator pid from the name is gone (or a zombie).
    CreatorDead { pid: i32, zombie: bool },
    /// The creator pid from the name is alive, but its process started after the object's
    /// first recorded time (beyond the clock tolerance): another process got the pid.
    CreatorReused {
        proc: Holder,
        started: i64,
        activity: i64,
        tolerance: i64,
    },
    /// The object was read through another mount namespace's /dev/shm: the pid in its name
    /// may be another PID namespace's, so it is no evidence here.
    CreatorElsewhere { pid: i32 },
    /// Processes of the application run (the profile's liveness hint): it may use the object
    /// with no trace in /proc, so no removal verdict.
    AppRunning {
        title: std::sync::Arc<str>,
        count: usize,
        first: Vec<Holder>,
    },
    /// The sibling object the profile binds this one to (`pshm:/fastrtps_port7411` for its
    /// port mutex) is in use: this one may be used at any moment.
    SiblingInUse { sibling: String },
}
