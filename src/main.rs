use clap::Parser;

use ipcctl::cli::Cli;

fn main() {
    ipcctl::output::tune_allocator();
    let cli = Cli::parse();
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
