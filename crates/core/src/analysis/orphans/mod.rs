//! Orphan judgement: `classify` gives one object its state and typed evidence from a
//! process table snapshot; `survey` is the one read pass list/orphans/clean/metrics share.
//!
//! States: `in-use` (a holder, a waiter, or a recorded user that is still alive),
//! `unlinked-mapped` (a /dev/shm file whose name is gone while processes still map it),
//! `orphan` (no holder and every recorded pid provably dead), `likely-orphan` (no holder but
//! weaker proof: semaphore sets record no creator, never-used objects record no pid at all),
//! `unknown` (a pid is 0, i.e. not visible in our PID namespace, lives in another IPC
//! namespace, or the evidence could not be read) and `marked-for-deletion` (shm removed
//! while attached).
//!
//! PID reuse: a live pid whose process started more than the clock tolerance (default 60 s,
//! `--clock-tolerance`) after the activity the pid was recorded for is not the object's
//! user; it counts as dead. Within the tolerance it counts as alive.
//!
//! Caps: a SysV queue or semaphore set is at most `unknown` while a live process of its
//! owner or creator uid exists in this IPC namespace (their users leave no trace between
//! operations); a POSIX object is at most `unknown` while there is evidence of processes the
//! scan cannot see (pid 0 in SysV records, more attachments than seen, uninspectable
//! processes that could hold it).

mod classify;
mod survey;

pub use classify::{
    Fate, Judged, classify, classify_with, could_open, fate, hidden_processes, judge_premises,
};
pub use survey::{classify_all, judge, judge_one, read_semaphores, survey, survey_all};

/// How objects are judged: the time "now", how far a process start may lie after an
/// object's last activity before its pid counts as reused, how long an object must have
/// been left alone (`--settle`, `--min-idle`), and whether the user vouches that this PID
/// namespace shows every task (`--complete-view`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Epoch seconds.
    pub now: i64,
    /// Seconds.
    pub clock_tolerance: i64,
    /// Seconds: younger objects and activity are unsettled (premise 4).
    pub settle: i64,
    /// Seconds of idleness a `likely-orphan` needs.
    pub min_idle: i64,
    /// `--complete-view`: a nested PID namespace is taken to hold every task in reach.
    pub complete_view: bool,
}

impl Policy {
    /// Process start times are computed from /proc/stat's btime, which moves with every
    /// step of the wall clock (NTP, a VM resumed): a start up to this long after an object's
    /// last activity still counts as the same process. Also covers whole-second timestamps.
    pub const DEFAULT_TOLERANCE: i64 = 60;
    /// The largest `--clock-tolerance` accepted.
    pub const MAX_TOLERANCE: i64 = 7 * 86_400;
    /// `--settle`'s default: PyTorch's torch_shm_manager unlinks a dead worker's files within
    /// seconds; an object that young is still someone's business.
    pub const DEFAULT_SETTLE: i64 = 60;
    /// `--min-idle`'s default.
    pub const DEFAULT_MIN_IDLE: i64 = 3600;

    /// Judge as of now, with the defaults.
    pub fn now() -> Policy {
        Policy::at(epoch_now())
    }

    /// Judge as of `now` (epoch seconds), with the defaults.
    pub fn at(now: i64) -> Policy {
        Policy {
            now,
            clock_tolerance: Policy::DEFAULT_TOLERANCE,
            settle: Policy::DEFAULT_SETTLE,
            min_idle: Policy::DEFAULT_MIN_IDLE,
            complete_view: false,
        }
    }

    /// Judge as of now, with this clock tolerance in seconds.
    pub fn with_tolerance(clock_tolerance: i64) -> Policy {
        Policy {
            clock_tolerance,
            ..Policy::now()
        }
    }
}

fn epoch_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
