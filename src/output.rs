//! Writing to stdout and stderr: data to stdout (a reader that went away ends quietly; a
//! stdout closed from the start is an error), diagnostics to stderr, every human-facing
//! string through `render::sanitize`.

use std::io::{IsTerminal, Write};

use crate::cli::{ColorChoice, GlobalOpts};
use crate::error::{Error, Result};

/// How output should look for this invocation.
#[derive(Debug, Clone)]
pub struct Output {
    pub json: bool,
    pub color: bool,
    pub quiet: bool,
    pub verbose: bool,
    /// stdout is a terminal (progress bars and colour only then).
    pub tty: bool,
    /// How wide wide tables (`limits`, `bench`) may be: the terminal's width (`COLUMNS`
    /// overrides it; 80 when the terminal does not say); in a pipe, `COLUMNS` if set, else
    /// no limit (scripts get whole lines).
    pub width: Option<usize>,
}

impl Output {
    pub fn new(g: &GlobalOpts) -> Output {
        let tty = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match g.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color && !g.json,
        };
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|c| *c > 0);
        let width = if tty {
            columns
                .or_else(crate::sys::process::stdout_terminal_columns)
                .or(Some(80))
        } else {
            columns
        };
        Output {
            json: g.json,
            color,
            quiet: g.quiet,
            verbose: g.verbose,
            tty,
            width,
        }
    }

    /// Show progress bars only for a person watching a terminal.
    pub fn progress(&self) -> bool {
        self.tty && !self.json && !self.quiet && std::env::var_os("NO_COLOR").is_none()
    }

    /// One diagnostic line on stderr (suppressed by --quiet).
    pub fn warn(&self, msg: &str) {
        if !self.quiet {
            eprintln!("ipcctl: warning: {}", sanitize(msg));
        }
    }

    /// One note on stderr (suppressed by --quiet): something to know that is not wrong.
    pub fn note(&self, msg: &str) {
        if !self.quiet {
            eprintln!("ipcctl: note: {}", sanitize(msg));
        }
    }

    /// One line of detail on stderr, only with --verbose.
    pub fn detail(&self, msg: &str) {
        if self.verbose && !self.quiet {
            eprintln!("ipcctl: {}", sanitize(msg));
        }
    }

    /// One error line on stderr (never suppressed).
    pub fn error(&self, msg: &str) {
        eprintln!("ipcctl: {}", sanitize(msg));
    }
}

/// ipcctl is a short-lived process that builds a few large buffers (the /proc text, the
/// objects, the table). By default glibc serves each large buffer with its own mmap and
/// unmaps it on free, so every buffer is page-faulted in afresh; on a VM each first touch is
/// expensive (a 2000-segment listing took ~900 faults). Keeping large blocks on the heap and
/// never trimming it lets freed memory be reused.
pub fn tune_allocator() {
    crate::sys::process::tune_allocator();
}

/// Can data written to stdout still arrive? `Err` says why not: closed (`>&-`), or a pipe
/// whose reader is gone. (A full disk or /dev/full shows only when writing.)
///
/// A closed stdout does not stay closed: the Rust runtime reopens fds 0-2 as /dev/null
/// before `main`, so whether it was closed is recorded before that (`sys::process`).
pub fn stdout_usable() -> std::result::Result<(), &'static str> {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    if crate::sys::process::stdout_closed_at_start() {
        return Err("is closed");
    }
    let out = std::io::stdout();
    let fd = std::os::fd::AsFd::as_fd(&out);
    if nix::sys::stat::fstat(fd).is_err() {
        return Err("is closed");
    }
    let mut fds = [PollFd::new(fd, PollFlags::POLLOUT)];
    if poll(&mut fds, PollTimeout::ZERO).is_ok()
        && let Some(ev) = fds[0].revents()
        && ev.intersects(PollFlags::POLLERR | PollFlags::POLLHUP | PollFlags::POLLNVAL)
    {
        return Err("has no reader (broken pipe)");
    }
    Ok(())
}

/// Write data to stdout. A reader that went away (`| head`) is `Error::BrokenPipe`, which
/// exits 0 without a message.
pub fn print(text: &str) -> Result<()> {
    write_bytes(text.as_bytes())
}

