//! `ipcctl list`: collect the kinds asked for, find their holders, filter, sort, print a
//! table or JSON. With `--orphans`, classify each object too (adds a STATE column).

use super::Ctx;
use crate::analysis::orphans;
use crate::cli::ListArgs;
use crate::error::Result;
use crate::filter::Filter;
use crate::model::{Column, Kind};
use crate::render::{self, objects};

pub fn run(ctx: &Ctx, a: ListArgs) -> Result<i32> {
    let filter = Filter::new(&ctx.src, &a.filter)?;
    let mut default_cols = objects::DEFAULT_COLUMNS.to_vec();
    if a.orphans {
        default_cols.push(Column::State);
    }
    let mut cols = objects::pick_columns(&a.table.columns, &default_cols);
    // Equal refs from two namespaces must stay tell-apart-able.
    if a.all_namespaces && !cols.contains(&Column::Ns) {
        cols.insert(0, Column::Ns);
    }
    let kinds = Kind::selection(&a.kinds);
    let inv = if a.all_namespaces {
        orphans::survey_all(&ctx.src, &kinds, a.orphans.then(|| ctx.policy()).as_ref())?
    } else {
        orphans::survey(&ctx.src, &kinds, a.orphans.then(|| ctx.policy()).as_ref()).0
    };
    ctx.warn_all(&inv.warnings);
    let now = render::now();
    let mut objs: Vec<_> = inv
        .objects
        .into_iter()
        .filter(|o| filter.matches(o, now))
        .collect();
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
