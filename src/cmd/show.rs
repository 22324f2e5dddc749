//! `ipcctl show REF`: everything known about one object.

use super::Ctx;
use crate::cli::ShowArgs;
use crate::collect;
use crate::error::{Error, Result};
use crate::model::Ref;
use crate::output;
use crate::render::objects;

pub fn run(ctx: &Ctx, a: ShowArgs) -> Result<i32> {
    let r: Ref = a.reference.parse()?;
    let (obj, warnings) = collect::lookup(&ctx.src, &r, true);
    ctx.warn_all(&warnings);
    let o = obj.ok_or_else(|| Error::NotFound(r.to_string()))?;
    if ctx.out.json {
        output::print_json(&o)?;
    } else {
        output::print(&objects::details(&o, a.bytes))?;
    }
    Ok(0)
}
