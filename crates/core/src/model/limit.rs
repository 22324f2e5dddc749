//! Kernel limits as typed values: which limit (`LimitId`), in what unit (`Unit`), whether it
//! bounds a total or each object (`LimitScope`), and the one usage rule (`usage_percent`).
//! Doctor, metrics and render dispatch on these enums, never on their names.

use serde::Serialize;

/// Every limit (and `ipcs -u` usage row) ipcctl reads. Serialized as the kernel's or ipcs's
/// name (`SHMMNI`, `MQ_QUEUES_MAX`, `DEV_SHM`), which is also the metrics `limit` label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LimitId {
    Msgmni,
    Msgmax,
    Msgmnb,
    Shmmni,
    Shmmax,
    Shmall,
    Semmsl,
    Semmns,
    Semopm,
    Semmni,
    MqQueuesMax,
    MqMsgMax,
    MqMsgsizeMax,
    MqMsgDefault,
    MqMsgsizeDefault,
    RlimitMsgqueue,
    /// Bytes of the tmpfs behind /dev/shm.
    DevShm,
    /// Inodes (`nr_inodes`) of that tmpfs: every POSIX shm object and named semaphore takes one.
    DevShmInodes,
    // ---- `ipcs -u` usage rows (no limit) ----
    MsgQueues,
    MsgHeaders,
    MsgBytes,
    ShmSegments,
    ShmPages,
    ShmResident,
    ShmSwapped,
    SemSets,
    SemSemaphores,
}

impl LimitId {
    /// The name as JSON, tables and metric labels print it.
    pub fn as_str(self) -> &'static str {
        match self {
            LimitId::Msgmni => "MSGMNI",
            LimitId::Msgmax => "MSGMAX",
            LimitId::Msgmnb => "MSGMNB",
            LimitId::Shmmni => "SHMMNI",
            LimitId::Shmmax => "SHMMAX",
            LimitId::Shmall => "SHMALL",
            LimitId::Semmsl => "SEMMSL",
            LimitId::Semmns => "SEMMNS",
            LimitId::Semopm => "SEMOPM",
            LimitId::Semmni => "SEMMNI",
            LimitId::MqQueuesMax => "MQ_QUEUES_MAX",
            LimitId::MqMsgMax => "MQ_MSG_MAX",
            LimitId::MqMsgsizeMax => "MQ_MSGSIZE_MAX",
            LimitId::MqMsgDefault => "MQ_MSG_DEFAULT",
            LimitId::MqMsgsizeDefault => "MQ_MSGSIZE_DEFAULT",
            LimitId::RlimitMsgqueue => "RLIMIT_MSGQUEUE",
            LimitId::DevShm => "DEV_SHM",
            LimitId::DevShmInodes => "DEV_SHM_INODES",
            LimitId::MsgQueues => "MSG_QUEUES",
            LimitId::MsgHeaders => "MSG_HEADERS",
            LimitId::MsgBytes => "MSG_BYTES",
            LimitId::ShmSegments => "SHM_SEGMENTS",
            LimitId::ShmPages => "SHM_PAGES",
            LimitId::ShmResident => "SHM_RESIDENT",
            LimitId::ShmSwapped => "SHM_SWAPPED",
            LimitId::SemSets => "SEM_SETS",
            LimitId::SemSemaphores => "SEM_SEMAPHORES",
        }
    }

    /// The limits of the tmpfs behind /dev/shm: one per mount, however many IPC namespaces
    /// see it (`-A` reports them once per device).
    pub fn is_dev_shm(self) -> bool {
        matches!(self, LimitId::DevShm | LimitId::DevShmInodes)
    }
}

impl std::fmt::Display for LimitId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a limit's numbers count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Count,
    Bytes,
    /// Memory pages (SHMALL): multiply by the page size for bytes.
    Pages,
}

/// What a kernel limit bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LimitScope {
    /// A total over many objects (SHMMNI, SEMMNS, MQ_QUEUES_MAX, bytes of a user's queues):
    /// its use can be counted, and use / limit says how close the next create is to failing.
    Total,
    /// Each object on its own (SHMMAX, MSGMAX, MSGMNB, SEMMSL, SEMOPM, MQ_MSG_MAX,
    /// MQ_MSGSIZE_MAX, the mq defaults): many objects may each sit at it, so it has no use and
    /// no usage ratio; `largest` says how close the largest object comes.
    PerObject,
}

