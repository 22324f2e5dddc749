//! Words for the recorder and its journal: the CREATOR column, `show`'s creator sentence,
//! `history` lines, and what `record` says while it runs.

use crate::model::{Creator, CreatorRole, ExitStatus, GapSource, HistoryEvent, What, rfc3339};

fn time(t: Option<i64>) -> String {
    t.and_then(rfc3339).unwrap_or_else(|| "?".to_string())
}

/// `SIGKILL` for 9; the number when the signal has no name.
pub fn signal_name(sig: i32) -> String {
    nix::sys::signal::Signal::try_from(sig)
        .map(|s| s.as_str().to_string())
        .unwrap_or_else(|_| format!("signal {sig}"))
}

/// The CREATOR cell: `PID/COMM`, `?(gap)` or `?(before)` when unknown, `-` without a
/// journal entry.
pub fn creator_cell(s: &mut String, c: Option<&Creator>) {
    let Some(c) = c else {
        s.push('-');
        return;
    };
    match (c.role, c.pid) {
        (CreatorRole::UnknownGap, _) => s.push_str("?(gap)"),
        (CreatorRole::UnknownBefore, _) => s.push_str("?(before)"),
        (CreatorRole::FirstUser, None) => s.push_str("?(unused)"),
        (CreatorRole::Creator, None) => s.push_str("?(hidden)"),
        (CreatorRole::Creator | CreatorRole::FirstUser, Some(pid)) => {
            super::push_i64(s, i64::from(pid));
            if let Some(comm) = &c.comm {
                s.push('/');
                s.push_str(&super::sanitize_word(comm));
            }
            if c.role == CreatorRole::FirstUser {
                s.push('*');
            }
        }
    }
}

/// `pid 4711 (python3, user@1000.service)`.
fn who(c: &Creator) -> String {
    let Some(pid) = c.pid else {
        return "a process outside this PID namespace".to_string();
    };
    let mut parts = Vec::new();
    if let Some(comm) = &c.comm {
        parts.push(super::sanitize(comm));
    }
    if let Some(uid) = c.uid {
        parts.push(format!("uid {uid}"));
    }
    if let Some(u) = &c.unit {
        parts.push(super::sanitize(u));
    }
    if let Some(k) = &c.container {
        parts.push(format!("container {}", &k[..k.len().min(12)]));
    }
    if parts.is_empty() {
        format!("pid {pid}")
    } else {
        format!("pid {pid} ({})", parts.join(", "))
    }
}

/// How a process ended: `exited with code 0`, `was killed by SIGKILL`.
fn ending(e: Option<ExitStatus>) -> String {
    match e {
        Some(ExitStatus {
            signal: Some(sig), ..
        }) => format!("was killed by {}", signal_name(sig)),
        Some(ExitStatus {
            code: Some(code), ..
        }) => format!("exited with code {code}"),
        _ => "exited".to_string(),
    }
}

/// `show`'s sentence: `created by pid 4711 (python3, user@1000.service) at T; it was killed
/// by SIGKILL at T`.
pub fn creator_sentence(c: &Creator) -> String {
    let mut s = match c.role {
        CreatorRole::UnknownGap => {
            return format!("creator unknown (recorder gap at {})", time(c.gap_at));
        }
        CreatorRole::UnknownBefore => {
            return format!(
                "creator unknown (it existed when the recorder started, {})",
                time(c.created_at)
            );
        }
        CreatorRole::FirstUser if c.pid.is_none() => {
            return format!(
                "seen created at {}; nobody has used it yet (the kernel records no creator for this kind)",
                time(c.created_at)
            );
        }
        CreatorRole::FirstUser => format!(
            "first used by {} (the kernel records no creator for this kind; seen created at {})",
            who(c),
            time(c.created_at)
        ),
        CreatorRole::Creator => format!("created by {} at {}", who(c), time(c.created_at)),
    };
    if c.exited_at.is_some() {
        s.push_str(&format!("; it {} at {}", ending(c.exit), time(c.exited_at)));
    }
    s
}

