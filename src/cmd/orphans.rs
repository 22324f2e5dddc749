//! `ipcctl orphans`: classify every object (holders + liveness of the recorded pids) and
//! print those nobody holds, with the evidence for each. `--check` turns the answer into an
//! exit code for monitoring.

use super::Ctx;
use crate::analysis::orphans;
use crate::cli::OrphansArgs;
use crate::collect::Fields;
use crate::error::Result;
use crate::filter::Filter;
use crate::model::{Column, Kind, State};
use crate::output;
use crate::render::{self, objects};

/// The default columns of `ipcctl orphans`.
pub const COLUMNS: &[Column] = &[
    Column::Kind,
    Column::Ref,
    Column::App,
    Column::Owner,
    Column::Size,
    Column::Holders,
    Column::Age,
    Column::State,
    Column::Why,
];

pub fn run(ctx: &Ctx, a: OrphansArgs) -> Result<i32> {
    let filter = Filter::new(&ctx.src, &ctx.profiles, &a.filter)?;
    let mut cols = objects::pick_columns(&a.table.columns, COLUMNS);
    // Equal refs from two namespaces must stay tell-apart-able.
    if a.all_namespaces && !cols.contains(&Column::Ns) {
        cols.insert(0, Column::Ns);
    }
    let kinds = Kind::selection(&a.kinds);
    let inv = if a.all_namespaces {
        orphans::survey_all(
            &ctx.src,
            &kinds,
            Some(&ctx.policy()),
            &ctx.profiles,
            Fields::All,
        )?
    } else {
        orphans::survey(
            &ctx.src,
            &kinds,
            Some(&ctx.policy()),
            &ctx.profiles,
            Fields::All,
        )
        .0
    };
    ctx.warn_all(&inv.warnings);
    let now = render::now();
    let mut objs: Vec<_> = inv
        .objects
        .into_iter()
        .filter(|o| filter.matches(o, now))
        // Unlinked-but-mapped memory has its own state: held, yet a leak worth showing.
        .filter(|o| a.all || o.state != Some(State::InUse))
        .collect();
    ctx.name_ftok_origins(&mut objs);
    objects::sort(&mut objs, a.table.sort);
    // `-q --check`: the exit code is the answer, as with `grep -q`.
    let silent = a.check && ctx.out.quiet;
    if silent {
        // the exit code only
    } else if objs.is_empty() && !ctx.out.json {
        // Nothing to report: a bare header says nothing to a person, and a script reading
        // a pipe wants no lines at all.
        if ctx.out.tty {
            output::print(if a.all {
                "no objects\n"
            } else {
                "no orphans\n"
            })?;
        }
    } else {
        ctx.print_objects(&objs, &cols, &a.table)?;
    }
    let orphans = objs
        .iter()
        .filter(|o| o.state == Some(State::Orphan))
        .count();
    Ok(if a.check && orphans > 0 { 1 } else { 0 })
}
