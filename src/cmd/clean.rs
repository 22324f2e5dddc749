//! `ipcctl clean` (not built yet).

use super::Ctx;
use crate::cli::CleanArgs;
use crate::error::{Error, Result};

pub fn run(_ctx: &Ctx, _args: CleanArgs) -> Result<i32> {
    Err(Error::Failed(
        "'ipcctl clean' is not implemented yet".into(),
    ))
}
