//! `ipcctl limits`: kernel limits with current use.

use super::Ctx;
use crate::collect::{self, limits};
use crate::error::Result;
use crate::model::Kind;
use crate::output;
use crate::render;

pub fn run(ctx: &Ctx) -> Result<i32> {
    let inv = collect::collect(&ctx.src, &Kind::ALL);
    ctx.warn_all(&inv.warnings);
    let l = limits::collect(&ctx.src, &inv);
    ctx.warn_lines(&l.warnings);
    if ctx.out.json {
        output::print_json(&l.limits)?;
    } else {
        output::print(&render::limits::table(&l.limits))?;
    }
    Ok(0)
}