/// Write data to stdout through `f`, buffered (a long listing is written as it is made, never
/// held whole). A reader that went away is `Error::BrokenPipe`, as for [`print`].
pub fn print_with(
    f: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> Result<()> {
    refuse_closed_stdout()?;
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    f(&mut w)
        .and_then(|_| w.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Error::BrokenPipe,
            _ => Error::io("<stdout>", e),
        })
}

/// A closed stdout (`>&-`) is an error, not a place to drop data: asked once per process.
fn refuse_closed_stdout() -> Result<()> {
    if crate::sys::process::stdout_closed_at_start() {
        return Err(Error::Failed("standard output is closed".into()));
    }
    Ok(())
}

/// Write raw bytes to stdout (message bodies, segment contents).
pub fn write_bytes(bytes: &[u8]) -> Result<()> {
    refuse_closed_stdout()?;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Error::BrokenPipe,
            _ => Error::io("<stdout>", e),
        })
}

/// Print a value as JSON followed by a newline: indented for a person at a terminal,
/// compact for a program reading a pipe (a large listing serializes twice as fast).
pub fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<()> {
    refuse_closed_stdout()?;
    let pretty = std::io::stdout().is_terminal();
    let out = std::io::stdout().lock();
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, out);
    let r = if pretty {
        serde_json::to_writer_pretty(&mut w, value)
    } else {
        serde_json::to_writer(&mut w, value)
    };
    r.map_err(|e| match e.io_error_kind() {
        Some(std::io::ErrorKind::BrokenPipe) => Error::BrokenPipe,
        _ => Error::Failed(format!("cannot write JSON: {e}")),
    })?;
    w.write_all(b"\n")
        .and_then(|_| w.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Error::BrokenPipe,
            _ => Error::io("<stdout>", e),
        })
}

/// Replace the file `path` with `data`: the one way ipcctl writes a file (`metrics
/// --textfile`, `bench --save` and `--plot`, `man DIR`). The parent directory is opened once;
/// inside it a file with a random name is created with `O_CREAT|O_EXCL|O_NOFOLLOW` (a
/// symlink or file planted under any name is never followed or reused), written, fsynced and
/// renamed over `path` (a symlink at `path` is replaced, not followed). On any failure (a
/// full disk) the temporary file is removed and the previous `path` is left as it was.
///
/// tempfile makes the random name and removes the file on failure; it takes paths, so the
/// opened directory is named through its `/proc/self/fd` link: every step resolves
/// relative to that one directory, even if its path is swapped meanwhile.
pub fn write_file(path: &std::path::Path, data: &[u8]) -> Result<()> {
    write_file_mode(path, data, None)
}

/// `write_file`, with the file's mode set to exactly `mode` (whatever the umask) when given:
/// a metrics textfile must be readable by node_exporter under `umask 077` too.
pub fn write_file_mode(path: &std::path::Path, data: &[u8], mode: Option<u32>) -> Result<()> {
    use nix::fcntl::OFlag;
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    let name = path
        .file_name()
        .ok_or_else(|| Error::usage(format!("{}: not a file name", path.display())))?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let dir = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags((OFlag::O_DIRECTORY | OFlag::O_CLOEXEC).bits())
        .open(parent)
        .map_err(|e| Error::io(parent, e))?;
    let via = std::path::PathBuf::from(format!("/proc/self/fd/{}", dir.as_raw_fd()));
    // Dropped (and so removed) before `dir` is closed, on every early return.
    let mut tmp = tempfile::Builder::new()
        .prefix(".ipcctl.")
        .suffix(".tmp")
        .make_in(&via, |p| {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o666)
                .custom_flags((OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC).bits())
                .open(p)
        })
        .map_err(|e| Error::io(parent, e))?;
    if let Some(m) = mode {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(m))
            .map_err(|e| Error::io(path, e))?;
    }
    tmp.as_file_mut()
        .write_all(data)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::io(path, e))?;
    tmp.persist(via.join(name))
        .map_err(|e| Error::io(path, e.error))?;
    // The rename is durable once the directory is.
    dir.sync_all().map_err(|e| Error::io(parent, e))
}

pub use crate::render::{sanitize, sanitize_cow};
