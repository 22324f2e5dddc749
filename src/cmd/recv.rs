//! `ipcctl recv` (not built yet).

use super::Ctx;
use crate::cli::RecvArgs;
use crate::error::{Error, Result};

pub fn run(_ctx: &Ctx, _args: RecvArgs) -> Result<i32> {
    Err(Error::Failed("'ipcctl recv' is not implemented yet".into()))
}
