//! Process-wide system calls nix offers only as `unsafe` or not at all: fork into a child
//! that leaves with `_exit`, the SIGINT flag handler, allocator tuning, fnmatch; and the one
//! place the page size and clock tick are asked for.

use std::ffi::CStr;
use std::sync::atomic::{AtomicBool, Ordering};

use nix::errno::Errno;
use nix::unistd::{ForkResult, Pid, SysconfVar, sysconf};

/// Why no child could be forked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForkError {
    /// The process runs other threads: a forked child could deadlock on their locks.
    Threads(usize),
    Errno(Errno),
}

impl std::fmt::Display for ForkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ForkError::Threads(n) => write!(
                f,
                "fork: the process runs {n} threads; ipcctl forks only when it runs one"
            ),
            ForkError::Errno(e) => write!(f, "fork: {}", e.desc()),
        }
    }
}

/// Threads of this process, from /proc/self/status (1 when unreadable: Linux always has it).
fn thread_count() -> usize {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Threads:"))
                .and_then(|v| v.trim().parse().ok())
        })
        .unwrap_or(1)
}

/// Fork; the child runs `child` and leaves with its return value through `_exit`, running no
/// destructor and no atexit handler (the parent's objects stay the parent's); the parent gets
/// the child's pid. Refused while other threads run, because a forked copy of a
/// multi-threaded process may only call async-signal-safe functions. The one fork of ipcctl
/// (private mounts, `--ns` children, the benchmark's peer).
pub fn fork_child(child: impl FnOnce() -> i32) -> Result<Pid, ForkError> {
    let threads = thread_count();
    if threads > 1 {
        return Err(ForkError::Threads(threads));
    }
    // SAFETY: the process runs a single thread (checked above), so the child may run any
    // code; it never returns from this function.
    match unsafe { nix::unistd::fork() } {
        Ok(ForkResult::Parent { child }) => Ok(child),
        Ok(ForkResult::Child) => {
            let code = child();
            // SAFETY: _exit ends the child without running the parent's destructors.
            unsafe { libc::_exit(code) }
        }
        Err(e) => Err(ForkError::Errno(e)),
    }
}

static STDOUT_CLOSED_AT_START: AtomicBool = AtomicBool::new(false);

/// Runs before `main` (and before the Rust runtime reopens closed standard descriptors as
/// /dev/null): remember whether fd 1 was closed when the process started (`cmd >&-`).
extern "C" fn record_stdout_at_start() {
    // SAFETY: F_GETFD on a descriptor number only reads its flags; it touches no memory.
    let closed = unsafe { libc::fcntl(1, libc::F_GETFD) } == -1;
    STDOUT_CLOSED_AT_START.store(closed, Ordering::SeqCst);
}

// SAFETY: a function pointer in .init_array is called once by the dynamic loader before main,
// with the usual (argc, argv, envp) arguments, which this function ignores; it only calls fcntl
// and stores to an atomic.
#[used]
#[unsafe(link_section = ".init_array")]
static RECORD_STDOUT_AT_START: extern "C" fn() = record_stdout_at_start;

