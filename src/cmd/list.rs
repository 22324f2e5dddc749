//! `ipcctl list`: collect the kinds asked for, find their holders, filter, sort, print a
//! table or JSON. With `--orphans`, classify each object too (adds a STATE column); a STATE
//! or WHY column asked for with `-o` or `--sort` classifies them as well.

use super::Ctx;
use crate::analysis::orphans;
use crate::cli::ListArgs;
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
    let kinds = Kind::selection(&a.kinds);
    let inv = if a.all_namespaces {
        orphans::survey_all(&ctx.src, &kinds, policy.as_ref(), &ctx.profiles)?
    } else {
        orphans::survey(&ctx.src, &kinds, policy.as_ref(), &ctx.profiles).0
    };
    ctx.warn_all(&inv.warnings);
    let now = render::now();
    let mut objs: Vec<_> = inv
        .objects
        .into_iter()
        .filter(|o| filter.matches(o, now))
        .collect();
    ctx.name_ftok_origins(&mut objs);
    let asked = cols
        .iter()
        .any(|c| matches!(c, Column::Creator | Column::Unit | Column::Container));
    ctx.attach_creators(&mut objs, asked);
    objects::sort(&mut objs, a.table.sort);
    if objs.is_empty() && ctx.out.tty && !ctx.out.json {
        // A bare header says nothing to a person; a pipe keeps its header line.
        crate::output::print(objects::NONE)?;
    } else {
        ctx.print_objects(&objs, &cols, &a.table)?;
    }
    Ok(0)
}
