//! `ipcctl orphans` (not built yet).

use super::Ctx;
use crate::cli::OrphansArgs;
use crate::error::{Error, Result};

pub fn run(_ctx: &Ctx, _args: OrphansArgs) -> Result<i32> {
    Err(Error::Failed(
        "'ipcctl orphans' is not implemented yet".into(),
    ))
}
