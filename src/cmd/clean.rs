//! `ipcctl clean`: remove the objects `orphans` calls `orphan` (and `likely-orphan` with
//! `--include-likely`) that match the filters. Without `--yes` it only prints the plan.
//!
//! Safety rules, in order: as root, objects of root and system users (`model::is_system_uid`:
//! uid <= 999 and nobody) are kept
//! unless `--owner` names their owner; right before removing, everything is read again (one
//! collect + one holder scan) and an object is removed only when it is still the same object
//! (SysV id, key and ctime; POSIX device, inode and name), still unheld and still in an
//! eligible state; `kinds::remove` then checks the identity once more at the syscall and never
//! follows a symlink. One failure does not stop the others; it makes the exit code 1.

use crate::collect::Fields;
use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::Ctx;
use crate::analysis::orphans;
use crate::cli::CleanArgs;
use crate::error::{Error, Result};
use crate::filter::Filter;
use crate::kinds;
use crate::model::{Identity, Kind, Object, RemovalOutcome, State, Usage};
use crate::output;
use crate::render;

/// What happened to a row: the outcome `rm` reports too.
type Action = RemovalOutcome;

/// One line of the plan / report: the object (all its JSON fields) plus what happened.
#[derive(Debug, Serialize)]
struct Row {
    #[serde(flatten)]
    object: Object,
    action: Action,
    /// Why it was kept, skipped or failed (null when removed / to be removed).
    action_reason: Option<String>,
    /// What removal means for this kind.
    removal_means: &'static str,
}

fn eligible(state: Option<State>, include_likely: bool) -> bool {
    match state {
        Some(State::Orphan) => true,
        Some(State::LikelyOrphan) => include_likely,
        _ => false,
    }
}

/// Why an object from the plan must not be removed now, judged on a fresh read.
fn recheck(planned: &Object, fresh: Option<&Object>, include_likely: bool) -> Option<String> {
    let Some(f) = fresh else {
        return Some("gone since the plan was made".into());
    };
    if planned.kind.is_sysv()
        && (f.key != planned.key || f.ctime != planned.ctime || f.cuid != planned.cuid)
    {
        return Some(
            "changed since the plan was made (key, creator or ctime differ: the id was reused or the object modified)".into(),
        );
    }
    if !planned.kind.is_sysv() && f.name != planned.name {
        return Some("renamed since the plan was made".into());
    }
    // Any activity since the plan (an attach, a send, a semop, a write) is a user.
    if f.fingerprint() != planned.fingerprint() {
        return Some("used since the plan was made (its times or attachments changed)".into());
    }
    // In use: the rule rm, --unused and the verdict share (`Object::usage`).
    if let Usage::InUse { holders, attached } = f.usage() {
        return Some(format!(
            "now {}",
            render::objects::in_use(holders, attached)
        ));
    }
    if !eligible(f.state, include_likely) {
        let state = f.state.map_or("unknown", |s| s.as_str());
        let mut why = String::new();
        render::evidence::reasons(&mut why, f.orphan_reasons.as_deref().unwrap_or_default());
        return Some(format!("now {state}: {why}"));
    }
    None
}

