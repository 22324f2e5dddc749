//! `ipcctl top` through a real pseudo-terminal: it draws, sees a new object, quits on `q`
//! with exit 0, and leaves the terminal in the mode it found it.
//!
//! Every step waits for a state (a frame on the screen, the process gone, the bytes that
//! leave the alternate screen read back from the master), never for a fixed time: a reader
//! thread may lag behind the process by any amount on a loaded machine. Both pty ends are
//! opened close-on-exec, so processes other tests spawn meanwhile never inherit them.

use std::io::Read;
use std::os::fd::OwnedFd;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::termios::{LocalFlags, tcgetattr};

use crate::common::{BIN, ChildNs, require_root, run};

/// How long a state may take to show up before the test fails (a bound for a hung process,
/// not a timer the test races: every wait returns as soon as its state is there).
const PATIENCE: Duration = Duration::from_secs(20);

/// Wait until the screen text satisfies `ok`; panics with the screen after `PATIENCE`.
fn wait_for(screen: &Screen, what: &str, ok: impl Fn(&str) -> bool) {
    wait_for_text(screen, what, |text| {
        // Only the last frame counts.
        ok(text.rsplit("\x1b[2J").next().unwrap_or(""))
    });
}

/// Wait until everything read from the terminal so far satisfies `ok`.
fn wait_for_text(screen: &Screen, what: &str, ok: impl Fn(&str) -> bool) {
    let t0 = Instant::now();
    loop {
        let text = String::from_utf8_lossy(&screen.lock().unwrap()).into_owned();
        if ok(&text) {
            return;
        }
        let last = text.rsplit("\x1b[2J").next().unwrap_or("");
        assert!(
            t0.elapsed() < PATIENCE,
            "top never showed {what}; last frame:\n{last:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A pseudo-terminal whose two ends are close-on-exec from the start (`openpty(3)` makes
/// inheritable descriptors: a process spawned by a concurrent test would keep the slave open,
/// and the master would never see the end of the output).
pub fn open_pty() -> (OwnedFd, OwnedFd) {
    use nix::fcntl::OFlag;
    use std::os::unix::fs::OpenOptionsExt;
    let master =
        nix::pty::posix_openpt(OFlag::O_RDWR | OFlag::O_NOCTTY | OFlag::O_CLOEXEC).unwrap();
    nix::pty::grantpt(&master).unwrap();
    nix::pty::unlockpt(&master).unwrap();
    let path = nix::pty::ptsname_r(&master).unwrap();
    // std opens with O_CLOEXEC.
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOCTTY)
        .open(path)
        .unwrap();
    (OwnedFd::from(master), OwnedFd::from(slave))
}

/// The cells of the row of this owner and kind in a frame.
fn row(frame: &str, owner: &str, kind: &str) -> Option<Vec<String>> {
    frame
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .find_map(|l| {
            let cells: Vec<String> = l.split_whitespace().map(String::from).collect();
            (cells.len() == 10 && cells[0] == owner && cells[1] == kind).then_some(cells)
        })
}

type Screen = Arc<Mutex<Vec<u8>>>;

/// Start `ipcctl --ns PID top shm` on the pty's slave side (its controlling terminal), and a
/// thread that collects everything it draws.
fn spawn_in_pty(
    ns: &ChildNs,
    master: &OwnedFd,
    slave: &OwnedFd,
) -> (std::process::Child, Screen, std::thread::JoinHandle<()>) {
    let pid = ns.pid.to_string();
    spawn_args_in_pty(
        &["--ns", &pid, "top", "shm", "--interval", "200ms"],
        master,
        slave,
    )
}

/// Start `ipcctl ARGS` on the pty's slave side (its controlling terminal), and a thread that
/// collects everything it draws. The command (and its copies of the slave) is dropped here,
/// so the reader sees EOF once ipcctl ends.
fn spawn_args_in_pty(
    args: &[&str],
    master: &OwnedFd,
    slave: &OwnedFd,
) -> (std::process::Child, Screen, std::thread::JoinHandle<()>) {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave.try_clone().unwrap()));
    // SAFETY: only async-signal-safe calls (setsid, ioctl) between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            libc::ioctl(0, libc::TIOCSCTTY, 0);
            Ok(())
        });
    }
    let child = cmd.spawn().unwrap();
    let screen: Screen = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let screen = screen.clone();
        let mut m = std::fs::File::from(master.try_clone().unwrap());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = m.read(&mut buf) {
                if n == 0 {
                    break;
                }
                screen.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        })
    };
    (child, screen, reader)
}

