//! Words for orphan evidence, object problems and an incomplete holder scan. Analysis hands
//! typed values (`Evidence`, `Problem`, `Uninspected`); this is the only place they become
//! sentences — in tables, `show`, and JSON (`orphan_reasons` and `problem` serialize
//! through the `Serialize` impls below, as lists of strings / a string).

use std::fmt::Write;

use serde::{Serialize, Serializer};

use crate::model::{
    Access, AppFact, Evidence, Hidden, Hold, Holder, KernelRef, Kind, Problem, Protected, Reasons,
    Role, rfc3339,
};

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
        Role::RecordedCreator => "recorded creator".into(),
        Role::RecordedFirstUser => "recorded first user".into(),
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
    k.info().plural
}

fn time(t: i64) -> String {
    rfc3339(t).unwrap_or_else(|| t.to_string())
}

/// A non-regular /dev/shm entry, with its article.
pub fn file_type_words(t: crate::model::FileType) -> &'static str {
    use crate::model::FileType;
    match t {
        FileType::Directory => "a directory",
        FileType::Socket => "a socket",
        FileType::Fifo => "a FIFO",
        FileType::Symlink => "a symbolic link",
        FileType::Device => "a device node",
    }
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
        AppFact::SiblingInUse { sibling } => format!(
            "profile {profile}: its sibling {sibling} is in use, so it may be used at any moment"
        ),
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
        Hidden::NestedPidNamespace { inode } => format!(
            "ipcctl runs in a nested PID namespace (pid:[{inode}]): tasks of the parent namespaces that share this IPC namespace or /dev/shm are invisible (pass --complete-view if this namespace holds every task that can reach the objects)"
        ),
        Hidden::ProcNotOurs => {
            "/proc is not this PID namespace's: the processes it lists are not the ones that can reach the objects".into()
        }
        Hidden::Hidepid => {
            "/proc is mounted with hidepid: other users' processes are hidden".into()
        }
        Hidden::NoProc => "/proc could not be listed".into(),
    }
}

fn access_words(a: Access) -> &'static str {
    match a {
        Access::Owner => "owner",
        Access::Creator => "creator",
        Access::Group => "group member",
        Access::Others => "anyone (its mode lets others in)",
        Access::AclMask => "anyone a POSIX ACL names",
        Access::Privileged => "a privileged task",
    }
}

fn protected_words(p: Protected) -> String {
    match p {
        Protected::Root => "root".into(),
        Protected::SystemUid { max } => format!("a system user (uid up to {max})"),
        Protected::DynamicUser => "a systemd dynamic user (61184-65519)".into(),
        Protected::Nobody => "nobody (65534)".into(),
        Protected::Linger => "a user with lingering enabled".into(),
        Protected::ScheduledJobs => "a user with a crontab, at jobs or a systemd unit".into(),
        Protected::ContainerSystemUser { inner } => {
            format!("uid {inner} inside a container's user namespace")
        }
        Protected::SubordinateUid => "a subordinate uid (/etc/subuid) of containers".into(),
        Protected::OpenToOthers => "not alone: its mode lets other users in".into(),
    }
}

fn protected_code(p: Protected) -> &'static str {
    match p {
        Protected::Root => "root",
        Protected::SystemUid { .. } => "system-uid",
        Protected::DynamicUser => "dynamic-user",
        Protected::Nobody => "nobody",
        Protected::Linger => "linger",
        Protected::ScheduledJobs => "scheduled-jobs",
        Protected::ContainerSystemUser { .. } => "container-system-user",
        Protected::SubordinateUid => "subordinate-uid",
        Protected::OpenToOthers => "open-to-others",
    }
}

/// One piece of evidence in words.
pub fn reason(e: &Evidence) -> String {
    if counterpoint(e) {
        format!("but {}", reason_alone(e))
    } else {
        reason_alone(e)
    }
}

/// Does this premise speak against the state the others point to ("but ...")? In a list
/// joined with `; ` it starts with "but"; `show`, which gives each premise its own labelled
/// line, labels it "but" instead of "because".
pub fn counterpoint(e: &Evidence) -> bool {
    matches!(
        e,
        Evidence::MaybeSameProcess { .. } | Evidence::HiddenProcesses(_)
    )
}

