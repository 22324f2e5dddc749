//! What a run's numbers answer, pure (no I/O, no words: `text` words them):
//!
//! - [`traits`]: one typed table of what each mechanism is (its textbook family, message
//!   boundaries, persistence, setup, direction, reach, size limit, how a peer is woken);
//! - [`summarize`]: per size and placement, the ranking by round-trip latency (p50) and by
//!   streaming throughput, per mechanism and per textbook family, next to the textbook
//!   ranking ("shared memory, then pipes, then message queues, then Unix sockets, then
//!   network sockets"), and the findings: where this machine differs beyond the noise, and
//!   the typed reason computed from the results (every mechanism woken by the kernel within
//!   [`WAKEUP_SPREAD`] of each other: the wake-up dominates, not the mechanism);
//! - [`choose`]: the textbook decision tree (same machine? high throughput? message
//!   boundaries? one direction? related processes?) answered with the textbook's pick, the
//!   mechanisms that fit the same answers, and the one that measured best here.

use serde::{Deserialize, Serialize};

use super::report::BenchResult;
use super::{Mechanism, Placement};

/// The textbook's families, fastest first as the courses rank them; `Signal` is not ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    SharedMemory,
    Pipe,
    MessageQueue,
    UnixSocket,
    NetworkSocket,
    Signal,
}

impl Family {
    /// The textbook ranking, fastest first.
    pub const TEXTBOOK: [Family; 5] = [
        Family::SharedMemory,
        Family::Pipe,
        Family::MessageQueue,
        Family::UnixSocket,
        Family::NetworkSocket,
    ];

    /// Position in the textbook ranking (None: not ranked there).
    pub fn textbook_rank(self) -> Option<usize> {
        Family::TEXTBOOK.iter().position(|f| *f == self)
    }
}

/// How long what was sent stays when its creator exits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Persistence {
    /// Gone when the last process holding it closes it.
    Process,
    /// A kernel object that stays, with its contents, until removed or reboot.
    Kernel,
    /// A file that stays until unlinked, across reboots on a disk.
    Filesystem,
}

/// How much code it takes to set up and synchronize.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Setup {
    /// One call, inherited across fork.
    Low,
    /// A name or path both sides agree on.
    Medium,
    /// A name plus synchronization (or a connection) the program writes itself.
    High,
}

/// Which processes can use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reach {
    /// Only processes that inherit it (fork).
    Related,
    /// Any process on this machine that knows the name, path or key.
    Unrelated,
    /// Processes on other machines too.
    Network,
}

/// The machine setting that bounds one message (or the bytes in flight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Limit {
    /// The pipe buffer (64 KiB by default, up to /proc/sys/fs/pipe-max-size).
    PipeBuffer,
    /// The socket buffers (net.core.wmem_default, up to wmem_max).
    SocketBuffer,
    /// kernel.msgmax per message, kernel.msgmnb per queue.
    SysvMessage,
    /// fs.mqueue.msgsize_max per message, msg_max messages per queue.
    PosixMessage,
    /// kernel.shmmax per System V segment.
    SysvSegment,
    /// The free space of the tmpfs on /dev/shm.
    DevShm,
    /// The file's filesystem.
    File,
}

/// How a waiting peer learns there is something to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Wakeup {
    /// Blocks in the kernel and is woken (a context switch; an IPI across cores).
    Kernel,
    /// Spins on memory: no system call, no wake-up, a core burnt.
    BusyPoll,
}

/// What a mechanism is, as the courses compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Traits {
    pub family: Family,
    /// Each receive returns one whole message as sent (else a byte stream).
    pub boundaries: bool,
    pub persistence: Persistence,
    pub setup: Setup,
    /// One object carries both directions.
    pub two_way: bool,
    pub reach: Reach,
    pub limit: Limit,
    pub wakeup: Wakeup,
}

