//! The verdict on one object: pure functions over the object, a process table snapshot
//! (`HolderScan`) and the judging policy. Evidence comes back typed; `render::evidence`
//! words it.

use super::Policy;
use crate::collect::holders::{HolderScan, Proc};
use crate::model::{
    Access, Creator, CreatorRole, Evidence, Hidden, Hold, Holder, Kind, Object, Premises, Problem,
    Protected, Role, State, Usage,
};

/// What became of a pid recorded on an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate<'a> {
    /// Alive and started before the recorded activity: plausibly the same process.
    Alive(&'a Proc),
    /// Not in the process table, or a zombie.
    Dead { zombie: bool },
    /// Alive, but started after the recorded activity (beyond the tolerance): reused.
    Reused {
        proc: &'a Proc,
        started: i64,
        activity: i64,
    },
    /// Recorded as 0: not visible in this PID namespace.
    Invisible,
    /// Alive, but in another IPC namespace.
    OtherNamespace(&'a Proc),
}

/// The fate of `pid`, recorded at (or before) `activity` (epoch seconds).
pub fn fate<'a>(
    scan: &'a HolderScan,
    pid: i32,
    activity: Option<i64>,
    sysv: bool,
    policy: &Policy,
) -> Fate<'a> {
    if pid <= 0 {
        return Fate::Invisible;
    }
    let Some(p) = scan.procs.get(&pid) else {
        return Fate::Dead { zombie: false };
    };
    if p.zombie {
        return Fate::Dead { zombie: true };
    }
    if let (Some(start), Some(t)) = (p.start, activity)
        && t > 0
        && start > t.saturating_add(policy.clock_tolerance)
    {
        return Fate::Reused {
            proc: p,
            started: start,
            activity: t,
        };
    }
    if sysv && p.same_ipc_ns == Some(false) {
        return Fate::OtherNamespace(p);
    }
    Fate::Alive(p)
}

/// Could this task open the object (capabilities aside for root, which opens anything)?
/// Root, the owner or creator uid in any of its threads, a group member when group bits are
/// set, any non-root task when other bits (or, on a POSIX file, an ACL mask) let others in,
/// or a task whose capabilities bypass permissions.
pub fn could_open(o: &Object, p: &Proc) -> bool {
    let sysv = o.kind.is_sysv();
    let group = o.mode & 0o060 != 0;
    let others = o.mode & 0o006 != 0 || (!sysv && group);
    match &p.creds {
        Some(c) => {
            c.euids.contains(&0)
                || c.has_uid(o.uid)
                || o.cuid.is_some_and(|u| c.has_uid(u))
                || (group && (c.in_group(o.gid) || o.cgid.is_some_and(|g| c.in_group(g))))
                || (others && c.non_root())
                || c.bypasses_permissions
        }
        None => p.uid == 0 || p.uid == o.uid || o.cuid == Some(p.uid) || others,
    }
}

fn holder(p: &Proc) -> Holder {
    Holder {
        pid: p.pid,
        comm: p.comm.clone(),
    }
}

/// Evidence gathered from the recorded pids of one object.
#[derive(Default)]
struct Pids {
    alive: Vec<Evidence>,
    dead: Vec<Evidence>,
    unknown: Vec<Evidence>,
}

impl Pids {
    fn add(
        &mut self,
        o: &Object,
        scan: &HolderScan,
        role: Role,
        pid: i32,
        activity: Option<i64>,
        policy: &Policy,
    ) {
        match fate(scan, pid, activity, true, policy) {
            Fate::Alive(p) => self.alive.push(Evidence::Alive {
                role,
                proc: holder(p),
            }),
            Fate::Dead { zombie } => self.dead.push(Evidence::Dead { role, pid, zombie }),
            Fate::Reused {
                proc,
                started,
                activity,
            } => {
                let e = Evidence::Reused {
                    role,
                    proc: holder(proc),
                    started,
                    activity,
                    tolerance: policy.clock_tolerance,
                };
                // A forward step of the wall clock makes a live user look started after its
                // activity: only a process that could not use the object is surely another.
                if could_open(o, proc) {
                    self.unknown.push(e);
                    self.unknown.push(Evidence::MaybeSameProcess { pid });
                } else {
                    self.dead.push(e);
                }
            }
            Fate::Invisible => self.unknown.push(Evidence::PidZero { role }),
            Fate::OtherNamespace(p) => self.unknown.push(Evidence::OtherNamespace {
                role,
                proc: holder(p),
            }),
        }
    }
}

/// The creator (or first user) `ipcctl record` journaled, judged like a kernel cpid: alive
/// only when the process with that pid also has the recorded start time (a reused pid is
/// another process), dead with how it ended. A creator the kernel records too (shm cpid) is
/// judged once. Returns whether a pid was judged.
fn recorded_creator(o: &Object, c: &Creator, pids: &mut Pids, why: &mut Vec<Evidence>) -> bool {
    let role = match c.role {
        CreatorRole::Creator => Role::RecordedCreator,
        CreatorRole::FirstUser => Role::RecordedFirstUser,
        CreatorRole::UnknownGap => {
            why.push(Evidence::CreatorUnknownGap { at: c.gap_at });
            return false;
        }
        CreatorRole::UnknownBefore => return false,
    };
    let Some(pid) = c.pid.filter(|p| *p > 0 && o.cpid != Some(*p)) else {
        return false;
    };
    match c.live {
        Some(true) => pids.alive.push(Evidence::Alive {
            role,
            proc: Holder {
                pid,
                comm: c.comm.clone().unwrap_or_default(),
            },
        }),
        Some(false) => {
            pids.dead.push(Evidence::Dead {
                role,
                pid,
                zombie: false,
            });
            if c.exited_at.is_some() {
                pids.dead.push(Evidence::RecordedExit {
                    pid,
                    at: c.exited_at,
                    exit: c.exit,
                });
            }
        }
        None => return false,
    }
    true
}

fn held_by(how: Hold, h: &[Holder]) -> Evidence {
    Evidence::HeldBy {
        how,
        first: h.iter().take(3).cloned().collect(),
        more: h.len().saturating_sub(3),
    }
}

