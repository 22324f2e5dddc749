//! `ipcctl read REF`: bytes of a shm or pshm segment, raw or as a hexdump.

use super::Ctx;
use crate::cli::ReadArgs;
use crate::error::{Error, Result};
use crate::model::{Kind, Ref};
use crate::ops::{self, segment};
use crate::output;
use crate::render::hexdump::hexdump;
use crate::units::{parse_offset, parse_size};

pub fn run(ctx: &Ctx, a: ReadArgs) -> Result<i32> {
    ctx.require_live("read")?;
    let r: Ref = a.reference.parse()?;
    ops::require_kind(
        "read",
        &r,
        &[Kind::Shm, Kind::Pshm],
        "shm and pshm segments",
    )?;
    let offset = parse_offset(&a.offset).map_err(|m| Error::usage(format!("--offset {m}")))?;
    let length = a
        .length
        .as_deref()
        .map(parse_size)
        .transpose()
        .map_err(|m| Error::usage(format!("--length {m}")))?;
    let bytes = segment::read(&ctx.src, &r, offset, length)?;
    if ctx.out.json {
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
        output::print(&hexdump(&bytes, offset))?;
    } else {
        output::write_bytes(&bytes)?;
    }
    Ok(0)
}
