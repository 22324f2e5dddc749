//! `ipcctl top`: a refreshing view of objects per owner and kind, with what was created and
//! destroyed since the start and during the last interval, and the net rate per minute (a
//! leak shows as a steady positive rate).
//!
//! On a terminal: the alternate screen, redrawn every interval; stdin in non-canonical,
//! no-echo mode so a single `q` quits; Ctrl-C (SIGINT, exit 130) too. Whatever happens, a
//! guard restores the terminal's settings and screen. Not on a terminal: one plain snapshot
//! per interval, until `--iterations` or Ctrl-C.

use std::collections::{BTreeMap, HashSet};
use std::io::{IsTerminal, Write};
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use nix::sys::termios::{self, LocalFlags, SetArg, SpecialCharacterIndices, Termios};

use super::Ctx;
use crate::cli::TopArgs;
use crate::collect;
use crate::error::{Error, Result};
use crate::model::{Kind, Object};

/// What identifies one object across refreshes: only what never changes while it lives.
/// System V: kind and id (the kernel's ids carry a sequence number, so a new object rarely
/// gets an old id; ctime moves with SETVAL and IPC_SET, the key with IPC_RMID of an
/// attached segment). POSIX: device, inode and birth time (inodes are reused).
fn identity(o: &Object) -> String {
    match o.kind {
        k if k.is_sysv() => format!("{k}:{}", o.id.unwrap_or(-1)),
        k => format!(
            "{k}:{}:{}:{}",
            o.dev.unwrap_or(0),
            o.inode.unwrap_or(0),
            o.btime.unwrap_or(0)
        ),
    }
}

fn group(o: &Object) -> (String, Kind) {
    (o.owner_name(), o.kind)
}

/// Counters of one (owner, kind) row.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Row {
    pub now: u64,
    pub start: u64,
    pub created: u64,
    pub destroyed: u64,
    pub created_last: u64,
    pub destroyed_last: u64,
}

/// The state carried from one refresh to the next.
#[derive(Default)]
pub struct Tracker {
    first: Option<HashSet<String>>,
    prev: HashSet<String>,
    /// (owner, kind) of every object ever seen, by identity.
    seen: BTreeMap<String, (String, Kind)>,
    pub rows: BTreeMap<(String, Kind), Row>,
}

impl Tracker {
    /// Fold in one snapshot of objects.
    pub fn update(&mut self, objects: &[Object]) {
        let cur: HashSet<String> = objects.iter().map(identity).collect();
        for o in objects {
            self.seen.entry(identity(o)).or_insert_with(|| group(o));
        }
        for r in self.rows.values_mut() {
            r.now = 0;
            r.created_last = 0;
            r.destroyed_last = 0;
        }
        for o in objects {
            self.rows.entry(group(o)).or_default().now += 1;
        }
        match &self.first {
            None => {
                for o in objects {
                    self.rows.entry(group(o)).or_default().start += 1;
                }
                self.first = Some(cur.clone());
            }
            Some(_) => {
                for id in cur.difference(&self.prev) {
                    if let Some(g) = self.seen.get(id) {
                        let r = self.rows.entry(g.clone()).or_default();
                        r.created += 1;
                        r.created_last += 1;
                    }
                }
                for id in self.prev.difference(&cur) {
                    if let Some(g) = self.seen.get(id) {
                        let r = self.rows.entry(g.clone()).or_default();
                        r.destroyed += 1;
                        r.destroyed_last += 1;
                    }
                }
            }
        }
        self.prev = cur;
    }
}

/// One frame: a header and the table (rows with activity or objects only).
pub fn frame(t: &Tracker, elapsed: Duration, interval: Duration, where_: &str) -> String {
    let mins = elapsed.as_secs_f64() / 60.0;
    let rows = t
        .rows
        .iter()
        .filter(|(_, r)| r.now > 0 || r.created > 0 || r.destroyed > 0)
        .map(|((owner, kind), r)| {
            let net = r.created as i64 - r.destroyed as i64;
            let rate = if mins > 0.0 { net as f64 / mins } else { 0.0 };
            vec![
                crate::output::sanitize(owner),
                kind.to_string(),
                r.now.to_string(),
                r.start.to_string(),
                format!("{:+}", r.now as i64 - r.start as i64),
                format!("+{}", r.created_last),
                format!("-{}", r.destroyed_last),
                format!("+{}", r.created),
                format!("-{}", r.destroyed),
                format!("{rate:+.1}"),
            ]
        })
        .collect();
    let total: u64 = t.rows.values().map(|r| r.now).sum();
    let mut out = format!(
        "ipcctl top{where_} - every {} - running {} - {total} objects - q or Ctrl-C quits\n\n",
        humantime::format_duration(interval),
        crate::render::human_duration(elapsed.as_secs() as i64),
    );
    out.push_str(&crate::render::table::render(
        &[
            "OWNER",
            "KIND",
            "NOW",
            "START",
            "GROWTH",
            "NEW",
            "GONE",
            "NEW(ALL)",
            "GONE(ALL)",
            "NET/MIN",
        ],
        &[false, false, true, true, true, true, true, true, true, true],
        rows,
        true,
    ));
    out
}