fn max_time(ts: &[Option<i64>]) -> Option<i64> {
    ts.iter().flatten().copied().filter(|t| *t > 0).max()
}

/// Signs in the System V records that processes exist which the holder scan cannot see:
/// a pid recorded as 0 for an activity (another PID namespace uses this IPC namespace), or a
/// segment with more attachments than were seen. POSIX objects of the same namespace are then
/// at most `unknown`: those processes may hold them too. Objects must have holders attached.
pub fn hidden_processes(objects: &[Object]) -> Option<Hidden> {
    let on = |t: Option<i64>| t.is_some_and(|t| t > 0);
    for o in objects {
        let zero = match o.kind {
            Kind::Shm => o.cpid == Some(0) || (o.lpid == Some(0) && (on(o.atime) || on(o.dtime))),
            Kind::Msg => (on(o.stime) && o.lspid == Some(0)) || (on(o.rtime) && o.lrpid == Some(0)),
            Kind::Sem => {
                on(o.otime)
                    && o.semaphores
                        .as_ref()
                        .is_some_and(|s| !s.is_empty() && s.iter().all(|x| x.pid == 0))
            }
            Kind::Pmq | Kind::Pshm | Kind::Psem => false,
        };
        if zero {
            return Some(Hidden::PidZero {
                object: o.reference.clone(),
            });
        }
        if o.kind.info().kernel_counts_attachments
            && let (Some(n), Some(h)) = (o.nattch, o.holders.as_ref())
            && n > h.len() as u64
        {
            return Some(Hidden::ExtraAttachments {
                object: o.reference.clone(),
                nattch: n,
                seen: h.len() as u64,
            });
        }
    }
    None
}

/// Classify one object. `o.holders` must already be attached; for `sem`, `o.semaphores`
/// carries the last-op pids (when absent the state is `unknown`).
pub fn classify(o: &Object, scan: &HolderScan, policy: &Policy) -> (State, Vec<Evidence>) {
    classify_with(o, scan, policy, None)
}

/// `classify`, knowing whether the scan has signs of processes it cannot see
/// (`hidden_processes`).
pub fn classify_with(
    o: &Object,
    scan: &HolderScan,
    policy: &Policy,
    hidden: Option<&Hidden>,
) -> (State, Vec<Evidence>) {
    let j = judge_premises(o, scan, policy, hidden);
    (j.state, j.why)
}

/// A verdict with the premises it rests on (`None` when holders or recorded pids decided
/// it before any premise was weighed: in use, unlinked, removed, or unreadable records).
pub struct Judged {
    pub state: State,
    pub why: Vec<Evidence>,
    pub premises: Option<Premises>,
}

/// The times that say when an object was last touched, for premise 4 and idleness. A
/// queue's atime and ctime move whenever its file is read (by ipcctl too), so for queues
/// only mtime (every send and receive; creation) and the birth time count.
fn touch_times(o: &Object) -> Vec<i64> {
    let ts: Vec<Option<i64>> = if o.kind.info().reading_touches_times {
        vec![o.mtime, o.btime]
    } else {
        vec![
            o.ctime, o.atime, o.dtime, o.stime, o.rtime, o.otime, o.mtime, o.btime,
        ]
    };
    ts.into_iter().flatten().filter(|t| *t > 0).collect()
}

/// Weigh the four premises of `orphan` for an object that holders and recorded pids left
/// open (README, "How ipcctl proves an orphan").
pub fn judge_premises(
    o: &Object,
    scan: &HolderScan,
    policy: &Policy,
    hidden: Option<&Hidden>,
) -> Judged {
    let (state, mut why) = verdict(o, scan, policy);
    if state == State::Unknown {
        // Undecided by the records (a pid 0, unreadable pids): name a view that is not
        // complete as well, so the missing premise is said.
        if let Some(inode) = scan.view.nested_pid_ns.filter(|_| !policy.complete_view) {
            why.push(Evidence::HiddenProcesses(Hidden::NestedPidNamespace {
                inode,
            }));
        }
    }
    if !matches!(state, State::Orphan | State::LikelyOrphan) {
        return Judged {
            state,
            why,
            premises: None,
        };
    }
    // Every recorded user is dead (or none was recorded): holders and pids left it open.
    let mut p = Premises {
        no_holder: true,
        recorded_dead: true,
        ..Premises::default()
    };

    // 1. Complete view.
    let mut gaps: Vec<Hidden> = Vec::new();
    if let Some(inode) = scan.view.nested_pid_ns.filter(|_| !policy.complete_view) {
        gaps.push(Hidden::NestedPidNamespace { inode });
    }
    if scan.view.proc_not_ours {
        gaps.push(Hidden::ProcNotOurs);
    }
    if scan.view.hidepid {
        gaps.push(Hidden::Hidepid);
    }
    if let Some(h) = hidden {
        gaps.push(h.clone());
    }
    // Queues and POSIX objects leave no count of their users: every task must have been
    // read. Segments and sets have the kernel's own counts (nattch, GETNCNT/GETZCNT).
    if o.kind.info().users_leave_no_trace {
        let (n, first) = scan.uninspected_in_reach(o.kind.is_sysv());
        if n > 0 {
            gaps.push(Hidden::Uninspectable {
                count: n,
                first: first.iter().map(|p| holder(p)).collect(),
            });
        }
    }
    if gaps.is_empty() {
        p.complete_view = true;
        why.push(Evidence::ViewComplete {
            tasks: scan.live_task_count(o.kind.is_sysv()),
        });
    } else {
        why.extend(gaps.into_iter().map(Evidence::HiddenProcesses));
    }

    // What removal would lose (clean keeps these unless told): messages, a semaphore's state.
    if let Some(n) = o.queued_messages().filter(|n| *n > 0) {
        why.push(Evidence::Queued {
            messages: n,
            bytes: o.kind.is_sysv().then_some(o.size_bytes).flatten(),
            last_send: o.stime.filter(|t| *t > 0),
            last_receive: o.rtime.filter(|t| *t > 0),
        });
    }
    let values = o.set_state();
    if !values.is_empty() {
        let last_pid = o
            .semaphores
            .as_ref()
            .and_then(|s| s.iter().map(|x| x.pid).find(|p| *p != 0));
        why.push(Evidence::SemaphoreState { values, last_pid });
    }

    // 2. No holder (holders, attachments and waiters were ruled out by `verdict`); a
    // locked segment was meant to stay.
    if o.locked == Some(true) {
        p.no_holder = false;
        why.push(Evidence::Locked);
    }

    // 4. Settled.
    let times = touch_times(o);
    let latest = times.iter().copied().max();
    let future = times
        .iter()
        .copied()
        .filter(|t| *t > policy.now.saturating_add(policy.clock_tolerance))
        .max();
    match (future, latest) {
        (Some(t), _) => why.push(Evidence::Unsettled {
            at: t,
            settle: policy.settle,
            future: true,
        }),
        (None, Some(t)) if policy.now.saturating_sub(t) < policy.settle => {
            why.push(Evidence::Unsettled {
                at: t,
                settle: policy.settle,
                future: false,
            })
        }
        (None, Some(t)) => {
            p.settled = true;
            why.push(Evidence::Settled {
                secs: policy.now.saturating_sub(t),
                settle: policy.settle,
            });
        }
        // Nothing recorded at all: nothing says it has settled.
        (None, None) => why.push(Evidence::Unsettled {
            at: 0,
            settle: policy.settle,
            future: false,
        }),
    }
    let idle = latest.map(|t| policy.now.saturating_sub(t));
    p.idle_enough = idle.is_some_and(|i| i >= policy.min_idle);

    // 3. Nobody left who could open it without a trace.
    match nobody_left(o, scan) {
        Ok(e) => {
            p.nobody_left = true;
            why.push(e);
        }
        Err(e) => why.extend(e),
    }
    let state = p.state();
    if state == State::Unknown
        && p.complete_view
        && p.no_holder
        && p.settled
        && !p.nobody_left
        && !p.idle_enough
    {
        why.push(Evidence::NotIdleEnough {
            secs: idle.unwrap_or(0),
            min_idle: policy.min_idle,
        });
    }
    Judged {
        state,
        why,
        premises: Some(p),
    }
}

