//! `survey`: the one read pass list/orphans/clean/metrics share — objects, semaphore pids,
//! one holder scan, unlinked-but-mapped files, and (with a policy) every object's verdict.

use super::{Policy, classify};
use crate::collect::holders::{self, HolderScan};
use crate::collect::{self, Inventory, Source, sysv};
use crate::model::{Kind, Object, Problem, Warning};

/// Read the last-op pids of every `sem` set (one semctl pass per set, before the process
/// scan so that every recorded pid predates the process table).
pub fn read_semaphores(src: &Source, objects: &mut [Object]) {
    if !src.is_live() {
        return;
    }
    for o in objects.iter_mut().filter(|o| o.kind == Kind::Sem) {
        match sysv::semaphores(o.id.unwrap_or(-1), o.nsems.unwrap_or(0)) {
            Ok(s) => o.semaphores = Some(s),
            Err(e) => o.problem = Some(Problem::SemaphoresUnreadable(e)),
        }
    }
}

/// Set `state` and `orphan_reasons` of every object.
pub fn classify_all(objects: &mut [Object], scan: &HolderScan, policy: &Policy) {
    for o in objects {
        let (s, why) = classify(o, scan, policy);
        o.state = Some(s);
        o.orphan_reasons = Some(why);
    }
}

/// Everything list/orphans/clean need, read once: objects (plus unlinked-but-mapped /dev/shm
/// files), holders, and with `classify` the state of each. Order matters: objects and
/// semaphore pids are read before the process scan, so a recorded pid that is missing from
/// the scan really is dead.
pub fn survey(src: &Source, kinds: &[Kind], policy: Option<&Policy>) -> (Inventory, HolderScan) {
    let classify = policy.is_some();
    let mut inv = collect::collect(src, kinds);
    if classify {
        read_semaphores(src, &mut inv.objects);
    }
    let mut needs = holders::Needs::for_objects(kinds, &inv.objects, classify);
    // No POSIX object to find holders of, and nothing unlinked alive on /dev/shm: the
    // process files have nothing to show (an idle host lists without reading them).
    if !inv.objects.iter().any(|o| !o.kind.is_sysv()) && !collect::posix_shm::unlinked_possible(src)
    {
        needs = holders::Needs::for_objects(&[], &inv.objects, classify);
    }
    let scan = holders::scan_for(src, needs);
    scan.attach(&mut inv.objects);
    let mut unlinked = scan.unlinked_objects(src, kinds);
    collect::name_owners(src, &mut unlinked);
    inv.objects.extend(unlinked);
    if let Some(p) = policy {
        classify_all(&mut inv.objects, &scan, p);
    }
    // Only objects whose holders come from the scan are affected by an incomplete one (shm
    // has the kernel's attach count); with none of those, the warning would only be noise.
    if inv.objects.iter().any(|o| o.kind != Kind::Shm)
        && let Some(g) = scan.gap()
    {
        inv.warnings.push(Warning::HolderScanIncomplete {
            text: crate::render::evidence::scan_gap(&g),
        });
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
) -> crate::Result<Inventory> {
    let (per_ns, ns_warnings) = collect::namespaces::for_each(src, |s| survey(s, kinds, policy).0)?;
    let mut warnings: Vec<Warning> = ns_warnings
        .into_iter()
        .map(|text| Warning::Source { text })
        .collect();
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