/// One `history` line: `T created pshm:/x by pid 4711 (python3, ...)`.
pub fn history_line(e: &HistoryEvent) -> String {
    let r = e
        .reference
        .as_deref()
        .map(super::sanitize)
        .unwrap_or_default();
    let by = |c: &Option<Creator>| match c {
        Some(c) if c.pid.is_some() => format!(" by {}", who(c)),
        Some(c) if c.role == CreatorRole::UnknownGap => {
            format!(" (creator unknown: recorder gap at {})", time(c.gap_at))
        }
        _ => String::new(),
    };
    let what = match e.what {
        What::Created => format!("created {r}{}", by(&e.creator)),
        What::Removed => format!("removed {r}"),
        What::Renamed => format!(
            "renamed {r} to {}",
            e.new_ref
                .as_deref()
                .map(super::sanitize)
                .unwrap_or_default()
        ),
        What::Exited => match &e.creator {
            Some(c) => format!("{} {}", who(c), ending(c.exit)),
            None => "a recorded process exited".to_string(),
        },
        What::Gap => match e.gap {
            Some(GapSource::ProcConnector) => {
                "gap: process events were lost (exits may be missing)".to_string()
            }
            _ => {
                "gap: file events were lost (creators of objects made now are unknown)".to_string()
            }
        },
        What::Started => "recorder started".to_string(),
    };
    format!("{} {what}", time(Some(e.at)))
}

/// `record` refused: fanotify needs CAP_SYS_ADMIN.
pub fn no_fanotify(error: &std::io::Error) -> String {
    format!(
        "record: cannot watch file events ({error}): recording needs CAP_SYS_ADMIN (fanotify) and CAP_NET_ADMIN (exit codes); run it as root or as ipcctl-record.service"
    )
}

/// `record` refused: the journal cannot be written.
pub fn journal_unwritable(error: &str) -> String {
    format!("record: cannot write the journal: {error}")
}

/// `record` found nothing to watch.
pub const NOTHING_TO_WATCH: &str = "record: nothing to watch: no /dev/shm tmpfs or mqueue mount could be marked, and no proc connector";

/// `record` watches a directory.
pub fn watching(dir: &std::path::Path, queues: bool, dev: u64) -> String {
    format!(
        "recording {} in {} (device {}:{})",
        if queues {
            "POSIX message queues"
        } else {
            "POSIX shared memory and semaphores"
        },
        super::sanitize(&dir.display().to_string()),
        nix::sys::stat::major(dev),
        nix::sys::stat::minor(dev)
    )
}

/// fanotify refused a directory.
pub fn watch_refused(dir: &std::path::Path, error: &std::io::Error) -> String {
    format!(
        "cannot watch {} ({error}); creators of its objects are not recorded",
        super::sanitize(&dir.display().to_string())
    )
}

/// No proc connector.
pub fn no_connector(error: &std::io::Error) -> String {
    format!(
        "no proc connector ({error}; before Linux 6.6 it needs CAP_NET_ADMIN): exits are found by polling, without exit codes or signals"
    )
}

/// A gap, as `record` reports it.
pub fn gap(source: GapSource, at: i64) -> String {
    match source {
        GapSource::Fanotify => format!(
            "file events were lost at {} (fanotify queue overflow): objects made then are recorded with an unknown creator",
            time(Some(at))
        ),
        GapSource::ProcConnector => format!(
            "process events were lost at {} (proc connector overrun): some exits may be missing",
            time(Some(at))
        ),
    }
}

/// A journal write failed.
pub fn journal_failed(error: &str) -> String {
    format!("journal write failed: {error}")
}

/// `record` stopped.
pub fn stopped(events: u64) -> String {
    format!("recording stopped after {events} events")
}

/// A journal that cannot be read by `list`, `show` or `history`: a note.
pub fn journal_unreadable(error: &str) -> String {
    format!("the recorder's journal cannot be read ({error}); recorded creators are not shown")
}

/// `history` without a journal.
pub fn no_journal(path: &std::path::Path) -> String {
    format!(
        "no journal at {} (start `ipcctl record` to keep one)",
        super::sanitize(&path.display().to_string())
    )
}

/// Evidence: `recorded creator pid 4711 was killed by SIGKILL at T`.
pub fn recorded_exit(pid: i32, at: Option<i64>, exit: Option<ExitStatus>) -> String {
    format!(
        "recorded creator pid {pid} {} at {}",
        ending(exit),
        time(at)
    )
}

/// Evidence: `creator unknown (recorder gap at T)`.
pub fn gap_creator(at: Option<i64>) -> String {
    format!("creator unknown (recorder gap at {})", time(at))
}
