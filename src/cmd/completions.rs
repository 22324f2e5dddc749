//! `ipcctl completions SHELL`: shell completions generated from the clap definitions.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Result;

pub fn run(a: CompletionsArgs) -> Result<i32> {
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "ipcctl", &mut buf);
    crate::output::write_bytes(&buf)?;
    Ok(0)
}
