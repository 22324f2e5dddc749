//! `ipcctl write REF [DATA]`: bytes into a shm or pshm segment, never past its end.

use super::Ctx;
use crate::cli::WriteArgs;
use crate::error::{Error, Result};
use crate::kinds::{self, info::Op};
use crate::model::Ref;

use crate::units::parse_offset;

pub fn run(ctx: &Ctx, a: WriteArgs) -> Result<i32> {
    let live = ctx.src.live()?;
    let r: Ref = ctx.resolve_ref(&a.reference)?;
    kinds::require(Op::Write, &r)?;
    let offset = parse_offset(&a.offset).map_err(|m| Error::usage(format!("--offset {m}")))?;
    // Input is bounded by what fits from --offset to the end, not by the whole segment: near
    // the end of a huge sparse segment the latter would read endless input into memory.
    let (size, why) = kinds::input_limit(live, &ctx.src, &r)?;
    let room = crate::ops::check_range(&r, size, offset, None)?;
    let limit = match offset {
        0 => (room, why),
        _ => (room, format!("{why} minus --offset {offset}")),
    };
    let data = super::input_bytes(a.data, a.file.as_deref(), &r, limit)?;
    kinds::write(live, &ctx.src, &r, offset, &data)?;
    if ctx.out.json {
        let me = r.to_string();
        crate::output::print_json(&crate::render::message::Sent {
            reference: &me,
            size_bytes: data.len(),
            mtype: None,
            priority: None,
            offset: Some(offset),
        })?;
    } else if ctx.out.verbose {
        ctx.out.warn(&format!(
            "{r}: wrote {} bytes at offset {offset}",
            data.len()
        ));
    }
    Ok(0)
}
