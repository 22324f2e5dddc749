//! Words for orphan evidence, object problems and an incomplete holder scan. Analysis hands
//! typed values (`Evidence`, `Problem`, `Uninspected`); this is the only place they become
//! sentences — in tables, `show`, and JSON (`orphan_reasons` and `problem` serialize
//! through the `Serialize` impls below, as lists of strings / a string).

use std::fmt::Write;

use serde::{Serialize, Serializer};

use crate::model::{AppFact, Evidence, Hidden, Hold, Holder, Kind, Problem, Role, rfc3339};

/// `4242 (postgres), 4243 (postgres) and 3 more`.
fn procs(out: &mut String, first: &[Holder], more: usize) {
    for (i, h) in first.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{} ({})", h.pid, h.comm);
    }
    if more > 0 {
        let _ = write!(out, " and {more} more");
    }
}

fn role(r: Role) -> String {
    match r {
        Role::Creator => "creator".into(),
        Role::LastAttach => "last attach/detach".into(),
        Role::LastSender => "last sender".into(),
        Role::LastReceiver => "last receiver".into(),
        Role::LastSemop(i) => format!("last semop (semaphore {i})"),
    }
}

fn hold_verb(h: Hold) -> &'static str {
    match h {
        Hold::Attached => "attached by",
        Hold::WaitedOn => "waited on by",
        Hold::Open => "open in",
        Hold::MappedOrOpen => "mapped or open in",
    }
}

fn kind_words(k: Kind) -> &'static str {
    match k {
        Kind::Msg => "message queues",
        Kind::Shm => "shared memory segments",
        Kind::Sem => "semaphore sets",
        Kind::Pmq => "POSIX message queues",
        Kind::Pshm => "POSIX shared memory objects",
        Kind::Psem => "POSIX named semaphores",
    }
}

fn time(t: i64) -> String {
    rfc3339(t).unwrap_or_else(|| t.to_string())
}

/// What an application profile adds, naming the profile.
fn app_fact(profile: &str, f: &AppFact) -> String {
    match f {
        AppFact::CreatorAlive(p) => format!(
            "profile {profile}: creator pid {} ({}) from the name is alive",
            p.pid, p.comm
        ),
        AppFact::CreatorDead { pid, zombie } => format!(
            "profile {profile}: creator pid {pid} from the name is dead{}",
            if *zombie { " (a zombie)" } else { "" }
        ),
        AppFact::CreatorReused {
            proc: p,
            started,
            activity,
            tolerance,
        } => format!(
            "profile {profile}: creator pid {} from the name is dead: the pid now belongs to {} ({}), started {} after the object existed at {} (more than the clock tolerance of {}s)",
            p.pid,
            p.comm,
            p.pid,
            time(*started),
            time(*activity),
            tolerance
        ),
        AppFact::CreatorElsewhere { pid } => format!(
            "profile {profile}: pid {pid} in the name may belong to another PID namespace (the object is in another /dev/shm), so it is no evidence here"
        ),
        AppFact::AppRunning {
            title,
            count,
            first,
        } => {
            let mut s = format!("profile {profile}: {count} {title} process(es) run: ");
            procs(&mut s, first, count.saturating_sub(first.len()));
            s.push_str(
                "; the application may use it without mapping it, so it is not called an orphan",
            );
            s
        }
    }
}

/// Why some processes are invisible to the holder scan.
pub fn hidden(h: &Hidden) -> String {
    match h {
        Hidden::PidZero { object } => format!(
            "{object} records pid 0: processes of another PID namespace use this IPC namespace"
        ),
        Hidden::ExtraAttachments {
            object,
            nattch,
            seen,
        } => format!(
            "{object} has {nattch} attachment(s) but only {seen} were seen: some processes are invisible here"
        ),
        Hidden::Uninspectable { count, first } => {
            let mut s = format!("{count} process(es) that could hold it could not be inspected: ");
            procs(&mut s, first, count.saturating_sub(first.len()));
            s
        }
    }
}

