//! Pure statistics over latency samples (integer nanoseconds): percentiles, mean and standard
//! deviation, MAD-based outliers (as hyperfine) and detection of two-mode distributions, which
//! must be reported as such rather than averaged.

use serde::{Deserialize, Serialize};

/// Summary of one set of samples.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub n: usize,
    pub min: u64,
    pub p25: u64,
    pub p50: u64,
    pub p75: u64,
    pub p99: u64,
    pub p999: u64,
    pub max: u64,
    pub mean: f64,
    pub stddev: f64,
    /// Samples whose modified z-score exceeds [`OUTLIER_Z`].
    pub outliers: usize,
    pub bimodal: Option<Bimodal>,
}

/// Two clusters separated by a gap: `low_fraction` of the samples are near `low_ns`, the rest
/// near `high_ns`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bimodal {
    pub low_fraction: f64,
    pub low_ns: u64,
    pub high_ns: u64,
}

/// Modified z-score above which a sample is an outlier (Iglewicz and Hoaglin; hyperfine).
pub const OUTLIER_Z: f64 = 3.5;
/// Smallest MAD used for outliers, as a fraction of the median.
pub const MAD_FLOOR: f64 = 0.05;
/// Adjacent percentiles further apart than this factor mark a gap between two modes.
pub const BIMODAL_GAP: f64 = 2.0;
/// Each mode must hold at least this fraction of the samples.
pub const BIMODAL_MIN_FRACTION: f64 = 0.05;

impl Summary {
    /// Summarize samples; sorts them in place. `None` when there are none.
    pub fn of(samples: &mut [u64]) -> Option<Summary> {
        if samples.is_empty() {
            return None;
        }
        samples.sort_unstable();
        let s: &[u64] = samples;
        let mean = mean(s);
        let p50 = percentile(s, 50.0);
        Some(Summary {
            n: s.len(),
            min: s[0],
            p25: percentile(s, 25.0),
            p50,
            p75: percentile(s, 75.0),
            p99: percentile(s, 99.0),
            p999: percentile(s, 99.9),
            max: s[s.len() - 1],
            mean,
            stddev: stddev(s, mean),
            outliers: outliers(s),
            bimodal: bimodal(s),
        })
    }

    pub fn outlier_fraction(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.outliers as f64 / self.n as f64
        }
    }
}

/// Nearest-rank percentile of sorted data: the smallest sample such that at least `p`% of the
/// samples are less or equal. `p` in 0..=100; 0 gives the minimum.
pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let n = sorted.len();
    // The epsilon keeps exact ranks exact despite float rounding (99.9% of 1000 = 999).
    let rank = ((p / 100.0) * n as f64 - 1e-9).ceil() as usize;
    sorted[rank.clamp(1, n) - 1]
}

pub fn mean(samples: &[u64]) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    let sum: u128 = samples.iter().map(|&x| x as u128).sum();
    sum as f64 / samples.len() as f64
}

/// Sample standard deviation (n - 1); 0 for fewer than two samples.
pub fn stddev(samples: &[u64], mean: f64) -> f64 {
    if samples.len() < 2 {
        return 0.0;
    }
    let ss: f64 = samples
        .iter()
        .map(|&x| {
            let d = x as f64 - mean;
            d * d
        })
        .sum();
    (ss / (samples.len() - 1) as f64).sqrt()
}

/// Median absolute deviation from the median, of sorted data.
pub fn mad(sorted: &[u64]) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let med = percentile(sorted, 50.0) as i128;
    let mut dev: Vec<u64> = sorted
        .iter()
        .map(|&x| (x as i128 - med).unsigned_abs() as u64)
        .collect();
    dev.sort_unstable();
    percentile(&dev, 50.0) as f64
}

/// Number of samples with a modified z-score `0.6745 * |x - median| / MAD` above
/// [`OUTLIER_Z`]. The MAD is floored at [`MAD_FLOOR`] of the median (and 1 ns): round trips of
/// a few microseconds are often so tight that a MAD of 20 ns would make every cache miss an
/// "outlier"; with the floor, only samples ~26% or more away from the median count.
pub fn outliers(sorted: &[u64]) -> usize {
    if sorted.len() < 3 {
        return 0;
    }
    let med = percentile(sorted, 50.0) as f64;
    let m = mad(sorted).max(med * MAD_FLOOR).max(1.0);
    sorted
        .iter()
        .filter(|&&x| 0.6745 * (x as f64 - med).abs() / m > OUTLIER_Z)
        .count()
}

