//! `ipcctl create` (not built yet).

use super::Ctx;
use crate::cli::CreateArgs;
use crate::error::{Error, Result};

pub fn run(_ctx: &Ctx, _args: CreateArgs) -> Result<i32> {
    Err(Error::Failed(
        "'ipcctl create' is not implemented yet".into(),
    ))
}
