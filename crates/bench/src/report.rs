//! The serializable result of one measurement point and its exporters: an aligned table for
//! people, JSON for scripts (fixed field names), Markdown for docs; and the words of the
//! summary and of `--choose` (from `advice`'s typed findings and trait table). Raw values are integer
//! nanoseconds and bytes; only the renderers here turn them into `2.13 µs` or `1.2 GiB/s`.

use serde::{Deserialize, Serialize};

use super::host::Host;
use super::runner::Measurement;
use super::stats::{self, Bimodal, Summary};
use super::{Config, Mechanism, Placement};
use crate::render::human_size;

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

    /// Short warnings for the FLAGS column.
    pub fn flags(&self) -> Vec<String> {
        let mut f = Vec::new();
        if let Some(b) = &self.bimodal {
            f.push(format!(
                "bimodal: {:.0}% ~{}, {:.0}% ~{}",
                b.low_fraction * 100.0,
                fmt_ns(b.low_ns as f64),
                (1.0 - b.low_fraction) * 100.0,
                fmt_ns(b.high_ns as f64)
            ));
        }
        if self.outlier_fraction() > OUTLIER_FLAG {
            f.push(format!("outliers {:.1}%", self.outlier_fraction() * 100.0));
        }
        if self.iterations < 100 {
            f.push("few samples".into());
        }
        if let Some(b) = self.behind_schedule.filter(|&b| b > 0) {
            f.push(format!("{b} sends behind schedule"));
        }
        f
    }

    /// `pipe 64 B same-core (0,1)`: names a point in messages, plots and comparisons.
    pub fn label(&self) -> String {
        format!(
            "{} {} {}",
            self.mechanism,
            human_size(self.size_bytes),
            self.placement_label()
        )
    }

    pub fn placement_label(&self) -> String {
        match self.cpus {
            Some([a, b]) => format!("{} ({a},{b})", self.placement),
            None => self.placement.to_string(),
        }
    }
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
        r.placement_label(),
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
        r.flags().join("; "),
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
    let mut out = crate::render::table::render(&HEADERS, &right, rows, true);
    out.push_str(&notes_block(results));
    out
}

/// `\nNotes:\n  pipe: pipe buffer 64 KiB\n...` (empty without notes): after the table, and
/// after a summary printed alone (its findings refer to them).
pub fn notes_block(results: &[BenchResult]) -> String {
    let mut out = String::new();
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
            r.placement_label(),
            fmt_ns(r.p50_ns as f64),
            fmt_ns(r.p99_ns as f64),
            fmt_ns(r.p999_ns as f64),
            fmt_ns(r.max_ns as f64),
            fmt_rate(r.msgs_per_s),
            fmt_bytes_rate(r.bytes_per_s),
            r.flags().join("; ").replace('|', "\\|"),
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

// ---- The summary and `--choose`: words from the typed tables of `advice` ----

use super::advice::{
    Choice, Family, Finding, Limit, Measure, Persistence, Question, Reach, Reason, Setup,
    Summary as RunSummary, Traits,
};
use super::host::SizeLimits;

/// A textbook family in words (plural, as the courses rank them).
pub fn family_words(f: Family) -> &'static str {
    match f {
        Family::SharedMemory => "shared memory",
        Family::Pipe => "pipes",
        Family::MessageQueue => "message queues",
        Family::UnixSocket => "Unix sockets",
        Family::NetworkSocket => "network sockets",
        Family::Signal => "signals",
    }
}

fn limit_words(l: Limit) -> &'static str {
    match l {
        Limit::PipeBuffer => "the pipe buffer",
        Limit::SocketBuffer => "the socket buffers",
        Limit::SysvMessage => "kernel.msgmax and msgmnb",
        Limit::PosixMessage => "fs.mqueue msgsize_max and msg_max",
        Limit::SysvSegment => "kernel.shmmax",
        Limit::DevShm => "the free space of /dev/shm",
        Limit::File => "the file's filesystem",
    }
}