/// Detect two modes: on the grid of whole percentiles between 5% and 95%, find the largest
/// ratio between adjacent percentiles. A ratio above [`BIMODAL_GAP`] means almost no samples
/// lie between two groups that each hold at least 5% of the samples: for example same-core
/// and cross-core wake-ups in an unpinned run. A long tail does not qualify (its percentiles
/// grow gradually), nor does the top 5%.
pub fn bimodal(sorted: &[u64]) -> Option<Bimodal> {
    let n = sorted.len();
    if n < 50 {
        return None;
    }
    let lo = (BIMODAL_MIN_FRACTION * 100.0).round() as usize;
    let hi = 100 - lo;
    let mut best: Option<(f64, usize)> = None;
    for k in lo..hi {
        let a = percentile(sorted, k as f64).max(1) as f64;
        let b = percentile(sorted, (k + 1) as f64) as f64;
        let r = b / a;
        if r >= BIMODAL_GAP && best.is_none_or(|(br, _)| r > br) {
            best = Some((r, k));
        }
    }
    let (_, k) = best?;
    // Split after the last sample at or below the k-th percentile.
    let cut = percentile(sorted, k as f64);
    let split = sorted.partition_point(|&x| x <= cut);
    let (low, high) = sorted.split_at(split);
    if low.is_empty() || high.is_empty() {
        return None;
    }
    Some(Bimodal {
        low_fraction: low.len() as f64 / n as f64,
        low_ns: percentile(low, 50.0),
        high_ns: percentile(high, 50.0),
    })
}

/// The percentile curve of sorted samples, HdrHistogram style: points (q, value) at
/// q = 1 - 10^(-k/10) for k = 0, 1, ... (0%, 20.6%, 36.9%, ..., 90%, ..., 99%, ...), as far
/// as the number of samples supports (1 - q >= 1/n), then the maximum (q = 1 - 1/(2n)).
pub fn curve(sorted: &[u64]) -> Vec<(f64, u64)> {
    let n = sorted.len();
    if n == 0 {
        return Vec::new();
    }
    let mut v = Vec::new();
    let mut k = 0;
    loop {
        let tail = 10f64.powf(-(k as f64) / 10.0);
        if tail < 1.0 / n as f64 {
            break;
        }
        let q = 1.0 - tail;
        v.push((q, percentile(sorted, q * 100.0)));
        k += 1;
    }
    v.push((1.0 - 0.5 / n as f64, sorted[n - 1]));
    v
}

