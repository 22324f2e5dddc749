//! `--save` and `--compare`: a saved run is the JSON results plus the machine header and the
//! parameters; a comparison gives, per point present in both runs, the ratio of the p50
//! round trip and of the streaming throughput (now / saved), and decides whether each
//! change exceeds the run-to-run noise.
//!
//! The noise rule (pure, [`judge`]):
//! - latency: a change is significant when the interquartile ranges [p25, p75] of the two
//!   runs do not overlap (the spread within each run does not explain it) *and* the p50s
//!   differ by a factor of at least [`MIN_CHANGE`] (1.5×) either way: repeat runs on a
//!   shared VM drift between runs even when each run is tight (measured here: pipe 64 B
//!   same-core at 5.5 µs, then 7.3 µs a minute later, IQRs apart), so the spread within a
//!   run alone would call that drift a change;
//! - throughput: one figure per run, no spread to test against, so only a change by
//!   [`THROUGHPUT_CHANGE`] (1.5×) either way counts.

use serde::{Deserialize, Serialize};

use super::report::BenchResult;
use super::{Mechanism, Placement};

/// What `--save` writes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedRun {
    /// `ipcctl-bench-run/1`.
    pub format: String,
    /// The machine header lines, as printed.
    pub header: Vec<String>,
    pub parameters: Parameters,
    pub results: Vec<BenchResult>,
}

pub const FORMAT: &str = "ipcctl-bench-run/1";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Parameters {
    pub sizes: Vec<usize>,
    pub placements: Vec<Placement>,
    pub iterations: Option<u64>,
    pub duration_ms: Option<u64>,
    pub warmup: u64,
    pub rate_per_s: Option<f64>,
}

/// Smallest latency change (a factor either way on the p50) that can be significant.
pub const MIN_CHANGE: f64 = 1.5;
/// Throughput ratio beyond which (or below whose inverse) a change is significant.
pub const THROUGHPUT_CHANGE: f64 = 1.5;

/// The verdict on one measure of one point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// Within the noise.
    Same,
    /// Significantly better (lower latency, higher throughput).
    Better,
    /// Significantly worse.
    Worse,
}

/// One point of both runs.
#[derive(Debug, Clone, Serialize)]
pub struct Compared {
    pub mechanism: Mechanism,
    pub size_bytes: u64,
    pub placement: Placement,
    pub saved_p50_ns: u64,
    pub p50_ns: u64,
    /// now / saved.
    pub latency_ratio: f64,
    pub latency: Change,
    pub saved_bytes_per_s: f64,
    pub bytes_per_s: f64,
    /// now / saved.
    pub throughput_ratio: f64,
    pub throughput: Change,
    /// Either measure changed significantly.
    pub significant: bool,
}

/// The latency verdict from the quartiles of the saved and the new run.
pub fn judge(saved: (u64, u64, u64), now: (u64, u64, u64)) -> Change {
    let (s25, s50, s75) = saved;
    let (n25, n50, n75) = now;
    let overlap = n25 <= s75 && s25 <= n75;
    let ratio = n50 as f64 / s50.max(1) as f64;
    if overlap || (ratio < MIN_CHANGE && ratio > 1.0 / MIN_CHANGE) {
        Change::Same
    } else if ratio > 1.0 {
        Change::Worse
    } else {
        Change::Better
    }
}

/// The throughput verdict from the two rates.
pub fn judge_throughput(saved: f64, now: f64) -> Change {
    if saved <= 0.0 || now <= 0.0 {
        return Change::Same;
    }
    let r = now / saved;
    if r >= THROUGHPUT_CHANGE {
        Change::Better
    } else if r <= 1.0 / THROUGHPUT_CHANGE {
        Change::Worse
    } else {
        Change::Same
    }
}