/// A machine limit with this machine's values.
fn limit_value(l: Limit, s: &SizeLimits) -> String {
    let z = |v: Option<u64>| v.map_or("?".to_string(), human_size);
    match l {
        Limit::PipeBuffer => format!(
            "pipe buffer {} (up to {} with F_SETPIPE_SZ, fs.pipe-max-size); a write of up to 4 KiB (PIPE_BUF) is atomic",
            z(s.pipe_default),
            z(s.pipe_max)
        ),
        Limit::SocketBuffer => format!(
            "socket send buffer {} (up to {}, net.core.wmem_max)",
            z(s.socket_default),
            z(s.socket_max)
        ),
        Limit::SysvMessage => format!(
            "{} per message (kernel.msgmax), {} per queue (kernel.msgmnb)",
            z(s.msgmax),
            z(s.msgmnb)
        ),
        Limit::PosixMessage => format!(
            "{} per message (fs.mqueue.msgsize_max), {} messages per queue (msg_max)",
            z(s.mq_msgsize_max),
            s.mq_msg_max.map_or("?".into(), |n| n.to_string())
        ),
        Limit::SysvSegment => format!("{} per segment (kernel.shmmax)", z(s.shmmax)),
        Limit::DevShm => format!("{} free in /dev/shm", z(s.dev_shm_free)),
        Limit::File => "the file's filesystem".to_string(),
    }
}

fn value_words(m: Measure, v: f64) -> String {
    match m {
        Measure::Latency => fmt_ns(v),
        Measure::Throughput => fmt_bytes_rate(v),
    }
}

fn measure_words(m: Measure) -> &'static str {
    match m {
        Measure::Latency => "latency (p50 round trip, lowest first)",
        Measure::Throughput => "throughput (one-way streaming, highest first)",
    }
}