/// The trait table: one exhaustive match.
pub fn traits(m: Mechanism) -> Traits {
    use Family as F;
    let t = |family, boundaries, persistence, setup, two_way, reach, limit, wakeup| Traits {
        family,
        boundaries,
        persistence,
        setup,
        two_way,
        reach,
        limit,
        wakeup,
    };
    use Limit as L;
    use Persistence as P;
    use Reach as R;
    use Setup as S;
    use Wakeup as W;
    match m {
        Mechanism::Pipe => t(
            F::Pipe,
            false,
            P::Process,
            S::Low,
            false,
            R::Related,
            L::PipeBuffer,
            W::Kernel,
        ),
        Mechanism::Fifo => t(
            F::Pipe,
            false,
            P::Process,
            S::Medium,
            false,
            R::Unrelated,
            L::PipeBuffer,
            W::Kernel,
        ),
        Mechanism::UnixStream => t(
            F::UnixSocket,
            false,
            P::Process,
            S::Medium,
            true,
            R::Unrelated,
            L::SocketBuffer,
            W::Kernel,
        ),
        Mechanism::UnixDgram => t(
            F::UnixSocket,
            true,
            P::Process,
            S::Medium,
            true,
            R::Unrelated,
            L::SocketBuffer,
            W::Kernel,
        ),
        Mechanism::Tcp => t(
            F::NetworkSocket,
            false,
            P::Process,
            S::High,
            true,
            R::Network,
            L::SocketBuffer,
            W::Kernel,
        ),
        Mechanism::Pmq => t(
            F::MessageQueue,
            true,
            P::Kernel,
            S::Medium,
            false,
            R::Unrelated,
            L::PosixMessage,
            W::Kernel,
        ),
        Mechanism::Msg => t(
            F::MessageQueue,
            true,
            P::Kernel,
            S::Medium,
            true,
            R::Unrelated,
            L::SysvMessage,
            W::Kernel,
        ),
        Mechanism::Mailbox => t(
            F::MessageQueue,
            true,
            P::Kernel,
            S::High,
            true,
            R::Unrelated,
            L::PosixMessage,
            W::Kernel,
        ),
        Mechanism::ShmFutex => t(
            F::SharedMemory,
            false,
            P::Kernel,
            S::High,
            true,
            R::Unrelated,
            L::SysvSegment,
            W::Kernel,
        ),
        Mechanism::PshmSem => t(
            F::SharedMemory,
            false,
            P::Kernel,
            S::High,
            true,
            R::Unrelated,
            L::DevShm,
            W::Kernel,
        ),
        Mechanism::ShmSpin => t(
            F::SharedMemory,
            false,
            P::Kernel,
            S::High,
            true,
            R::Unrelated,
            L::SysvSegment,
            W::BusyPoll,
        ),
        Mechanism::MmapFile => t(
            F::SharedMemory,
            false,
            P::Filesystem,
            S::High,
            true,
            R::Unrelated,
            L::File,
            W::Kernel,
        ),
        Mechanism::Signal => t(
            F::Signal,
            false,
            P::Process,
            S::High,
            true,
            R::Unrelated,
            L::SysvSegment,
            W::Kernel,
        ),
    }
}

/// Kernel-woken mechanisms whose p50 round trips are all within this factor of each other
/// are "all the same" here: the wake-up, not the mechanism, sets the latency.
pub const WAKEUP_SPREAD: f64 = 1.5;
/// Or: the median round trip across cores is at least this many times the same
/// mechanisms' median on one core, so most of each round trip is the wake-up.
pub const WAKEUP_SHARE: u64 = 3;
/// Smallest factor between two p50s (with their p25-p75 ranges apart) that counts as a
/// difference within one run.
pub const LATENCY_DIFFERS: f64 = 1.2;
/// Smallest factor between two throughputs that counts as a difference within one run.
pub const THROUGHPUT_DIFFERS: f64 = 1.2;

/// Which number a ranking is by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// p50 round trip, lower is better.
    Latency,
    /// One-way streaming bytes per second, higher is better.
    Throughput,
}

/// One mechanism's place in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    pub mechanism: Mechanism,
    pub family: Family,
    /// ns (latency) or bytes/s (throughput).
    pub value: f64,
    /// Not beyond the noise from the one ranked before it.
    pub tied_with_previous: bool,
}

