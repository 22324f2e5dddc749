//! `ipcctl read REF`: bytes of a shm or pshm segment, raw or as a hexdump.

use super::Ctx;
use crate::cli::ReadArgs;
use crate::error::{Error, Result};
use crate::kinds::{self, info::Op};
use crate::model::Ref;

use crate::output;
use crate::render::hexdump::hexdump;
use crate::units::{parse_offset, parse_size};

/// The most `read --json` puts into one JSON string.
const JSON_MAX: usize = 64 << 20;

pub fn run(ctx: &Ctx, a: ReadArgs) -> Result<i32> {
    let live = ctx.src.live()?;
    let r: Ref = ctx.resolve_ref(&a.reference)?;
    kinds::require(Op::Read, &r)?;
    let offset = parse_offset(&a.offset).map_err(|m| Error::usage(format!("--offset {m}")))?;
    let length = a
        .length
        .as_deref()
        .map(parse_size)
        .transpose()
        .map_err(|m| Error::usage(format!("--length {m}")))?;
    if ctx.out.json {
        // JSON carries the body in one string: collect it, but not without bound.
        let mut bytes = Vec::new();
        let mut sink = |chunk: &[u8]| -> Result<()> {
            if bytes.len() + chunk.len() > JSON_MAX {
                return Err(Error::object(
                    &r,
                    format!(
                        "more than {} to put into one JSON string; read a --length of at most that, or without --json",
                        crate::render::human_size(JSON_MAX as u64)
                    ),
                ));
            }
            bytes.extend_from_slice(chunk);
            Ok(())
        };
        kinds::read(live, &ctx.src, &r, offset, length, &mut sink)?;
        let me = r.to_string();
        let (encoding, body) = crate::render::message::encode_body(&bytes);
        output::print_json(&crate::render::message::ReadJson {
            reference: &me,
            offset,
            size_bytes: bytes.len(),
            encoding,
            body,
        })?;
    } else if a.hex {
        let mut at = offset;
        let mut sink = |chunk: &[u8]| -> Result<()> {
            output::print(&hexdump(chunk, at))?;
            at += chunk.len() as u64;
            Ok(())
        };
        kinds::read(live, &ctx.src, &r, offset, length, &mut sink)?;
    } else {
        let mut sink = |chunk: &[u8]| output::write_bytes(chunk);
        kinds::read(live, &ctx.src, &r, offset, length, &mut sink)?;
    }
    Ok(0)
}
