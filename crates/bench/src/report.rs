//! The serializable result of one measurement point (JSON for scripts, fixed field names)
//! and its typed flags. Raw values are integer nanoseconds and bytes; `text` makes
//! the table, the Markdown and every `2.13 µs` or `1.2 GiB/s`.

use serde::{Deserialize, Serialize};

use super::runner::Measurement;
use super::stats::{self, Bimodal, Summary};
use super::{Mechanism, Placement};

/// Flag a result whose outliers exceed this fraction of the samples.
pub const OUTLIER_FLAG: f64 = 0.02;

/// One line of the report (and one object of the JSON array).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BenchResult {
    pub mechanism: Mechanism,
    pub size_bytes: u64,
    pub placement: Placement,
    /// CPUs of the client and the server process, when pinned.
    pub cpus: Option<[usize; 2]>,
    /// Measured round trips.
    pub iterations: u64,
    pub min_ns: u64,
    /// Quartiles of the round trips: the spread `--compare` judges changes against.
    pub p25_ns: u64,
    pub p50_ns: u64,
    pub p75_ns: u64,
    pub p99_ns: u64,
    pub p999_ns: u64,
    pub max_ns: u64,
    pub mean_ns: f64,
    pub stddev_ns: f64,
    /// One-way streaming throughput.
    pub msgs_per_s: f64,
    pub bytes_per_s: f64,
    pub stream_messages: u64,
    /// memcpy bandwidth at this size, measured in the same run: the ceiling for
    /// shared-memory throughput.
    pub memcpy_bytes_per_s: f64,
    /// Paced mode: the schedule (round trips per second) and how many sends fell behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_per_s: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub behind_schedule: Option<u64>,
    /// Round trips with a modified z-score above 3.5.
    pub outliers: u64,
    /// Set when the round trips form two clusters: then mean and stddev describe neither.
    pub bimodal: Option<Bimodal>,
    /// Buffer settings and the like.
    pub note: Option<String>,
}

impl BenchResult {
    pub fn from_measurement(mut m: Measurement, rate: Option<f64>) -> Option<BenchResult> {
        let s = Summary::of(&mut m.samples)?;
        let msgs = stats::rate(m.stream_messages, m.stream_ns);
        Some(BenchResult {
            mechanism: m.point.mechanism,
            size_bytes: m.point.size as u64,
            placement: m.point.placement,
            cpus: m.cpus.map(|(a, b)| [a, b]),
            iterations: s.n as u64,
            min_ns: s.min,
            p25_ns: s.p25,
            p50_ns: s.p50,
            p75_ns: s.p75,
            p99_ns: s.p99,
            p999_ns: s.p999,
            max_ns: s.max,
            mean_ns: (s.mean * 10.0).round() / 10.0,
            stddev_ns: (s.stddev * 10.0).round() / 10.0,
            msgs_per_s: msgs.round(),
            bytes_per_s: (msgs * m.point.size as f64).round(),
            stream_messages: m.stream_messages,
            memcpy_bytes_per_s: m.memcpy_bytes_per_s,
            rate_per_s: rate,
            behind_schedule: m.behind,
            outliers: s.outliers as u64,
            bimodal: s.bimodal,
            note: (!m.note.is_empty()).then_some(m.note),
        })
    }

    fn outlier_fraction(&self) -> f64 {
        if self.iterations == 0 {
            0.0
        } else {
            self.outliers as f64 / self.iterations as f64
        }
    }

    /// What the FLAGS column warns about (worded by `text`).
    pub fn flags(&self) -> Vec<Flag> {
        let mut f = Vec::new();
        if let Some(b) = &self.bimodal {
            f.push(Flag::Bimodal(*b));
        }
        if self.outlier_fraction() > OUTLIER_FLAG {
            f.push(Flag::Outliers {
                fraction: self.outlier_fraction(),
            });
        }
        if self.iterations < 100 {
            f.push(Flag::FewSamples);
        }
        if let Some(b) = self.behind_schedule.filter(|&b| b > 0) {
            f.push(Flag::BehindSchedule { sends: b });
        }
        f
    }
}

/// A warning about one result, for its FLAGS column.
#[derive(Debug, Clone, PartialEq)]
pub enum Flag {
    /// The round trips form two clusters: mean and stddev describe neither.
    Bimodal(Bimodal),
    /// More than [`OUTLIER_FLAG`] of the round trips are outliers.
    Outliers { fraction: f64 },
    /// Under 100 measured round trips.
    FewSamples,
    /// Paced mode: sends that fell behind the schedule.
    BehindSchedule { sends: u64 },
}

/// Sort for reporting: by size, then placement, then p50 (fastest first).
pub fn sort(results: &mut [BenchResult]) {
    results.sort_by(|a, b| {
        (a.size_bytes, a.placement, a.p50_ns, a.mechanism).cmp(&(
            b.size_bytes,
            b.placement,
            b.p50_ns,
            b.mechanism,
        ))
    });
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::runner::Point;

    /// A result from a made-up measurement (also for `text`'s tests).
    pub(crate) fn result(
        mech: Mechanism,
        size: usize,
        placement: Placement,
        samples: Vec<u64>,
    ) -> BenchResult {
        BenchResult::from_measurement(
            Measurement {
                point: Point {
                    mechanism: mech,
                    size,
                    placement,
                },
                cpus: Some((0, 1)),
                samples,
                stream_messages: 1000,
                stream_ns: 1_000_000,
                note: "pipe buffer 64 KiB".into(),
                behind: None,
                memcpy_bytes_per_s: 1e10,
            },
            None,
        )
        .unwrap()
    }

    #[test]
    fn json_has_the_fixed_fields() {
        let r = result(
            Mechanism::Pipe,
            64,
            Placement::SameCore,
            (1..=100).collect(),
        );
        let v = serde_json::to_value(&r).unwrap();
        for f in [
            "mechanism",
            "size_bytes",
            "placement",
            "iterations",
            "min_ns",
            "p50_ns",
            "p99_ns",
            "p999_ns",
            "max_ns",
            "mean_ns",
            "msgs_per_s",
            "bytes_per_s",
        ] {
            assert!(v.get(f).is_some(), "missing {f}");
        }
        assert_eq!(v["mechanism"], "pipe");
        assert_eq!(v["placement"], "same-core");
        assert_eq!(v["p50_ns"], 50);
        assert_eq!(v["msgs_per_s"], 1_000_000.0);
        assert_eq!(v["bytes_per_s"], 64_000_000.0);
    }

    #[test]
    fn sorted_by_size_placement_p50() {
        let mut v = vec![
            result(Mechanism::Msg, 64, Placement::CrossCore, vec![500; 10]),
            result(Mechanism::Pipe, 64, Placement::SameCore, vec![300; 10]),
            result(Mechanism::Pmq, 64, Placement::SameCore, vec![200; 10]),
            result(Mechanism::Pipe, 16, Placement::CrossCore, vec![900; 10]),
        ];
        sort(&mut v);
        assert_eq!(v[0].flags(), vec![Flag::FewSamples]);
        let order: Vec<_> = v.iter().map(|r| (r.size_bytes, r.mechanism)).collect();
        assert_eq!(
            order,
            vec![
                (16, Mechanism::Pipe),
                (64, Mechanism::Pmq),
                (64, Mechanism::Pipe),
                (64, Mechanism::Msg)
            ]
        );
    }
}
