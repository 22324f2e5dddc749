//! `ipcctl read` (not built yet).

use super::Ctx;
use crate::cli::ReadArgs;
use crate::error::{Error, Result};

pub fn run(_ctx: &Ctx, _args: ReadArgs) -> Result<i32> {
    Err(Error::Failed("'ipcctl read' is not implemented yet".into()))
}