/// A family's best mechanism in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyRank {
    pub family: Family,
    pub best: Mechanism,
    pub value: f64,
    pub tied_with_previous: bool,
}

/// Why two families came out in another order than the textbook's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "code")]
pub enum Reason {
    /// The slower family's best mechanism also waits in the kernel for every message, so
    /// sharing memory saves only the copy, which is small next to the wake-up.
    SameWakeupPerMessage { slower: Mechanism },
    /// The slower family's best mechanism is bounded by a kernel buffer or message limit.
    KernelBuffer { slower: Mechanism, limit: Limit },
    /// No typed cause: measured so, here.
    Measured,
}

/// What one ranking says against the textbook.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "code")]
pub enum Finding {
    /// Every kernel-woken mechanism is within [`WAKEUP_SPREAD`] of the others, or their
    /// median is [`WAKEUP_SHARE`] times or more their median on one core: the wake-up
    /// dominates. `same_core_p50_ns`: the median of the same mechanisms on one core at this
    /// size, when measured (the cost of the wake-up is the difference).
    WakeupDominates {
        spread: f64,
        p50_ns: u64,
        same_core_p50_ns: Option<u64>,
        /// What crossing cores adds to a round trip (median over the mechanisms measured
        /// on both placements): the cost of the wake-up.
        wakeup_ns: Option<u64>,
        /// The busy-polling mechanism's p50, when measured (no wake-up at all).
        busy_poll_p50_ns: Option<u64>,
    },
    /// `faster` beat `slower` by `ratio`, against the textbook order.
    Differs {
        measure: Measure,
        faster: Family,
        slower: Family,
        faster_mechanism: Mechanism,
        slower_mechanism: Mechanism,
        ratio: f64,
        reason: Reason,
    },
    /// The families came out in the textbook order (ties aside).
    AsTextbook { measure: Measure },
}

/// One size and placement of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub size_bytes: u64,
    pub placement: Placement,
    pub latency: Vec<Ranked>,
    pub throughput: Vec<Ranked>,
    pub latency_families: Vec<FamilyRank>,
    pub throughput_families: Vec<FamilyRank>,
    pub findings: Vec<Finding>,
}

/// What a run says, group by group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The textbook ranking the groups are compared with.
    pub textbook: Vec<Family>,
    pub groups: Vec<Group>,
}

fn p50(r: &BenchResult) -> f64 {
    r.p50_ns as f64
}

/// Do two latency results differ beyond the noise (quartile ranges apart and a factor of
/// [`LATENCY_DIFFERS`])?
fn latency_differs(a: &BenchResult, b: &BenchResult) -> bool {
    let (lo, hi) = if a.p50_ns <= b.p50_ns { (a, b) } else { (b, a) };
    let apart = lo.p75_ns < hi.p25_ns;
    apart && p50(hi) >= p50(lo) * LATENCY_DIFFERS
}

fn throughput_differs(a: f64, b: f64) -> bool {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    lo <= 0.0 || hi >= lo * THROUGHPUT_DIFFERS
}

fn median(mut v: Vec<u64>) -> Option<u64> {
    v.sort_unstable();
    (!v.is_empty()).then(|| v[v.len() / 2])
}

/// The ranking and findings of every (size, placement) in `results`.
pub fn summarize(results: &[BenchResult]) -> Summary {
    let mut keys: Vec<(u64, Placement)> = results
        .iter()
        .map(|r| (r.size_bytes, r.placement))
        .collect();
    keys.sort();
    keys.dedup();
    let groups = keys
        .into_iter()
        .map(|(size, placement)| {
            let of: Vec<&BenchResult> = results
                .iter()
                .filter(|r| (r.size_bytes, r.placement) == (size, placement))
                .collect();
            let same_core: Vec<&BenchResult> = results
                .iter()
                .filter(|r| r.size_bytes == size && r.placement == Placement::SameCore)
                .collect();
            group(size, placement, &of, &same_core)
        })
        .collect();
    Summary {
        textbook: Family::TEXTBOOK.to_vec(),
        groups,
    }
}

