//! The benchmark engine behind `ipcctl bench`: two processes (fork) exchange messages over
//! one mechanism at a time; round trips give latency, one-way streaming gives throughput.
//!
//! - [`mech`]: how each mechanism creates its objects (names removed at once, so nothing
//!   outlives the run) and how each side sends and receives one message;
//! - [`runner`]: fork, CPU pinning, the measurement loops, the watchdog;
//! - [`stats`]: pure statistics (percentiles, outliers, bimodality);
//! - [`report`]: the serializable result (the JSON) and its typed flags;
//! - [`advice`]: rankings, findings and the decision tree, typed and pure;
//! - [`text`]: every word of the bench: the table, Markdown, `--compare`, the histogram,
//!   units, the summary and `--choose` answers;
//! - [`progress`]: a progress bar that never runs a thread (we fork);
//! - [`pacing`]: the schedule of the paced (open-loop) mode, pure;
//! - [`compare`]: saved runs and their comparison with the noise rule, pure;
//! - [`histogram`]: the buckets of the round trips (drawn as text by [`text`]);
//! - [`plot`]: an SVG drawing of the results (its captions and axis words are its own).
//!
//! Words still made here: the skip and failure reasons of a point and the notes of a
//! mechanism (buffer sizes), the progress line and the machine facts of the header.
//!
//! Every system call nix does not wrap safely, and the signal flags of a run, live in
//! `ipcctl_sys::bench`, the only place that may break the rules of safe Rust; this crate
//! forbids `unsafe`.

#![forbid(unsafe_code)]

pub(crate) use ipcctl_core::{render, units};
pub(crate) use ipcctl_sys as sys;

pub mod advice;
pub mod compare;
pub mod histogram;
pub mod host;
pub mod mech;
pub mod pacing;
pub mod plot;
pub mod progress;
pub mod report;
pub mod runner;
pub mod stats;
pub mod text;

use std::fmt;

use serde::{Deserialize, Serialize};

/// An IPC mechanism `ipcctl bench` can measure.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Mechanism {
    /// Two anonymous pipes
    Pipe,
    /// Two named pipes (FIFOs) in a temporary directory
    Fifo,
    /// A Unix stream socket pair
    UnixStream,
    /// A Unix datagram socket pair
    UnixDgram,
    /// A TCP connection over loopback (TCP_NODELAY)
    Tcp,
    /// Two POSIX message queues
    Pmq,
    /// One System V message queue (one message type per direction)
    Msg,
    /// System V shared memory, woken with futex wait/wake
    ShmFutex,
    /// POSIX shared memory with named semaphores (classic producer/consumer)
    PshmSem,
    /// Shared memory, busy-polling an atomic flag (cross-core only)
    ShmSpin,
    /// A MAP_SHARED file in a temporary directory, woken with futex
    MmapFile,
    /// Request/reply over POSIX queues: each side owns a queue, requests carry the reply
    /// queue's name
    Mailbox,
    /// Payload in shared memory, wake-ups by signal (kill + sigwaitinfo)
    Signal,
}

impl Mechanism {
    pub const ALL: [Mechanism; 13] = [
        Mechanism::Pipe,
        Mechanism::Fifo,
        Mechanism::UnixStream,
        Mechanism::UnixDgram,
        Mechanism::Tcp,
        Mechanism::Pmq,
        Mechanism::Msg,
        Mechanism::ShmFutex,
        Mechanism::PshmSem,
        Mechanism::ShmSpin,
        Mechanism::MmapFile,
        Mechanism::Mailbox,
        Mechanism::Signal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Mechanism::Pipe => "pipe",
            Mechanism::Fifo => "fifo",
            Mechanism::UnixStream => "unix-stream",
            Mechanism::UnixDgram => "unix-dgram",
            Mechanism::Tcp => "tcp",
            Mechanism::Pmq => "pmq",
            Mechanism::Msg => "msg",
            Mechanism::ShmFutex => "shm-futex",
            Mechanism::PshmSem => "pshm-sem",
            Mechanism::ShmSpin => "shm-spin",
            Mechanism::MmapFile => "mmap-file",
            Mechanism::Mailbox => "mailbox",
            Mechanism::Signal => "signal",
        }
    }

    /// The mechanisms asked for, in the order given, duplicates dropped; all when none.
    pub fn selection(asked: &[Mechanism]) -> Vec<Mechanism> {
        if asked.is_empty() {
            return Mechanism::ALL.to_vec();
        }
        let mut v: Vec<Mechanism> = Vec::new();
        for m in asked {
            if !v.contains(m) {
                v.push(*m);
            }
        }
        v
    }
}

impl fmt::Display for Mechanism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the two processes of one measurement run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Placement {
    /// Both pinned to the same CPU: every wake-up is a context switch.
    SameCore,
    /// Pinned to two different CPUs: every wake-up crosses cores (an IPI on a VM).
    CrossCore,
    /// Not pinned: the scheduler decides, often a mix of both (flagged when bimodal).
    Unpinned,
}

impl Placement {
    pub fn as_str(self) -> &'static str {
        match self {
            Placement::SameCore => "same-core",
            Placement::CrossCore => "cross-core",
            Placement::Unpinned => "unpinned",
        }
    }
}