/// A premise in words, without the "but" a counterpoint takes in a list.
pub fn reason_alone(e: &Evidence) -> String {
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
        Evidence::MaybeSameProcess { pid } => format!(
            "pid {pid} could use the object: after a forward step of the clock it may be the same process, so it is not proven dead"
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
        Evidence::RecordedExit { pid, at, exit } => super::record::recorded_exit(*pid, *at, *exit),
        Evidence::CreatorUnknownGap { at } => super::record::gap_creator(*at),
        Evidence::Queued {
            messages, bytes, ..
        } => match bytes {
            Some(b) => format!("{messages} message(s) ({b} bytes) still queued"),
            None => format!("{messages} message(s) still queued"),
        },
        Evidence::SemaphoreState { values, .. } => {
            let v: Vec<String> = values.iter().map(i32::to_string).collect();
            format!(
                "semaphore values {} were set on purpose (a set is created at 0)",
                v.join(",")
            )
        }
        Evidence::Idle { secs } => format!("idle for {}", super::human_duration(*secs)),
        Evidence::HiddenProcesses(h) => hidden(h),
        Evidence::AccessibleBy {
            access,
            uid,
            user,
            count,
            first,
        } => {
            let who = user
                .as_deref()
                .map_or_else(|| uid.to_string(), str::to_string);
            let mut s = match access {
                Access::Owner | Access::Creator => format!(
                    "{} {who} has {count} live process(es) in this IPC namespace: ",
                    access_words(*access)
                ),
                Access::Group => format!("{count} live process(es) of group {uid} could open it: "),
                Access::Others => format!(
                    "{count} live non-root process(es) could open it (its mode lets others in): "
                ),
                Access::AclMask => format!(
                    "{count} live non-root process(es) could open it (its group bits are set: a POSIX ACL may name them): "
                ),
                Access::Privileged => format!(
                    "{count} live non-root process(es) hold capabilities that bypass its permissions (CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_IPC_OWNER; a container's root): "
                ),
            };
            procs(&mut s, first, count.saturating_sub(first.len()));
            s.push_str("; their use leaves no trace between operations, so it may still be in use");
            s
        }
        Evidence::ViewComplete { tasks } => {
            format!("every task that can reach it was inspected ({tasks})")
        }
        Evidence::OwnerGone { uids } => {
            let list: Vec<String> = uids.iter().map(u32::to_string).collect();
            format!(
                "no live process of uid {} or of anyone else its mode lets in",
                list.join(", ")
            )
        }
        Evidence::ProtectedOwner {
            why: Protected::OpenToOthers,
            ..
        } => "its group or other permission bits let other users in, whose cron jobs, timers or services may open it later without a trace: never proven an orphan without an application profile's proof".into(),
        Evidence::ProtectedOwner { uid, why } => format!(
            "its owner {uid} is {}, whose processes come and go: never proven an orphan without an application profile's proof",
            protected_words(*why)
        ),
        Evidence::Unsettled { at, settle, future } => {
            if *future {
                format!(
                    "recorded time {} lies in the future: the clock stepped, nothing is proven",
                    time(*at)
                )
            } else {
                format!(
                    "not settled: created or active at {}, less than --settle {} ago",
                    time(*at),
                    super::human_duration(*settle)
                )
            }
        }
        Evidence::ChangedDuringScan => {
            "changed while its holders were looked for: not settled".into()
        }
        Evidence::Settled { secs, settle } => format!(
            "settled: untouched for {} (--settle {})",
            super::human_duration(*secs),
            super::human_duration(*settle)
        ),
        Evidence::NotIdleEnough { secs, min_idle } => format!(
            "idle for only {} (a likely orphan needs --min-idle {})",
            super::human_duration(*secs),
            super::human_duration(*min_idle)
        ),
        Evidence::Locked => "locked in memory (SHM_LOCK): someone meant it to stay".into(),
        Evidence::HeldByKernel(k) => match k {
            KernelRef::Loop { device } => format!("backs loop device /dev/{device}"),
            KernelRef::BindMount { at } => format!("bind-mounted at {at}"),
        },
        Evidence::NamePidAmbiguous { pid, first } => {
            let mut s = format!(
                "pid {pid} from the name is ambiguous: it is the pid of a task in another PID namespace: "
            );
            procs(&mut s, first, 0);
            s
        }
        Evidence::ProfileProof {
            profile,
            daemons,
            uid,
            creator,
            sibling,
        } => {
            let mut parts: Vec<String> = Vec::new();
            if let Some(pid) = creator {
                parts.push(format!(
                    "creator pid {pid} from the name is dead in every PID namespace in reach"
                ));
            }
            if !daemons.is_empty() {
                parts.push(match uid {
                    Some(u) => format!("no {} of uid {u} runs", daemons.join(" or ")),
                    None => format!("no {} runs", daemons.join(" or ")),
                });
            }
            if let Some(s) = sibling {
                parts.push(format!("its sibling {s} is not in use"));
            }
            format!(
                "profile {profile}: its life is bound to its application, and {}",
                parts.join(", and ")
            )
        }
        Evidence::NotRegularFile(t) => format!(
            "{}: nothing in /proc shows who uses it (files inside, a listening socket, a FIFO's reader), so it is never proven an orphan; its application's profile makes it likely-orphan at most, and only `rm --force` removes it",
            file_type_words(*t)
        ),
        Evidence::App { profile, fact } => app_fact(profile, fact),
    }
}