/// `text` filled to `width` columns: the first line after `first`, the others after `rest`.
fn wrap(text: &str, first: &str, rest: &str, width: usize) -> String {
    let mut out = String::from(first);
    let mut col = first.chars().count();
    let mut line_empty = true;
    for word in text.split(' ') {
        let w = word.chars().count();
        if !line_empty && col + 1 + w > width {
            out.push('\n');
            out.push_str(rest);
            col = rest.chars().count();
            line_empty = true;
        }
        if !line_empty {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += w;
        line_empty = false;
    }
    out.push('\n');
    out
}

/// `a 1.0 µs < b 2.0 µs ≈ c 2.1 µs`, wrapped at 78 columns under `indent`.
fn chain(items: &[(String, bool)], better: &str, indent: usize) -> String {
    let mut out = String::new();
    let mut col = indent;
    for (i, (item, tied)) in items.iter().enumerate() {
        let sep = if i == 0 {
            ""
        } else if *tied {
            " ≈ "
        } else {
            better
        };
        let w = sep.chars().count() + item.chars().count();
        if i > 0 && col + w > 78 {
            out.push_str(sep.trim_end());
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            out.push_str(item);
            col = indent + item.chars().count();
        } else {
            out.push_str(sep);
            out.push_str(item);
            col += w;
        }
    }
    out
}

fn finding_words(f: &Finding) -> String {
    match f {
        Finding::WakeupDominates {
            spread,
            p50_ns,
            same_core_p50_ns,
            wakeup_ns,
            busy_poll_p50_ns,
        } => {
            let mut s = format!(
                "the wake-up dominates: every mechanism woken by the kernel takes about {} (within {spread:.1}× of each other)",
                fmt_ns(*p50_ns as f64)
            );
            if let (Some(same), Some(w)) = (same_core_p50_ns, wakeup_ns) {
                s.push_str(&format!(
                    ", against {} on one core: crossing cores adds ~{} per round trip whatever the mechanism",
                    fmt_ns(*same as f64),
                    fmt_ns(*w as f64)
                ));
            }
            if let Some(b) = busy_poll_p50_ns {
                s.push_str(&format!(
                    "; busy-polling needs no wake-up ({})",
                    fmt_ns(*b as f64)
                ));
            }
            s
        }
        Finding::Differs { .. } => differs_words(std::slice::from_ref(f)),
        Finding::AsTextbook { measure } => format!(
            "{}: in the textbook order (ties aside)",
            match measure {
                Measure::Latency => "latency",
                Measure::Throughput => "throughput",
            }
        ),
    }
}

/// The findings in words; differences with the same slower family, measure and reason
/// share one line (`shared memory: 3.3× behind pipes, 1.3× behind message queues ...`).
fn findings_words(findings: &[Finding]) -> Vec<String> {
    let mut out = Vec::new();
    let mut done = vec![false; findings.len()];
    for (i, f) in findings.iter().enumerate() {
        if done[i] {
            continue;
        }
        let Finding::Differs {
            measure,
            slower,
            reason,
            ..
        } = f
        else {
            out.push(finding_words(f));
            continue;
        };
        let mut same: Vec<Finding> = Vec::new();
        for (j, g) in findings.iter().enumerate() {
            if !done[j]
                && matches!(g, Finding::Differs { measure: m, slower: s, reason: r, .. }
                    if (m, s, r) == (measure, slower, reason))
            {
                done[j] = true;
                same.push(g.clone());
            }
        }
        out.push(differs_words(&same));
    }
    out
}

/// One line for differences that share the slower family, measure and reason.
fn differs_words(same: &[Finding]) -> String {
    let mut parts = Vec::new();
    let mut head = String::new();
    let mut why = String::new();
    for f in same {
        let Finding::Differs {
            measure,
            faster,
            slower,
            faster_mechanism,
            slower_mechanism,
            ratio,
            reason,
        } = f
        else {
            continue;
        };
        if head.is_empty() {
            head = format!(
                "{} differs from the textbook: {} ({slower_mechanism}) came out",
                match measure {
                    Measure::Latency => "latency",
                    Measure::Throughput => "throughput",
                },
                family_words(*slower)
            );
            why = match reason {
                Reason::SameWakeupPerMessage { slower } => format!(
                    "{slower} waits in the kernel for every message like the others, so sharing memory saves only the copy"
                ),
                Reason::KernelBuffer { slower, limit } => {
                    format!("{slower} is bounded by {} (see Notes)", limit_words(*limit))
                }
                Reason::Measured => "measured so here".to_string(),
            };
        }
        let how = match measure {
            Measure::Latency => "slower than",
            Measure::Throughput => "below",
        };
        parts.push(format!(
            "{ratio:.1}× {how} {} ({faster_mechanism})",
            family_words(*faster)
        ));
    }
    format!("{head} {}: {why}", parts.join(", "))
}

/// The summary of a run: per size and placement, the rankings (each mechanism's too when
/// `per_mechanism`: after the table, which lists them in that order, they are left out),
/// the textbook's, and where and why this machine differs.
pub fn summary(s: &RunSummary, per_mechanism: bool) -> String {
    let mut out = String::from("Summary (from this run's numbers):\n");
    let textbook: Vec<(String, bool)> = s
        .textbook
        .iter()
        .map(|f| (family_words(*f).to_string(), false))
        .collect();
    out.push_str(&format!(
        "  textbook, fastest first: {}\n",
        chain(&textbook, ", ", 27)
    ));
    for g in &s.groups {
        out.push_str(&format!(
            "\n{} {}:\n",
            human_size(g.size_bytes),
            g.placement
        ));
        for (m, ranked, fams) in [
            (Measure::Latency, &g.latency, &g.latency_families),
            (Measure::Throughput, &g.throughput, &g.throughput_families),
        ] {
            if ranked.is_empty() {
                continue;
            }
            let better = match m {
                Measure::Latency => " < ",
                Measure::Throughput => " > ",
            };
            out.push_str(&format!("  {}\n", measure_words(m)));
            let items: Vec<(String, bool)> = ranked
                .iter()
                .map(|r| {
                    (
                        format!("{} {}", r.mechanism, value_words(m, r.value)),
                        r.tied_with_previous,
                    )
                })
                .collect();
            if per_mechanism {
                out.push_str(&format!("    each:     {}\n", chain(&items, better, 14)));
            }
            let items: Vec<(String, bool)> = fams
                .iter()
                .map(|f| {
                    (
                        format!("{} {}", family_words(f.family), value_words(m, f.value)),
                        f.tied_with_previous,
                    )
                })
                .collect();
            out.push_str(&format!("    families: {}\n", chain(&items, better, 14)));
        }
        for line in findings_words(&g.findings) {
            out.push_str(&wrap(&line, "  - ", "    ", 80));
        }
    }
    out
}

/// A decision-tree question, as asked.
pub fn question(q: Question) -> &'static str {
    match q {
        Question::SameMachine => "Do both processes run on this machine?",
        Question::HighThroughput => "Do they move a lot of data (high throughput)?",
        Question::Boundaries => "Must each receive return one whole message (message boundaries)?",
        Question::OneWay => "Does data flow one way only?",
        Question::Related => "Are the processes related (one forks the other)?",
    }
}

