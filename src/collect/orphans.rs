//! Orphan classification: pure functions over an object and a process table snapshot
//! (`HolderScan`), plus `survey`, the one read pass list/orphans/clean share.
//!
//! States: `in-use` (a holder, a waiter, or a recorded user that is still alive),
//! `orphan` (no holder and every recorded pid provably dead), `likely-orphan` (no holder but
//! weaker proof: semaphore sets record no creator, never-used objects record no pid at all,
//! POSIX objects when some process could not be inspected), `unknown` (a pid is 0, i.e. not
//! visible in our PID namespace, lives in another IPC namespace, or the evidence could not be
//! read) and `marked-for-deletion` (shm removed while attached).
//!
//! PID reuse: a live pid whose process started more than a second after the activity the pid
//! was recorded for is not the object's user; it counts as dead.

use super::holders::{self, HolderScan, Proc};
use super::{Inventory, Source, sysv};
use crate::model::{Kind, Object, State};
use crate::render::human_duration;

/// Whole-second timestamps on both sides: allow this much slack.
const SLACK_SECS: i64 = 1;

/// What became of a pid recorded on an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate<'a> {
    /// Alive and started before the recorded activity: plausibly the same process.
    Alive(&'a Proc),
    /// Not in the process table, or a zombie.
    Dead { zombie: bool },
    /// Alive, but started after the recorded activity: the pid was reused.
    Reused(&'a Proc),
    /// Recorded as 0: not visible in this PID namespace.
    Invisible,
    /// Alive, but in another IPC namespace.
    OtherNamespace(&'a Proc),
}

/// The fate of `pid`, recorded at (or before) `activity` (epoch seconds).
pub fn fate(scan: &HolderScan, pid: i32, activity: Option<i64>, sysv: bool) -> Fate<'_> {
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
        && start > t + SLACK_SECS
    {
        return Fate::Reused(p);
    }
    if sysv && p.same_ipc_ns == Some(false) {
        return Fate::OtherNamespace(p);
    }
    Fate::Alive(p)
}

/// Evidence gathered from the recorded pids of one object.
#[derive(Default)]
struct Pids {
    alive: Vec<String>,
    dead: Vec<String>,
    unknown: Vec<String>,
}

impl Pids {
    fn add(&mut self, scan: &HolderScan, role: &str, pid: i32, activity: Option<i64>, sysv: bool) {
        match fate(scan, pid, activity, sysv) {
            Fate::Alive(p) => self.alive.push(format!("{role} pid {pid} ({}) is alive", p.comm)),
            Fate::Dead { zombie: false } => self.dead.push(format!("{role} pid {pid} is dead")),
            Fate::Dead { zombie: true } => {
                self.dead.push(format!("{role} pid {pid} is dead (zombie)"))
            }
            Fate::Reused(p) => self.dead.push(format!(
                "{role} pid {pid} is dead: the pid now belongs to {} ({}), started after the object's last activity",
                p.comm, p.pid
            )),
            Fate::Invisible => self.unknown.push(format!(
                "{role} pid is 0: not visible in this PID namespace"
            )),
            Fate::OtherNamespace(p) => self.unknown.push(format!(
                "{role} pid {pid} ({}) is alive but in another IPC namespace",
                p.comm
            )),
        }
    }
}

fn pid_list(h: &[crate::model::Holder]) -> String {
    let mut s: Vec<String> = h
        .iter()
        .take(3)
        .map(|x| format!("{} ({})", x.pid, x.comm))
        .collect();
    if h.len() > 3 {
        s.push(format!("and {} more", h.len() - 3));
    }
    s.join(", ")
}

fn max_time(ts: &[Option<i64>]) -> Option<i64> {
    ts.iter().flatten().copied().filter(|t| *t > 0).max()
}

/// Classify one object. `o.holders` must already be attached; for `sem`, `o.semaphores`
/// carries the last-op pids (when absent the state is `unknown`).
pub fn classify(o: &Object, scan: &HolderScan, now: i64) -> (State, Vec<String>) {
    let mut why: Vec<String> = Vec::new();
    let holders = o.holders.as_deref();
    let idle = o
        .last_activity()
        .filter(|t| *t > 0)
        .map(|t| format!("idle for {}", human_duration(now - t)));

    if o.kind == Kind::Shm && o.marked_for_deletion {
        why.push(
            "removed (IPC_RMID) while attached: the memory is freed after the last detach".into(),
        );
        match holders {
            Some(h) if !h.is_empty() => why.push(format!("attached by {}", pid_list(h))),
            _ => why.push(format!("{} attachment(s)", o.nattch.unwrap_or(0))),
        }
        return (State::MarkedForDeletion, why);
    }
    if let Some(h) = holders.filter(|h| !h.is_empty()) {
        let verb = match o.kind {
            Kind::Shm => "attached by",
            Kind::Msg | Kind::Sem => "waited on by",
            Kind::Pmq => "open in",
            Kind::Pshm | Kind::Psem => "mapped or open in",
        };
        why.push(format!("{verb} {}", pid_list(h)));
        if let Some(p) = &o.problem
            && p.starts_with(holders::UNLINKED)
        {
            why.push(holders::UNLINKED.to_string());
        }
        return (State::InUse, why);
    }

    let mut pids = Pids::default();
    let sysv = o.kind.is_sysv();
    // Without any recorded pid, the verdict rests on "no holder" alone.
    let mut no_pid_recorded = false;
    match o.kind {
        Kind::Shm => {
            if o.nattch.unwrap_or(0) > 0 {
                why.push(format!(
                    "{} attachment(s) by processes that could not be inspected or live in another namespace",
                    o.nattch.unwrap_or(0)
                ));
                return (State::InUse, why);
            }
            pids.add(scan, "creator", o.cpid.unwrap_or(0), o.ctime, true);
            let attach = max_time(&[o.atime, o.dtime]);
            let lpid = o.lpid.unwrap_or(0);
            if lpid == 0 && attach.is_none() {
                why.push("never attached".into());
            } else if lpid != o.cpid.unwrap_or(0) || lpid == 0 {
                pids.add(scan, "last attach/detach", lpid, attach, true);
            }
        }
        Kind::Msg => {
            let (ls, lr) = (o.lspid.unwrap_or(0), o.lrpid.unwrap_or(0));
            let st = o.stime.filter(|t| *t > 0);
            let rt = o.rtime.filter(|t| *t > 0);
            if st.is_none() && rt.is_none() {
                why.push("never used (no message sent or received)".into());
                no_pid_recorded = true;
            }
            if st.is_some() {
                pids.add(scan, "last sender", ls, st, true);
            }
            if rt.is_some() && !(lr == ls && st.is_some()) {
                pids.add(scan, "last receiver", lr, rt, true);
            }
        }
        Kind::Sem => {
            let Some(sems) = &o.semaphores else {
                why.push(format!(
                    "last-op pids could not be read{}",
                    o.problem
                        .as_deref()
                        .map(|p| format!(" ({p})"))
                        .unwrap_or_default()
                ));
                return (State::Unknown, why);
            };
            let waiting: i64 = sems
                .iter()
                .map(|s| i64::from(s.ncount) + i64::from(s.zcount))
                .sum();
            if waiting > 0 {
                why.push(format!("{waiting} process(es) waiting on it"));
                return (State::InUse, why);
            }
            let activity = max_time(&[o.otime, o.ctime]);
            let mut seen: Vec<i32> = Vec::new();
            for s in sems.iter().filter(|s| s.pid != 0) {
                if !seen.contains(&s.pid) {
                    seen.push(s.pid);
                    pids.add(
                        scan,
                        &format!("last semop (semaphore {})", s.index),
                        s.pid,
                        activity,
                        true,
                    );
                }
            }
            if seen.is_empty() {
                if o.otime.unwrap_or(0) > 0 {
                    why.push(
                        "operated on, but every last-op pid is 0: not visible in this PID namespace"
                            .into(),
                    );
                    return (State::Unknown, why);
                }
                why.push("never operated on".into());
                no_pid_recorded = true;
            }
        }
        Kind::Pmq | Kind::Pshm | Kind::Psem => no_pid_recorded = true,
    }

    if !pids.alive.is_empty() {
        why.push(match o.kind {
            Kind::Shm => "no process attached".into(),
            _ => "nobody waiting on it".into(),
        });
        why.extend(pids.alive);
        return (State::InUse, why);
    }
    if !pids.unknown.is_empty() {
        why.extend(pids.unknown);
        why.extend(pids.dead);
        return (State::Unknown, why);
    }
    if holders.is_none() {
        why.push("holders unknown: /proc could not be scanned".into());
        return (State::Unknown, why);
    }
    why.extend(pids.dead);
    let mut state = State::Orphan;
    match o.kind {
        Kind::Shm => why.push("no process attached".into()),
        Kind::Msg => {}
        Kind::Sem => {
            why.push("semaphore sets record no creator pid".into());
            state = State::LikelyOrphan;
        }
        Kind::Pmq | Kind::Pshm | Kind::Psem => {
            why.push(
                match o.kind {
                    Kind::Pmq => "no process has it open",
                    _ => "no process has it mapped or open",
                }
                .into(),
            );
            let (n, first) = scan.uninspected_for(o);
            if n > 0 {
                let mut names: Vec<String> = first
                    .iter()
                    .map(|p| format!("{} ({})", p.pid, p.comm))
                    .collect();
                if n > first.len() {
                    names.push(format!("and {} more", n - first.len()));
                }
                why.push(format!(
                    "but {n} process(es) that could hold it could not be inspected: {}",
                    names.join(", ")
                ));
                state = State::LikelyOrphan;
            }
        }
    }
    if no_pid_recorded && sysv {
        why.push(format!(
            "no creator pid is recorded for {}",
            crate::render::objects::kind_name(o.kind).to_lowercase()
        ));
        state = State::LikelyOrphan;
    }
    if o.kind == Kind::Msg
        && let Some(n) = o.messages.filter(|n| *n > 0)
    {
        why.push(format!(
            "{n} message(s) ({} bytes) still queued",
            o.size_bytes.unwrap_or(0)
        ));
    }
    if let Some(i) = idle {
        why.push(i);
    }
    (state, why)
}

/// Read the last-op pids of every `sem` set (one semctl pass per set, before the process
/// scan so that every recorded pid predates the process table).
pub fn read_semaphores(src: &Source, objects: &mut [Object]) {
    if !src.is_live() {
        return;
    }
    for o in objects.iter_mut().filter(|o| o.kind == Kind::Sem) {
        match sysv::semaphores(o.id.unwrap_or(-1), o.nsems.unwrap_or(0)) {
            Ok(s) => o.semaphores = Some(s),
            Err(e) => {
                o.problem = Some(format!(
                    "cannot read semaphores: {}",
                    crate::error::errno_reason(e)
                ))
            }
        }
    }
}

/// Set `state` and `orphan_reasons` of every object.
pub fn classify_all(objects: &mut [Object], scan: &HolderScan, now: i64) {
    for o in objects {
        let (s, why) = classify(o, scan, now);
        o.state = Some(s);
        o.orphan_reasons = Some(why);
    }
}

/// Everything list/orphans/clean need, read once: objects (plus unlinked-but-mapped /dev/shm
/// files), holders, and with `classify` the state of each. Order matters: objects and
/// semaphore pids are read before the process scan, so a recorded pid that is missing from
/// the scan really is dead.
pub fn survey(src: &Source, kinds: &[Kind], classify: bool) -> (Inventory, HolderScan) {
    let mut inv = super::collect(src, kinds);
    if classify {
        read_semaphores(src, &mut inv.objects);
    }
    let needs = holders::Needs::for_objects(kinds, &inv.objects, classify);
    let scan = holders::scan_for(src, needs);
    scan.attach(&mut inv.objects);
    let mut unlinked = scan.unlinked_objects(src, kinds);
    super::name_owners(src, &mut unlinked);
    inv.objects.extend(unlinked);
    if classify {
        classify_all(&mut inv.objects, &scan, crate::render::now());
    }
    // Only objects whose holders come from the scan are affected by an incomplete one (shm
    // has the kernel's attach count); with none of those, the warning would only be noise.
    if inv.objects.iter().any(|o| o.kind != Kind::Shm)
        && let Some(w) = scan.incomplete_warning()
    {
        inv.warnings.push(w);
    }
    (inv, scan)
}

/// `survey` in every IPC namespace on the host (`--all-namespaces`), each object stamped with
/// its namespace; holders and liveness are judged inside each namespace. POSIX shm and
/// semaphores that several namespaces see through one /dev/shm (same device and inode) are
/// kept once, with the first namespace (ours comes first). Identical warnings are merged.
pub fn survey_all(src: &Source, kinds: &[Kind], classify: bool) -> crate::Result<Inventory> {
    let (per_ns, mut warnings) =
        super::namespaces::for_each(src, |s| survey(s, kinds, classify).0)?;
    let mut seen: std::collections::HashSet<(u64, u64)> = std::collections::HashSet::new();
    let mut inv = Inventory::default();
    for (_, i) in per_ns {
        for o in i.objects {
            if matches!(o.kind, Kind::Pshm | Kind::Psem)
                && let (Some(d), Some(n)) = (o.dev, o.inode)
                && !seen.insert((d, n))
            {
                continue;
            }
            inv.objects.push(o);
        }
        warnings.extend(i.warnings);
    }
    let mut uniq = std::collections::HashSet::new();
    warnings.retain(|w| uniq.insert(w.clone()));
    inv.warnings = warnings;
    Ok(inv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Holder, Semaphore};

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
        }
    }

    fn shm(cpid: i32, lpid: i32) -> Object {
        Object {
            kind: Kind::Shm,
            id: Some(7),
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

    fn has(why: &[String], s: &str) -> bool {
        why.iter().any(|w| w.contains(s))
    }

    #[test]
    fn dead_creator_and_user_make_an_orphan() {
        let scan = HolderScan::from_procs([p(1, T - 100)]);
        let (s, why) = classify(&shm(4242, 4243), &scan, T + 3 * 3600 + 20);
        assert_eq!(s, State::Orphan, "{why:?}");
        assert!(has(&why, "creator pid 4242 is dead"));
        assert!(has(&why, "last attach/detach pid 4243 is dead"));
        assert!(has(&why, "no process attached"));
        assert!(has(&why, "idle for 3h"));
    }

    #[test]
    fn live_creator_keeps_it_in_use() {
        let scan = HolderScan::from_procs([p(4242, T - 5)]);
        let (s, why) = classify(&shm(4242, 4242), &scan, T + 30);
        assert_eq!(s, State::InUse, "{why:?}");
        assert!(has(&why, "creator pid 4242 (proc4242) is alive"));
    }

    #[test]
    fn pid_reuse_counts_as_dead() {
        // pid 4242 is alive, but its process started long after the segment's creation and
        // last detach: it cannot be the creator.
        let scan = HolderScan::from_procs([p(4242, T + 500)]);
        let (s, why) = classify(&shm(4242, 4242), &scan, T + 600);
        assert_eq!(s, State::Orphan, "{why:?}");
        assert!(has(&why, "pid now belongs to proc4242"), "{why:?}");
        // Within the one-second slack it is still the same process.
        let scan = HolderScan::from_procs([p(4242, T + 1)]);
        assert_eq!(classify(&shm(4242, 4242), &scan, T + 600).0, State::InUse);
        // Started before the creation, not after: alive.
        let scan = HolderScan::from_procs([p(4242, T - 1)]);
        assert_eq!(classify(&shm(4242, 4242), &scan, T + 600).0, State::InUse);
    }

    #[test]
    fn zombies_are_dead_and_pid_zero_is_unknown() {
        let mut z = p(4242, T - 5);
        z.zombie = true;
        let scan = HolderScan::from_procs([z]);
        let (s, why) = classify(&shm(4242, 4242), &scan, T + 30);
        assert_eq!(s, State::Orphan);
        assert!(has(&why, "zombie"));
        let (s, why) = classify(&shm(0, 0), &scan, T + 30);
        assert_eq!(s, State::Unknown, "{why:?}");
        assert!(has(&why, "not visible in this PID namespace"));
    }

    #[test]
    fn other_ipc_namespace_is_unknown() {
        let mut q = p(4242, T - 5);
        q.same_ipc_ns = Some(false);
        let scan = HolderScan::from_procs([q]);
        assert_eq!(classify(&shm(4242, 4242), &scan, T + 30).0, State::Unknown);
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
        let (s, why) = classify(&o, &scan, T);
        assert_eq!(s, State::InUse);
        assert!(has(&why, "attached by 9 (x)"));
        o.marked_for_deletion = true;
        assert_eq!(classify(&o, &scan, T).0, State::MarkedForDeletion);
        // Attached by someone the scan could not see: still in use (nattch is authoritative).
        let mut o = shm(1, 1);
        o.nattch = Some(2);
        assert_eq!(classify(&o, &scan, T).0, State::InUse);
    }

    fn sem(pids: &[i32], otime: i64) -> Object {
        Object {
            kind: Kind::Sem,
            id: Some(3),
            nsems: Some(pids.len() as u64),
            ctime: Some(T),
            otime: Some(otime),
            holders: Some(vec![]),
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
    fn semaphores_are_at_best_likely_orphans() {
        let scan = HolderScan::from_procs([p(50, T - 10)]);
        let (s, why) = classify(&sem(&[4242, 0], T + 5), &scan, T + 3600);
        assert_eq!(s, State::LikelyOrphan, "{why:?}");
        assert!(has(&why, "last semop (semaphore 0) pid 4242 is dead"));
        assert!(has(&why, "idle for 59m"));
        assert_eq!(
            classify(&sem(&[50, 4242], T + 5), &scan, T + 60).0,
            State::InUse
        );
        assert_eq!(
            classify(&sem(&[0], 0), &scan, T + 60).0,
            State::LikelyOrphan
        );
        assert_eq!(classify(&sem(&[0], T + 1), &scan, T + 60).0, State::Unknown);
        let mut waited = sem(&[4242], T + 5);
        if let Some(s) = waited.semaphores.as_mut() {
            s[0].ncount = 1;
        }
        assert_eq!(classify(&waited, &scan, T + 60).0, State::InUse);
        let mut unread = sem(&[4242], T);
        unread.semaphores = None;
        assert_eq!(classify(&unread, &scan, T + 60).0, State::Unknown);
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
            holders: Some(vec![]),
            ..Default::default()
        };
        let (s, why) = classify(&q, &scan, T + 60);
        assert_eq!(s, State::Orphan, "{why:?}");
        assert!(has(&why, "last sender pid 4242 is dead"));
        assert!(has(&why, "1 message(s) (5 bytes) still queued"));
        let never = Object {
            lspid: Some(0),
            stime: Some(0),
            ..q.clone()
        };
        assert_eq!(classify(&never, &scan, T + 60).0, State::LikelyOrphan);
        let live = Object {
            lspid: Some(50),
            ..q
        };
        assert_eq!(classify(&live, &scan, T + 60).0, State::InUse);
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
        let (s, why) = classify(&o, &full, T + 10);
        assert_eq!(s, State::Orphan);
        assert!(has(&why, "no process has it mapped or open"));
        let mut blind = p(1, 0);
        blind.unreadable = true;
        let partial = HolderScan::from_procs([blind]);
        let (s, why) = classify(&o, &partial, T + 10);
        assert_eq!(s, State::LikelyOrphan);
        assert!(has(&why, "could not be inspected: 1 (proc1)"));
        let unknown = Object {
            holders: None,
            ..o.clone()
        };
        assert_eq!(classify(&unknown, &full, T).0, State::Unknown);
        let held = Object {
            holders: Some(vec![Holder {
                pid: 3,
                comm: "a".into(),
            }]),
            ..o
        };
        assert_eq!(classify(&held, &partial, T).0, State::InUse);
    }
}