/// One piece of evidence in words.
pub fn reason(e: &Evidence) -> String {
    match e {
        Evidence::RemovedWhileAttached => {
            "removed (IPC_RMID) while attached: the memory is freed after the last detach".into()
        }
        Evidence::Attachments(n) => format!("{n} attachment(s)"),
        Evidence::HeldBy { how, first, more } => {
            let mut s = format!("{} ", hold_verb(*how));
            procs(&mut s, first, *more);
            s
        }
        Evidence::UnlinkedButMapped => UNLINKED.into(),
        Evidence::UnseenAttachments(n) => format!(
            "{n} attachment(s) by processes that could not be inspected or live in another namespace"
        ),
        Evidence::Waiting(n) => format!("{n} process(es) waiting on it"),
        Evidence::Alive { role: r, proc: p } => {
            format!("{} pid {} ({}) is alive", role(*r), p.pid, p.comm)
        }
        Evidence::Dead {
            role: r,
            pid,
            zombie,
        } => format!(
            "{} pid {pid} is dead{}",
            role(*r),
            if *zombie { " (zombie)" } else { "" }
        ),
        Evidence::Reused {
            role: r,
            proc: p,
            started,
            activity,
            tolerance,
        } => format!(
            "{} pid {} is dead: the pid now belongs to {} ({}), started {} after the object's last activity at {} (more than the clock tolerance of {}s)",
            role(*r),
            p.pid,
            p.comm,
            p.pid,
            time(*started),
            time(*activity),
            tolerance
        ),
        Evidence::PidZero { role: r } => {
            format!("{} pid is 0: not visible in this PID namespace", role(*r))
        }
        Evidence::OtherNamespace { role: r, proc: p } => format!(
            "{} pid {} ({}) is alive but in another IPC namespace",
            role(*r),
            p.pid,
            p.comm
        ),
        Evidence::NeverAttached => "never attached".into(),
        Evidence::NeverUsed => "never used (no message sent or received)".into(),
        Evidence::NeverOperated => "never operated on".into(),
        Evidence::AllPidsZero => {
            "operated on, but every last-op pid is 0: not visible in this PID namespace".into()
        }
        Evidence::PidsUnreadable(e) => match e {
            Some(e) => format!(
                "last-op pids could not be read (cannot read semaphores: {})",
                crate::error::errno_reason(*e)
            ),
            None => "last-op pids could not be read".into(),
        },
        Evidence::NotHeld(h) => match h {
            Hold::Attached => "no process attached".into(),
            Hold::WaitedOn => "nobody waiting on it".into(),
            Hold::Open => "no process has it open".into(),
            Hold::MappedOrOpen => "no process has it mapped or open".into(),
        },
        Evidence::HoldersUnknown => "holders unknown: /proc could not be scanned".into(),
        Evidence::NoCreatorRecorded(k) => format!("{} record no creator pid", kind_words(*k)),
        Evidence::Queued { messages, bytes } => {
            format!("{messages} message(s) ({bytes} bytes) still queued")
        }
        Evidence::Idle { secs } => format!("idle for {}", super::human_duration(*secs)),
        Evidence::HiddenProcesses(h) => format!("but {}", hidden(h)),
        Evidence::OwnerAlive {
            uid,
            user,
            count,
            first,
        } => {
            let who = user
                .as_deref()
                .map_or_else(|| uid.to_string(), str::to_string);
            let mut s = format!("owner {who} has {count} live process(es) in this IPC namespace: ");
            procs(&mut s, first, count.saturating_sub(first.len()));
            s.push_str("; their use leaves no trace between operations, so it may still be in use");
            s
        }
        Evidence::App { profile, fact } => app_fact(profile, fact),
    }
}

/// The problem text of an unlinked-but-mapped object.
pub const UNLINKED: &str = "unlinked but still mapped";

/// A problem in words.
pub fn problem(p: &Problem) -> String {
    match p {
        Problem::Unlinked { holders } => {
            let mut s = format!("{UNLINKED}: the name is gone but the memory is not freed until ");
            procs(&mut s, holders, 0);
            s.push_str(" unmap or exit");
            s
        }
        Problem::SemaphoresUnreadable(e) => {
            format!("cannot read semaphores: {}", crate::error::errno_reason(*e))
        }
        Problem::Note(n) => n.clone(),
    }
}

/// Reasons joined with `; ` (one table cell, a clean plan's "now ..." line).
pub fn reasons(out: &mut String, rs: &[Evidence]) {
    for (i, r) in rs.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&reason(r));
    }
}

/// The warning for a holder scan that could not read every process.
pub fn uninspected(u: &crate::model::Uninspected) -> String {
    let mut names = String::new();
    procs(&mut names, &u.first, u.count.saturating_sub(u.first.len()));
    format!(
        "holder scan incomplete: {} process(es) could not be inspected ({names}); what they hold is unknown{}",
        u.count,
        if u.as_root {
            ""
        } else {
            "; run as root to see every holder"
        }
    )
}

/// The warning for what a holder scan could not see.
pub fn scan_gap(g: &crate::model::ScanGap) -> String {
    match g {
        crate::model::ScanGap::NoProc => {
            "cannot list /proc: holders are unknown (is /proc mounted?)".into()
        }
        crate::model::ScanGap::Uninspected(u) => uninspected(u),
    }
}

impl Serialize for Evidence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&reason(self))
    }
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&problem(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pid: i32, comm: &str) -> Holder {
        Holder {
            pid,
            comm: comm.into(),
        }
    }

    #[test]
    fn words() {
        assert_eq!(
            reason(&Evidence::HeldBy {
                how: Hold::Open,
                first: vec![h(1, "a"), h(2, "b")],
                more: 3
            }),
            "open in 1 (a), 2 (b) and 3 more"
        );
        assert_eq!(
            reason(&Evidence::Dead {
                role: Role::LastSemop(0),
                pid: 42,
                zombie: true
            }),
            "last semop (semaphore 0) pid 42 is dead (zombie)"
        );
        let r = reason(&Evidence::Reused {
            role: Role::Creator,
            proc: h(7, "x"),
            started: 1_700_000_600,
            activity: 1_700_000_000,
            tolerance: 60,
        });
        assert!(r.contains("2023-11-14T22:23:20Z") && r.contains("2023-11-14T22:13:20Z"));
        assert_eq!(
            serde_json::to_value(vec![Evidence::NoCreatorRecorded(Kind::Sem)]).unwrap(),
            serde_json::json!(["semaphore sets record no creator pid"])
        );
        assert!(
            problem(&Problem::Unlinked {
                holders: vec![h(5, "p")]
            })
            .starts_with(UNLINKED)
        );
    }
}
