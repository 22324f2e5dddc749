//! `ipcctl rm` (not built yet).

use super::Ctx;
use crate::cli::RmArgs;
use crate::error::{Error, Result};

pub fn run(_ctx: &Ctx, _args: RmArgs) -> Result<i32> {
    Err(Error::Failed("'ipcctl rm' is not implemented yet".into()))
}