/// `used` of `limit` in percent. A limit of 0 lets nothing more be created: it is exhausted
/// (100%) whatever is in use, never "0% used" or "no ratio"; a limit lowered below its use
/// is above 100%. The one rule for limits, doctor and metrics.
pub fn usage_percent(used: u64, limit: u64) -> f64 {
    if limit == 0 {
        return 100.0;
    }
    used as f64 * 100.0 / limit as f64
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One kernel limit with its current use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Limit {
    /// Which limit, e.g. `SHMMNI`.
    pub name: LimitId,
    /// Where the limit comes from, e.g. `/proc/sys/kernel/shmmni`.
    pub source: String,
    pub description: String,
    pub scope: LimitScope,
    /// `None` when unknown, or when there is no limit (`unlimited`).
    pub limit: Option<u64>,
    /// The kernel enforces no limit here (a tmpfs of `size=0` or `nr_inodes=0`, an
    /// RLIMIT_MSGQUEUE of `unlimited`): `limit` is `None`, `used` is still the real use.
    #[serde(skip_serializing_if = "is_false")]
    pub unlimited: bool,
    /// Current use of a `Total` limit; always `None` for a `PerObject` one.
    pub used: Option<u64>,
    /// `used` / `limit` in percent; `None` for a `PerObject` limit.
    pub percent: Option<f64>,
    /// For a `PerObject` limit: the value of the largest object it applies to (the largest
    /// segment for SHMMAX, the longest queue for MQ_MSG_MAX); `None` when there is none.
    pub largest: Option<u64>,
    /// `bytes`, `pages`, `count`.
    pub unit: Unit,
    /// The device of the file system the limit belongs to (the /dev/shm tmpfs), so that one
    /// tmpfs seen from several IPC namespaces is judged once.
    #[serde(skip)]
    pub device: Option<u64>,
}

impl Limit {
    pub fn new(name: LimitId, source: &str, description: &str, unit: Unit) -> Limit {
        Limit {
            name,
            source: source.to_string(),
            description: description.to_string(),
            scope: LimitScope::Total,
            limit: None,
            unlimited: false,
            used: None,
            percent: None,
            largest: None,
            unit,
            device: None,
        }
    }

    pub fn with(mut self, limit: Option<u64>, used: Option<u64>) -> Limit {
        self.limit = limit;
        self.used = used;
        self.percent = match (limit, used) {
            (Some(l), Some(u)) => Some(usage_percent(u, l)),
            _ => None,
        };
        if self.scope == LimitScope::PerObject {
            self = self.per_object();
        }
        self
    }

    /// No limit applies: `used` is kept, there is no ratio.
    pub fn unlimited(mut self, used: Option<u64>) -> Limit {
        self = self.with(None, used);
        self.unlimited = true;
        self
    }

    /// Mark a limit that applies to each object on its own: what `with` was given as use is
    /// the largest object, and there is no usage ratio.
    pub fn per_object(mut self) -> Limit {
        self.scope = LimitScope::PerObject;
        self.largest = self.largest.or(self.used.take());
        self.percent = None;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_object_limits_have_no_use_and_no_ratio() {
        let a = Limit::new(LimitId::MqMsgMax, "", "", Unit::Count)
            .with(Some(10), Some(10))
            .per_object();
        let b = Limit::new(LimitId::MqMsgMax, "", "", Unit::Count)
            .per_object()
            .with(Some(10), Some(10));
        for l in [a, b] {
            assert_eq!(l.scope, LimitScope::PerObject);
            assert_eq!((l.used, l.largest, l.percent), (None, Some(10), None));
        }
        // Regression (issue 19.10): a limit of 0 was "no ratio" (limits, metrics) and 0%
        // (doctor): it is exhausted.
        let z = Limit::new(LimitId::Msgmni, "", "", Unit::Count).with(Some(0), Some(0));
        assert_eq!(z.percent, Some(100.0));
        let z = Limit::new(LimitId::Msgmni, "", "", Unit::Count).with(Some(0), Some(3));
        assert_eq!(z.percent, Some(100.0));
        let below = Limit::new(LimitId::Msgmni, "", "", Unit::Count).with(Some(2), Some(3));
        assert_eq!(below.percent, Some(150.0));
        let t = Limit::new(LimitId::Semmni, "", "", Unit::Count).with(Some(4), Some(1));
        assert_eq!(
            (t.scope, t.used, t.percent),
            (LimitScope::Total, Some(1), Some(25.0))
        );
    }

    #[test]
    fn ids_serialize_as_their_names() {
        for id in [
            LimitId::MqQueuesMax,
            LimitId::RlimitMsgqueue,
            LimitId::DevShmInodes,
            LimitId::MqMsgsizeDefault,
            LimitId::SemSemaphores,
        ] {
            assert_eq!(
                serde_json::to_value(id).unwrap(),
                serde_json::Value::from(id.as_str())
            );
        }
        assert_eq!(serde_json::to_value(Unit::Pages).unwrap(), "pages");
    }
}
