use clap::Parser;

use ipcctl::cli::Cli;

fn main() {
    ipcctl::output::tune_allocator();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
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