/// Was stdout closed when the process started? (The Rust runtime then reopens it as
/// /dev/null, so writes would silently succeed; callers that must not lose data ask this.)
pub fn stdout_closed_at_start() -> bool {
    STDOUT_CLOSED_AT_START.load(Ordering::SeqCst)
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_sigint(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Install a SIGINT handler that only sets a flag and does not restart system calls, so a
/// blocked call returns EINTR. Idempotent.
pub fn install_sigint_flag() {
    use nix::sys::signal::{SaFlags, SigAction, SigHandler, SigSet, Signal, sigaction};
    let sa = SigAction::new(
        SigHandler::Handler(on_sigint),
        SaFlags::empty(),
        SigSet::empty(),
    );
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    let _ = unsafe { sigaction(Signal::SIGINT, &sa) };
}

/// Also set the SIGINT flag on SIGTERM (a service manager's stop): long-running commands
/// (`record`) end cleanly either way. Idempotent.
pub fn install_sigterm_flag() {
    use nix::sys::signal::{SaFlags, SigAction, SigHandler, SigSet, Signal, sigaction};
    let sa = SigAction::new(
        SigHandler::Handler(on_sigint),
        SaFlags::empty(),
        SigSet::empty(),
    );
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    let _ = unsafe { sigaction(Signal::SIGTERM, &sa) };
}

/// True once SIGINT arrived (after `install_sigint_flag`).
pub fn sigint_pending() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Keep large buffers on the heap instead of fresh mmaps, and do not trim eagerly: listing
/// reuses its buffers many times per call.
pub fn tune_allocator() {
    // SAFETY: mallopt only adjusts allocator parameters; called before any threads exist.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
    }
}

/// fnmatch(3) without flags: does `name` match the shell glob `pattern`?
pub fn fnmatch(pattern: &CStr, name: &CStr) -> bool {
    // SAFETY: both are valid NUL-terminated strings.
    unsafe { libc::fnmatch(pattern.as_ptr(), name.as_ptr(), 0) == 0 }
}

/// The width in columns of the terminal stdout is on; `None` when stdout is not a terminal or
/// the terminal does not say (a pty nobody sized reports 0).
pub fn stdout_terminal_columns() -> Option<usize> {
    let mut ws = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one `winsize` into `ws`, which outlives the call; on a
    // descriptor that is not a terminal it fails with ENOTTY and writes nothing.
    let r = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) };
    (r == 0 && ws.ws_col > 0).then_some(usize::from(ws.ws_col))
}

/// A shell glob, the one dialect ipcctl matches names with (`--name` and profiles' `glob`):
/// fnmatch(3) without flags, as the shell and `find -name` match. `*` and `?` also match
/// `/`, `[!...]`, `[^...]`, ranges and `[[:class:]]` work, `\` escapes the next character,
/// and a `[` without its `]` is literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob(std::ffi::CString);

impl Glob {
    /// `None` when the pattern holds a NUL byte (no name does).
    pub fn new(pattern: &str) -> Option<Glob> {
        std::ffi::CString::new(pattern).ok().map(Glob)
    }

    pub fn matches(&self, name: &str) -> bool {
        std::ffi::CString::new(name).is_ok_and(|n| fnmatch(&self.0, &n))
    }
}

/// The page size in bytes (4096 when it cannot be asked).
pub fn page_size() -> u64 {
    sysconf(SysconfVar::PAGE_SIZE)
        .ok()
        .flatten()
        .and_then(|v| u64::try_from(v).ok())
        .filter(|v| *v > 0)
        .unwrap_or(4096)
}

/// Clock ticks per second, the unit of /proc/PID/stat start times (100 when unknown).
pub fn clock_ticks() -> i64 {
    sysconf(SysconfVar::CLK_TCK)
        .ok()
        .flatten()
        .filter(|v| *v > 0)
        .unwrap_or(100)
}

/// Do tasks `a` and `b` share one file descriptor table? `kcmp(KCMP_FILES)`: one syscall,
/// so a thread that did `unshare(CLONE_FILES)` is told apart from its siblings without
/// listing every thread's descriptors. Errors (EPERM, a task gone) are the caller's to
/// weigh; a table that cannot be compared must be read.
pub fn same_fd_table(a: i32, b: i32) -> Result<bool, Errno> {
    const KCMP_FILES: libc::c_long = 2;
    // SAFETY: kcmp takes two pids, a type and two unused indexes by value; it reads no
    // memory of ours.
    let r = unsafe {
        libc::syscall(
            libc::SYS_kcmp,
            libc::c_long::from(a),
            libc::c_long::from(b),
            KCMP_FILES,
            0 as libc::c_long,
            0 as libc::c_long,
        )
    };
    if r < 0 {
        return Err(Errno::last());
    }
    Ok(r == 0)
}

/// The initial PID namespace's inode (PROC_PID_INIT_INO): `/proc/self/ns/pid` shows any
/// other inode in a nested PID namespace.
pub const INITIAL_PID_NS_INODE: u64 = 0xEFFF_FFFC;

/// This process's pid as the kernel gives it (for comparing with /proc/self).
pub fn my_pid() -> i32 {
    nix::unistd::getpid().as_raw()
}
