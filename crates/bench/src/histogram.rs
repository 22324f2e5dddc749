//! `--histogram`: a compact text histogram of one point's round trips, on log-spaced
//! buckets (each √2 wider than the last, fewer when the range is wide), so a microsecond
//! mode and a millisecond tail show on the same few lines.

use super::report::fmt_ns;

/// Most buckets printed.
pub const MAX_BUCKETS: usize = 20;

/// Buckets `[lo, hi)` (the last one includes its `hi`) and their counts, over sorted
/// samples: edges `min * f^k` with `f = √2`, or wider when more than [`MAX_BUCKETS`] are
/// needed.
pub fn buckets(sorted: &[u64]) -> Vec<(u64, u64, usize)> {
    let (Some(&min), Some(&max)) = (sorted.first(), sorted.last()) else {
        return Vec::new();
    };
    let lo = min.max(1) as f64;
    let span = (max.max(1) as f64 / lo).max(1.0);
    let mut f = std::f64::consts::SQRT_2;
    // The epsilon keeps exact powers exact (4 = √2^4, not √2^3.9999999).
    let mut n = (span.ln() / f.ln() + 1e-9).floor() as usize + 1;
    if n > MAX_BUCKETS {
        f = span.powf(1.0 / (MAX_BUCKETS as f64 - 1.0)) * (1.0 + 1e-9);
        n = MAX_BUCKETS;
    }
    let edge = |k: usize| (lo * f.powi(k as i32)).round() as u64;
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    for k in 0..n {
        let (a, b) = (edge(k), edge(k + 1).max(edge(k) + 1));
        let last = k + 1 == n;
        let start = i;
        while i < sorted.len() && (last || sorted[i] < b) {
            i += 1;
        }
        out.push((a, b, i - start));
    }
    out
}

/// The histogram as text lines: range, bar, share of samples.
pub fn render(sorted: &[u64], width: usize) -> String {
    let b = buckets(sorted);
    let total = sorted.len().max(1);
    let most = b.iter().map(|x| x.2).max().unwrap_or(1).max(1);
    let mut out = String::new();
    for (lo, hi, n) in b {
        let bar = (n * width).div_ceil(most);
        out.push_str(&format!(
            "  {:>9} - {:<9} {:<width$} {:5.1}%\n",
            fmt_ns(lo as f64),
            fmt_ns(hi as f64),
            "#".repeat(if n > 0 { bar.max(1) } else { 0 }),
            n as f64 * 100.0 / total as f64,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_buckets() {
        // 1000..1414 | 1414..2000 | 2000..2828 | 2828..4000 | 4000..5657 (last, with 4000)
        let v = [1000, 1000, 1200, 1500, 2000, 2100, 4000];
        let b = buckets(&v);
        let counts: Vec<usize> = b.iter().map(|x| x.2).collect();
        assert_eq!(counts, vec![3, 1, 2, 0, 1]);
        assert_eq!(b[0].0, 1000);
        assert_eq!(b[1].0, 1414);
        assert_eq!(counts.iter().sum::<usize>(), v.len());
        assert!(buckets(&[]).is_empty());
        assert_eq!(buckets(&[5, 5, 5]), vec![(5, 7, 3)]);
    }

    #[test]
    fn wide_ranges_use_at_most_max_buckets() {
        let v: Vec<u64> = (0..40).map(|k| 1u64 << k).collect();
        let b = buckets(&v);
        assert_eq!(b.len(), MAX_BUCKETS);
        assert_eq!(b.iter().map(|x| x.2).sum::<usize>(), v.len());
        let text = render(&v, 20);
        assert_eq!(text.lines().count(), MAX_BUCKETS);
    }

    #[test]
    fn rendering() {
        let t = render(&[1000, 1000, 1000, 3000], 10);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(
            lines[0].contains("##########") && lines[0].ends_with("75.0%"),
            "{t}"
        );
        assert!(
            lines[3].contains(" ####") && lines[3].ends_with("25.0%"),
            "{t}"
        );
    }
}