fn group(
    size: u64,
    placement: Placement,
    of: &[&BenchResult],
    same_core: &[&BenchResult],
) -> Group {
    // Latency: lowest p50 first.
    let mut lat: Vec<&BenchResult> = of.to_vec();
    lat.sort_by_key(|r| (r.p50_ns, r.mechanism));
    let latency = ranked(&lat, Measure::Latency);
    // Throughput: highest first (results without a stream are left out).
    let mut thr: Vec<&BenchResult> = of.iter().copied().filter(|r| r.bytes_per_s > 0.0).collect();
    thr.sort_by(|a, b| {
        b.bytes_per_s
            .total_cmp(&a.bytes_per_s)
            .then(a.mechanism.cmp(&b.mechanism))
    });
    let throughput = ranked(&thr, Measure::Throughput);
    let latency_families = families(&lat, Measure::Latency);
    let throughput_families = families(&thr, Measure::Throughput);

    let mut findings = Vec::new();
    let woken: Vec<&BenchResult> = lat
        .iter()
        .copied()
        .filter(|r| traits(r.mechanism).wakeup == Wakeup::Kernel)
        .collect();
    if let (Some(lo), Some(hi)) = (woken.first(), woken.last())
        && woken.len() >= 3
    {
        let spread = p50(hi) / p50(lo).max(1.0);
        // The same mechanisms on one core, and what crossing cores adds to each.
        let pairs: Vec<(u64, u64)> = woken
            .iter()
            .filter(|_| placement != Placement::SameCore)
            .filter_map(|r| {
                same_core
                    .iter()
                    .find(|s| s.mechanism == r.mechanism)
                    .map(|s| (s.p50_ns, r.p50_ns))
            })
            .collect();
        let same = median(pairs.iter().map(|p| p.0).collect());
        let wakeup_ns = median(pairs.iter().map(|p| p.1.saturating_sub(p.0)).collect());
        let here = median(woken.iter().map(|r| r.p50_ns).collect()).unwrap_or(0);
        let dominated = same.is_some_and(|s| s.saturating_mul(WAKEUP_SHARE) <= here);
        if spread < WAKEUP_SPREAD || dominated {
            findings.push(Finding::WakeupDominates {
                spread: (spread * 100.0).round() / 100.0,
                p50_ns: here,
                same_core_p50_ns: same,
                wakeup_ns,
                busy_poll_p50_ns: lat
                    .iter()
                    .find(|r| traits(r.mechanism).wakeup == Wakeup::BusyPoll)
                    .map(|r| r.p50_ns),
            });
        }
    }
    inversions(&latency_families, Measure::Latency, of, &mut findings);
    inversions(&throughput_families, Measure::Throughput, of, &mut findings);
    Group {
        size_bytes: size,
        placement,
        latency,
        throughput,
        latency_families,
        throughput_families,
        findings,
    }
}

fn value(r: &BenchResult, m: Measure) -> f64 {
    match m {
        Measure::Latency => p50(r),
        Measure::Throughput => r.bytes_per_s,
    }
}

fn differs(a: &BenchResult, b: &BenchResult, m: Measure) -> bool {
    match m {
        Measure::Latency => latency_differs(a, b),
        Measure::Throughput => throughput_differs(a.bytes_per_s, b.bytes_per_s),
    }
}

fn ranked(sorted: &[&BenchResult], m: Measure) -> Vec<Ranked> {
    sorted
        .iter()
        .enumerate()
        .map(|(i, r)| Ranked {
            mechanism: r.mechanism,
            family: traits(r.mechanism).family,
            value: value(r, m),
            tied_with_previous: i > 0 && !differs(sorted[i - 1], r, m),
        })
        .collect()
}

