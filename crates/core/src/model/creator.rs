//! What `ipcctl record` journaled: an object's creator (or first user), how it ended, the
//! recorder's gaps, and the lines of `history`.

use serde::Serialize;

use super::object::ser_time;
use super::*;

/// What the recorder's journal knows of an object's creator (`ipcctl record`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Creator {
    /// How the process relates to the object.
    pub role: CreatorRole,
    /// Unknown (`null`) for an object first seen in a gap or before recording began.
    pub pid: Option<i32>,
    pub comm: Option<String>,
    pub exe: Option<String>,
    pub uid: Option<u32>,
    pub cgroup: Option<String>,
    /// The systemd unit from the cgroup path (`user@1000.service`, `nginx.service`).
    pub unit: Option<String>,
    /// The container or pod id from the cgroup path.
    pub container: Option<String>,
    #[serde(serialize_with = "ser_time")]
    pub created_at: Option<i64>,
    #[serde(serialize_with = "ser_time")]
    pub exited_at: Option<i64>,
    pub exit: Option<ExitStatus>,
    /// The recorder lost events at this time (a fanotify queue overflow, a lost process
    /// event): the object was first seen after it, its creator is unknown.
    #[serde(serialize_with = "ser_time")]
    pub gap_at: Option<i64>,
    /// The process's start time in clock ticks after boot (`/proc/PID/stat` field 22): with
    /// the pid it names the process, so a reused pid is told apart.
    pub start_ticks: Option<u64>,
    /// Is that very process (same pid and start time, not a zombie) alive now? Set when read
    /// for `list`/`show`; `None` when it cannot be told (no pid, no start time).
    #[serde(skip)]
    pub live: Option<bool>,
}

/// How a recorded process relates to an object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CreatorRole {
    /// It created the object (POSIX: fanotify's create event; shm: cpid).
    #[default]
    Creator,
    /// msg and sem record no creator: the first sender or operator the recorder saw.
    FirstUser,
    /// The object appeared in a gap of the recording: no process is known.
    UnknownGap,
    /// The object existed before the recorder started.
    UnknownBefore,
}

/// What happened, in `history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum What {
    Created,
    Removed,
    Renamed,
    /// A recorded creator (or first user) exited.
    Exited,
    /// The recorder lost events here.
    Gap,
    /// The recorder started (objects present then have no known creator).
    Started,
}

/// Where a gap came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GapSource {
    /// A fanotify queue overflowed.
    Fanotify,
    /// The proc connector's socket overran: exits were lost.
    ProcConnector,
}

/// One line of `history`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HistoryEvent {
    #[serde(serialize_with = "ser_secs")]
    pub at: i64,
    pub what: What,
    pub kind: Option<Kind>,
    /// The object's reference (`pshm:/name`, `shm:5`).
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    /// A rename's new reference.
    pub new_ref: Option<String>,
    pub scope: Option<u64>,
    pub creator: Option<Creator>,
    pub gap: Option<GapSource>,
}

fn ser_secs<S: serde::Serializer>(t: &i64, s: S) -> Result<S::Ok, S::Error> {
    match rfc3339(*t) {
        Some(text) => s.serialize_str(&text),
        None => s.serialize_none(),
    }
}

/// How a recorded process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ExitStatus {
    /// Its exit code, when it exited.
    pub code: Option<i32>,
    /// The signal that killed it.
    pub signal: Option<i32>,
}