/// The prompt for one question on a terminal.
pub fn question_prompt(q: Question) -> String {
    format!("{} [y/n/either] ", question(q))
}

fn question_label(q: Question) -> &'static str {
    match q {
        Question::SameMachine => "same machine",
        Question::HighThroughput => "high throughput",
        Question::Boundaries => "message boundaries",
        Question::OneWay => "one direction",
        Question::Related => "related processes",
    }
}

fn persistence_words(p: Persistence) -> &'static str {
    match p {
        Persistence::Process => "gone with the last process that holds it",
        Persistence::Kernel => "stays, with its contents, until removed or reboot",
        Persistence::Filesystem => "stays as a file until unlinked (across reboots on a disk)",
    }
}

fn setup_words(s: Setup) -> &'static str {
    match s {
        Setup::Low => "low: one call, inherited across fork",
        Setup::Medium => "medium: a name or path both sides agree on",
        Setup::High => "high: a name plus synchronization or a connection you write",
    }
}

fn reach_words(r: Reach) -> &'static str {
    match r {
        Reach::Related => "related processes only (inherited across fork)",
        Reach::Unrelated => "any process on this machine that knows the name",
        Reach::Network => "processes on other machines too",
    }
}

/// The trade-offs the courses list, from the trait table and this machine's limits.
fn tradeoffs(t: &Traits, limits: &SizeLimits) -> Vec<(&'static str, String)> {
    vec![
        (
            "message boundaries",
            if t.boundaries {
                "kept: each receive returns one whole message".into()
            } else {
                "none: a byte stream (or raw memory); the program frames its messages".into()
            },
        ),
        (
            "after the creator exits",
            persistence_words(t.persistence).into(),
        ),
        ("setup", setup_words(t.setup).into()),
        (
            "direction",
            if t.two_way {
                "both ways over one object".into()
            } else {
                "one way: replies need a second one".into()
            },
        ),
        ("reach", reach_words(t.reach).into()),
        ("size limit here", limit_value(t.limit, limits)),
    ]
}

