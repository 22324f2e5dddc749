//! `ipcctl list`: collect the kinds asked for, filter, sort, print a table or JSON.

use super::Ctx;
use crate::cli::ListArgs;
use crate::collect;
use crate::error::Result;
use crate::filter::Filter;
use crate::model::Kind;
use crate::output;
use crate::render::{self, objects};

pub fn run(ctx: &Ctx, a: ListArgs) -> Result<i32> {
    let filter = Filter::new(&ctx.src, &a.filter)?;
    let cols = objects::pick_columns(&a.table.columns, objects::DEFAULT_COLUMNS)?;
    let kinds = Kind::selection(&a.kinds);
    let inv = collect::collect(&ctx.src, &kinds);
    ctx.warn_all(&inv.warnings);
    let now = render::now();
    let mut objs: Vec<_> = inv
        .objects
        .into_iter()
        .filter(|o| filter.matches(o, now))
        .collect();
    objects::sort(&mut objs, a.table.sort.as_deref())?;
    if ctx.out.json {
        output::print_json(&objs)?;
    } else {
        output::print(&objects::table(
            &objs,
            &cols,
            !a.table.no_headings,
            a.table.bytes,
        ))?;
    }
    Ok(0)
}