fn wait_exit(child: &mut std::process::Child, what: &str) -> std::process::ExitStatus {
    let t0 = Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        assert!(t0.elapsed() < PATIENCE, "top did not quit on {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
#[ignore = "needs root: a private IPC namespace (unshare, setns)"]
fn top_quits_on_ctrl_c_with_130_and_restores_the_terminal() {
    require_root();
    let ns = ChildNs::empty();
    let (master, slave) = open_pty();
    let before = tcgetattr(&slave).unwrap();
    let (mut child, screen, reader) = spawn_in_pty(&ns, &master, &slave);
    wait_for(&screen, "the header", |f| f.contains("ipcctl top"));
    // ^C on the terminal: the line discipline sends SIGINT to top.
    nix::unistd::write(&master, b"\x03").unwrap();
    let status = wait_exit(&mut child, "Ctrl-C");
    assert_eq!(status.code(), Some(130));
    let after = tcgetattr(&slave).unwrap();
    assert_eq!(
        after.local_flags, before.local_flags,
        "terminal mode not restored"
    );
    drop(slave);
    drop(master);
    let _ = reader.join();
}

/// Regression (newcomer pass): SIGTERM (`kill`, `timeout`) left the terminal raw, in the
/// alternate screen with the cursor hidden. Without --ns (no root needed): top of the
/// caller's own view, ended by SIGTERM to its pid.
#[test]
fn top_restores_the_terminal_on_sigterm() {
    let (master, slave) = open_pty();
    let before = tcgetattr(&slave).unwrap();
    let (mut child, screen, reader) =
        spawn_args_in_pty(&["top", "shm", "--interval", "200ms"], &master, &slave);
    wait_for(&screen, "the header", |f| f.contains("ipcctl top"));
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    let status = wait_exit(&mut child, "SIGTERM");
    assert!(status.code().is_some(), "exited, not killed: {status:?}");
    let after = tcgetattr(&slave).unwrap();
    assert_eq!(
        after.local_flags, before.local_flags,
        "terminal mode not restored"
    );
    // The alternate screen is left and the cursor shown again.
    wait_for_text(&screen, "the screen restored", |t| {
        t.contains("\x1b[?25h\x1b[?1049l")
    });
    drop(slave);
    drop(master);
    let _ = reader.join();
}

#[test]
#[ignore = "needs root: a private IPC namespace (unshare, setns)"]
fn top_draws_updates_and_quits_on_q_in_a_pty() {
    require_root();
    let ns = ChildNs::empty();
    ns.create(&["shm", "--size", "4K"]);

    let (master, slave) = open_pty();
    let before = tcgetattr(&slave).unwrap();
    let (mut child, screen, reader) = spawn_in_pty(&ns, &master, &slave);

    wait_for(&screen, "the header and the first segment", |f| {
        f.contains("ipcctl top") && row(f, "root", "shm").is_some_and(|r| r[2] == "1")
    });
    // The terminal is in non-canonical, no-echo mode while top runs.
    let during = tcgetattr(&slave).unwrap();
    assert!(!during.local_flags.contains(LocalFlags::ICANON));

    ns.create(&["shm", "--size", "4K"]);
    ns.create(&["shm", "--size", "4K"]);
    wait_for(&screen, "two new segments", |f| {
        row(f, "root", "shm")
            .is_some_and(|r| r[2] == "3" && r[3] == "1" && r[4] == "+2" && r[7] == "+2")
    });

    // q quits with 0.
    nix::unistd::write(&master, b"q").unwrap();
    let status = wait_exit(&mut child, "q");
    assert_eq!(status.code(), Some(0));
    let after = tcgetattr(&slave).unwrap();
    assert_eq!(
        after.local_flags, before.local_flags,
        "terminal mode not restored"
    );
    assert!(
        after
            .local_flags
            .contains(LocalFlags::ICANON | LocalFlags::ECHO)
    );
    // The process is gone, but the reader thread may not have read its last bytes yet:
    // wait for them (this was the race behind "alternate screen not left").
    wait_for_text(
        &screen,
        "the alternate screen left and the cursor back",
        |t| t.ends_with("\x1b[?25h\x1b[?1049l"),
    );
    drop(slave);
    drop(master);
    let _ = reader.join();
}

#[test]
#[ignore = "needs root: a private IPC namespace (unshare, setns)"]
fn top_without_a_terminal_prints_snapshots() {
    require_root();
    let ns = ChildNs::empty();
    ns.create(&["sem"]);
    let o = run(&[
        "--ns",
        &ns.pid.to_string(),
        "top",
        "--interval",
        "100ms",
        "--iterations",
        "2",
    ]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(text.matches("ipcctl top").count(), 2, "{text}");
    assert!(
        !text.contains('\x1b'),
        "escape codes off a terminal: {text:?}"
    );
    assert!(row(&text, "root", "sem").is_some(), "{text}");
}
