//! `ipcctl bench` (not built yet).

use super::Ctx;
use crate::cli::BenchArgs;
use crate::error::{Error, Result};

pub fn run(_ctx: &Ctx, _args: BenchArgs) -> Result<i32> {
    Err(Error::Failed(
        "'ipcctl bench' is not implemented yet".into(),
    ))
}
