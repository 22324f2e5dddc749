//! Runs one measurement point (mechanism, size, placement): pins the CPUs, forks the peer,
//! drives warm-up, round trips and one-way streaming from the parent, and makes sure a dead,
//! stuck or interrupted peer never hangs the run (SIGCHLD and a SIGALRM watchdog interrupt
//! blocking calls; the peer dies with its parent through PR_SET_PDEATHSIG).
//!
//! The wire protocol is the first payload byte: PING (echo it back), STREAM (no reply),
//! STREAM_END (reply once: the stream has been consumed), STOP (exit).

use std::panic::AssertUnwindSafe;

use nix::errno::Errno;
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::Pid;

use super::mech::{self, End, Pair, SetupError, Transport, Visit};
use super::pacing::Pacer;
use super::{Config, Mechanism, Placement};
use crate::sys::bench::cpu::{self, AffinityGuard};
use crate::sys::bench::now_ns;
use crate::sys::bench::process::fork_peer;
use crate::sys::bench::signals::{self as sys, Abort, SignalGuard};

const PING: u8 = 1;
const STREAM: u8 = 2;
const STREAM_END: u8 = 3;
const STOP: u8 = 4;

/// Seconds without progress before the watchdog gives up on a peer.
const WATCHDOG_SECS: u32 = 10;
/// Warm-up never takes longer than this.
const WARMUP_LIMIT_NS: u64 = 100_000_000;

/// Fault injection for tests (set by the binary's `hooks::bench` only with the `test-hooks`
/// feature; all off otherwise).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hooks {
    /// The peer kills itself with SIGKILL after this many messages.
    pub crash_after: Option<u64>,
    /// The client busy-waits so that every round trip and the stream take this many times
    /// as long (a known slowdown for testing `--compare`); 2 to 100.
    pub slowdown: Option<u32>,
}

/// One thing to measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub mechanism: Mechanism,
    pub size: usize,
    pub placement: Placement,
}

/// Raw observations of one point.
#[derive(Debug, Clone)]
pub struct Measurement {
    pub point: Point,
    /// CPUs of (client, server) when pinned.
    pub cpus: Option<(usize, usize)>,
    /// Round-trip times in nanoseconds, one per iteration.
    pub samples: Vec<u64>,
    pub stream_messages: u64,
    pub stream_ns: u64,
    pub note: String,
    /// Paced mode: sends that fell behind schedule.
    pub behind: Option<u64>,
    /// memcpy bandwidth at this size on the client's CPU, measured in this run.
    pub memcpy_bytes_per_s: f64,
}

/// What became of one point.
#[derive(Debug)]
pub enum Outcome {
    Done(Measurement),
    /// Cannot be measured as asked (size or placement); not an error.
    Skipped(String),
    Failed(String),
    Interrupted,
}

/// Owns the process-wide state of a run (signal handlers, the original CPU affinity) and
/// restores it when dropped.
pub struct Runner {
    cfg: Config,
    cpus: Vec<usize>,
    hooks: Hooks,
    memcpy: Vec<(usize, f64)>,
    affinity: AffinityGuard,
    _signals: SignalGuard,
}