/// One refresh as JSON (`top --json`: one object per line, per interval).
#[derive(Debug, serde::Serialize)]
struct JsonFrame<'a> {
    elapsed_seconds: f64,
    interval_seconds: f64,
    objects: u64,
    rows: Vec<JsonRow<'a>>,
}

#[derive(Debug, serde::Serialize)]
struct JsonRow<'a> {
    owner: &'a str,
    kind: Kind,
    now: u64,
    start: u64,
    created_last: u64,
    destroyed_last: u64,
    created: u64,
    destroyed: u64,
    net_per_minute: f64,
}

fn json_frame(t: &Tracker, elapsed: Duration, interval: Duration) -> Result<String> {
    let mins = elapsed.as_secs_f64() / 60.0;
    let rows = t
        .rows
        .iter()
        .filter(|(_, r)| r.now > 0 || r.created > 0 || r.destroyed > 0)
        .map(|((owner, kind), r)| {
            let net = r.created as i64 - r.destroyed as i64;
            JsonRow {
                owner,
                kind: *kind,
                now: r.now,
                start: r.start,
                created_last: r.created_last,
                destroyed_last: r.destroyed_last,
                created: r.created,
                destroyed: r.destroyed,
                net_per_minute: if mins > 0.0 { net as f64 / mins } else { 0.0 },
            }
        })
        .collect();
    let f = JsonFrame {
        elapsed_seconds: elapsed.as_secs_f64(),
        interval_seconds: interval.as_secs_f64(),
        objects: t.rows.values().map(|r| r.now).sum(),
        rows,
    };
    let mut line =
        serde_json::to_string(&f).map_err(|e| Error::Failed(format!("cannot encode JSON: {e}")))?;
    line.push('\n');
    Ok(line)
}

/// Terminal state to restore: stdin's termios, the alternate screen and the cursor.
struct Screen {
    saved: Termios,
}

impl Screen {
    fn enter() -> Result<Screen> {
        let stdin = std::io::stdin();
        let saved = termios::tcgetattr(stdin.as_fd())
            .map_err(|e| Error::Failed(format!("top: cannot read the terminal settings: {e}")))?;
        let mut raw = saved.clone();
        // Keys arrive one by one and are not echoed; ISIG stays on so Ctrl-C is SIGINT.
        raw.local_flags
            .remove(LocalFlags::ICANON | LocalFlags::ECHO);
        raw.control_chars[SpecialCharacterIndices::VMIN as usize] = 0;
        raw.control_chars[SpecialCharacterIndices::VTIME as usize] = 0;
        termios::tcsetattr(stdin.as_fd(), SetArg::TCSANOW, &raw)
            .map_err(|e| Error::Failed(format!("top: cannot set the terminal mode: {e}")))?;
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(b"\x1b[?1049h\x1b[?25l");
        let _ = out.flush();
        Ok(Screen { saved })
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(b"\x1b[?25h\x1b[?1049l");
        let _ = out.flush();
        let _ = termios::tcsetattr(std::io::stdin().as_fd(), SetArg::TCSANOW, &self.saved);
    }
}

/// Wait up to `d` for a key; true when `q` (or `Q`) was pressed.
fn wait_for_q(d: Duration) -> Result<bool> {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    let deadline = Instant::now() + d;
    loop {
        if crate::interrupt::pending() {
            return Err(Error::Interrupted);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(false);
        }
        let stdin = std::io::stdin();
        let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::POLLIN)];
        let ms =
            PollTimeout::try_from(left.as_millis().min(60_000) as i32).unwrap_or(PollTimeout::MAX);
        match poll(&mut fds, ms) {
            Ok(0) => {}
            Ok(_) => {
                let mut buf = [0u8; 64];
                match nix::unistd::read(stdin.as_fd(), &mut buf) {
                    Ok(0) => return Ok(true), // stdin closed: nobody can press q any more
                    Ok(n) => {
                        if buf[..n].iter().any(|b| *b == b'q' || *b == b'Q') {
                            return Ok(true);
                        }
                    }
                    Err(nix::errno::Errno::EINTR) | Err(nix::errno::Errno::EAGAIN) => {}
                    Err(e) => return Err(Error::Failed(format!("top: reading the keyboard: {e}"))),
                }
            }
            Err(nix::errno::Errno::EINTR) => {}
            Err(e) => return Err(Error::Failed(format!("top: poll: {e}"))),
        }
    }
}

fn sleep_interruptible(d: Duration) -> Result<()> {
    let deadline = Instant::now() + d;
    while Instant::now() < deadline {
        if crate::interrupt::pending() {
            return Err(Error::Interrupted);
        }
        std::thread::sleep(
            deadline
                .saturating_duration_since(Instant::now())
                .min(Duration::from_millis(100)),
        );
    }
    Ok(())
}

