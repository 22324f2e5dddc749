//! `ipcctl sem` (not built yet).

use super::Ctx;
use crate::cli::SemArgs;
use crate::error::{Error, Result};

pub fn run(_ctx: &Ctx, _args: SemArgs) -> Result<i32> {
    Err(Error::Failed("'ipcctl sem' is not implemented yet".into()))
}