impl Runner {
    pub fn new(cfg: Config, hooks: Hooks) -> Result<Runner, String> {
        let signals = SignalGuard::install()
            .map_err(|e| format!("cannot install signal handlers: {}", e.desc()))?;
        Ok(Runner {
            cfg,
            cpus: cpu::allowed_cpus(),
            hooks,
            memcpy: Vec::new(),
            affinity: AffinityGuard::save(),
            _signals: signals,
        })
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// CPUs used as (client, server) for a placement, if it can be honoured.
    pub fn cpus_for(&self, placement: Placement) -> Result<Option<(usize, usize)>, String> {
        let first = self.cpus.first().copied();
        match placement {
            Placement::Unpinned => Ok(None),
            Placement::SameCore => first
                .map(|c| Some((c, c)))
                .ok_or_else(|| "no usable CPU in this process's affinity mask".into()),
            Placement::CrossCore => match self.cpus.get(1) {
                Some(&b) => Ok(first.map(|a| (a, b))),
                None => Err(format!(
                    "cross-core needs two CPUs; this process may only use {}",
                    self.cpus
                        .iter()
                        .map(|c| format!("cpu {c}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            },
        }
    }

    /// Every point of the configuration, in run order.
    pub fn points(&self) -> Vec<Point> {
        let mut v = Vec::new();
        for &placement in &self.cfg.placements {
            for &mechanism in &self.cfg.mechanisms {
                for &size in &self.cfg.sizes {
                    v.push(Point {
                        mechanism,
                        size,
                        placement,
                    });
                }
            }
        }
        v
    }

    pub fn run(&mut self, p: Point) -> Outcome {
        if sys::interrupted() {
            return Outcome::Interrupted;
        }
        if p.mechanism == Mechanism::ShmSpin && p.placement != Placement::CrossCore {
            return Outcome::Skipped(format!(
                "shm-spin {}: busy-polling needs the two processes on two CPUs (on one \
                 CPU each side spins out its time slice, ~8 ms per round trip)",
                p.placement
            ));
        }
        let cpus = match self.cpus_for(p.placement) {
            Ok(c) => c,
            Err(e) => return Outcome::Skipped(format!("{} {}: {e}", p.mechanism, p.placement)),
        };
        match cpus {
            Some((client, _)) => {
                if let Err(e) = cpu::pin(client) {
                    return Outcome::Failed(format!("cannot pin to cpu {client}: {}", e.desc()));
                }
            }
            None => self.affinity.restore(),
        }
        // The copy ceiling of this size, once per run, on the client's CPU.
        let memcpy = match self.memcpy.iter().find(|(s, _)| *s == p.size) {
            Some(&(_, r)) => r,
            None => {
                let r = memcpy_rate(p.size);
                self.memcpy.push((p.size, r));
                r
            }
        };
        let v = PointRun {
            cfg: &self.cfg,
            point: p,
            cpus,
            hooks: self.hooks,
            memcpy,
        };
        match mech::setup(p.mechanism, p.size, v) {
            Ok(outcome) => outcome,
            Err(SetupError::Skip(why)) => Outcome::Skipped(why),
            Err(SetupError::Fail(why)) => Outcome::Failed(format!("{}: {why}", p.mechanism)),
        }
    }
}

/// Runs one point once the mechanism is set up (generic over the concrete end type).
struct PointRun<'a> {
    cfg: &'a Config,
    point: Point,
    cpus: Option<(usize, usize)>,
    hooks: Hooks,
    memcpy: f64,
}

/// memcpy bandwidth (bytes/s) between two `size`-byte buffers: the best of a few timed
/// batches of ~10 ms each (as many copies as fit), after one untimed batch.
pub fn memcpy_rate(size: usize) -> f64 {
    let src = vec![1u8; size];
    let mut dst = vec![0u8; size];
    let per_batch = ((8 << 20) / size).clamp(1, 100_000);
    let mut best = 0.0f64;
    for round in 0..4 {
        let t0 = now_ns();
        for i in 0..per_batch {
            dst.copy_from_slice(std::hint::black_box(&src));
            dst[i % size] = std::hint::black_box(i as u8);
        }
        std::hint::black_box(&dst);
        let ns = now_ns().saturating_sub(t0).max(1);
        if round > 0 {
            best = best.max(per_batch as f64 * size as f64 * 1e9 / ns as f64);
        }
    }
    best.round()
}

/// The forked peer; killed and reaped on drop unless it was reaped already.
struct Peer {
    pid: Pid,
    reaped: Option<WaitStatus>,
}

impl Peer {
    /// Wait up to `ms` for the peer to exit by itself.
    fn wait(&mut self, ms: u64) -> Option<WaitStatus> {
        if self.reaped.is_some() {
            return self.reaped;
        }
        let deadline = now_ns() + ms * 1_000_000;
        loop {
            match waitpid(self.pid, Some(WaitPidFlag::WNOHANG)) {
                Ok(WaitStatus::StillAlive) => {}
                Ok(st) => {
                    self.reaped = Some(st);
                    return self.reaped;
                }
                Err(Errno::EINTR) => {}
                Err(_) => return None,
            }
            if now_ns() > deadline {
                return None;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    fn describe_exit(&mut self) -> String {
        match self.wait(1000) {
            Some(WaitStatus::Exited(_, code)) => {
                format!("the peer process exited with status {code}")
            }
            Some(WaitStatus::Signaled(_, sig, _)) => {
                format!("the peer process was killed by {}", sig.as_str())
            }
            _ => "the peer process went away".into(),
        }
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        if self.reaped.is_none() {
            let _ = nix::sys::signal::kill(self.pid, nix::sys::signal::Signal::SIGKILL);
            while let Err(Errno::EINTR) = waitpid(self.pid, None) {}
        }
    }
}

impl Visit for PointRun<'_> {
    type Out = Outcome;

    fn visit<T: Transport>(self, pair: Pair<T>) -> Outcome {
        let Pair {
            mut client,
            mut server,
            note,
            mut cleanup,
        } = pair;
        // A late alarm of the previous point must not abort this one.
        sys::alarm(0);
        sys::reset_peer_flags();
        let parent = nix::unistd::getpid();
        // The child only runs the server loop, then leaves through _exit: the parent's
        // objects (and `cleanup`, unless the parent died) are left to the parent.
        let forked = fork_peer(|| {
            peer_main(
                &mut server,
                &mut cleanup,
                parent,
                self.cpus.map(|c| c.1),
                self.hooks.crash_after,
            )
        });
        let pid = match forked {
            Ok(pid) => pid,
            Err(e) => return Outcome::Failed(e.to_string()),
        };
        drop(server);
        let mut peer = Peer { pid, reaped: None };
        client.connected(pid);
        let result = drive(
            &mut client,
            self.cfg,
            self.hooks.slowdown,
            Watchdog::start(),
        );
        sys::alarm(0);
        let outcome = match result {
            Ok(Driven {
                samples,
                stream_messages,
                stream_ns,
                behind,
            }) => {
                match peer.wait(2000) {
                    Some(WaitStatus::Exited(_, 0)) => {}
                    _ => {
                        return Outcome::Failed(format!(
                            "{} {}: {}",
                            self.point.mechanism,
                            self.point.placement,
                            peer.describe_exit()
                        ));
                    }
                }
                Outcome::Done(Measurement {
                    point: self.point,
                    cpus: self.cpus,
                    samples,
                    stream_messages,
                    stream_ns,
                    note,
                    behind,
                    memcpy_bytes_per_s: self.memcpy,
                })
            }
            Err(e) => {
                let what = format!(
                    "{} {} B {}",
                    self.point.mechanism, self.point.size, self.point.placement
                );
                match sys::abort_reason() {
                    Some(Abort::Interrupted) => Outcome::Interrupted,
                    Some(Abort::PeerExited) => {
                        Outcome::Failed(format!("{what}: {}", peer.describe_exit()))
                    }
                    Some(Abort::TimedOut) => Outcome::Failed(format!(
                        "{what}: no progress for {WATCHDOG_SECS} s; gave up on the peer"
                    )),
                    None if e == Errno::EPIPE || e == Errno::ECONNRESET => {
                        Outcome::Failed(format!("{what}: {}", peer.describe_exit()))
                    }
                    None => Outcome::Failed(format!("{what}: {}", e.desc().to_lowercase())),
                }
            }
        };
        // The peer must be gone before the objects are removed and signal masks restored.
        drop(peer);
        drop(client);
        drop(cleanup);
        outcome
    }
}

/// The forked process: pin, serve, report by exit status. When the parent dies (even by
/// SIGKILL) the kernel sends us SIGTERM (PR_SET_PDEATHSIG); we then remove what only the
/// parent would have removed (a SysV message queue, the mailbox's reply name) and exit.
fn peer_main<T: Transport>(
    server: &mut End<T>,
    cleanup: &mut Vec<mech::Cleanup>,
    parent: Pid,
    cpu: Option<usize>,
    crash_after: Option<u64>,
) -> i32 {
    sys::child_signals();
    let _ = nix::sys::prctl::set_pdeathsig(nix::sys::signal::Signal::SIGTERM);
    let orphaned = || nix::unistd::getppid() != parent;
    let code = if orphaned() {
        3
    } else if cpu.is_some_and(|c| cpu::pin(c).is_err()) {
        4
    } else {
        server.connected(parent);
        match std::panic::catch_unwind(AssertUnwindSafe(|| serve(server, crash_after))) {
            Ok(Ok(())) => 0,
            Ok(Err(_)) => 1,
            Err(_) => 2,
        }
    };
    if orphaned() {
        cleanup.clear();
    }
    // Otherwise the parent removes them once we are gone (we leave through _exit, which
    // runs no destructor).
    code
}

fn serve<T: Transport>(e: &mut End<T>, crash_after: Option<u64>) -> Result<(), Errno> {
    let mut n: u64 = 0;
    loop {
        e.recv()?;
        n += 1;
        if crash_after == Some(n) {
            // Simulates a crash of the peer.
            let _ = nix::sys::signal::raise(nix::sys::signal::Signal::SIGKILL);
        }
        match e.payload()[0] {
            PING | STREAM_END => e.send()?,
            STREAM => {}
            _ => return Ok(()),
        }
    }
}

/// Re-arms the watchdog alarm at most once a second while there is progress.
struct Watchdog {
    last: u64,
    /// False in unit tests: no SIGALRM is ever set for the test process.
    armed: bool,
}

impl Watchdog {
    fn start() -> Watchdog {
        sys::alarm(WATCHDOG_SECS);
        Watchdog {
            last: now_ns(),
            armed: true,
        }
    }

    #[inline]
    fn tick(&mut self, now: u64) {
        if self.armed && now.wrapping_sub(self.last) > 1_000_000_000 {
            sys::alarm(WATCHDOG_SECS);
            self.last = now;
        }
    }
}

/// A signal (Ctrl-C, SIGCHLD, watchdog) may arrive while no call blocks, so no EINTR tells
/// us: look at the flag once per iteration.
#[inline]
fn check() -> Result<(), Errno> {
    if sys::aborting() {
        Err(Errno::EINTR)
    } else {
        Ok(())
    }
}

/// Mark the payload as `op`, touching its last byte too (the payload changes every time).
#[inline]
fn stamp<T: Transport>(e: &mut End<T>, op: u8, i: u64) {
    let p = e.payload();
    let last = p.len() - 1;
    p[last] = i as u8;
    p[0] = op;
}

/// What the client loop observed.
struct Driven {
    samples: Vec<u64>,
    stream_messages: u64,
    stream_ns: u64,
    behind: Option<u64>,
}

/// Busy-wait until `until` (the slowdown test hook; short waits of the paced mode).
#[inline]
fn spin_until(until: u64) -> Result<(), Errno> {
    let mut n = 0u32;
    while now_ns() < until {
        std::hint::spin_loop();
        n = n.wrapping_add(1);
        if n.is_multiple_of(1024) {
            check()?;
        }
    }
    Ok(())
}

/// Wait until `due`: sleep while it is far, spin the last 200 µs (a sleep overshoots).
fn wait_until(due: u64) -> Result<(), Errno> {
    const SPIN_NS: u64 = 200_000;
    loop {
        let now = now_ns();
        if now >= due {
            return Ok(());
        }
        if due - now <= SPIN_NS {
            return spin_until(due);
        }
        // Sleep in slices of at most 100 ms so that a signal is noticed soon.
        let nap = (due - now - SPIN_NS).min(100_000_000);
        std::thread::sleep(std::time::Duration::from_nanos(nap));
        check()?;
    }
}

/// The client: warm-up, timed round trips (closed-loop, or paced with `cfg.rate`), then
/// timed one-way streaming.
fn drive<T: Transport>(
    e: &mut End<T>,
    cfg: &Config,
    slowdown: Option<u32>,
    mut wd: Watchdog,
) -> Result<Driven, Errno> {
    let limit = cfg
        .time_limit
        .map(|d| d.as_nanos().min(u64::MAX as u128) as u64);

    // Warm-up: caches, page faults, scheduler and frequency settle.
    let w0 = now_ns();
    let mut warm = 0u64;
    while warm < cfg.warmup {
        stamp(e, PING, warm);
        e.send()?;
        e.recv()?;
        check()?;
        warm += 1;
        if warm.is_multiple_of(64) && now_ns() - w0 > WARMUP_LIMIT_NS {
            break;
        }
    }
    let warm_ns = (now_ns() - w0).max(1);

    // Round trips: one timestamp per iteration, samples into a preallocated vector.
    let per_ns = match cfg.rate {
        Some(r) => 1e-9 * r,
        None if warm > 0 => warm as f64 / warm_ns as f64,
        None => 0.0,
    };
    let capacity = match limit {
        Some(l) if per_ns > 0.0 => {
            let est = (l as f64 * per_ns) * 1.25 + 1024.0;
            est.min(cfg.iterations as f64).min((1u64 << 26) as f64) as usize
        }
        _ => cfg.iterations.min(1 << 26) as usize,
    };
    let mut samples: Vec<u64> = Vec::with_capacity(capacity);
    let start = now_ns();
    let mut i = 0u64;
    // One loop for both modes. Closed: a round trip starts when the previous one ended
    // (one timestamp per iteration). Paced: it waits for its due time on the schedule and
    // its latency counts from then (coordinated omission corrected).
    let mut pacer = cfg.rate.map(|rate| Pacer::new(start, rate));
    let mut ready = start;
    while i < cfg.iterations {
        let (due, t0) = match pacer.as_mut() {
            Some(p) => {
                wait_until(p.due())?;
                let due = p.begin(ready);
                (due, now_ns())
            }
            None => (ready, ready),
        };
        stamp(e, PING, i);
        e.send()?;
        e.recv()?;
        let mut t1 = now_ns();
        if let Some(f) = slowdown {
            t1 = t0 + (t1 - t0) * f as u64;
            spin_until(t1)?;
        }
        check()?;
        samples.push(t1 - due);
        ready = t1;
        i += 1;
        wd.tick(t1);
        if let Some(l) = limit
            && t1 - start >= l
        {
            break;
        }
    }
    let behind = pacer.map(|p| p.behind);

    // Streaming: a short warm-up stream, then the measured one.
    stream(
        e,
        (cfg.warmup / 10).max(1),
        Some(WARMUP_LIMIT_NS / 4),
        &mut wd,
    )?;
    let (count, mut ns) = stream(e, cfg.iterations, limit, &mut wd)?;
    if let Some(f) = slowdown {
        spin_until(now_ns() + ns * (f as u64 - 1))?;
        ns *= f as u64;
    }

    stamp(e, STOP, 0);
    e.send()?;
    Ok(Driven {
        samples,
        stream_messages: count,
        stream_ns: ns,
        behind,
    })
}

/// Send up to `n` messages one way (the last one marked STREAM_END) and wait for the
/// acknowledgement that all were consumed.
fn stream<T: Transport>(
    e: &mut End<T>,
    n: u64,
    limit: Option<u64>,
    wd: &mut Watchdog,
) -> Result<(u64, u64), Errno> {
    let t0 = now_ns();
    let mut i = 0u64;
    loop {
        i += 1;
        let mut last = i >= n;
        if i.is_multiple_of(16) {
            let t = now_ns();
            wd.tick(t);
            if let Some(l) = limit
                && t - t0 >= l
            {
                last = true;
            }
        }
        stamp(e, if last { STREAM_END } else { STREAM }, i);
        e.send()?;
        check()?;
        if last {
            break;
        }
    }
    e.recv()?;
    Ok((i, now_ns() - t0))
}

#[cfg(test)]
mod tests {
    //! The client loop against a mock transport (hyperfine's `MockExecutor` pattern): no
    //! fork, no kernel object, no signal; the mock answers like the peer's `serve` would and
    //! records every operation it was sent.
    use super::*;
    use crate::sys::bench::msg::Buf;

    /// A peer in the same thread: PING and STREAM_END are answered, STREAM is consumed,
    /// STOP is recorded. Each round trip costs `delay_ns` of busy waiting; after
    /// `fail_after` sends, `send` fails with EPIPE (a peer that went away).
    #[derive(Default)]
    struct Mock {
        sent: Vec<u8>,
        replies: usize,
        delay_ns: u64,
        fail_after: Option<usize>,
    }

    impl Transport for Mock {
        fn send(&mut self, buf: &mut Buf) -> Result<(), Errno> {
            if self.fail_after.is_some_and(|n| self.sent.len() >= n) {
                return Err(Errno::EPIPE);
            }
            let op = buf.payload_mut()[0];
            self.sent.push(op);
            if matches!(op, PING | STREAM_END) {
                self.replies += 1;
            }
            Ok(())
        }

        fn recv(&mut self, _buf: &mut Buf) -> Result<(), Errno> {
            if self.replies == 0 {
                // The real client would block forever: a bug in the loop.
                return Err(Errno::EDEADLK);
            }
            self.replies -= 1;
            let until = now_ns() + self.delay_ns;
            while now_ns() < until {
                std::hint::spin_loop();
            }
            Ok(())
        }
    }

    fn cfg(iterations: u64, rate: Option<f64>) -> Config {
        Config {
            mechanisms: vec![Mechanism::Pipe],
            sizes: vec![64],
            placements: vec![Placement::Unpinned],
            iterations,
            time_limit: None,
            warmup: 20,
            rate,
        }
    }

    fn quiet() -> Watchdog {
        Watchdog {
            last: now_ns(),
            armed: false,
        }
    }

    fn count(sent: &[u8], op: u8) -> usize {
        sent.iter().filter(|&&o| o == op).count()
    }

    #[test]
    fn closed_loop_measures_every_round_trip_then_streams_and_stops() {
        let mut e = End::new(Mock::default(), 64);
        let d = drive(&mut e, &cfg(100, None), None, quiet()).unwrap();
        assert_eq!(d.samples.len(), 100);
        assert_eq!(d.behind, None, "behind schedule is a paced-mode figure");
        assert_eq!(d.stream_messages, 100);
        let sent = &e.transport().sent;
        // 20 warm-up pings and 100 measured ones.
        assert_eq!(count(sent, PING), 120);
        // A warm-up stream of max(20 / 10, 1) = 2 and the measured one of 100, each ended
        // by one STREAM_END whose reply says the stream was consumed.
        assert_eq!(count(sent, STREAM), 1 + 99);
        assert_eq!(count(sent, STREAM_END), 2);
        assert_eq!(sent.last(), Some(&STOP), "the peer is told to stop, last");
        assert_eq!(e.transport().replies, 0, "every reply was read");
    }

    #[test]
    fn closed_loop_samples_are_the_round_trips() {
        let mut e = End::new(
            Mock {
                delay_ns: 200_000,
                ..Mock::default()
            },
            64,
        );
        let d = drive(&mut e, &cfg(20, None), None, quiet()).unwrap();
        assert!(d.samples.iter().all(|&s| s >= 200_000), "{:?}", d.samples);
    }

    #[test]
    fn the_slowdown_hook_multiplies_round_trips_and_the_stream() {
        let delay = 200_000;
        let mut e = End::new(
            Mock {
                delay_ns: delay,
                ..Mock::default()
            },
            64,
        );
        let d = drive(&mut e, &cfg(20, None), Some(3), quiet()).unwrap();
        assert!(d.samples.iter().all(|&s| s >= 3 * delay), "{:?}", d.samples);
        // The stream's one reply costs `delay`; tripled.
        assert!(d.stream_ns >= 3 * delay, "{}", d.stream_ns);
    }

    #[test]
    fn paced_loop_follows_the_schedule_and_counts_sends_behind_it() {
        // 2,000/s is one round trip due every 500 µs; each takes 50 µs. (Whether one falls
        // behind depends on the machine's load: not asserted.)
        let mut e = End::new(
            Mock {
                delay_ns: 50_000,
                ..Mock::default()
            },
            64,
        );
        let t0 = now_ns();
        let d = drive(&mut e, &cfg(20, Some(2000.0)), None, quiet()).unwrap();
        assert_eq!(d.samples.len(), 20);
        assert!(d.behind.is_some_and(|b| b < 20), "{:?}", d.behind);
        assert!(d.samples.iter().all(|&s| s >= 50_000), "{:?}", d.samples);
        assert!(
            now_ns() - t0 >= 19 * 500_000,
            "no round trip starts before it is due: the 20th is due 9.5 ms after the first"
        );
        // Each round trip takes 2 ms at 2,000/s: every send after the first is behind, and
        // latency counts from the due time, so it grows (coordinated omission corrected).
        let mut e = End::new(
            Mock {
                delay_ns: 2_000_000,
                ..Mock::default()
            },
            64,
        );
        let d = drive(&mut e, &cfg(10, Some(2000.0)), None, quiet()).unwrap();
        assert_eq!(d.behind, Some(9));
        assert!(
            d.samples.windows(2).all(|w| w[1] > w[0]),
            "queueing delay accumulates: {:?}",
            d.samples
        );
    }

    #[test]
    fn a_time_limit_ends_the_phases_early() {
        let mut c = cfg(1_000_000, None);
        c.time_limit = Some(std::time::Duration::from_millis(5));
        let mut e = End::new(
            Mock {
                delay_ns: 10_000,
                ..Mock::default()
            },
            64,
        );
        let d = drive(&mut e, &c, None, quiet()).unwrap();
        assert!(
            !d.samples.is_empty() && d.samples.len() < 1_000,
            "{}",
            d.samples.len()
        );
        assert!(d.stream_messages < 1_000_000);
        assert_eq!(e.transport().sent.last(), Some(&STOP));
    }

    #[test]
    fn a_peer_that_goes_away_is_an_error_not_a_hang() {
        let mut e = End::new(
            Mock {
                fail_after: Some(50),
                ..Mock::default()
            },
            64,
        );
        assert_eq!(
            drive(&mut e, &cfg(100, None), None, quiet()).err(),
            Some(Errno::EPIPE)
        );
        assert_eq!(e.transport().sent.len(), 50);
    }
}
