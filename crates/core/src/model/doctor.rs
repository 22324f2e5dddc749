//! `doctor`'s judged limits as typed findings: made by `analysis::doctor`, worded (and
//! serialized, with their sentences) by `render::doctor`. Nothing here is a sentence.

use serde::Serialize;

use super::limit::{LimitId, Unit};
use super::{Kind, Namespace};

/// One limit, judged.
#[derive(Debug, Clone)]
pub struct Check {
    pub limit: LimitId,
    pub namespace: Option<Namespace>,
    /// RLIMIT_MSGQUEUE is per user: the user (name or uid) this check is about.
    pub user: Option<String>,
    pub unit: Unit,
    pub used: u64,
    pub max: u64,
    pub percent: f64,
    pub status: Status,
    /// Top consumers: owner and amount, largest first.
    pub by_owner: Vec<Consumer>,
    /// Consumers an application profile names, by application, largest first.
    pub by_app: Vec<AppConsumer>,
    /// How much of `used` is orphan or likely-orphan.
    pub orphaned: u64,
    /// Who the report names as the cause (only for a limit that is not ok).
    pub blame: Blame,
    /// The `clean` that frees the orphaned share, when there is one.
    pub fix: Option<Fix>,
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Consumer {
    pub owner: String,
    pub amount: u64,
    pub orphaned: u64,
}

/// The objects of one application (as its profile names them) among a limit's consumers.
#[derive(Debug, Clone, Serialize)]
pub struct AppConsumer {
    pub app: String,
    pub title: String,
    pub objects: u64,
    pub amount: u64,
    pub orphaned_objects: u64,
    pub orphaned: u64,
    /// The one owner of its orphaned objects, when they share one.
    #[serde(skip)]
    pub(crate) orphan_owner: Option<(String, bool)>,
    #[serde(skip)]
    pub(crate) likely: bool,
}

/// Whom a full or nearly full limit is put down to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Blame {
    /// Nothing to say (the limit has room).
    None,
    /// One application's orphaned objects hold at least half of the orphaned share.
    App {
        app: String,
        title: String,
        orphaned: u64,
        objects: u64,
    },
    /// The owner with the largest orphaned share.
    Owner { owner: String },
    /// Nothing is orphaned: the largest user.
    LargestUser { owner: String, amount: u64 },
}

/// The `clean` command that frees the orphaned share: its parts, worded by `render`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// `--ns PID` is part of the command.
    pub ns_pid: Option<i32>,
    pub kinds: Vec<Kind>,
    pub app: Option<String>,
    pub owner: Option<String>,
    pub include_likely: bool,
}

/// What else a reader must know to act on a check.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Note {
    /// RLIMIT_MSGQUEUE counts the user's queues in every IPC namespace; only this one's are
    /// seen.
    RlimitCountsEveryNamespace,
    /// The kernel charges a queue to its creator's real uid, which it does not record; the
    /// queue's owner is its creator's effective uid, the same unless a setuid program made it.
    RlimitChargedToCreatorsRealUid,
    /// No live process of the user showed its limit: ipcctl's own is used.
    RlimitOfIpcctl,
    /// The user's queues hold more than its limit allows a creator to charge: some were made
    /// under another real uid (a setuid program) or the limit was lowered since.
    RlimitOwnerAboveLimit,
    /// /dev/shm files are sparse: their sizes add up to more than they take.
    SizesExceedAllocation { size_bytes: u64 },
}

/// How close a limit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    /// Above the threshold.
    Warning,
    /// At or above the limit.
    Full,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warning => "warning",
            Status::Full => "full",
        }
    }
}