impl fmt::Display for Placement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Default message sizes: a small message, a page, a pipe buffer.
pub const DEFAULT_SIZES: [usize; 3] = [64, 4096, 65536];
/// Largest message size accepted on the command line.
pub const MAX_SIZE: usize = 64 << 20;
/// Default round trips (and streamed messages) per measurement.
pub const DEFAULT_ITERATIONS: u64 = 10_000;
/// Without `--iterations`, a measurement phase also stops after this long.
pub const DEFAULT_PHASE_LIMIT: std::time::Duration = std::time::Duration::from_millis(250);

/// Parse a message size: `64`, `4K`, `4KiB`, `1M`, `1MiB` (binary units), between 1 byte and
/// [`MAX_SIZE`].
pub fn parse_size(s: &str) -> Result<usize, String> {
    // The one size syntax (crate::units), then the bench's own range.
    let bytes = crate::units::parse_size(s)?;
    match usize::try_from(bytes) {
        Ok(b) if b <= MAX_SIZE => Ok(b),
        _ => Err(format!("'{s}' is too large (at most 64M per message)")),
    }
}

/// Longest `--duration` accepted (per phase): a benchmark policy, below the longest
/// duration any option takes (`units::MAX_DURATION`).
pub const MAX_PHASE: std::time::Duration = std::time::Duration::from_secs(3600);
/// Highest `--rate` accepted, requests per second.
pub const MAX_RATE: f64 = 10_000_000.0;

/// Parse `--duration`: a humantime duration (`500ms`, `2s`), above 0 and at most
/// [`MAX_PHASE`]; anything else (including values too large to represent) is refused. The
/// one duration parser (`units`) with this option's range.
pub fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    crate::units::parse_duration_within(s, true, MAX_PHASE, "1h per phase")
}

/// Parse `--rate`: `N` or `N/s`, with an optional `k` or `M` multiplier (`50k/s`), between
/// 1 and [`MAX_RATE`] per second.
pub fn parse_rate(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let t = t.strip_suffix("/s").unwrap_or(t);
    let (num, mult) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (&t[..i], 1e3),
        Some((i, 'M')) => (&t[..i], 1e6),
        _ => (t, 1.0),
    };
    let n: f64 = num
        .parse()
        .map_err(|_| format!("'{s}' is not a rate (e.g. 1000/s, 50k/s)"))?;
    let r = n * mult;
    if !r.is_finite() || !(1.0..=MAX_RATE).contains(&r) {
        return Err(format!("'{s}' is out of range (1/s to 10M/s)"));
    }
    Ok(r)
}

/// What to measure and for how long; built by `cmd/bench.rs` from the command line.
#[derive(Debug, Clone)]
pub struct Config {
    pub mechanisms: Vec<Mechanism>,
    pub sizes: Vec<usize>,
    pub placements: Vec<Placement>,
    /// Round trips per latency measurement and messages per throughput measurement (an upper
    /// bound when `time_limit` is set).
    pub iterations: u64,
    /// Stop each phase after this long (`--duration`, or the default budget).
    pub time_limit: Option<std::time::Duration>,
    /// Round trips before the measured ones.
    pub warmup: u64,
    /// Paced mode: round trips started on a fixed schedule of this many per second.
    pub rate: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// bench's --duration and --timeout read the one duration syntax.
    #[test]
    fn durations_read_the_one_syntax() {
        assert_eq!(
            parse_duration(" 500ms"),
            crate::units::parse_duration(" 500ms")
        );
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("64"), Ok(64));
        assert_eq!(parse_size("4K"), Ok(4096));
        assert_eq!(parse_size("4kib"), Ok(4096));
        assert_eq!(parse_size("1M"), Ok(1 << 20));
        assert!(parse_size("0").is_err());
        assert!(parse_size("65M").is_err());
        assert!(parse_size("1T").is_err());
        assert!(parse_size("x").is_err());
        assert!(parse_size("99999999999999999999999").is_err());
    }

    #[test]
    fn durations_and_rates_are_bounded() {
        use std::time::Duration;
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("61min").is_err());
        assert!(parse_duration("300000000000y").is_err());
        assert!(parse_duration("99999999999999999999999s").is_err());
        assert!(parse_duration("soon").is_err());
        assert_eq!(parse_rate("1000/s"), Ok(1000.0));
        assert_eq!(parse_rate("50k/s"), Ok(50_000.0));
        assert_eq!(parse_rate("2M"), Ok(2_000_000.0));
        assert_eq!(
            parse_rate("0.5/s"),
            Err("'0.5/s' is out of range (1/s to 10M/s)".into())
        );
        assert!(parse_rate("20M/s").is_err());
        assert!(parse_rate("1e400").is_err());
        assert!(parse_rate("NaN").is_err());
        assert!(parse_rate("-5").is_err());
        assert!(parse_rate("fast").is_err());
    }

    #[test]
    fn names_match_clap() {
        use clap::ValueEnum;
        for m in Mechanism::ALL {
            let pv = m.to_possible_value().unwrap();
            assert_eq!(pv.get_name(), m.as_str());
        }
        assert_eq!(Mechanism::value_variants().len(), Mechanism::ALL.len());
    }
}
