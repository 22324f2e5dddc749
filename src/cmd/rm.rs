//! `ipcctl rm REF...` and `rm --all KIND... FILTERS`: remove objects one by one. Each object
//! is removed, or reported (not found, permission denied, in use) while the others are still
//! processed; the exit code is 1 if any failed. Objects held by live processes are refused
//! unless `--force`, with what removal would mean for that kind.

use serde::Serialize;

use super::Ctx;
use crate::cli::RmArgs;
use crate::collect::{self, holders};
use crate::error::{Error, Result};
use crate::filter::Filter;
use crate::kinds;
use crate::kinds::info::Listing;
use crate::model::{Kind, Object, Ref, RemovalOutcome, Usage};
use crate::output;

/// Why live processes hold this object, or `None` when nothing is known to hold it.
///
/// "In use" is `Object::usage` (the rule `--unused` and the orphan verdict share): holders
/// found by the /proc scan (maps and fds, for POSIX objects too), and for shm the kernel's
/// own attach count, which also covers processes the scan could not read.
pub fn in_use(o: &Object) -> Option<String> {
    match o.usage() {
        Usage::InUse { holders, attached } => {
            Some(crate::render::objects::in_use(holders, attached))
        }
        Usage::Unused | Usage::Unknown => None,
    }
}

#[derive(Debug, Serialize)]
struct Outcome {
    #[serde(rename = "ref")]
    reference: String,
    kind: Kind,
    /// `removed`, `would-remove`, `refused`, `failed`, `not-found` (clean's vocabulary).
    action: RemovalOutcome,
    reason: Option<String>,
    /// Messages the queue held, removed with it (msg, pmq).
    #[serde(skip_serializing_if = "Option::is_none")]
    messages: Option<u64>,
}

/// Were the objects of this kind listed (so one not found does not exist)?
fn listed(warnings: &[crate::model::Warning], kind: Kind) -> bool {
    !warnings
        .iter()
        .any(|w| w.kinds_not_listed().contains(&kind))
}

/// The objects the arguments name (or select, with --all), plus "not found" outcomes; the
/// collectors' warnings that bear on them are added to `warnings` (said once, with the
/// holder scan's).
fn targets(
    ctx: &Ctx,
    a: &RmArgs,
    filter: &Filter,
    scanned: &mut Option<holders::HolderScan>,
    warnings: &mut Vec<crate::model::Warning>,
) -> Result<(Vec<Object>, Vec<Outcome>)> {
    let mut missing = Vec::new();
    if a.all {
        let mut kinds = Vec::new();
        for k in &a.references {
            kinds.push(Kind::parse(k).ok_or_else(|| {
                Error::usage(format!(
                    "rm --all takes kinds ({}), not '{k}'",
                    Kind::names(" ")
                ))
            })?);
        }
        // "All of them" must be said (--yes); --force only overrides the in-use refusal.
        if !filter.is_active() && !a.yes && !a.dry_run {
            return Err(Error::usage(
                "rm --all without a filter removes every object of the kinds: give a filter (--owner, --older-than, --unused, --name, --key, --app), or --yes to mean all of them (see them first with --dry-run)",
            ));
        }
        let kinds = Kind::selection(&kinds);
        let mut inv = collect::collect(&ctx.src, &kinds);
        // --app needs the objects named (rules on holders do not apply here: none are read).
        ctx.profiles
            .annotate(&ctx.src, &mut inv.objects, &mut inv.warnings);
        warnings.append(&mut inv.warnings);
        // --unused needs the holders before filtering, for every kind (as in list/orphans);
        // `run` uses the same scan again, so /proc is read once.
        if filter.unused {
            let scan = holders::scan(&ctx.src, &inv.objects);
            scan.attach(&mut inv.objects);
            *scanned = Some(scan);
        }
        let now = crate::render::now();
        let objs = inv
            .objects
            .into_iter()
            .filter(|o| filter.matches(o, now))
            .collect();
        return Ok((objs, missing));
    }
    if a.references.is_empty() {
        return Err(Error::usage(
            "rm: name at least one object (KIND:ID, KIND:0xKEY, KIND:/NAME)",
        ));
    }
    if filter.is_active() {
        return Err(Error::usage("rm: filters apply only with --all"));
    }
    // Parse everything first: a typo removes nothing.
    let refs = a
        .references
        .iter()
        .map(|s| ctx.resolve_ref(s))
        .collect::<Result<Vec<Ref>>>()?;
    let kinds = Kind::selection(&refs.iter().map(|r| r.kind).collect::<Vec<_>>());
    let inv = collect::collect(&ctx.src, &kinds);
    let mut objs: Vec<Object> = Vec::new();
    for r in &refs {
        let me = r.to_string();
        for w in inv.warnings.iter().filter(|w| w.concerns(r)) {
            if !warnings.contains(w) {
                warnings.push(w.clone());
            }
        }
        match inv.objects.iter().find(|o| collect::matches_ref(o, r)) {
            Some(o) if objs.iter().any(|x| x.reference == o.reference) => {} // named twice
            Some(o) => objs.push(o.clone()),
            // Queues could not be listed (no mqueue fs, no private mount for non-root):
            // mq_unlink by name is tried; kinds::pmq::remove says what it can re-check.
            None if r.kind.info().listing == Listing::MqueueFs
                && !listed(&inv.warnings, r.kind) =>
            {
                objs.push(Object {
                    kind: r.kind,
                    reference: me.clone(),
                    name: Some(me.trim_start_matches("pmq:").to_string()),
                    ..Default::default()
                })
            }
            None => missing.push(Outcome {
                reference: me,
                kind: r.kind,
                action: RemovalOutcome::NotFound,
                reason: Some("no such object".into()),
                messages: None,
            }),
        }
    }
    Ok((objs, missing))
}

