//! `ipcctl write` (not built yet).

use super::Ctx;
use crate::cli::WriteArgs;
use crate::error::{Error, Result};

pub fn run(_ctx: &Ctx, _args: WriteArgs) -> Result<i32> {
    Err(Error::Failed(
        "'ipcctl write' is not implemented yet".into(),
    ))
}