pub fn run(ctx: &Ctx, a: CleanArgs) -> Result<i32> {
    let filter = Filter::new(&ctx.src, &ctx.profiles, &a.filter)?;
    let kinds = Kind::selection(&a.kinds);
    let (mut inv, _) = orphans::survey(
        &ctx.src,
        &kinds,
        Some(&ctx.policy()),
        &ctx.profiles,
        Fields::All,
    );
    ctx.warn_all(&inv.warnings);
    inv.objects.sort_by(render::objects::default_order);
    let now = render::now();
    let root = nix::unistd::geteuid().is_root();

    let mut rows: Vec<Row> = Vec::new();
    let mut left: BTreeMap<State, usize> = BTreeMap::new();
    let mut unknown_uninspected = 0;
    for o in inv.objects.into_iter().filter(|o| filter.matches(o, now)) {
        let state = o.state.unwrap_or(State::Unknown);
        if !matches!(state, State::Orphan | State::LikelyOrphan) || o.identity().is_none() {
            *left.entry(state).or_default() += 1;
            if state == State::Unknown && uninspectable(&o) {
                unknown_uninspected += 1;
            }
            continue;
        }
        let (action, reason) = if let Some(t) = o.file_type {
            (Action::Kept, Some(crate::render::objects::unseen_users(t)))
        } else if root && filter.uid.is_none() && crate::model::is_system_uid(o.uid) {
            (
                Action::Kept,
                Some(format!(
                    "owned by system user {} (uid {}); name the owner with --owner to clean it",
                    o.owner_name(),
                    o.uid
                )),
            )
        } else if let Some(n) = o.queued_messages().filter(|n| *n > 0 && !a.include_queued) {
            (
                Action::Kept,
                Some(format!(
                    "{n} message(s) queued (work left for the next run?); pass --include-queued to remove them with their messages"
                )),
            )
        } else if !a.include_state && !o.set_state().is_empty() {
            let v: Vec<String> = o.set_state().iter().map(i32::to_string).collect();
            (
                Action::Kept,
                Some(format!(
                    "semaphore values {} were set on purpose and a set made again starts at 0; pass --include-state to remove it",
                    v.join(",")
                )),
            )
        } else if state == State::LikelyOrphan && !a.include_likely {
            (
                Action::Kept,
                Some("likely-orphan: add --include-likely to remove it".into()),
            )
        } else {
            (Action::WouldRemove, None)
        };
        rows.push(Row {
            removal_means: kinds::meaning_of(&o),
            object: o,
            action,
            action_reason: reason,
        });
    }

    let mut failed = 0;
    if a.yes && rows.iter().any(|r| r.action == Action::WouldRemove) {
        let live = ctx.src.live()?;
        // Read everything again right before acting: identity, holders and state.
        let (fresh, _) = orphans::survey(
            &ctx.src,
            &kinds,
            Some(&ctx.policy()),
            &ctx.profiles,
            Fields::All,
        );
        let by_id: HashMap<Identity, Object> = fresh
            .objects
            .into_iter()
            .filter_map(|o| o.identity().map(|i| (i, o)))
            .collect();
        for r in rows.iter_mut().filter(|r| r.action == Action::WouldRemove) {
            let f = r.object.identity().and_then(|i| by_id.get(&i));
            if let Some(why) = recheck(&r.object, f, a.include_likely) {
                r.action = Action::Skipped;
                r.action_reason = Some(why);
                continue;
            }
            let target = f.unwrap_or(&r.object);
            match kinds::remove(live, &ctx.src, target) {
                Ok(()) => r.action = Action::Removed,
                Err(Error::NotFound(_)) => {
                    r.action = Action::Skipped;
                    r.action_reason = Some("already gone".into());
                }
                Err(Error::Changed { reason, .. }) => {
                    r.action = Action::Skipped;
                    r.action_reason = Some(reason);
                }
                Err(e) => {
                    failed += 1;
                    ctx.out.error(&e.to_string());
                    r.action = Action::Failed;
                    r.action_reason = Some(e.reason());
                }
            }
        }
    }

    let printed = if ctx.out.json {
        output::print_json(&rows)
    } else {
        output::print(&report(&rows, &left, unknown_uninspected, a.yes))
    };
    match printed {
        // A dry run whose reader went away (`| head`) has changed nothing: a quiet exit.
        Err(e) if a.yes => {
            let removed = rows.iter().filter(|r| r.action == Action::Removed).count();
            let why = e.lost_output();
            Err(Error::Failed(format!(
                "the report was lost ({why}); {removed} object(s) were removed"
            )))
        }
        Err(e) => Err(e),
        Ok(()) => Ok(if failed > 0 { 1 } else { 0 }),
    }
}

/// The plan (dry run) or the report (--yes) as a table, the meaning of removal for each kind
/// involved, and one summary line.
/// Is a process that could not be inspected among the reasons `o` is not proven an orphan?
fn uninspectable(o: &Object) -> bool {
    use crate::model::{Evidence, Hidden};
    o.orphan_reasons.as_deref().is_some_and(|why| {
        why.iter()
            .any(|e| matches!(e, Evidence::HiddenProcesses(Hidden::Uninspectable { .. })))
    })
}

