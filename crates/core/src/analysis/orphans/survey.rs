//! `survey`: the one read pass list/orphans/clean/metrics share — objects, semaphore pids,
//! one holder scan, unlinked-but-mapped files, and (with a policy) every object's verdict.

use super::{Policy, hidden_processes, judge_premises};
use crate::analysis::profiles::RunProfiles;
use crate::collect::holders::{self, HolderScan};
use crate::collect::{self, Inventory, Source, sysv};
use crate::kinds::info::Op;
use crate::model::{Evidence, Hidden, Hold, Kind, Object, Problem, Reasons, State, Warning};

/// Read the last-op pids of every `sem` set (one semctl pass per set, before the process
/// scan so that every recorded pid predates the process table).
pub fn read_semaphores(src: &Source, objects: &mut [Object]) {
    if !src.is_live() {
        return;
    }
    for o in objects
        .iter_mut()
        .filter(|o| o.kind.info().supports(Op::SemSet))
    {
        match sysv::semaphores(o.id.unwrap_or(-1), o.nsems.unwrap_or(0)) {
            Ok(s) => o.semaphores = Some(s),
            Err(e) => o.problem = Some(Problem::SemaphoresUnreadable(e)),
        }
    }
}

/// Set `state` and `orphan_reasons` of every object.
pub fn classify_all(
    objects: &mut [Object],
    scan: &HolderScan,
    policy: &Policy,
    hidden: Option<&Hidden>,
) {
    for o in objects {
        set_verdict(o, scan, policy, hidden);
    }
}

fn set_verdict(o: &mut Object, scan: &HolderScan, policy: &Policy, hidden: Option<&Hidden>) {
    let j = judge_premises(o, scan, policy, hidden);
    o.state = Some(j.state);
    o.orphan_reasons = Reasons(Some(j.why));
    o.premises = j.premises;
}

/// Objects whose verdict asks premise 3 about live tasks (an owner that is not protected):
/// those need every task's credentials, read only when there is one.
fn weighed_who(o: &Object, scan: &HolderScan) -> bool {
    o.premises.is_some() && super::classify::asks_tasks(o, scan)
}

/// Premise 4's second half: read the candidates' records again after the process scan; an
/// object whose activity, attachments, messages, size or identity changed meanwhile is not
/// settled. One more read of the kinds that have candidates (no per-object calls).
fn recheck_settled(src: &Source, objects: &mut [Object]) {
    let candidate = |o: &Object| matches!(o.state, Some(State::Orphan | State::LikelyOrphan));
    let mut kinds: Vec<Kind> = objects
        .iter()
        .filter(|o| candidate(o))
        .map(|o| o.kind)
        .collect();
    kinds.sort_unstable_by_key(|k| k.as_str());
    kinds.dedup();
    if kinds.is_empty() || !src.is_live() {
        return;
    }
    let after = collect::collect(src, &kinds).objects;
    let key = |o: &Object| (o.kind, o.id, o.dev, o.inode, o.name.clone());
    let index: std::collections::HashMap<_, &Object> = after.iter().map(|o| (key(o), o)).collect();
    for o in objects.iter_mut().filter(|o| candidate(o)) {
        // Both reads took the birth time too (a file replaced under its name differs).
        let same = index
            .get(&key(o))
            .is_some_and(|a| a.fingerprint() == o.fingerprint());
        if !same {
            if let Some(p) = o.premises.as_mut() {
                p.settled = false;
            }
            o.state = Some(State::Unknown);
            if let Some(w) = o.orphan_reasons.0.as_mut() {
                w.push(Evidence::ChangedDuringScan);
            }
        }
    }
}

/// Judge one object (`show`): like `judge`, with the System V records read for signs of
/// hidden processes when the object is a POSIX one. `o.holders` must be attached, from a
/// scan that read waiters (`holders::scan`).
pub fn judge_one(
    src: &Source,
    o: &Object,
    scan: &mut HolderScan,
    policy: &Policy,
) -> (State, Vec<crate::model::Evidence>) {
    // The same judgement as a survey's (`judge`), with the System V records as witnesses of
    // tasks the scan cannot see when the object is a POSIX one.
    let witnesses = if o.kind.is_sysv() {
        Vec::new()
    } else {
        let mut sysv = collect::collect(src, &[Kind::Msg, Kind::Shm]).objects;
        scan.attach(&mut sysv);
        sysv
    };
    let mut one = [o.clone()];
    judge(src, &mut one, &witnesses, scan, policy);
    let [mut one] = one;
    (
        one.state.unwrap_or(State::Unknown),
        one.orphan_reasons.take().unwrap_or_default(),
    )
}