/// The stable code of one piece of evidence (JSON `evidence[].code`).
pub fn code(e: &Evidence) -> &'static str {
    match e {
        Evidence::RemovedWhileAttached => "removed-while-attached",
        Evidence::Attachments(_) => "attachments",
        Evidence::HeldBy { .. } | Evidence::UnseenAttachments(_) | Evidence::Waiting(_) => "holder",
        Evidence::UnlinkedButMapped => "unlinked-but-mapped",
        Evidence::Alive {
            role: Role::Creator | Role::RecordedCreator,
            ..
        } => "creator-alive",
        Evidence::Alive { .. } => "user-alive",
        Evidence::Dead {
            role: Role::Creator | Role::RecordedCreator,
            ..
        } => "creator-dead",
        Evidence::Dead { .. } => "user-dead",
        Evidence::Reused { .. } => "pid-reused",
        Evidence::MaybeSameProcess { .. } => "maybe-same-process",
        Evidence::PidZero { .. } | Evidence::AllPidsZero => "pid-zero",
        Evidence::OtherNamespace { .. } => "other-ipc-namespace",
        Evidence::NeverAttached | Evidence::NeverUsed | Evidence::NeverOperated => "never-used",
        Evidence::PidsUnreadable(_) => "pids-unreadable",
        Evidence::NotHeld(_) => "no-holder",
        Evidence::HoldersUnknown => "view-incomplete",
        Evidence::NoCreatorRecorded(_) => "no-creator-recorded",
        Evidence::RecordedExit { .. } => "creator-exit",
        Evidence::CreatorUnknownGap { .. } => "creator-unknown-gap",
        Evidence::Queued { .. } => "queued-messages",
        Evidence::SemaphoreState { .. } => "semaphore-state",
        Evidence::Idle { .. } => "idle",
        Evidence::HiddenProcesses(Hidden::NestedPidNamespace { .. }) => "nested-pid-namespace",
        Evidence::HiddenProcesses(_) => "view-incomplete",
        Evidence::AccessibleBy { .. } => "owner-has-processes",
        Evidence::ViewComplete { .. } => "view-complete",
        Evidence::OwnerGone { .. } => "owner-has-no-processes",
        Evidence::ProtectedOwner { .. } => "protected-owner",
        Evidence::Unsettled { .. } | Evidence::ChangedDuringScan => "unsettled",
        Evidence::Settled { .. } => "settled",
        Evidence::NotIdleEnough { .. } => "not-idle-enough",
        Evidence::Locked => "locked",
        Evidence::HeldByKernel(_) => "holder",
        Evidence::NamePidAmbiguous { .. } => "name-pid-ambiguous",
        Evidence::ProfileProof { .. } => "profile-proof",
        Evidence::NotRegularFile(_) => "not-regular-file",
        Evidence::App { fact, .. } => match fact {
            AppFact::CreatorAlive(_) => "creator-alive",
            AppFact::CreatorDead { .. } => "creator-dead",
            AppFact::CreatorReused { .. } => "pid-reused",
            AppFact::CreatorElsewhere { .. } => "name-pid-ambiguous",
            AppFact::AppRunning { .. } => "app-running",
            AppFact::SiblingInUse { .. } => "sibling-in-use",
        },
    }
}

