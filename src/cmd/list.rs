//! `ipcctl list`: collect the kinds asked for, find their holders, filter, sort, print a
//! table or JSON. With `--orphans`, classify each object too (adds a STATE column); a STATE
//! or WHY column asked for with `-o` or `--sort` classifies them as well.

use super::Ctx;
use crate::analysis::orphans;
use crate::analysis::profiles::RunProfiles;
use crate::cli::ListArgs;
use crate::collect::Fields;
use crate::error::Result;
use crate::filter::Filter;
use crate::model::{Column, Kind};
use crate::render::{self, objects};

pub fn run(ctx: &Ctx, a: ListArgs) -> Result<i32> {
    let filter = Filter::new(&ctx.src, &ctx.profiles, &a.filter)?;
    let mut default_cols = objects::DEFAULT_COLUMNS.to_vec();
    if a.orphans {
        default_cols.push(Column::State);
    }
    let mut cols = objects::pick_columns(&a.table.columns, &default_cols);
    // Equal refs from two namespaces must stay tell-apart-able.
    if a.all_namespaces && !cols.contains(&Column::Ns) {
        cols.insert(0, Column::Ns);
    }
    // A verdict column (or sorting by one) needs the verdicts: without them it would show
    // `-` for every object, as if no object had a state.
    let verdict = |c: &Column| matches!(c, Column::State | Column::Why);
    let judge =
        a.orphans || cols.iter().any(verdict) || a.table.sort.is_some_and(|k| verdict(&k.column));
    let policy = judge.then(|| ctx.policy());
    // What the output shows decides what is worked out: the application (profiles are
    // parsed, and their patterns compiled, only when a verdict, `--app`, JSON or an APP or
    // FTOK column uses it; a profile's name hides an ftok origin) and the ftok origins.
    let shown = |c: Column| {
        ctx.out.json || cols.contains(&c) || a.table.sort.is_some_and(|k| k.column == c)
    };
    let ftok = shown(Column::Ftok);
    let apps = judge || filter.app.is_some() || ftok || shown(Column::App);
    let none = RunProfiles::unused();
    let profiles = if apps { &ctx.profiles } else { &none };
    // No column shows a segment's resident or swapped bytes (JSON and `show` do): the
    // System V objects can come from the kernel's table rather than its /proc text.
    let fields = if ctx.out.json || judge {
        Fields::All
    } else {
        Fields::NoShmMemory
    };
    let kinds = Kind::selection(&a.kinds);
    let inv = if a.all_namespaces {
        orphans::survey_all(&ctx.src, &kinds, policy.as_ref(), profiles, fields)?
    } else {
        orphans::survey(&ctx.src, &kinds, policy.as_ref(), profiles, fields).0
    };
    ctx.warn_all(&inv.warnings);
    let now = render::now();
    // (In place: an object that stays is not moved.)
    let mut objs = inv.objects;
    objs.retain(|o| filter.matches(o, now));
    if ftok {
        ctx.name_ftok_origins(&mut objs);
    }
    let asked = cols
        .iter()
        .any(|c| matches!(c, Column::Creator | Column::Unit | Column::Container));
    // Recorded creators: shown in JSON and the CREATOR/UNIT/CONTAINER columns, and naming
    // applications; a verdict already attached them (survey), once.
    if policy.is_none() && (asked || apps) {
        ctx.attach_creators(&mut objs, asked);
    }
    objects::sort(&mut objs, a.table.sort);
    if objs.is_empty() && ctx.out.tty && !ctx.out.json {
        // A bare header says nothing to a person; a pipe keeps its header line.
        crate::output::print(objects::NONE)?;
    } else {
        ctx.print_objects(&objs, &cols, &a.table)?;
    }
    Ok(0)
}