/// Each textbook family's best mechanism, best first (`sorted` is best first).
fn families(sorted: &[&BenchResult], m: Measure) -> Vec<FamilyRank> {
    let mut best: Vec<&BenchResult> = Vec::new();
    for r in sorted {
        let f = traits(r.mechanism).family;
        // Busy-polling is not what the courses mean by shared memory (they pair it with a
        // semaphore); it is ranked per mechanism, and named with the wake-up.
        if f.textbook_rank().is_some()
            && traits(r.mechanism).wakeup == Wakeup::Kernel
            && !best.iter().any(|b| traits(b.mechanism).family == f)
        {
            best.push(r);
        }
    }
    best.iter()
        .enumerate()
        .map(|(i, r)| FamilyRank {
            family: traits(r.mechanism).family,
            best: r.mechanism,
            value: value(r, m),
            tied_with_previous: i > 0 && !differs(best[i - 1], r, m),
        })
        .collect()
}

/// Every pair of families measured in the other order than the textbook's, beyond the
/// noise; or `AsTextbook` when there is none.
fn inversions(fams: &[FamilyRank], m: Measure, of: &[&BenchResult], out: &mut Vec<Finding>) {
    let find = |mech: Mechanism| of.iter().copied().find(|r| r.mechanism == mech);
    let before = out.len();
    for (i, fast) in fams.iter().enumerate() {
        for slow in &fams[i + 1..] {
            let (Some(fr), Some(sr)) = (fast.family.textbook_rank(), slow.family.textbook_rank())
            else {
                continue;
            };
            if fr < sr {
                continue; // the textbook order
            }
            let (Some(a), Some(b)) = (find(fast.best), find(slow.best)) else {
                continue;
            };
            if !differs(a, b, m) {
                continue;
            }
            let ratio = match m {
                Measure::Latency => p50(b) / p50(a).max(1.0),
                Measure::Throughput => a.bytes_per_s / b.bytes_per_s.max(1.0),
            };
            let st = traits(slow.best);
            let reason = match (m, st.family, st.wakeup, st.limit) {
                (_, Family::SharedMemory, Wakeup::Kernel, _) => {
                    Reason::SameWakeupPerMessage { slower: slow.best }
                }
                (
                    Measure::Throughput,
                    _,
                    _,
                    limit @ (Limit::PipeBuffer
                    | Limit::SocketBuffer
                    | Limit::SysvMessage
                    | Limit::PosixMessage),
                ) => Reason::KernelBuffer {
                    slower: slow.best,
                    limit,
                },
                _ => Reason::Measured,
            };
            out.push(Finding::Differs {
                measure: m,
                faster: fast.family,
                slower: slow.family,
                faster_mechanism: fast.best,
                slower_mechanism: slow.best,
                ratio: (ratio * 10.0).round() / 10.0,
                reason,
            });
        }
    }
    if out.len() == before && fams.len() > 1 {
        out.push(Finding::AsTextbook { measure: m });
    }
}

/// A question of the decision tree, in the order it is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Question {
    SameMachine,
    HighThroughput,
    Boundaries,
    OneWay,
    Related,
}

impl Question {
    pub const ALL: [Question; 5] = [
        Question::SameMachine,
        Question::HighThroughput,
        Question::Boundaries,
        Question::OneWay,
        Question::Related,
    ];
}

/// The answers given (None: not asked, or "either").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Answers {
    pub same_machine: Option<bool>,
    pub high_throughput: Option<bool>,
    pub boundaries: Option<bool>,
    pub one_way: Option<bool>,
    pub related: Option<bool>,
}

impl Answers {
    pub fn get(&self, q: Question) -> Option<bool> {
        match q {
            Question::SameMachine => self.same_machine,
            Question::HighThroughput => self.high_throughput,
            Question::Boundaries => self.boundaries,
            Question::OneWay => self.one_way,
            Question::Related => self.related,
        }
    }

    pub fn set(&mut self, q: Question, v: Option<bool>) {
        let slot = match q {
            Question::SameMachine => &mut self.same_machine,
            Question::HighThroughput => &mut self.high_throughput,
            Question::Boundaries => &mut self.boundaries,
            Question::OneWay => &mut self.one_way,
            Question::Related => &mut self.related,
        };
        *slot = v;
    }

