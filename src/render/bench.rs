//! The words of `ipcctl bench`: the report table and its notes, the Markdown export, the
//! `--compare` table, the `--histogram` text, the FLAGS column, labels of points, and the
//! units (`2.13 µs`, `12.3 k/s`, `1.2 GiB/s`). The engine (`crate::bench`) hands up typed
//! results (`BenchResult`, `Flag`, `Compared`); only this file words them.

use super::human_size;
use crate::bench::compare::{Change, Compared, MIN_CHANGE, THROUGHPUT_CHANGE};
use crate::bench::host::Host;
use crate::bench::report::{BenchResult, Flag};
use crate::bench::{Config, Mechanism, Placement};

/// `pipe 64 B same-core (0,1)`: names a point in messages, plots and comparisons.
pub fn label(r: &BenchResult) -> String {
    format!(
        "{} {} {}",
        r.mechanism,
        human_size(r.size_bytes),
        placement_label(r)
    )
}

/// `same-core (0,1)`: the placement and, when pinned, the CPUs.
pub fn placement_label(r: &BenchResult) -> String {
    match r.cpus {
        Some([a, b]) => format!("{} ({a},{b})", r.placement),
        None => r.placement.to_string(),
    }
}

/// The FLAGS column's short warnings.
pub fn flags(r: &BenchResult) -> Vec<String> {
    r.flags()
        .into_iter()
        .map(|f| match f {
            Flag::Bimodal(b) => format!(
                "bimodal: {:.0}% ~{}, {:.0}% ~{}",
                b.low_fraction * 100.0,
                fmt_ns(b.low_ns as f64),
                (1.0 - b.low_fraction) * 100.0,
                fmt_ns(b.high_ns as f64)
            ),
            Flag::Outliers { fraction } => format!("outliers {:.1}%", fraction * 100.0),
            Flag::FewSamples => "few samples".into(),
            Flag::BehindSchedule { sends } => format!("{sends} sends behind schedule"),
        })
        .collect()
}

/// `126 ns`, `2.13 µs`, `67.1 µs`, `8.20 ms`, `1.50 s`.
pub fn fmt_ns(ns: f64) -> String {
    let (v, unit) = if ns < 1e3 {
        return format!("{ns:.0} ns");
    } else if ns < 1e6 {
        (ns / 1e3, "µs")
    } else if ns < 1e9 {
        (ns / 1e6, "ms")
    } else {
        (ns / 1e9, "s")
    };
    if v < 10.0 {
        format!("{v:.2} {unit}")
    } else if v < 100.0 {
        format!("{v:.1} {unit}")
    } else {
        format!("{v:.0} {unit}")
    }
}

/// `950/s`, `12.3 k/s`, `1.23 M/s`.
pub fn fmt_rate(r: f64) -> String {
    if r < 1e3 {
        format!("{r:.0}/s")
    } else if r < 1e6 {
        format!("{:.1} k/s", r / 1e3)
    } else {
        format!("{:.2} M/s", r / 1e6)
    }
}

pub fn fmt_bytes_rate(r: f64) -> String {
    format!("{}/s", human_size(r.max(0.0) as u64))
}

