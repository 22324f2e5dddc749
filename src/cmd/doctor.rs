//! `ipcctl doctor`: glue — snapshot each namespace, judge its limits
//! (`analysis::doctor`), print; for each IPC limit that makes a create call fail, its use, who
//! uses it and a verdict with the command that frees it. Also warns when systemd-logind's RemoveIPC will delete a regular user's
//! objects at logout. Exit 1 when any limit is above the threshold.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Ctx;
use super::metrics::{NsSnapshot, snapshots};
use crate::analysis::doctor::{Check, Options, Snapshot, checks};
use crate::cli::DoctorArgs;
use crate::error::Result;
use crate::model::Status;
use crate::output;

#[derive(Serialize)]
struct Report<'a> {
    checks: Vec<crate::render::doctor::CheckJson<'a>>,
    /// Limits whose use could not be counted (their objects were not listed).
    unjudged: Vec<crate::model::LimitId>,
    warnings: Vec<String>,
}

fn remove_ipc_warning(src: &crate::collect::Source, snaps: &[NsSnapshot]) -> Option<String> {
    let crate::collect::logind::RemoveIpc { enabled, from } =
        crate::collect::logind::remove_ipc(src)?;
    if !enabled {
        return None;
    }
    let mut users: BTreeMap<String, usize> = BTreeMap::new();
    for o in snaps.iter().flat_map(|s| &s.objects) {
        if !crate::model::is_system_uid(o.uid) {
            *users.entry(o.owner_name()).or_default() += 1;
        }
    }
    if users.is_empty() {
        return None;
    }
    let list: Vec<String> = users.iter().map(|(u, n)| format!("{u} ({n})")).collect();
    Some(format!(
        "systemd-logind has RemoveIPC=yes ({from}): the IPC objects of a non-system user are removed when the user's last session ends; objects of {} are at risk. Set RemoveIPC=no in /etc/systemd/logind.conf, or run such services as a system user",
        list.join(", ")
    ))
}

pub fn run(ctx: &Ctx, a: DoctorArgs) -> Result<i32> {
    let snaps = snapshots(ctx, a.all_namespaces)?;
    let explicit_ns = a.all_namespaces || ctx.src.ns.is_some();
    let mut all: Vec<Check> = Vec::new();
    let mut unjudged: Vec<crate::model::LimitId> = Vec::new();
    for s in &snaps {
        for l in crate::analysis::doctor::unjudged(&s.limits) {
            if !unjudged.contains(&l) {
                unjudged.push(l);
            }
        }
        let snap = Snapshot {
            ns: s.ns.as_ref(),
            limits: &s.limits,
            objects: &s.objects,
            rlimits: &s.rlimits,
        };
        let opts = Options {
            threshold: a.threshold,
            ns_in_fix: explicit_ns,
        };
        all.extend(checks(&snap, opts));
    }
    let mut warnings = Vec::new();
    if let Some(w) = remove_ipc_warning(&ctx.src, &snaps) {
        warnings.push(w);
    }
    // The exit code follows the verdicts shown (a limit at 100 % is full whatever
    // --threshold says).
    let over = all.iter().any(|c| c.status != Status::Ok);
    if ctx.out.json {
        output::print_json(&Report {
            checks: all.iter().map(crate::render::doctor::json).collect(),
            unjudged,
            warnings,
        })?;
    } else {
        // -q silences the warnings, never the report (data goes to stdout).
        let shown: &[String] = if ctx.out.quiet { &[] } else { &warnings };
        output::print(&crate::render::doctor::text(
            &all,
            &unjudged,
            shown,
            a.all_namespaces,
        ))?;
    }
    Ok(if over { 1 } else { 0 })
}