    /// Does a mechanism with these traits do what the answers ask?
    pub fn fit(&self, t: &Traits) -> bool {
        t.family != Family::Signal
            && (self.same_machine != Some(false) || t.reach == Reach::Network)
            && (self.related != Some(false) || t.reach != Reach::Related)
            && (self.boundaries != Some(true) || t.boundaries)
            && (self.one_way != Some(false) || t.two_way)
    }

    /// Does the tree still ask `q`? Not when an earlier answer already decided (another
    /// machine; high throughput; boundaries or both ways make "related?" moot).
    pub fn asks(&self, q: Question) -> bool {
        !self.decided_before(q)
    }

    fn decided_before(&self, q: Question) -> bool {
        let idx = |x: Question| Question::ALL.iter().position(|y| *y == x).unwrap_or(0);
        Question::ALL[..idx(q)].iter().any(|&p| match p {
            Question::SameMachine => self.same_machine == Some(false),
            Question::HighThroughput => self.high_throughput == Some(true),
            Question::Boundaries => self.boundaries == Some(true) && q == Question::Related,
            Question::OneWay => self.one_way == Some(false) && q == Question::Related,
            Question::Related => false,
        })
    }
}

/// The textbook's answer: another machine, a network socket; high throughput, shared memory
/// with a semaphore; message boundaries, a message queue (a Unix datagram socket both ways);
/// one direction, a pipe (a FIFO between unrelated processes); else a Unix stream socket.
pub fn textbook_pick(a: &Answers) -> Mechanism {
    if a.same_machine == Some(false) {
        Mechanism::Tcp
    } else if a.high_throughput == Some(true) {
        Mechanism::PshmSem
    } else if a.boundaries == Some(true) {
        if a.one_way == Some(false) {
            Mechanism::UnixDgram
        } else {
            Mechanism::Pmq
        }
    } else if a.one_way == Some(true) {
        if a.related == Some(false) {
            Mechanism::Fifo
        } else {
            Mechanism::Pipe
        }
    } else {
        Mechanism::UnixStream
    }
}

/// The best fitting mechanism at one size and placement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Best {
    pub size_bytes: u64,
    pub placement: Placement,
    pub mechanism: Mechanism,
    pub p50_ns: u64,
    pub bytes_per_s: f64,
    /// The textbook pick's numbers at this point, when measured.
    pub pick_p50_ns: Option<u64>,
    pub pick_bytes_per_s: Option<f64>,
    /// The pick is within the noise of the best (or is the best).
    pub pick_is_as_good: bool,
}

/// `--choose`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    pub answers: Answers,
    pub pick: Mechanism,
    pub traits: Traits,
    /// The mechanisms that do what the answers ask (the pick among them).
    pub fits: Vec<Mechanism>,
    /// Ranked by throughput when high throughput was asked for, else by latency.
    pub measure: Measure,
    /// Per size and placement measured, the fit that did best.
    pub best: Vec<Best>,
}

/// The mechanisms `--choose` measures for these answers: the pick and every fit.
pub fn candidates(a: &Answers) -> Vec<Mechanism> {
    let pick = textbook_pick(a);
    let mut v = vec![pick];
    v.extend(
        Mechanism::ALL
            .into_iter()
            .filter(|m| *m != pick && a.fit(&traits(*m))),
    );
    v
}

