//! `ipcctl limits`: kernel limits with current use.

use super::Ctx;
use crate::collect::{self, limits};
use crate::error::Result;
use crate::model::Kind;
use crate::output;
use crate::render;

pub fn run(ctx: &Ctx) -> Result<i32> {
    let mut inv = collect::collect(&ctx.src, &Kind::ALL);
    ctx.warn_all(&inv.warnings);
    // Queues whose name is gone but that a process keeps open count against queues_max and
    // RLIMIT_MSGQUEUE as much as named ones.
    inv.objects
        .extend(collect::holders::unlinked_queues(&ctx.src));
    let l = limits::collect(&ctx.src, &inv);
    ctx.warn_all(&l.warnings);
    // The `ipcs -u` summary: rows without a limit, after the limits (JSON: the same array,
    // `limit` null, so `.[] | select(.percent > 80)` keeps working).
    let summary = limits::summary(&inv);
    if ctx.out.json {
        let all: Vec<&crate::model::Limit> = l.limits.iter().chain(&summary).collect();
        output::print_json(&all)?;
    } else {
        output::print(&render::limits::table(&l.limits))?;
        output::print(&format!(
            "\nIn use (as ipcs -u):\n{}",
            render::limits::summary(&summary)
        ))?;
    }
    Ok(0)
}