/// Classify every object, reading what a verdict depends on and nothing more: the real uids
/// of root-shown processes only when a queue or set has a non-root owner, and the threads'
/// syscalls only of processes that may access a queue or set that would otherwise be an
/// orphan or likely orphan.
///
/// `witnesses` are System V objects of kinds the caller did not ask for, read only for their
/// evidence of processes the scan cannot see (holders attached).
pub fn judge(
    src: &Source,
    objects: &mut [Object],
    witnesses: &[Object],
    scan: &mut HolderScan,
    policy: &Policy,
) {
    judge_by_records(src, objects, witnesses, scan, policy);
    // Then application profiles: a creator pid from a name (checked against every PID
    // namespace level), liveness hints (which name an application's processes of one uid).
    if objects.iter().any(|o| {
        o.app
            .as_ref()
            .is_some_and(|a| a.live_while.is_some() || a.creator_pid.is_some())
    }) {
        scan.resolve_creds(src);
    }
    crate::analysis::profiles::refine_all(src, objects, scan, policy);
    recheck_settled(src, objects);
}

/// `judge` by what the kernel and /proc record: holders, pids, waiters.
fn judge_by_records(
    src: &Source,
    objects: &mut [Object],
    witnesses: &[Object],
    scan: &mut HolderScan,
    policy: &Policy,
) {
    let waitable = |o: &Object| o.kind.info().hold == Hold::WaitedOn;
    let hidden = hidden_processes(objects).or_else(|| hidden_processes(witnesses));
    classify_all(objects, scan, policy, hidden.as_ref());
    // Premise 3 compares every task's uids and groups with the owner's: read them (once)
    // only when some verdict weighed it, and judge those again.
    let who: Vec<usize> = (0..objects.len())
        .filter(|&i| weighed_who(&objects[i], scan))
        .collect();
    if !who.is_empty() {
        scan.resolve_creds(src);
        for i in who {
            set_verdict(&mut objects[i], scan, policy, hidden.as_ref());
        }
    }
    // Only a verdict that would let `clean` act can be changed by a waiter (or by a task
    // whose threads cannot be read: the same whichever kinds were asked for, since a full
    // survey finds such a task through its descriptors already).
    let open: Vec<usize> = (0..objects.len())
        .filter(|&i| {
            waitable(&objects[i])
                && matches!(objects[i].state, Some(State::Orphan | State::LikelyOrphan))
        })
        .collect();
    if open.is_empty() {
        return;
    }
    // Every task in reach: a queue keeps no count of its users, so a task whose threads
    // cannot be read leaves its verdict open (the same whichever kinds were asked for).
    scan.add_waiters(src, &|_| true, false);
    for i in open {
        let o = &mut objects[i];
        o.holders = scan.holders_of(o);
        set_verdict(o, scan, policy, hidden.as_ref());
    }
}

