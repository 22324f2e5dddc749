//! `ipcctl key PATH PROJ`: the System V key ftok(3) makes, so a script can write
//! `ipcctl show shm:$(ipcctl key /tmp A)`.

use super::Ctx;
use crate::cli::KeyArgs;
use crate::error::{Error, Result};
use crate::model::{Ftok, fmt_key, parse_proj};

pub fn run(ctx: &Ctx, a: KeyArgs) -> Result<i32> {
    let proj = parse_proj(&a.proj).map_err(Error::usage)?;
    let k = ctx.ftok_key(&Ftok { path: a.path, proj })?;
    if ctx.out.json {
        crate::output::print_json(&k)?;
    } else {
        crate::output::print(&format!("{}\n", fmt_key(k.key)))?;
        ctx.out.detail(&crate::render::objects::ftok_inputs(&k));
    }
    Ok(0)
}