/// Messages per second for `count` messages in `elapsed_ns`.
pub fn rate(count: u64, elapsed_ns: u64) -> f64 {
    if elapsed_ns == 0 {
        return 0.0;
    }
    count as f64 * 1e9 / elapsed_ns as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic pseudo-random sequence (xorshift), so tests need no crate.
    fn noise(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn percentiles_of_1_to_100() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 0.0), 1);
        assert_eq!(percentile(&v, 50.0), 50);
        assert_eq!(percentile(&v, 99.0), 99);
        assert_eq!(percentile(&v, 99.9), 100);
        assert_eq!(percentile(&v, 100.0), 100);
    }

    #[test]
    fn percentiles_of_1000() {
        let v: Vec<u64> = (1..=1000).collect();
        assert_eq!(percentile(&v, 50.0), 500);
        assert_eq!(percentile(&v, 99.0), 990);
        assert_eq!(percentile(&v, 99.9), 999);
        assert_eq!(percentile(&[7], 99.9), 7);
        assert_eq!(percentile(&[], 50.0), 0);
    }

    #[test]
    fn summary_of_known_data() {
        let mut v = vec![5, 1, 4, 2, 3];
        let s = Summary::of(&mut v).unwrap();
        assert_eq!(v, vec![1, 2, 3, 4, 5], "sorted in place");
        assert_eq!((s.n, s.min, s.p50, s.max), (5, 1, 3, 5));
        assert_eq!((s.p25, s.p75), (2, 4));
        assert_eq!(s.mean, 3.0);
        assert!((s.stddev - 2.5f64.sqrt()).abs() < 1e-12);
        assert_eq!(s.outliers, 0);
        assert!(s.bimodal.is_none());
        assert!(Summary::of(&mut []).is_none());
    }

    #[test]
    fn mean_does_not_overflow() {
        let v = vec![u64::MAX, u64::MAX];
        assert_eq!(mean(&v), u64::MAX as f64);
    }

    #[test]
    fn mad_of_known_data() {
        // median 3, deviations 2,1,0,1,97 -> sorted 0,1,1,2,97 -> MAD 1.
        assert_eq!(mad(&[1, 2, 3, 4, 100]), 1.0);
    }

    #[test]
    fn outliers_are_flagged() {
        // 1000 samples around 2000 ns (+-50) and 10 at 60 us.
        let mut seed = 42;
        let mut v: Vec<u64> = (0..1000).map(|_| 1950 + noise(&mut seed) % 101).collect();
        v.extend([60_000; 10]);
        let s = Summary::of(&mut v).unwrap();
        assert_eq!(s.outliers, 10);
        assert!(s.bimodal.is_none(), "1% is a tail, not a mode");
    }

    #[test]
    fn identical_samples_have_no_outliers() {
        let mut v = vec![2000; 500];
        v.push(2010);
        assert_eq!(
            outliers(&{
                v.sort();
                v
            }),
            0
        );
    }

    #[test]
    fn bimodal_is_detected() {
        // An unpinned run: 80% same-core wake-ups near 2.3 us, 20% cross-core near 66 us.
        let mut seed = 7;
        let mut v: Vec<u64> = (0..8000).map(|_| 2200 + noise(&mut seed) % 200).collect();
        v.extend((0..2000).map(|_| 64_000 + noise(&mut seed) % 4000));
        let s = Summary::of(&mut v).unwrap();
        let b = s.bimodal.expect("bimodal");
        assert!((b.low_fraction - 0.8).abs() < 0.01, "{b:?}");
        assert!((2200..2400).contains(&b.low_ns), "{b:?}");
        assert!((64_000..68_000).contains(&b.high_ns), "{b:?}");
    }

    #[test]
    fn bimodal_needs_both_modes() {
        // 3% slow samples: a tail, not a second mode.
        let mut seed = 9;
        let mut v: Vec<u64> = (0..970).map(|_| 2000 + noise(&mut seed) % 100).collect();
        v.extend((0..30).map(|_| 60_000 + noise(&mut seed) % 100));
        v.sort();
        assert!(bimodal(&v).is_none());
    }

    #[test]
    fn unimodal_spread_is_not_bimodal() {
        // A wide but continuous distribution (exponential-like tail) has no gap.
        let mut seed = 3;
        let mut v: Vec<u64> = (0..5000)
            .map(|_| {
                let u = (noise(&mut seed) % 1_000_000) as f64 / 1_000_000.0;
                (2000.0 - 800.0 * (1.0 - u).ln()) as u64
            })
            .collect();
        v.sort();
        assert!(bimodal(&v).is_none(), "{:?}", bimodal(&v));
        // Too few samples to say anything.
        assert!(bimodal(&[1, 1000, 1, 1000]).is_none());
    }

    #[test]
    fn curve_of_known_data() {
        let v: Vec<u64> = (1..=1000).collect();
        let c = curve(&v);
        assert_eq!(c[0], (0.0, 1));
        // 90% at k = 10, 99% at k = 20, 99.9% at k = 30 (1000 samples support it).
        assert!(
            (c[10].0 - 0.9).abs() < 1e-12 && c[10].1 == 900,
            "{:?}",
            c[10]
        );
        assert_eq!(c[20].1, 990);
        assert_eq!(c[30].1, 999);
        assert_eq!(c.len(), 32);
        assert!(
            (c[31].0 - 0.9995).abs() < 1e-12 && c[31].1 == 1000,
            "{:?}",
            c[31]
        );
        assert!(c.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1));
        assert!(curve(&[]).is_empty());
    }

    #[test]
    fn rates() {
        assert_eq!(rate(1000, 1_000_000_000), 1000.0);
        assert_eq!(rate(5, 0), 0.0);
    }
}