fn pids(h: &[Holder]) -> serde_json::Value {
    serde_json::Value::from(h.iter().map(|h| h.pid).collect::<Vec<_>>())
}

/// The typed facts of one piece of evidence (JSON `evidence[]` beside `code` and `text`).
fn fields(e: &Evidence) -> serde_json::Value {
    use serde_json::json;
    match e {
        Evidence::Attachments(n) | Evidence::UnseenAttachments(n) => json!({ "attachments": n }),
        Evidence::HeldBy { first, more, .. } => json!({ "pids": pids(first), "more": more }),
        Evidence::Waiting(n) => json!({ "waiting": n }),
        Evidence::Alive { proc: p, .. } => json!({ "pid": p.pid, "comm": p.comm }),
        Evidence::Dead { pid, zombie, .. } => json!({ "pid": pid, "zombie": zombie }),
        Evidence::RecordedExit { pid, at, exit } => json!({
            "pid": pid,
            "at": at.and_then(rfc3339),
            "exit_code": exit.and_then(|e| e.code),
            "exit_signal": exit.and_then(|e| e.signal),
        }),
        Evidence::CreatorUnknownGap { at } => json!({ "gap_at": at.and_then(rfc3339) }),
        Evidence::Reused {
            proc: p,
            started,
            activity,
            ..
        } => json!({ "pid": p.pid, "started": started, "activity": activity }),
        Evidence::OtherNamespace { proc: p, .. } => json!({ "pid": p.pid }),
        Evidence::MaybeSameProcess { pid } => json!({ "pid": pid }),
        Evidence::Queued {
            messages,
            bytes,
            last_send,
            last_receive,
        } => json!({
            "messages": messages, "bytes": bytes,
            "last_send": last_send.and_then(rfc3339), "last_receive": last_receive.and_then(rfc3339)
        }),
        Evidence::SemaphoreState { values, last_pid } => {
            json!({ "values": values, "last_pid": last_pid })
        }
        Evidence::Idle { secs } => json!({ "secs": secs }),
        Evidence::HiddenProcesses(h) => match h {
            Hidden::NestedPidNamespace { inode } => json!({ "pid_namespace": inode }),
            Hidden::Uninspectable { count, first } => {
                json!({ "uninspected": count, "pids": pids(first) })
            }
            Hidden::PidZero { object } => json!({ "object": object, "reason": "pid-zero" }),
            Hidden::ExtraAttachments {
                object,
                nattch,
                seen,
            } => json!({ "object": object, "attachments": nattch, "seen": seen }),
            Hidden::ProcNotOurs => json!({ "reason": "proc-not-ours" }),
            Hidden::Hidepid => json!({ "reason": "hidepid" }),
            Hidden::NoProc => json!({ "reason": "no-proc" }),
        },
        Evidence::AccessibleBy {
            access,
            uid,
            count,
            first,
            ..
        } => json!({
            "access": match access {
                Access::Owner => "owner",
                Access::Creator => "creator",
                Access::Group => "group",
                Access::Others => "others",
                Access::AclMask => "acl",
                Access::Privileged => "privileged",
            },
            "uid": uid, "count": count, "pids": pids(first)
        }),
        Evidence::ViewComplete { tasks } => json!({ "tasks": tasks }),
        Evidence::OwnerGone { uids } => json!({ "uids": uids }),
        Evidence::ProtectedOwner { uid, why } => {
            json!({ "uid": uid, "why": protected_code(*why) })
        }
        Evidence::Unsettled { at, settle, future } => {
            json!({ "at": at, "settle": settle, "future": future })
        }
        Evidence::Settled { secs, settle } => json!({ "secs": secs, "settle": settle }),
        Evidence::NotIdleEnough { secs, min_idle } => {
            json!({ "secs": secs, "min_idle": min_idle })
        }
        Evidence::NamePidAmbiguous { pid, first } => json!({ "pid": pid, "pids": pids(first) }),
        Evidence::HeldByKernel(KernelRef::Loop { device }) => json!({ "loop_device": device }),
        Evidence::HeldByKernel(KernelRef::BindMount { at }) => json!({ "bind_mount": at }),
        Evidence::NotRegularFile(t) => json!({ "file_type": t.as_str() }),
        Evidence::ProfileProof {
            profile,
            daemons,
            uid,
            creator,
            sibling,
        } => {
            json!({ "profile": &**profile, "daemons": daemons, "uid": uid, "creator_pid": creator, "sibling": sibling })
        }
        Evidence::App { profile, fact } => match fact {
            AppFact::CreatorAlive(p) => json!({ "profile": &**profile, "pid": p.pid }),
            AppFact::CreatorDead { pid, zombie } => {
                json!({ "profile": &**profile, "pid": pid, "zombie": zombie })
            }
            AppFact::CreatorReused { proc: p, .. } => {
                json!({ "profile": &**profile, "pid": p.pid })
            }
            AppFact::CreatorElsewhere { pid } => json!({ "profile": &**profile, "pid": pid }),
            AppFact::AppRunning { count, first, .. } => {
                json!({ "profile": &**profile, "count": count, "pids": pids(first) })
            }
            AppFact::SiblingInUse { sibling } => {
                json!({ "profile": &**profile, "sibling": sibling })
            }
        },
        _ => json!({}),
    }
}

