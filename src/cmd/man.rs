//! `ipcctl man DIR`: one man page per subcommand, generated from the clap definitions.

use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};
use crate::error::{Error, Result};

pub fn run(a: ManArgs) -> Result<i32> {
    std::fs::create_dir_all(&a.dir).map_err(|e| Error::io(&a.dir, e))?;
    clap_mangen::generate_to(Cli::command(), &a.dir).map_err(|e| Error::io(&a.dir, e))?;
    Ok(0)
}
