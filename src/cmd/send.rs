//! `ipcctl send` (not built yet).

use super::Ctx;
use crate::cli::SendArgs;
use crate::error::{Error, Result};

pub fn run(_ctx: &Ctx, _args: SendArgs) -> Result<i32> {
    Err(Error::Failed("'ipcctl send' is not implemented yet".into()))
}