/// One piece of evidence as a JSON object: `{code, text, ...typed facts}`, written directly
/// (the text made once, shared with `orphan_reasons`).
struct Fact<'a> {
    e: &'a Evidence,
    text: &'a str,
}

impl Serialize for Fact<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let extra = fields(self.e);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("code", code(self.e))?;
        if let serde_json::Value::Object(x) = &extra {
            for (k, v) in x {
                m.serialize_entry(k, v)?;
            }
        }
        m.serialize_entry("text", self.text)?;
        m.end()
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
        Problem::SemaphoreInTheMaking { holders } => {
            let mut s = String::from(
                "a named semaphore being created (or whose name was removed): glibc's sem_open builds it under this temporary name, links it to its own name and unlinks this one; mapped by ",
            );
            procs(&mut s, holders, 0);
            s
        }
        Problem::NotRegular(t) => format!(
            "{} left in /dev/shm, not shared memory",
            file_type_words(*t)
        ),
        Problem::UnlinkedOpen { holders } => {
            let mut s = String::from(
                "unlinked but still open: the name is gone but the queue (and its creator's RLIMIT_MSGQUEUE charge) stays until ",
            );
            procs(&mut s, holders, 0);
            s.push_str(" close it or exit");
            s
        }
        Problem::SemaphoresUnreadable(e) => {
            format!("cannot read semaphores: {}", crate::error::errno_reason(*e))
        }
        Problem::NameNotUtf8 => {
            "name is not valid UTF-8; its other bytes are written \\xHH (use that form in references)".into()
        }
        Problem::SemFile(p) => sem_file_problem(p),
    }
}

