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
    let cli = Cli::parse_from(args);
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