/// Walk the tree and weigh the fits with a run's results.
pub fn choose(a: &Answers, results: &[BenchResult]) -> Choice {
    let pick = textbook_pick(a);
    let fits = candidates(a);
    let measure = if a.high_throughput == Some(true) {
        Measure::Throughput
    } else {
        Measure::Latency
    };
    let mut keys: Vec<(u64, Placement)> = results
        .iter()
        .map(|r| (r.size_bytes, r.placement))
        .collect();
    keys.sort();
    keys.dedup();
    let best = keys
        .into_iter()
        .filter_map(|(size, placement)| {
            let here: Vec<&BenchResult> = results
                .iter()
                .filter(|r| {
                    (r.size_bytes, r.placement) == (size, placement) && fits.contains(&r.mechanism)
                })
                .collect();
            let top = here.iter().copied().min_by(|x, y| match measure {
                Measure::Latency => x.p50_ns.cmp(&y.p50_ns),
                Measure::Throughput => y.bytes_per_s.total_cmp(&x.bytes_per_s),
            })?;
            let p = here.iter().copied().find(|r| r.mechanism == pick);
            Some(Best {
                size_bytes: size,
                placement,
                mechanism: top.mechanism,
                p50_ns: top.p50_ns,
                bytes_per_s: top.bytes_per_s,
                pick_p50_ns: p.map(|r| r.p50_ns),
                pick_bytes_per_s: p.map(|r| r.bytes_per_s),
                pick_is_as_good: p
                    .is_some_and(|p| p.mechanism == top.mechanism || !differs(p, top, measure)),
            })
        })
        .collect();
    Choice {
        answers: *a,
        pick,
        traits: traits(pick),
        fits,
        measure,
        best,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Recorded on a 2-vCPU VM (kernel 6.18), 64 B and 64 KiB, both placements: p25, p50,
    /// p75 of the round trips and the streaming bytes/s (fixture: tests/fixtures/bench).
    fn recorded() -> Vec<BenchResult> {
        let text = include_str!("../../../tests/fixtures/bench/recorded-run.json");
        let run: super::super::compare::SavedRun =
            serde_json::from_str(text).expect("fixture parses");
        run.results
    }

    fn group(s: &Summary, size: u64, p: Placement) -> &Group {
        s.groups
            .iter()
            .find(|g| (g.size_bytes, g.placement) == (size, p))
            .expect("group")
    }

    #[test]
    fn every_mechanism_has_traits_and_the_textbook_ranks_five_families() {
        for m in Mechanism::ALL {
            let t = traits(m);
            assert_eq!(
                t.family == Family::Signal,
                t.family.textbook_rank().is_none()
            );
        }
        assert_eq!(Family::TEXTBOOK.len(), 5);
    }

    #[test]
    fn cross_core_small_messages_are_mostly_the_wake_up() {
        let s = summarize(&recorded());
        let g = group(&s, 64, Placement::CrossCore);
        let Some(Finding::WakeupDominates {
            p50_ns,
            same_core_p50_ns,
            wakeup_ns,
            busy_poll_p50_ns,
            ..
        }) = g.findings.first()
        else {
            panic!("{:?}", g.findings)
        };
        // The same mechanisms on one core are several times faster: the wake-up is the cost.
        let same = same_core_p50_ns.expect("same-core measured");
        assert!(same * WAKEUP_SHARE <= *p50_ns, "{same} vs {p50_ns}");
        assert!(wakeup_ns.is_some_and(|w| w > same));
        // Busy polling skips it, and ranks first of all mechanisms.
        assert!(busy_poll_p50_ns.is_some_and(|n| n < same));
        assert_eq!(g.latency[0].mechanism, Mechanism::ShmSpin);
        // Shared memory woken by a futex pays the same wake-up as a pipe: here it lost.
        let f = g
            .findings
            .iter()
            .find(|f| {
                matches!(
                    f,
                    Finding::Differs {
                        measure: Measure::Latency,
                        slower: Family::SharedMemory,
                        ..
                    }
                )
            })
            .expect("pipes beat futex-woken shared memory across cores in this run");
        let Finding::Differs { reason, faster, .. } = f else {
            unreachable!()
        };
        assert_eq!(*faster, Family::Pipe);
        assert!(matches!(reason, Reason::SameWakeupPerMessage { .. }));
        // The same run on one core: no wake-up finding.
        let g1 = group(&s, 64, Placement::SameCore);
        assert!(
            !g1.findings
                .iter()
                .any(|f| matches!(f, Finding::WakeupDominates { .. }))
        );
    }

    #[test]
    fn a_socket_beating_a_pipe_at_64k_is_put_down_to_the_pipe_buffer() {
        let s = summarize(&recorded());
        let g = group(&s, 65536, Placement::CrossCore);
        assert_eq!(
            g.throughput_families[0].family,
            Family::SharedMemory,
            "{:?}",
            g.throughput_families
        );
        let f = g
            .findings
            .iter()
            .find(|f| {
                matches!(
                    f,
                    Finding::Differs {
                        measure: Measure::Throughput,
                        faster: Family::UnixSocket,
                        slower: Family::Pipe,
                        ..
                    }
                )
            })
            .expect("unix sockets beat pipes in this run");
        let Finding::Differs { ratio, reason, .. } = f else {
            unreachable!()
        };
        assert!(*ratio >= THROUGHPUT_DIFFERS, "{ratio}");
        assert_eq!(
            *reason,
            Reason::KernelBuffer {
                slower: Mechanism::Pipe,
                limit: Limit::PipeBuffer
            }
        );
        // Message queues cannot carry 64 KiB here (skipped): not ranked at all.
        assert!(
            !g.throughput_families
                .iter()
                .any(|f| f.family == Family::MessageQueue)
        );
    }

    #[test]
    fn same_core_ranking_is_computed_with_ties() {
        let s = summarize(&recorded());
        let g = group(&s, 64, Placement::SameCore);
        // Sorted by p50, each value no lower than the one before.
        for w in g.latency.windows(2) {
            assert!(w[0].value <= w[1].value);
        }
        // The families' best mechanisms, in measured order, each family once.
        let fams: Vec<Family> = g.latency_families.iter().map(|f| f.family).collect();
        let mut dedup = fams.clone();
        dedup.sort();
        dedup.dedup();
        assert_eq!(dedup.len(), fams.len());
        assert!(!g.findings.is_empty());
    }

    #[test]
    fn the_tree_answers_as_the_courses_do() {
        let a = |sm, ht, b, ow, rel| Answers {
            same_machine: sm,
            high_throughput: ht,
            boundaries: b,
            one_way: ow,
            related: rel,
        };
        assert_eq!(
            textbook_pick(&a(Some(false), None, None, None, None)),
            Mechanism::Tcp
        );
        assert_eq!(
            textbook_pick(&a(Some(true), Some(true), None, None, None)),
            Mechanism::PshmSem
        );
        assert_eq!(
            textbook_pick(&a(Some(true), Some(false), Some(true), None, Some(false))),
            Mechanism::Pmq
        );
        assert_eq!(
            textbook_pick(&a(
                Some(true),
                Some(false),
                Some(false),
                Some(true),
                Some(true)
            )),
            Mechanism::Pipe
        );
        assert_eq!(
            textbook_pick(&a(
                Some(true),
                Some(false),
                Some(false),
                Some(true),
                Some(false)
            )),
            Mechanism::Fifo
        );
        assert_eq!(
            textbook_pick(&a(Some(true), Some(false), Some(false), Some(false), None)),
            Mechanism::UnixStream
        );
        // Unrelated processes never get a pipe; boundaries only message carriers.
        let fits = candidates(&a(None, None, Some(true), None, Some(false)));
        assert!(
            fits.iter()
                .all(|m| traits(*m).boundaries && traits(*m).reach != Reach::Related)
        );
        // Another machine: nothing asked after it.
        let elsewhere = a(Some(false), None, None, None, None);
        assert!(Question::ALL[1..].iter().all(|q| !elsewhere.asks(*q)));
        assert!(Answers::default().asks(Question::SameMachine));
    }

    #[test]
    fn choose_weighs_the_fits_with_the_run() {
        let ans = Answers {
            same_machine: Some(true),
            high_throughput: Some(false),
            boundaries: Some(false),
            one_way: Some(true),
            related: Some(true),
        };
        let c = choose(&ans, &recorded());
        assert_eq!(c.pick, Mechanism::Pipe);
        assert_eq!(c.measure, Measure::Latency);
        assert!(!c.best.is_empty());
        for b in &c.best {
            assert!(c.fits.contains(&b.mechanism));
            assert!(b.pick_p50_ns.is_some_and(|p| p >= b.p50_ns));
        }
    }
}