/// Compare every point of `now` that the saved run also has (same mechanism, size,
/// placement), in the order of `now`.
pub fn compare(saved: &SavedRun, now: &[BenchResult]) -> Vec<Compared> {
    now.iter()
        .filter_map(|n| {
            let s = saved.results.iter().find(|s| {
                (s.mechanism, s.size_bytes, s.placement) == (n.mechanism, n.size_bytes, n.placement)
            })?;
            let latency = judge(
                (s.p25_ns, s.p50_ns, s.p75_ns),
                (n.p25_ns, n.p50_ns, n.p75_ns),
            );
            let throughput = judge_throughput(s.bytes_per_s, n.bytes_per_s);
            Some(Compared {
                mechanism: n.mechanism,
                size_bytes: n.size_bytes,
                placement: n.placement,
                saved_p50_ns: s.p50_ns,
                p50_ns: n.p50_ns,
                latency_ratio: ratio(n.p50_ns as f64, s.p50_ns as f64),
                latency,
                saved_bytes_per_s: s.bytes_per_s,
                bytes_per_s: n.bytes_per_s,
                throughput_ratio: ratio(n.bytes_per_s, s.bytes_per_s),
                throughput,
                significant: latency != Change::Same || throughput != Change::Same,
            })
        })
        .collect()
}

fn ratio(now: f64, saved: f64) -> f64 {
    if saved > 0.0 {
        (now / saved * 1000.0).round() / 1000.0
    } else {
        0.0
    }
}

fn word(c: Change, ratio: f64) -> String {
    match c {
        Change::Same => format!("{ratio:.2}x"),
        Change::Better => format!("{ratio:.2}x better"),
        Change::Worse => format!("{ratio:.2}x WORSE"),
    }
}

/// The comparison as a table.
pub fn table(file: &str, rows: &[Compared], unmatched: usize) -> String {
    use super::report::{fmt_bytes_rate, fmt_ns};
    let headers = [
        "MECHANISM",
        "SIZE",
        "PLACEMENT",
        "SAVED P50",
        "P50",
        "LATENCY",
        "SAVED BYTES/S",
        "BYTES/S",
        "THROUGHPUT",
    ];
    let right = [false, true, false, true, true, true, true, true, true];
    let body = rows
        .iter()
        .map(|c| {
            vec![
                c.mechanism.to_string(),
                crate::render::human_size(c.size_bytes),
                c.placement.to_string(),
                fmt_ns(c.saved_p50_ns as f64),
                fmt_ns(c.p50_ns as f64),
                word(c.latency, c.latency_ratio),
                fmt_bytes_rate(c.saved_bytes_per_s),
                fmt_bytes_rate(c.bytes_per_s),
                word(c.throughput, c.throughput_ratio),
            ]
        })
        .collect();
    let mut out = format!("\nCompared with {file} (now / saved):\n");
    out.push_str(&crate::render::table::render(&headers, &right, body, true));
    let changed = rows.iter().filter(|c| c.significant).count();
    out.push_str(&format!(
        "{changed} of {} points changed beyond the noise (latency: p25-p75 ranges apart and \
         p50 {MIN_CHANGE}x or more apart; throughput: {THROUGHPUT_CHANGE}x or more).\n",
        rows.len(),
    ));
    if unmatched > 0 {
        out.push_str(&format!(
            "{unmatched} points of this run are not in the saved run.\n"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_rule() {
        // Overlapping quartiles: never significant, whatever the p50s.
        assert_eq!(judge((900, 1000, 1600), (1500, 1700, 2000)), Change::Same);
        // Apart, but by less than 1.5x: drift, not a change.
        assert_eq!(judge((950, 1000, 1050), (1300, 1400, 1450)), Change::Same);
        assert_eq!(judge((950, 1000, 1050), (700, 700, 700)), Change::Same);
        // Apart and 2x: significant, in the right direction.
        assert_eq!(judge((950, 1000, 1050), (1900, 2000, 2100)), Change::Worse);
        assert_eq!(judge((1900, 2000, 2100), (950, 1000, 1050)), Change::Better);
        // A zero saved p50 does not divide by zero.
        assert_eq!(judge((0, 0, 0), (10, 10, 10)), Change::Worse);
    }

    #[test]
    fn throughput_rule() {
        assert_eq!(judge_throughput(1e9, 1.2e9), Change::Same);
        assert_eq!(judge_throughput(1e9, 0.8e9), Change::Same);
        assert_eq!(judge_throughput(1e9, 0.5e9), Change::Worse);
        assert_eq!(judge_throughput(1e9, 2e9), Change::Better);
        assert_eq!(judge_throughput(0.0, 2e9), Change::Same);
    }
}