pub fn run(ctx: &Ctx, a: TopArgs) -> Result<i32> {
    if a.interval < Duration::from_millis(100) {
        return Err(Error::usage("--interval must be at least 100ms"));
    }
    let kinds = Kind::selection(&a.kinds);
    // --json: one JSON object per line and interval, never the full-screen view.
    let tty = !ctx.out.json && std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    // SIGTERM too: `timeout 60 ipcctl top` or a kill must not leave the terminal raw.
    crate::interrupt::install_with_term();
    let where_ = match &ctx.src.ns {
        Some(n) => format!(" ({n})"),
        None => String::new(),
    };
    let _screen = if tty { Some(Screen::enter()?) } else { None };
    let start = Instant::now();
    let mut t = Tracker::default();
    let mut warned: HashSet<crate::model::Warning> = HashSet::new();
    let mut n = 0u64;
    loop {
        let inv = collect::collect(&ctx.src, &kinds);
        t.update(&inv.objects);
        if ctx.out.json {
            for x in inv.warnings {
                if warned.insert(x.clone()) {
                    ctx.out.warn(&crate::render::warnings::text(&x));
                }
            }
            crate::output::print(&json_frame(&t, start.elapsed(), a.interval)?)?;
        } else if tty {
            let text = frame(&t, start.elapsed(), a.interval, &where_);
            // stderr lines would scroll the screen away: this refresh's warnings go under
            // the table instead.
            let mut w = String::new();
            for x in inv.warnings {
                w.push_str(&format!(
                    "\nwarning: {}",
                    crate::output::sanitize(&crate::render::warnings::text(&x))
                ));
            }
            crate::output::print(&format!("\x1b[H\x1b[2J{text}{w}"))?;
        } else {
            for x in inv.warnings {
                if warned.insert(x.clone()) {
                    ctx.out.warn(&crate::render::warnings::text(&x));
                }
            }
            let text = frame(&t, start.elapsed(), a.interval, &where_);
            crate::output::print(&format!("{text}\n"))?;
        }
        n += 1;
        if a.iterations.is_some_and(|max| n >= max) {
            return Ok(0);
        }
        if tty {
            if wait_for_q(a.interval)? {
                return Ok(0);
            }
        } else {
            sleep_interruptible(a.interval)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shm(id: i32, user: &str) -> Object {
        Object {
            kind: Kind::Shm,
            id: Some(id),
            key: Some(1),
            ctime: Some(5),
            user: Some(user.into()),
            ..Default::default()
        }
    }

    #[test]
    fn tracker_counts_creations_and_removals_per_owner() {
        let mut t = Tracker::default();
        t.update(&[shm(1, "a"), shm(2, "b")]);
        t.update(&[shm(1, "a"), shm(3, "a"), shm(4, "a")]);
        let a = &t.rows[&("a".to_string(), Kind::Shm)];
        assert_eq!((a.now, a.start, a.created, a.created_last), (3, 1, 2, 2));
        let b = &t.rows[&("b".to_string(), Kind::Shm)];
        assert_eq!((b.now, b.destroyed, b.destroyed_last), (0, 1, 1));
        t.update(&[shm(1, "a"), shm(3, "a"), shm(4, "a")]);
        let a = &t.rows[&("a".to_string(), Kind::Shm)];
        assert_eq!((a.created, a.created_last), (2, 0));
        let f = frame(&t, Duration::from_secs(60), Duration::from_secs(2), "");
        assert!(f.contains("every 2s"), "{f}");
        let row: Vec<&str> = f
            .lines()
            .find(|l| l.starts_with("a "))
            .unwrap()
            .split_whitespace()
            .collect();
        assert_eq!(
            row,
            ["a", "shm", "3", "1", "+2", "+0", "-0", "+2", "-0", "+2.0"]
        );
    }

    /// Issue 26.6: SETVAL or IPC_SET (a new ctime) and IPC_RMID of an attached keyed segment
    /// (key 0) are no creation and no removal.
    #[test]
    fn a_changed_ctime_or_key_is_the_same_object() {
        let mut t = Tracker::default();
        t.update(&[shm(1, "a")]);
        let mut changed = shm(1, "a");
        changed.ctime = Some(99);
        changed.key = Some(0);
        t.update(&[changed]);
        let a = &t.rows[&("a".to_string(), Kind::Shm)];
        assert_eq!((a.now, a.created, a.destroyed), (1, 0, 0));
        // A POSIX file with a new inode or birth time under the same name is another one.
        let p = |ino: u64, born: i64| Object {
            kind: Kind::Pshm,
            name: Some("/x".into()),
            dev: Some(1),
            inode: Some(ino),
            btime: Some(born),
            user: Some("a".into()),
            ..Default::default()
        };
        let mut t = Tracker::default();
        t.update(&[p(7, 10)]);
        t.update(&[p(7, 11)]);
        let a = &t.rows[&("a".to_string(), Kind::Pshm)];
        assert_eq!((a.now, a.created, a.destroyed), (1, 1, 1));
    }
}