pub fn run(ctx: &Ctx, a: RmArgs) -> Result<i32> {
    let live = ctx.src.live()?;
    let filter = Filter::new(&ctx.src, &ctx.profiles, &a.filter)?;
    let mut scanned = None;
    let mut warnings = Vec::new();
    let (mut objs, mut outcomes) = targets(ctx, &a, &filter, &mut scanned, &mut warnings)?;
    // One pass over /proc finds who holds each target (attachments, mappings, open fds).
    let scan = scanned.unwrap_or_else(|| holders::scan(&ctx.src, &objs));
    scan.attach(&mut objs);
    if objs.iter().any(|o| !o.kind.is_sysv())
        && let Some(g) = scan.gap()
    {
        warnings.push(crate::model::Warning::HolderScanIncomplete { gap: g });
    }
    ctx.warn_all(&warnings);
    for o in &outcomes {
        ctx.out.error(&format!("{}: no such object", o.reference));
    }
    // Losing stdout (`| head -1`) must not decide how much is removed: every object is
    // processed, and the exit code says the report was lost.
    let mut lost: Option<Error> = None;
    let mut say = |text: String| {
        if lost.is_none()
            && let Err(e) = output::print(&text)
        {
            lost = Some(e);
        }
    };
    for o in &objs {
        let r = &o.reference;
        let meaning = kinds::meaning_of(o);
        // A directory, socket or FIFO is used through what the scan cannot see: refused
        // like a held object, unless forced.
        let held = in_use(o).or_else(|| o.file_type.map(crate::render::objects::unseen_users));
        let (action, reason) = match (&held, a.force, a.dry_run) {
            (Some(why), false, _) => {
                ctx.out.error(&format!(
                    "{r}: in use ({why}); not removed. Removing it would mean: {meaning}. Use --force to remove it anyway"
                ));
                (RemovalOutcome::Refused, Some(format!("in use: {why}")))
            }
            (_, _, true) => {
                if !ctx.out.json {
                    let note = held
                        .map(|w| format!(", forced although {w}"))
                        .unwrap_or_default();
                    say(format!(
                        "would remove {} ({meaning}{note})\n",
                        output::sanitize(r)
                    ));
                }
                (RemovalOutcome::WouldRemove, None)
            }
            (_, _, false) => match kinds::remove(live, &ctx.src, o) {
                Ok(()) => {
                    if !ctx.out.json {
                        match &held {
                            Some(why) => say(format!(
                                "removed {} although {why}: {meaning}\n",
                                output::sanitize(r)
                            )),
                            None => say(format!("removed {}\n", output::sanitize(r))),
                        }
                        if let Some(n) = o.queued_messages().filter(|n| *n > 0) {
                            say(format!("  {n} queued message(s) went with it\n"));
                        }
                    }
                    (RemovalOutcome::Removed, None)
                }
                Err(e) => {
                    ctx.out.error(&e.to_string());
                    let action = if matches!(e, Error::NotFound(_)) {
                        RemovalOutcome::NotFound
                    } else {
                        RemovalOutcome::Failed
                    };
                    (action, Some(e.reason()))
                }
            },
        };
        outcomes.push(Outcome {
            reference: r.clone(),
            kind: o.kind,
            action,
            reason,
            messages: (action == RemovalOutcome::Removed)
                .then(|| o.queued_messages())
                .flatten(),
        });
    }
    if ctx.out.json && lost.is_none() {
        lost = output::print_json(&outcomes).err();
    }
    if let Some(e) = lost {
        let removed = outcomes
            .iter()
            .filter(|o| o.action == RemovalOutcome::Removed)
            .count();
        let why = e.lost_output();
        return Err(Error::Failed(format!(
            "the report was cut short ({why}); all {} object(s) were still processed, {removed} removed",
            outcomes.len()
        )));
    }
    let failed = outcomes.iter().filter(|o| !o.action.is_success()).count();
    if failed > 0 {
        // Already reported one by one; only the exit code is left to set.
        return Ok(crate::error::EXIT_FAILED);
    }
    Ok(0)
}