/// Why a named semaphore's value could not be read from its file.
pub fn sem_file_problem(p: &crate::model::SemFileProblem) -> String {
    use crate::model::SemFileProblem;
    match p {
        SemFileProblem::Short { bytes, expected } => {
            format!("malformed: the file is {bytes} bytes, a named semaphore has {expected}")
        }
        SemFileProblem::Unreadable { error } => format!("cannot read value: {error}"),
        SemFileProblem::Replaced => "replaced during the scan".into(),
        SemFileProblem::Denied => "cannot read value: permission denied".into(),
        SemFileProblem::ValueTooLarge { value, max } => {
            format!("malformed: value {value} is above SEM_VALUE_MAX ({max})")
        }
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

/// The reasons for a table cell: the premises that held are implied by the state and left
/// to `show` and JSON (a cell of seven clauses per row is unreadable, and slow to print for
/// ten thousand rows).
pub fn reasons_in_short(out: &mut String, rs: &[Evidence]) {
    let told = |e: &&Evidence| {
        !matches!(
            e,
            Evidence::ViewComplete { .. }
                | Evidence::Settled { .. }
                | Evidence::NotIdleEnough { .. }
        )
    };
    for (i, r) in rs.iter().filter(told).enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        match r {
            // `show` and JSON give the time; a cell says which premise failed.
            Evidence::Unsettled {
                settle,
                future: false,
                ..
            } => {
                let _ = write!(
                    out,
                    "not settled (younger than --settle {})",
                    super::human_duration(*settle)
                );
            }
            Evidence::ProtectedOwner { uid, why } => {
                let _ = write!(
                    out,
                    "owner {uid} is {}: never proven",
                    protected_words(*why)
                );
            }
            r => out.push_str(&reason(r)),
        }
    }
}

/// The warning for a holder scan that could not read every process: one line that says what
/// it costs and what to do; the processes themselves are `uninspected_detail` (-v).
pub fn uninspected(u: &crate::model::Uninspected) -> String {
    let who = match u.count {
        1 => "1 process".to_string(),
        n => format!("{n} processes"),
    };
    let why = if u.as_root {
        ", even as root (a VM agent, or a process the kernel protects)"
    } else {
        " (other users' processes: root sees more)"
    };
    format!(
        "holder scan incomplete: {who} could not be inspected{why}, so POSIX objects and \
         message queues stay unknown, never orphan: remove them with ipcctl rm REF (-v names \
         the processes)"
    )
}

/// The processes a holder scan could not read (shown with -v).
pub fn uninspected_detail(u: &crate::model::Uninspected) -> String {
    let mut names = String::new();
    procs(&mut names, &u.first, u.count.saturating_sub(u.first.len()));
    format!("processes that could not be inspected: {names}")
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

/// The detail of `scan_gap` that -v adds, if any.
pub fn scan_gap_detail(g: &crate::model::ScanGap) -> Option<String> {
    match g {
        crate::model::ScanGap::NoProc => None,
        crate::model::ScanGap::Uninspected(u) => Some(uninspected_detail(u)),
    }
}

/// The last line of `clean` when it left `unknown` objects: why, and the way to remove one.
/// `uninspected`: how many of them are unknown because a process could not be inspected.
pub fn unknown_left(n: usize, uninspected: usize) -> String {
    let why = if uninspected > 0 {
        format!(
            "{uninspected} of them because a process could not be inspected (see the warning \
             above), which no orphan proof of a POSIX object or message queue can get past"
        )
    } else {
        "a premise of the orphan proof failed for each".to_string()
    };
    format!(
        "{n} unknown left alone: not proven orphans, {why}; ipcctl orphans --all -o \
         ref,state,why says why for each, and ipcctl rm REF removes one"
    )
}

impl Serialize for Evidence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&reason(self))
    }
}

/// `orphan_reasons` (sentences) and `evidence` (typed objects), side by side; nothing when
/// the object was not judged.
impl Serialize for Reasons {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let Some(rs) = &self.0 else {
            return s.serialize_map(Some(0))?.end();
        };
        let texts: Vec<String> = rs.iter().map(reason).collect();
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("orphan_reasons", &texts)?;
        let facts: Vec<Fact<'_>> = rs
            .iter()
            .zip(&texts)
            .map(|(e, text)| Fact { e, text })
            .collect();
        m.serialize_entry("evidence", &facts)?;
        m.end()
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

    #[test]
    fn an_uninspected_process_is_explained_in_one_line_with_the_pids_for_v() {
        let u = crate::model::Uninspected {
            count: 1,
            first: vec![Holder {
                pid: 1,
                comm: "process_api".into(),
            }],
            as_root: true,
        };
        assert_eq!(
            uninspected(&u),
            "holder scan incomplete: 1 process could not be inspected, even as root (a VM \
             agent, or a process the kernel protects), so POSIX objects and message queues stay \
             unknown, never orphan: remove them with ipcctl rm REF (-v names the processes)"
        );
        assert_eq!(
            uninspected_detail(&u),
            "processes that could not be inspected: 1 (process_api)"
        );
        let user = crate::model::Uninspected {
            count: 3,
            as_root: false,
            ..u
        };
        let w = uninspected(&user);
        assert!(
            w.starts_with(
                "holder scan incomplete: 3 processes could not be inspected (other users' \
                 processes: root sees more), so"
            ),
            "{w}"
        );
        assert!(!w.contains("process_api"), "pids only with -v: {w}");
        assert_eq!(
            unknown_left(2, 1),
            "2 unknown left alone: not proven orphans, 1 of them because a process could not \
             be inspected (see the warning above), which no orphan proof of a POSIX object or \
             message queue can get past; ipcctl orphans --all -o ref,state,why says why for \
             each, and ipcctl rm REF removes one"
        );
        assert!(unknown_left(2, 0).contains("a premise of the orphan proof failed for each"));
    }

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
