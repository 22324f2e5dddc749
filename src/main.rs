use clap::Parser;

use ipcctl::cli::Cli;

fn main() {
    ipcctl::output::tune_allocator();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Hidden: live references for the shell completion scripts.
    if args.get(1).is_some_and(|a| a == "__complete") {
        std::process::exit(ipcctl::cmd::complete(&args[2..]));
    }
    if let Some(hint) = ipcctl::cli::ipcs_habit(&args) {
        eprintln!("ipcctl: {hint}");
        std::process::exit(ipcctl::error::EXIT_USAGE);
    }
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::{ContextKind, ContextValue, ErrorKind};
            let invalid = match e.get(ContextKind::InvalidArg) {
                Some(ContextValue::String(a)) => Some(a.as_str()),
                _ => None,
            };
            if matches!(
                e.kind(),
                ErrorKind::UnknownArgument | ErrorKind::MissingSubcommand
            ) && let Some(hint) = ipcctl::cli::habit_after_error(&args, invalid)
            {
                eprintln!("ipcctl: {hint}");
                std::process::exit(ipcctl::error::EXIT_USAGE);
            }
            std::process::exit(clap_exit(&e))
        }
    };
    let code = match ipcctl::cmd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            if !matches!(e, ipcctl::Error::BrokenPipe) {
                eprintln!("ipcctl: {}", ipcctl::output::sanitize(&e.to_string()));
            }
            e.exit_code()
        }
    };
    std::process::exit(code);
}

/// Print clap's help, version or usage error. Help that could not be written (`--help >
/// /dev/full`) is a failure, not a silent success.
fn clap_exit(e: &clap::Error) -> i32 {
    let code = e.exit_code();
    match e.print() {
        // `ipcctl --help | head`: the reader had enough.
        Err(io) if io.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(io) if code == 0 => {
            eprintln!("ipcctl: cannot write to standard output: {io}");
            ipcctl::error::EXIT_FAILED
        }
        Err(_) | Ok(()) => code,
    }
}