/// Does premise 3 look at live tasks for this object (its owner and creator are not of
/// those whose processes come and go)? Only then are every task's credentials read.
pub(super) fn asks_tasks(o: &Object, scan: &HolderScan) -> bool {
    let owner = scan.accounts.protected(o.uid, o.user.as_deref()).is_none();
    let creator = o
        .cuid
        .filter(|c| *c != o.uid)
        .is_none_or(|c| scan.accounts.protected(c, o.cuser.as_deref()).is_none());
    owner && creator
}

/// Premise 3: `Ok` with the evidence when no live task could open the object without a
/// trace; `Err` with what defeats it (a protected owner, live tasks of the owner, creator,
/// group, or anyone the mode lets in).
fn nobody_left(o: &Object, scan: &HolderScan) -> Result<Evidence, Vec<Evidence>> {
    let mut uids = vec![o.uid];
    if let Some(c) = o.cuid.filter(|c| *c != o.uid) {
        uids.push(c);
    }
    let mut defeats = Vec::new();
    for &uid in &uids {
        // Each uid with its own name: a creator's crontab or linger protects it as well.
        let name = if uid == o.uid {
            o.user.as_deref()
        } else {
            o.cuser.as_deref()
        };
        if let Some(why) = scan.accounts.protected(uid, name) {
            defeats.push(Evidence::ProtectedOwner { uid, why });
        }
    }
    if !defeats.is_empty() {
        return Err(defeats);
    }
    let sysv = o.kind.is_sysv();
    let group = o.mode & 0o060 != 0;
    let others = o.mode & 0o006 != 0;
    // A POSIX file's group bits are its ACL mask when it has an ACL: named users may be
    // let in. System V objects have no ACLs.
    let acl = !sysv && group;
    // The most specific category that finds live tasks is reported (each is a few index
    // lookups, never a pass over every task).
    let mut tries: Vec<(Access, u32, crate::collect::holders::Found<'_>)> =
        vec![(Access::Owner, o.uid, scan.tasks_with_uid(o.uid, sysv))];
    if let Some(c) = o.cuid.filter(|c| *c != o.uid) {
        tries.push((Access::Creator, c, scan.tasks_with_uid(c, sysv)));
    }
    if group {
        tries.push((Access::Group, o.gid, scan.tasks_in_group(o.gid, sysv)));
        if let Some(g) = o.cgid.filter(|g| *g != o.gid) {
            tries.push((Access::Group, g, scan.tasks_in_group(g, sysv)));
        }
    }
    if others {
        tries.push((Access::Others, 0, scan.non_root_tasks(sysv)));
    } else if acl {
        tries.push((Access::AclMask, 0, scan.non_root_tasks(sysv)));
    }
    tries.push((Access::Privileged, 0, scan.privileged_tasks(sysv)));
    if let Some((access, uid, f)) = tries.into_iter().find(|t| t.2.count > 0) {
        defeats.push(Evidence::AccessibleBy {
            access,
            uid,
            user: (access == Access::Owner).then(|| o.user.clone()).flatten(),
            count: f.count,
            first: f.first.iter().map(|p| holder(p)).collect(),
        });
    }
    // Group or other bits (or a POSIX file's ACL mask) let in users beyond the owner: a
    // cron job, a timer's unit or a socket-activated service of theirs opens it later without
    // a trace now, so "nobody alive" proves nothing.
    if defeats.is_empty() && (group || others) {
        defeats.push(Evidence::ProtectedOwner {
            uid: o.uid,
            why: Protected::OpenToOthers,
        });
    }
    if defeats.is_empty() {
        Ok(Evidence::OwnerGone { uids })
    } else {
        Err(defeats)
    }
}

/// The verdict from holders and recorded pids alone.
fn verdict(o: &Object, scan: &HolderScan, policy: &Policy) -> (State, Vec<Evidence>) {
    let mut why: Vec<Evidence> = Vec::new();
    let holders = o.holders.as_deref();
    let idle = o
        .last_activity()
        .filter(|t| *t > 0)
        .map(|t| Evidence::Idle {
            secs: policy.now - t,
        });

    // Only a segment is marked for deletion (removed while attached).
    if o.kind.info().kernel_counts_attachments && o.marked_for_deletion {
        why.push(Evidence::RemovedWhileAttached);
        match holders {
            Some(h) if !h.is_empty() => why.push(held_by(Hold::Attached, h)),
            _ => why.push(Evidence::Attachments(o.nattch.unwrap_or(0))),
        }
        return (State::MarkedForDeletion, why);
    }
    if let Some(k) = scan.kernel_ref(o) {
        why.push(Evidence::HeldByKernel(k.clone()));
        return (State::InUse, why);
    }
    // In use: the one rule `rm` and `--unused` share (`Object::usage`).
    if let Usage::InUse {
        holders: h,
        attached,
    } = o.usage()
    {
        if h.is_empty() {
            // Only the kernel's count: processes the scan could not read.
            why.push(Evidence::UnseenAttachments(attached));
            return (State::InUse, why);
        }
        why.push(held_by(Hold::of(o.kind), h));
        if matches!(
            o.problem,
            Some(
                Problem::Unlinked { .. }
                    | Problem::UnlinkedOpen { .. }
                    | Problem::SemaphoreInTheMaking { .. }
            )
        ) {
            why.push(Evidence::UnlinkedButMapped);
            return (State::UnlinkedMapped, why);
        }
        return (State::InUse, why);
    }

    let mut pids = Pids::default();
    // Without any recorded pid, the verdict rests on "no holder" alone.
    let mut no_pid_recorded = false;
    match o.kind {
        Kind::Shm => {
            pids.add(o, scan, Role::Creator, o.cpid.unwrap_or(0), o.ctime, policy);
            let attach = max_time(&[o.atime, o.dtime]);
            let lpid = o.lpid.unwrap_or(0);
            if lpid == 0 && attach.is_none() {
                why.push(Evidence::NeverAttached);
            } else if lpid != o.cpid.unwrap_or(0) || lpid == 0 {
                pids.add(o, scan, Role::LastAttach, lpid, attach, policy);
            }
        }
        Kind::Msg => {
            let (ls, lr) = (o.lspid.unwrap_or(0), o.lrpid.unwrap_or(0));
            let st = o.stime.filter(|t| *t > 0);
            let rt = o.rtime.filter(|t| *t > 0);
            if st.is_none() && rt.is_none() {
                why.push(Evidence::NeverUsed);
                no_pid_recorded = true;
            }
            if st.is_some() {
                pids.add(o, scan, Role::LastSender, ls, st, policy);
            }
            if rt.is_some() && !(lr == ls && st.is_some()) {
                pids.add(o, scan, Role::LastReceiver, lr, rt, policy);
            }
        }
        Kind::Sem => {
            let Some(sems) = &o.semaphores else {
                let errno = match &o.problem {
                    Some(Problem::SemaphoresUnreadable(e)) => Some(*e),
                    _ => None,
                };
                why.push(Evidence::PidsUnreadable(errno));
                return (State::Unknown, why);
            };
            let waiting: i64 = sems
                .iter()
                .map(|s| i64::from(s.ncount) + i64::from(s.zcount))
                .sum();
            if waiting > 0 {
                why.push(Evidence::Waiting(waiting));
                return (State::InUse, why);
            }
            let activity = max_time(&[o.otime, o.ctime]);
            let mut seen: Vec<i32> = Vec::new();
            for s in sems.iter().filter(|s| s.pid != 0) {
                if !seen.contains(&s.pid) {
                    seen.push(s.pid);
                    pids.add(o, scan, Role::LastSemop(s.index), s.pid, activity, policy);
                }
            }
            if seen.is_empty() {
                if o.otime.unwrap_or(0) > 0 {
                    why.push(Evidence::AllPidsZero);
                    return (State::Unknown, why);
                }
                why.push(Evidence::NeverOperated);
                no_pid_recorded = true;
            }
        }
        Kind::Pmq | Kind::Pshm | Kind::Psem => no_pid_recorded = true,
    }

    if let Some(c) = &o.creator
        && recorded_creator(o, c, &mut pids, &mut why)
    {
        no_pid_recorded = false;
    }

    if !pids.alive.is_empty() {
        why.push(Evidence::NotHeld(Hold::of(o.kind)));
        why.extend(pids.alive);
        return (State::InUse, why);
    }
    if !pids.unknown.is_empty() {
        why.extend(pids.unknown);
        why.extend(pids.dead);
        return (State::Unknown, why);
    }
    if holders.is_none() {
        why.push(Evidence::HoldersUnknown);
        return (State::Unknown, why);
    }
    why.extend(pids.dead);
    match o.kind {
        Kind::Shm => why.push(Evidence::NotHeld(Hold::Attached)),
        Kind::Msg => {
            why.push(Evidence::NotHeld(Hold::WaitedOn));
            if no_pid_recorded {
                why.push(Evidence::NoCreatorRecorded(Kind::Msg));
            }
        }
        Kind::Sem => {
            why.push(Evidence::NotHeld(Hold::WaitedOn));
            why.push(Evidence::NoCreatorRecorded(Kind::Sem));
        }
        Kind::Pmq | Kind::Pshm | Kind::Psem => why.push(Evidence::NotHeld(Hold::of(o.kind))),
    }
    let state = State::Orphan;
    if let Some(i) = idle {
        why.push(i);
    }
    (state, why)
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Semaphore;
    use crate::render::evidence::reason;

    const T: i64 = 1_700_000_000;

    fn p(pid: i32, start: i64) -> Proc {
        Proc {
            pid,
            comm: format!("proc{pid}"),
            zombie: false,
            start: Some(start),
            same_ipc_ns: Some(true),
            uid: 0,
            unreadable: false,
            kthread: false,
            threads: 1,
            leader_exited: false,
            creds: None,
        }
    }

    fn shm(cpid: i32, lpid: i32) -> Object {
        Object {
            kind: Kind::Shm,
            id: Some(7),
            uid: 1000,
            mode: 0o600,
            nattch: Some(0),
            cpid: Some(cpid),
            lpid: Some(lpid),
            ctime: Some(T),
            atime: Some(T + 10),
            dtime: Some(T + 20),
            holders: Some(vec![]),
            ..Default::default()
        }
    }

    fn has(why: &[Evidence], s: &str) -> bool {
        why.iter().any(|w| reason(w).contains(s))
    }

    fn at(now: i64) -> Policy {
        Policy {
            settle: 0,
            ..Policy::at(now)
        }
    }

    #[test]
    fn dead_creator_and_user_make_an_orphan() {
        let scan = HolderScan::from_procs([p(1, T - 100)]);
        let (s, why) = classify(&shm(4242, 4243), &scan, &at(T + 3 * 3600 + 20));
        assert_eq!(s, State::Orphan, "{why:?}");
        assert!(has(&why, "creator pid 4242 is dead"));
        assert!(has(&why, "last attach/detach pid 4243 is dead"));
        assert!(has(&why, "no process attached"));
        assert!(has(&why, "idle for 3h"));
    }

    #[test]
    fn live_creator_keeps_it_in_use() {
        let scan = HolderScan::from_procs([p(4242, T - 5)]);
        let (s, why) = classify(&shm(4242, 4242), &scan, &at(T + 30));
        assert_eq!(s, State::InUse, "{why:?}");
        assert!(has(&why, "creator pid 4242 (proc4242) is alive"));
    }

    #[test]
    fn pid_reuse_counts_as_dead() {
        // pid 4242 is alive, but its process (of another user, who cannot open the 0600
        // segment) started long after the segment's creation and last detach: it cannot be
        // the creator.
        let stranger = |start| {
            let mut q = p(4242, start);
            q.uid = 5000;
            q
        };
        let scan = HolderScan::from_procs([stranger(T + 500)]);
        let (s, why) = classify(&shm(4242, 4242), &scan, &at(T + 600));
        assert_eq!(s, State::Orphan, "{why:?}");
        assert!(has(&why, "pid now belongs to proc4242"), "{why:?}");
        // A process that could use the segment (root here) may be the creator after a
        // forward step of the clock: not proven dead.
        let scan = HolderScan::from_procs([p(4242, T + 500)]);
        let (s, why) = classify(&shm(4242, 4242), &scan, &at(T + 600));
        assert_eq!(s, State::Unknown, "{why:?}");
        assert!(
            why.iter()
                .any(|e| matches!(e, Evidence::MaybeSameProcess { pid: 4242 }))
        );
        // Within the one-second slack it is still the same process.
        let scan = HolderScan::from_procs([p(4242, T + 1)]);
        assert_eq!(
            classify(&shm(4242, 4242), &scan, &at(T + 600)).0,
            State::InUse
        );
        // Started before the creation, not after: alive.
        let scan = HolderScan::from_procs([p(4242, T - 1)]);
        assert_eq!(
            classify(&shm(4242, 4242), &scan, &at(T + 600)).0,
            State::InUse
        );
    }

    #[test]
    fn zombies_are_dead_and_pid_zero_is_unknown() {
        let mut z = p(4242, T - 5);
        z.zombie = true;
        let scan = HolderScan::from_procs([z]);
        let (s, why) = classify(&shm(4242, 4242), &scan, &at(T + 30));
        assert_eq!(s, State::Orphan);
        assert!(has(&why, "zombie"));
        let (s, why) = classify(&shm(0, 0), &scan, &at(T + 30));
        assert_eq!(s, State::Unknown, "{why:?}");
        assert!(has(&why, "not visible in this PID namespace"));
    }

    #[test]
    fn other_ipc_namespace_is_unknown() {
        let mut q = p(4242, T - 5);
        q.same_ipc_ns = Some(false);
        let scan = HolderScan::from_procs([q]);
        assert_eq!(
            classify(&shm(4242, 4242), &scan, &at(T + 30)).0,
            State::Unknown
        );
    }

    #[test]
    fn attached_and_marked_segments() {
        let scan = HolderScan::from_procs([]);
        let mut o = shm(1, 1);
        o.nattch = Some(1);
        o.holders = Some(vec![Holder {
            pid: 9,
            comm: "x".into(),
        }]);
        let (s, why) = classify(&o, &scan, &at(T));
        assert_eq!(s, State::InUse);
        assert!(has(&why, "attached by 9 (x)"));
        o.marked_for_deletion = true;
        assert_eq!(classify(&o, &scan, &at(T)).0, State::MarkedForDeletion);
        // Attached by someone the scan could not see: still in use (nattch is authoritative).
        let mut o = shm(1, 1);
        o.nattch = Some(2);
        assert_eq!(classify(&o, &scan, &at(T)).0, State::InUse);
    }

    fn sem(pids: &[i32], otime: i64) -> Object {
        Object {
            kind: Kind::Sem,
            id: Some(3),
            nsems: Some(pids.len() as u64),
            ctime: Some(T),
            otime: Some(otime),
            holders: Some(vec![]),
            uid: 1000,
            semaphores: Some(
                pids.iter()
                    .enumerate()
                    .map(|(i, &pid)| Semaphore {
                        index: i as u32,
                        value: 0,
                        pid,
                        ncount: 0,
                        zcount: 0,
                    })
                    .collect(),
            ),
            ..Default::default()
        }
    }

    #[test]
    fn a_set_whose_users_and_owner_are_gone_is_an_orphan() {
        // Case 10: no live process of its (regular) owner, its last operator dead.
        let scan = HolderScan::from_procs([p(50, T - 10)]);
        let (s, why) = classify(&sem(&[4242, 0], T + 5), &scan, &at(T + 3600));
        assert_eq!(s, State::Orphan, "{why:?}");
        assert!(has(&why, "last semop (semaphore 0) pid 4242 is dead"));
        assert!(has(&why, "idle for 59m"));
        assert_eq!(
            classify(&sem(&[50, 4242], T + 5), &scan, &at(T + 60)).0,
            State::InUse
        );
        assert_eq!(classify(&sem(&[0], 0), &scan, &at(T + 60)).0, State::Orphan);
        assert_eq!(
            classify(&sem(&[0], T + 1), &scan, &at(T + 60)).0,
            State::Unknown
        );
        let mut waited = sem(&[4242], T + 5);
        if let Some(s) = waited.semaphores.as_mut() {
            s[0].ncount = 1;
        }
        assert_eq!(classify(&waited, &scan, &at(T + 60)).0, State::InUse);
        let mut unread = sem(&[4242], T);
        unread.semaphores = None;
        assert_eq!(classify(&unread, &scan, &at(T + 60)).0, State::Unknown);
        // Younger than --settle: unknown, whatever else holds.
        let young = Policy {
            settle: 600,
            ..at(T + 60)
        };
        let (s, why) = classify(&sem(&[4242], T + 5), &scan, &young);
        assert_eq!(s, State::Unknown);
        assert!(
            why.iter()
                .any(|e| matches!(e, Evidence::Unsettled { future: false, .. }))
        );
        // A time in the future: the clock stepped.
        let (s, why) = classify(&sem(&[4242], T + 5000), &scan, &at(T + 60));
        assert_eq!(s, State::Unknown);
        assert!(
            why.iter()
                .any(|e| matches!(e, Evidence::Unsettled { future: true, .. }))
        );
    }

    #[test]
    fn message_queues() {
        let scan = HolderScan::from_procs([p(50, T - 10)]);
        let q = Object {
            kind: Kind::Msg,
            id: Some(1),
            lspid: Some(4242),
            lrpid: Some(0),
            stime: Some(T + 1),
            rtime: Some(0),
            ctime: Some(T),
            messages: Some(1),
            size_bytes: Some(5),
            uid: 1000,
            holders: Some(vec![]),
            ..Default::default()
        };
        let (s, why) = classify(&q, &scan, &at(T + 60));
        assert_eq!(s, State::Orphan, "{why:?}");
        assert!(has(&why, "last sender pid 4242 is dead"));
        assert!(has(&why, "1 message(s) (5 bytes) still queued"));
        let never = Object {
            lspid: Some(0),
            stime: Some(0),
            ..q.clone()
        };
        assert_eq!(classify(&never, &scan, &at(T + 60)).0, State::Orphan);
        let live = Object {
            lspid: Some(50),
            ..q
        };
        assert_eq!(classify(&live, &scan, &at(T + 60)).0, State::InUse);
    }

    #[test]
    fn posix_objects_rest_on_holders_and_scan_completeness() {
        let o = Object {
            kind: Kind::Pshm,
            uid: 1000,
            mode: 0o600,
            ctime: Some(T),
            holders: Some(vec![]),
            ..Default::default()
        };
        let full = HolderScan::from_procs([p(1, 0)]);
        let (s, why) = classify(&o, &full, &at(T + 10));
        assert_eq!(s, State::Orphan);
        assert!(has(&why, "no process has it mapped or open"));
        let mut blind = p(1, 0);
        blind.unreadable = true;
        let partial = HolderScan::from_procs([blind]);
        // A process that could hold it could not be read: at most unknown.
        let (s, why) = classify(&o, &partial, &at(T + 10));
        assert_eq!(s, State::Unknown);
        assert!(has(&why, "could not be inspected: 1 (proc1)"));
        let unknown = Object {
            holders: None,
            ..o.clone()
        };
        assert_eq!(classify(&unknown, &full, &at(T)).0, State::Unknown);
        let held = Object {
            holders: Some(vec![Holder {
                pid: 3,
                comm: "a".into(),
            }]),
            ..o
        };
        assert_eq!(classify(&held, &partial, &at(T)).0, State::InUse);
    }

    #[test]
    fn a_recorded_creator_is_judged_like_a_cpid_by_pid_and_start_time() {
        use crate::model::{Creator, CreatorRole, ExitStatus};
        let creator = Creator {
            pid: Some(4711),
            comm: Some("python3".into()),
            start_ticks: Some(100),
            ..Creator::default()
        };
        let o = Object {
            kind: Kind::Pshm,
            uid: 1000,
            mode: 0o600,
            ctime: Some(T),
            holders: Some(vec![]),
            ..Default::default()
        };
        let full = HolderScan::from_procs([p(1, 0)]);
        // The very process (same pid and start time) runs: in use, whatever the holders.
        let alive = Object {
            creator: Some(Box::new(Creator {
                live: Some(true),
                ..creator.clone()
            })),
            ..o.clone()
        };
        let (s, why) = classify(&alive, &full, &at(T + 10));
        assert_eq!(s, State::InUse);
        assert!(
            has(&why, "recorded creator pid 4711 (python3) is alive"),
            "{why:?}"
        );
        // Gone (or its pid now another process's): dead, with how it ended.
        let dead = Object {
            creator: Some(Box::new(Creator {
                live: Some(false),
                exited_at: Some(T + 5),
                exit: Some(ExitStatus {
                    code: None,
                    signal: Some(9),
                }),
                ..creator.clone()
            })),
            ..o.clone()
        };
        let (s, why) = classify(&dead, &full, &at(T + 10));
        assert_eq!(s, State::Orphan);
        assert!(has(&why, "recorded creator pid 4711 is dead"), "{why:?}");
        assert!(has(&why, "was killed by SIGKILL"), "{why:?}");
        // Created in a gap: said, and the verdict rests on the holders as without a journal.
        let gap = Object {
            creator: Some(Box::new(Creator {
                role: CreatorRole::UnknownGap,
                gap_at: Some(T),
                ..Creator::default()
            })),
            ..o.clone()
        };
        let (s, why) = classify(&gap, &full, &at(T + 10));
        assert_eq!(s, classify(&o, &full, &at(T + 10)).0);
        assert!(has(&why, "creator unknown (recorder gap at "), "{why:?}");
    }

    #[test]
    fn a_live_process_of_the_owner_or_a_protected_owner_keeps_it_from_orphan() {
        // The last user is dead, but the owner (uid 2033) still runs processes here.
        let mut www = p(812, T - 100);
        www.uid = 2033;
        www.comm = "worker".into();
        let mut other_ns = p(900, T - 100);
        other_ns.uid = 2033;
        other_ns.same_ipc_ns = Some(false);
        let mut set = sem(&[4242], T + 5);
        set.uid = 2033;
        set.user = Some("app".into());
        let scan = HolderScan::from_procs([www.clone(), p(1, 0)]);
        let (s, why) = classify(&set, &scan, &at(T + 60));
        assert_eq!(s, State::Unknown, "{why:?}");
        assert!(has(&why, "owner app has 1 live process(es)"), "{why:?}");
        assert!(has(&why, "812 (worker)"), "{why:?}");
        // The same holds for every kind: a segment and a POSIX object of that owner.
        let mut seg = shm(4242, 4243);
        seg.uid = 2033;
        assert_eq!(classify(&seg, &scan, &at(T + 60)).0, State::Unknown);
        let file = Object {
            kind: Kind::Pshm,
            uid: 2033,
            mode: 0o600,
            ctime: Some(T),
            holders: Some(vec![]),
            ..Default::default()
        };
        assert_eq!(classify(&file, &scan, &at(T + 60)).0, State::Unknown);
        // Only processes of this IPC namespace count for System V; a zombie is dead.
        let mut z = www.clone();
        z.zombie = true;
        for gone in [other_ns, z] {
            let scan = HolderScan::from_procs([gone, p(1, 0)]);
            assert_eq!(classify(&set, &scan, &at(T + 60)).0, State::Orphan);
        }
        // Any of a task's uids counts (a setuid worker's saved uid).
        let mut setuid = p(813, T - 100);
        setuid.creds = Some(crate::collect::holders::Creds {
            uids: vec![0, 0, 2033, 0],
            euids: vec![0],
            ..Default::default()
        });
        let scan2 = HolderScan::from_procs([setuid, p(1, 0)]);
        assert_eq!(classify(&set, &scan2, &at(T + 60)).0, State::Unknown);
        // The creator's uid counts as well as the owner's.
        let mut handed = set.clone();
        handed.uid = 3000;
        handed.cuid = Some(2033);
        assert_eq!(classify(&handed, &scan, &at(T + 60)).0, State::Unknown);
        // A system owner (www-data) is never proven: its services come and go. After an
        // hour of idleness, with its users dead, it is a likely orphan at most.
        let mut apache = set.clone();
        apache.uid = 33;
        apache.cuid = Some(0);
        let only_root = HolderScan::from_procs([p(1, 0)]);
        let (s, why) = classify(&apache, &only_root, &at(T + 60));
        assert_eq!(s, State::Unknown, "{why:?}");
        assert!(
            why.iter()
                .any(|e| matches!(e, Evidence::ProtectedOwner { uid: 33, .. }))
        );
        assert_eq!(
            classify(&apache, &only_root, &at(T + 7200)).0,
            State::LikelyOrphan
        );
        // Mode bits let others in: any live non-root task could open it.
        let mut open = set.clone();
        open.mode = 0o666;
        let mut stranger = p(700, T - 100);
        stranger.uid = 4000;
        let scan3 = HolderScan::from_procs([stranger, p(1, 0)]);
        assert_eq!(classify(&open, &scan3, &at(T + 60)).0, State::Unknown);
        assert_eq!(classify(&set, &scan3, &at(T + 60)).0, State::Orphan);
    }

    #[test]
    fn hidden_processes_cap_posix_objects_at_unknown() {
        let o = Object {
            kind: Kind::Pmq,
            uid: 1000,
            mode: 0o600,
            ctime: Some(T),
            mtime: Some(T),
            holders: Some(vec![]),
            ..Default::default()
        };
        let scan = HolderScan::from_procs([p(1, 0)]);
        assert_eq!(classify(&o, &scan, &at(T + 10)).0, State::Orphan);
        // A queue whose last sender is pid 0: a process of another PID namespace.
        let q = Object {
            kind: Kind::Msg,
            reference: "msg:5".into(),
            stime: Some(T),
            lspid: Some(0),
            holders: Some(vec![]),
            ..Default::default()
        };
        let sign = hidden_processes(std::slice::from_ref(&q)).unwrap();
        let (s, why) = classify_with(&o, &scan, &at(T + 10), Some(&sign));
        assert_eq!(s, State::Unknown, "{why:?}");
        assert!(has(&why, "msg:5 records pid 0"), "{why:?}");
        // A segment attached twice, once seen.
        let mut seg = shm(1, 1);
        seg.reference = "shm:7".into();
        seg.nattch = Some(2);
        seg.holders = Some(vec![Holder {
            pid: 1,
            comm: "a".into(),
        }]);
        let sign = hidden_processes(&[seg.clone()]).unwrap();
        assert!(matches!(
            sign,
            Hidden::ExtraAttachments {
                nattch: 2,
                seen: 1,
                ..
            }
        ));
        seg.nattch = Some(1);
        assert!(hidden_processes(&[seg]).is_none());
        // Every kind is capped by it: an unseen task's uid is unknown too.
        let dead = shm(4242, 4243);
        assert_eq!(
            classify_with(&dead, &scan, &at(T + 60), Some(&sign)).0,
            State::Unknown
        );
        assert_eq!(classify(&dead, &scan, &at(T + 60)).0, State::Orphan);
    }

    #[test]
    fn a_start_within_the_clock_tolerance_is_the_same_process() {
        // btime moved +5 s (a clock step): the creator seems to have started after its
        // segment's last activity, but within the tolerance it is alive.
        let mut q = p(4242, T + 25);
        q.uid = 5000;
        let scan = HolderScan::from_procs([q]);
        let tolerant = Policy {
            clock_tolerance: 60,
            ..at(T + 100)
        };
        assert_eq!(classify(&shm(4242, 4242), &scan, &tolerant).0, State::InUse);
        let strict = Policy {
            clock_tolerance: 1,
            ..at(T + 100)
        };
        let (s, why) = classify(&shm(4242, 4242), &scan, &strict);
        assert_eq!(s, State::Orphan);
        // The reason states both times.
        assert!(has(&why, "started 2023-11-14T22:13:45Z"), "{why:?}");
        assert!(
            has(&why, "last activity at 2023-11-14T22:13:20Z"),
            "{why:?}"
        );
    }

    #[test]
    fn a_locked_segment_is_never_an_orphan() {
        let scan = HolderScan::from_procs([p(1, T - 100)]);
        let mut seg = shm(4242, 4243);
        assert_eq!(classify(&seg, &scan, &at(T + 60)).0, State::Orphan);
        seg.locked = Some(true);
        let (s, why) = classify(&seg, &scan, &at(T + 60));
        assert_eq!(s, State::Unknown, "{why:?}");
        assert!(why.contains(&Evidence::Locked));
    }

    #[test]
    fn threads_capabilities_and_acl_masks_can_reopen_it() {
        use crate::collect::holders::Creds;
        let owned = |mode: u32, kind: Kind| Object {
            kind,
            uid: 3000,
            gid: 3000,
            mode,
            ctime: Some(T),
            mtime: Some(T),
            holders: Some(vec![]),
            ..Default::default()
        };
        let file = owned(0o600, Kind::Pshm);
        // A process of uid 3001 one of whose threads switched to 3000 (raw setresuid):
        // status of the leader says 3001, the thread's says 3000.
        let status = |uid: u32, caps: &str| {
            format!(
                "Name:\tx\nUid:\t{uid}\t{uid}\t{uid}\t{uid}\nGid:\t{uid}\t{uid}\t{uid}\t{uid}\nGroups:\t\nNSpid:\t9\nCapEff:\t{caps}\n"
            )
        };
        let mut c = Creds::parse(&status(3001, "0000000000000000")).unwrap();
        assert!(!c.has_uid(3000) && !c.bypasses_permissions);
        c.merge(Creds::parse(&status(3000, "0000000000000000")).unwrap());
        assert!(c.has_uid(3000) && c.non_root());
        let mut t = p(9, T - 100);
        t.uid = 3001;
        t.creds = Some(c);
        let scan = HolderScan::from_procs([t, p(1, 0)]);
        let (s, why) = classify(&file, &scan, &at(T + 60));
        assert_eq!(s, State::Unknown, "{why:?}");
        // A non-root task with CAP_DAC_OVERRIDE (a container's root seen from the host).
        let mut root_in_ns = p(10, T - 100);
        root_in_ns.uid = 100_000;
        root_in_ns.creds = Some(Creds::parse(&status(100_000, "000001ffffffffff")).unwrap());
        let scan = HolderScan::from_procs([root_in_ns.clone(), p(1, 0)]);
        let (s, why) = classify(&file, &scan, &at(T + 60));
        assert_eq!(s, State::Unknown, "{why:?}");
        assert!(why.iter().any(|e| matches!(
            e,
            Evidence::AccessibleBy {
                access: Access::Privileged,
                ..
            }
        )));
        // CAP_SYS_PTRACE alone (a monitoring agent) could act inside a root process: counted.
        let mut tracer = p(12, T - 100);
        tracer.uid = 4001;
        tracer.creds = Some(Creds::parse(&status(4001, "0000000000080000")).unwrap());
        let scan2 = HolderScan::from_procs([tracer, p(1, 0)]);
        assert_eq!(classify(&file, &scan2, &at(T + 60)).0, State::Unknown);
        // A creator (System V) with a crontab protects the object it handed to another user.
        let mut handed = sem(&[4242], T + 5);
        handed.uid = 3001;
        handed.cuid = Some(3000);
        handed.cuser = Some("alice".into());
        let mut scan3 = HolderScan::from_procs([p(1, 0)]);
        scan3.accounts.crontabs = vec!["alice".into()];
        let (s, why) = classify(&handed, &scan3, &at(T + 60));
        assert_eq!(s, State::Unknown, "{why:?}");
        assert!(
            why.iter()
                .any(|e| matches!(e, Evidence::ProtectedOwner { uid: 3000, .. }))
        );
        // Without the capabilities, that task cannot open a 0600 file of another user.
        root_in_ns.creds = Some(Creds::parse(&status(100_000, "0")).unwrap());
        let scan = HolderScan::from_procs([root_in_ns, p(1, 0)]);
        assert_eq!(classify(&file, &scan, &at(T + 60)).0, State::Orphan);
        // Group bits on a POSIX file are an ACL's mask: any non-root task may be named.
        let mut stranger = p(11, T - 100);
        stranger.uid = 4000;
        let scan = HolderScan::from_procs([stranger, p(1, 0)]);
        let (s, why) = classify(&owned(0o660, Kind::Pshm), &scan, &at(T + 60));
        assert_eq!(s, State::Unknown, "{why:?}");
        assert!(why.iter().any(|e| matches!(
            e,
            Evidence::AccessibleBy {
                access: Access::AclMask,
                ..
            }
        )));
        // System V objects have no ACLs: group bits mean the group only, and a stranger is
        // no live user of it. Yet group members' cron jobs or services may open it later:
        // never proven (attacker pass 4: a 0640/0644 object read by another user's cron job).
        let mut set = sem(&[4242], T + 5);
        set.uid = 3000;
        set.gid = 3000;
        set.mode = 0o660;
        let (s, why) = classify(&set, &scan, &at(T + 60));
        assert_eq!(s, State::Unknown, "{why:?}");
        assert!(why.iter().any(|e| matches!(
            e,
            Evidence::ProtectedOwner {
                why: Protected::OpenToOthers,
                ..
            }
        )));
        assert!(
            !why.iter()
                .any(|e| matches!(e, Evidence::AccessibleBy { .. })),
            "the stranger is not in the group: {why:?}"
        );
        // After --min-idle with its users dead, a likely orphan at most.
        assert_eq!(classify(&set, &scan, &at(T + 7200)).0, State::LikelyOrphan);
        set.mode = 0o600;
        assert_eq!(classify(&set, &scan, &at(T + 60)).0, State::Orphan);
    }
}