fn report(
    rows: &[Row],
    left: &BTreeMap<State, usize>,
    unknown_uninspected: usize,
    yes: bool,
) -> String {
    let mut out = String::new();
    if !rows.is_empty() {
        let body = rows
            .iter()
            .map(|r| {
                let why = match &r.action_reason {
                    Some(reason) => reason.clone(),
                    None => {
                        let mut s = String::new();
                        render::evidence::reasons(
                            &mut s,
                            r.object.orphan_reasons.as_deref().unwrap_or_default(),
                        );
                        s
                    }
                };
                vec![
                    render::sanitize_word(&r.object.reference).into_owned(),
                    r.object.owner_name(),
                    r.object.state.map_or("-", |s| s.as_str()).to_string(),
                    render::objects::removal(r.action).to_string(),
                    why,
                ]
            })
            .collect();
        out.push_str(&render::table::render(
            &["REF", "OWNER", "STATE", "ACTION", "WHY"],
            &[false; 5],
            body,
            true,
        ));
        let mut kinds: Vec<Kind> = rows
            .iter()
            .filter(|r| r.action != Action::Kept)
            .map(|r| r.object.kind)
            .collect();
        kinds.sort();
        kinds.dedup();
        if !kinds.is_empty() {
            out.push_str("\nWhat removal means:\n");
            for k in kinds {
                out.push_str(&format!("  {:<5} {}\n", k.as_str(), kinds::meaning(k)));
            }
        }
        out.push('\n');
    }
    let count = |a: Action| rows.iter().filter(|r| r.action == a).count();
    let mut parts: Vec<String> = Vec::new();
    if yes {
        parts.push(format!("{} removed", count(Action::Removed)));
        for (a, n) in [
            (Action::Skipped, count(Action::Skipped)),
            (Action::Failed, count(Action::Failed)),
        ] {
            if n > 0 {
                parts.push(format!("{n} {}", render::objects::removal(a)));
            }
        }
    } else {
        parts.push(format!(
            "dry run: {} would be removed",
            count(Action::WouldRemove)
        ));
    }
    if count(Action::Kept) > 0 {
        parts.push(format!("{} kept", count(Action::Kept)));
    }
    for (s, n) in left {
        parts.push(format!("{n} {} left alone", s.as_str()));
    }
    out.push_str(&parts.join(", "));
    if !yes && count(Action::WouldRemove) > 0 {
        out.push_str("; run again with --yes to remove");
    }
    out.push('\n');
    if let Some(&n) = left.get(&State::Unknown) {
        out.push_str(&render::evidence::unknown_left(n, unknown_uninspected));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Holder;

    fn orphan_shm() -> Object {
        Object {
            kind: Kind::Shm,
            id: Some(5),
            key: Some(0x1234),
            ctime: Some(100),
            state: Some(State::Orphan),
            holders: Some(vec![]),
            ..Default::default()
        }
    }

    #[test]
    fn recheck_refuses_changed_or_held_objects() {
        let p = orphan_shm();
        assert_eq!(recheck(&p, Some(&p), false), None);
        assert!(recheck(&p, None, false).unwrap().contains("gone"));
        let reused = Object {
            ctime: Some(200),
            ..p.clone()
        };
        assert!(
            recheck(&p, Some(&reused), false)
                .unwrap()
                .contains("changed")
        );
        let held = Object {
            holders: Some(vec![Holder {
                pid: 7,
                comm: "db".into(),
            }]),
            ..p.clone()
        };
        assert!(recheck(&p, Some(&held), false).unwrap().contains("7 (db)"));
        let likely = Object {
            state: Some(State::LikelyOrphan),
            ..p.clone()
        };
        assert!(
            recheck(&p, Some(&likely), false)
                .unwrap()
                .contains("now likely-orphan")
        );
        assert_eq!(recheck(&p, Some(&likely), true), None);
        // Used since the plan (an attach, a creator change): skipped, whatever the state says.
        for used in [
            Object {
                atime: Some(300),
                ..p.clone()
            },
            Object {
                nattch: Some(1),
                ..p.clone()
            },
            Object {
                cuid: Some(4321),
                ..p.clone()
            },
        ] {
            assert!(recheck(&p, Some(&used), false).is_some(), "{used:?}");
        }
    }

    #[test]
    fn json_rows_carry_object_fields_and_action() {
        let r = Row {
            object: orphan_shm(),
            action: Action::WouldRemove,
            action_reason: None,
            removal_means: kinds::meaning(Kind::Shm),
        };
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["ref"], "");
        assert_eq!(v["kind"], "shm");
        assert_eq!(v["state"], "orphan");
        assert_eq!(v["action"], "would-remove");
        assert!(v["action_reason"].is_null());
    }
}