/// `--choose`'s answer in words.
pub fn choice(c: &Choice, limits: &SizeLimits) -> String {
    let yes_no = |v: Option<bool>| match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "either",
    };
    let answers: Vec<String> = Question::ALL
        .iter()
        .map(|q| format!("{} {}", question_label(*q), yes_no(c.answers.get(*q))))
        .collect();
    let mut out = wrap(&format!("Answers: {}", answers.join(", ")), "", "  ", 80);
    out.push_str(&format!(
        "Textbook choice: {} ({})\n",
        c.pick,
        family_words(c.traits.family)
    ));
    for (k, v) in tradeoffs(&c.traits, limits) {
        out.push_str(&wrap(&v, &format!("  {k:<24} "), &" ".repeat(27), 80));
    }
    let fits: Vec<&str> = c.fits.iter().map(|m| m.as_str()).collect();
    out.push_str(&wrap(
        &format!(
            "Measured here, by {} (mechanisms that fit the answers: {}):",
            match c.measure {
                Measure::Latency => "p50 round trip",
                Measure::Throughput => "streaming throughput",
            },
            fits.join(", ")
        ),
        "",
        "  ",
        80,
    ));
    if c.best.is_empty() {
        out.push_str("  nothing measured fits\n");
    }
    for b in &c.best {
        let v = |p50: u64, bps: f64| match c.measure {
            Measure::Latency => fmt_ns(p50 as f64),
            Measure::Throughput => fmt_bytes_rate(bps),
        };
        let pick = match (b.pick_p50_ns, b.pick_bytes_per_s) {
            _ if b.mechanism == c.pick => "the textbook choice".to_string(),
            (Some(p), Some(t)) => format!(
                "{} {}{}",
                c.pick,
                v(p, t),
                if b.pick_is_as_good {
                    ", within the noise"
                } else {
                    ""
                }
            ),
            _ => format!("{} has no result here: skipped or not measured", c.pick),
        };
        out.push_str(&wrap(
            &format!(
                "{} {}: best {} {} ({pick})",
                human_size(b.size_bytes),
                b.placement,
                b.mechanism,
                v(b.p50_ns, b.bytes_per_s)
            ),
            "  ",
            "    ",
            80,
        ));
        if super::advice::traits(b.mechanism).wakeup == super::advice::Wakeup::BusyPoll {
            out.push_str("    (busy-polling: a core spins for the whole exchange)\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::Point;

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
    fn the_summary_and_the_choice_are_worded_from_the_typed_results() {
        let run: crate::compare::SavedRun = serde_json::from_str(include_str!(
            "../../../tests/fixtures/bench/recorded-run.json"
        ))
        .unwrap();
        let s = crate::advice::summarize(&run.results);
        let t = summary(&s, true);
        assert!(t.contains("textbook, fastest first: shared memory, pipes, message queues"));
        for g in &s.groups {
            assert!(t.contains(&format!(
                "\n{} {}:\n",
                human_size(g.size_bytes),
                g.placement
            )));
        }
        // Every line fits 80 columns.
        for l in t.lines() {
            assert!(l.chars().count() <= 80, "{l}");
        }
        assert!(t.contains(" ≈ "), "ties are marked");
        let c = crate::advice::choose(
            &crate::advice::Answers {
                boundaries: Some(true),
                ..Default::default()
            },
            &run.results,
        );
        let limits = SizeLimits {
            mq_msgsize_max: Some(8192),
            mq_msg_max: Some(10),
            ..Default::default()
        };
        let t = choice(&c, &limits);
        assert!(t.contains("Textbook choice: pmq (message queues)"), "{t}");
        let words = t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.contains("8.0 KiB per message (fs.mqueue.msgsize_max), 10 messages per queue"),
            "{t}"
        );
        assert!(t.lines().all(|l| l.chars().count() <= 80), "{t}");
        assert!(
            t.contains("kept: each receive returns one whole message"),
            "{t}"
        );
    }

    #[test]
    fn bimodal_hides_the_mean() {
        let mut s: Vec<u64> = vec![2000; 80];
        s.extend(vec![66_000; 20]);
        let r = result(Mechanism::Pipe, 64, Placement::Unpinned, s);
        assert!(r.bimodal.is_some());
        assert!(r.flags()[0].starts_with("bimodal: 80% ~2.00 µs, 20% ~66.0 µs"));
        assert_eq!(row(&r)[9], "-");
    }
}