/// The header lines: machine and effective parameters.
pub fn header(
    host: &Host,
    cfg: &Config,
    cpus: &[(Placement, Option<(usize, usize)>)],
) -> Vec<String> {
    let sizes = cfg
        .sizes
        .iter()
        .map(|&s| human_size(s as u64))
        .collect::<Vec<_>>()
        .join(", ");
    let placements = cpus
        .iter()
        .map(|(p, c)| match c {
            Some((a, b)) => format!("{p} (client cpu {a}, server cpu {b})"),
            None => p.to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let amount = match (cfg.time_limit, cfg.iterations) {
        (Some(d), n) if n == u64::MAX => format!("{} per phase", humantime::format_duration(d)),
        (Some(d), n) => format!(
            "{n} round trips and {n} streamed messages per point, each phase at most {}",
            humantime::format_duration(d)
        ),
        (None, n) => format!("{n} round trips and {n} streamed messages per point"),
    };
    let amount = match cfg.rate {
        Some(r) => format!(
            "{amount}; round trips paced at {}, latency from the intended send time",
            fmt_rate(r)
        ),
        None => amount,
    };
    let chosen: Vec<usize> = {
        let mut v: Vec<usize> = cpus
            .iter()
            .filter_map(|(_, c)| *c)
            .flat_map(|(a, b)| [a, b])
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    vec![
        format!(
            "Machine:   {}, {} CPUs, {}",
            host.cpu_model, host.cpus, host.kernel
        ),
        format!(
            "Clock:     CLOCK_MONOTONIC{}, integer nanoseconds",
            host.clocksource
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default()
        ),
        format!(
            "Measured:  {amount}, after {} warm-up round trips",
            cfg.warmup
        ),
        format!("Sizes:     {sizes}"),
        format!("Placement: {placements}"),
        format!("CPUs:      {}", host.cpu_facts(&chosen)),
        format!("Host:      {}", host.hypervisor_fact()),
        format!("Buffers:   {}", host.buffer_facts()),
        "Latency is the round trip (request and reply of SIZE bytes each); throughput is \
         one-way streaming."
            .to_string(),
    ]
}

const HEADERS: [&str; 14] = [
    "MECHANISM",
    "SIZE",
    "PLACEMENT",
    "N",
    "MIN",
    "P50",
    "P99",
    "P99.9",
    "MAX",
    "MEAN",
    "STDDEV",
    "MSGS/S",
    "BYTES/S",
    "FLAGS",
];

fn row(r: &BenchResult) -> Vec<String> {
    let bimodal = r.bimodal.is_some();
    // A bimodal mean describes neither mode: do not print it as if it did.
    let mean = if bimodal {
        "-".to_string()
    } else {
        fmt_ns(r.mean_ns)
    };
    let sd = if bimodal {
        "-".to_string()
    } else {
        fmt_ns(r.stddev_ns)
    };
    vec![
        r.mechanism.to_string(),
        human_size(r.size_bytes),
        placement_label(r),
        r.iterations.to_string(),
        fmt_ns(r.min_ns as f64),
        fmt_ns(r.p50_ns as f64),
        fmt_ns(r.p99_ns as f64),
        fmt_ns(r.p999_ns as f64),
        fmt_ns(r.max_ns as f64),
        mean,
        sd,
        fmt_rate(r.msgs_per_s),
        fmt_bytes_rate(r.bytes_per_s),
        flags(r).join("; "),
    ]
}

/// Notes per mechanism (buffer settings), once each.
fn notes(results: &[BenchResult]) -> Vec<String> {
    let mut seen: Vec<(Mechanism, &str)> = Vec::new();
    for r in results {
        if let Some(n) = &r.note
            && !seen.iter().any(|(m, s)| *m == r.mechanism && s == n)
        {
            seen.push((r.mechanism, n));
        }
    }
    seen.sort();
    let mut v: Vec<String> = seen.into_iter().map(|(m, n)| format!("{m}: {n}")).collect();
    if let Some(c) = ceiling(results) {
        v.push(c);
    }
    v
}

/// `copy ceiling (memcpy, this run): 64 B 9.1 GiB/s, 64.0 KiB 49.2 GiB/s`: what streaming
/// through shared memory can approach at each size.
fn ceiling(results: &[BenchResult]) -> Option<String> {
    let mut sizes: Vec<(u64, f64)> = Vec::new();
    for r in results {
        if r.memcpy_bytes_per_s > 0.0 && !sizes.iter().any(|(s, _)| *s == r.size_bytes) {
            sizes.push((r.size_bytes, r.memcpy_bytes_per_s));
        }
    }
    if sizes.is_empty() {
        return None;
    }
    sizes.sort_by_key(|s| s.0);
    Some(format!(
        "copy ceiling (memcpy, this run): {}",
        sizes
            .iter()
            .map(|(s, r)| format!("{} {}", human_size(*s), fmt_bytes_rate(*r)))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// The aligned table, one block per (size, placement), each sorted by p50; then the notes.
pub fn table(results: &[BenchResult]) -> String {
    let right = [
        false, true, false, true, true, true, true, true, true, true, true, true, true, false,
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut prev: Option<(u64, Placement)> = None;
    for r in results {
        let key = (r.size_bytes, r.placement);
        if prev.is_some_and(|p| p != key) {
            rows.push(vec![String::new(); HEADERS.len()]);
        }
        prev = Some(key);
        rows.push(row(r));
    }
    let mut out = super::table::render(&HEADERS, &right, rows, true);
    let n = notes(results);
    if !n.is_empty() {
        out.push_str("\nNotes:\n");
        for line in n {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out
}

/// A Markdown document fragment: the header as a list, then the table.
pub fn markdown(header: &[String], results: &[BenchResult]) -> String {
    let mut out = String::new();
    for h in header {
        out.push_str(&format!(
            "- {}\n",
            h.split_whitespace().collect::<Vec<_>>().join(" ")
        ));
    }
    out.push('\n');
    out.push_str(
        "| mechanism | size | placement | p50 | p99 | p99.9 | max | msgs/s | bytes/s | flags |\n",
    );
    out.push_str("|---|--:|---|--:|--:|--:|--:|--:|--:|---|\n");
    for r in results {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            r.mechanism,
            human_size(r.size_bytes),
            placement_label(r),
            fmt_ns(r.p50_ns as f64),
            fmt_ns(r.p99_ns as f64),
            fmt_ns(r.p999_ns as f64),
            fmt_ns(r.max_ns as f64),
            fmt_rate(r.msgs_per_s),
            fmt_bytes_rate(r.bytes_per_s),
            flags(r).join("; ").replace('|', "\\|"),
        ));
    }
    let n = notes(results);
    if !n.is_empty() {
        out.push('\n');
        for line in n {
            out.push_str(&format!("- {line}\n"));
        }
    }
    out
}

fn word(c: Change, ratio: f64) -> String {
    match c {
        Change::Same => format!("{ratio:.2}x"),
        Change::Better => format!("{ratio:.2}x better"),
        Change::Worse => format!("{ratio:.2}x WORSE"),
    }
}

/// The comparison (`--compare`) as a table.
pub fn compare_table(file: &str, rows: &[Compared], unmatched: usize) -> String {
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
                human_size(c.size_bytes),
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
    out.push_str(&super::table::render(&headers, &right, body, true));
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

/// The histogram as text lines: range, bar, share of samples.
pub fn histogram(sorted: &[u64], width: usize) -> String {
    let b = crate::bench::histogram::buckets(sorted);
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
    use crate::bench::runner::{Measurement, Point};

    fn result(
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
    fn units() {
        assert_eq!(fmt_ns(126.0), "126 ns");
        assert_eq!(fmt_ns(2130.0), "2.13 µs");
        assert_eq!(fmt_ns(67_100.0), "67.1 µs");
        assert_eq!(fmt_ns(8_200_000.0), "8.20 ms");
        assert_eq!(fmt_rate(1_230_000.0), "1.23 M/s");
        assert_eq!(fmt_rate(950.0), "950/s");
        assert_eq!(fmt_bytes_rate(1024.0 * 1024.0), "1.0 MiB/s");
    }

    #[test]
    fn table_notes_and_markdown() {
        let mut v = vec![
            result(Mechanism::Msg, 64, Placement::CrossCore, vec![500; 10]),
            result(Mechanism::Pipe, 64, Placement::SameCore, vec![300; 10]),
            result(Mechanism::Pmq, 64, Placement::SameCore, vec![200; 10]),
            result(Mechanism::Pipe, 16, Placement::CrossCore, vec![900; 10]),
        ];
        crate::bench::report::sort(&mut v);
        let t = table(&v);
        assert!(t.contains("MECHANISM"));
        assert!(t.contains("pipe: pipe buffer 64 KiB"));
        assert!(
            t.contains("copy ceiling (memcpy, this run): 16 B 9.3 GiB/s, 64 B 9.3 GiB/s\n"),
            "{t}"
        );
        let md = markdown(&["Machine: x".into()], &v);
        assert!(md.starts_with("- Machine: x\n"));
        assert_eq!(md.matches("\n| ").count(), 5, "{md}");
    }

    #[test]
    fn bimodal_hides_the_mean() {
        let mut s: Vec<u64> = vec![2000; 80];
        s.extend(vec![66_000; 20]);
        let r = result(Mechanism::Pipe, 64, Placement::Unpinned, s);
        assert!(r.bimodal.is_some());
        assert!(flags(&r)[0].starts_with("bimodal: 80% ~2.00 µs, 20% ~66.0 µs"));
        assert_eq!(row(&r)[9], "-");
    }

    #[test]
    fn histogram_text() {
        let v: Vec<u64> = (0..40).map(|k| 1u64 << k).collect();
        assert_eq!(
            histogram(&v, 20).lines().count(),
            crate::bench::histogram::MAX_BUCKETS
        );
        let t = histogram(&[1000, 1000, 1000, 3000], 10);
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