/// Everything list/orphans/clean need, read once: objects (plus unlinked-but-mapped /dev/shm
/// files), holders, and with `classify` the state of each. Order matters: objects and
/// semaphore pids are read before the process scan, so a recorded pid that is missing from
/// the scan really is dead.
pub fn survey(
    src: &Source,
    kinds: &[Kind],
    policy: Option<&Policy>,
    profiles: &RunProfiles,
    fields: collect::Fields,
) -> (Inventory, HolderScan) {
    let classify = policy.is_some();
    let mut inv = collect::collect_fields(src, kinds, fields);
    if classify {
        read_semaphores(src, &mut inv.objects);
    }
    // POSIX verdicts depend on signs of hidden processes in the System V records: read the
    // queues and segments even when they were not asked for.
    let mut witnesses: Vec<Object> = Vec::new();
    if classify && kinds.iter().any(|k| !k.is_sysv()) {
        let missing: Vec<Kind> = [Kind::Msg, Kind::Shm]
            .into_iter()
            .filter(|k| !kinds.contains(k))
            .collect();
        if !missing.is_empty() {
            witnesses = collect::collect(src, &missing).objects;
        }
    }
    let mut needs = holders::Needs::for_objects(src, kinds, &inv.objects, classify);
    // No POSIX object to find holders of, and nothing unlinked alive on /dev/shm: the
    // process files have nothing to show (an idle host lists without reading them).
    if kinds.iter().any(|k| k.info().lives_in_dev_shm)
        && !inv.objects.iter().any(|o| !o.kind.is_sysv())
        && !collect::posix_shm::unlinked_possible(src)
    {
        needs = holders::Needs::for_objects(src, &[], &inv.objects, classify);
    }
    // One holder rule for every command (list, show, orphans, clean): a task blocked on a
    // queue or set holds it, so the threads' syscalls are read in the same pass whenever
    // there is a queue or set (show reads them too).
    if inv.objects.iter().any(|o| o.kind.has_sysv_waiters()) {
        needs.waiters = true;
    }
    // Queues whose name is gone but that a process keeps open still count against
    // queues_max and RLIMIT_MSGQUEUE: a judgement (doctor, metrics, orphans) looks for them.
    // A plain listing looks for them whenever it reads descriptors anyway (as it finds
    // unlinked /dev/shm files).
    if kinds.contains(&Kind::Pmq) && (classify || needs.fds) {
        needs.fds = true;
        needs.unlinked_queues = true;
    }
    needs.maps |= witnesses
        .iter()
        .any(|o| o.kind.info().kernel_counts_attachments && o.nattch.unwrap_or(1) > 0);
    let mut scan = holders::scan_for(src, &needs);
    scan.attach(&mut inv.objects);
    scan.attach(&mut witnesses);
    let mut unlinked = scan.unlinked_objects(src, kinds);
    unlinked.extend(scan.unlinked_queue_objects(src));
    collect::name_owners(src, &mut unlinked);
    inv.objects.extend(unlinked);
    // Nothing to name: the profiles are not even parsed (an idle host lists fast).
    if !inv.objects.is_empty() {
        profiles.annotate(src, &mut inv.objects, &mut inv.warnings);
        // What no profile names, the processes may: holders of one program, a live creator.
        crate::analysis::profiles::attribute_by_processes(
            &mut inv.objects,
            &scan,
            policy.map_or(1, |p| p.clock_tolerance),
        );
    }
    // A recorded creator is judged like a kernel cpid (an unreadable journal is the
    // caller's note, not a failure here).
    if policy.is_some()
        && let Some(j) = &src.journal
    {
        let _ = collect::creator::attach(src, j, &mut inv.objects);
        crate::analysis::profiles::attribute_by_recorded(&mut inv.objects);
    }
    // (A plain listing shows who waits on queues and sets too: read in the first pass.)
    if let Some(p) = policy {
        judge(src, &mut inv.objects, &witnesses, &mut scan, p);
    }
    // Only objects whose holders come from the scan are affected by an incomplete one (shm
    // has the kernel's attach count); with none of those, the warning would only be noise.
    if inv
        .objects
        .iter()
        .any(|o| !o.kind.info().kernel_counts_attachments)
        && let Some(g) = scan.gap()
    {
        // The typed gap: render words it.
        inv.warnings.push(Warning::HolderScanIncomplete { gap: g });
    }
    (inv, scan)
}

/// `survey` in every IPC namespace on the host (`--all-namespaces`), each object stamped with
/// its namespace; holders and liveness are judged inside each namespace. POSIX shm and
/// semaphores that several namespaces see through one /dev/shm (same device and inode) are
/// kept once, with the first namespace (ours comes first). Identical warnings are merged.
pub fn survey_all(
    src: &Source,
    kinds: &[Kind],
    policy: Option<&Policy>,
    profiles: &RunProfiles,
    fields: collect::Fields,
) -> crate::Result<Inventory> {
    let (per_ns, mut warnings) =
        collect::namespaces::for_each(src, |s| survey(s, kinds, policy, profiles, fields).0)?;
    let mut seen: std::collections::HashSet<(u64, u64)> = std::collections::HashSet::new();
    let mut inv = Inventory::default();
    for (_, i) in per_ns {
        for o in i.objects {
            if o.kind.info().lives_in_dev_shm
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
