//! The `doctor` report: one block per limit (worst first), then warnings; and the words of
//! its JSON (`verdict`, `fails`, `fix`), made from the typed findings of `analysis::doctor`.

use serde::Serialize;

use crate::model::{AppConsumer, Blame, Check, Consumer, Fix, LimitId, Namespace, Note, Status};
use crate::model::{Kind, Unit};

/// `31480` -> `31,480`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A percentage that never reads as more than it is: 99.7 % is not "100%" (which would say
/// full), 100.3 % is not "100%" (which would say exactly at the limit).
pub fn percent_text(p: f64) -> String {
    let r = format!("{p:.0}");
    if (p != 100.0 && r == "100") || (p > 0.0 && r == "0") {
        format!("{p:.1}%")
    } else {
        format!("{r}%")
    }
}

/// What the numbers of a check count, in words.
fn measure(c: &Check) -> String {
    match c.limit {
        LimitId::Semmni => "semaphore sets".into(),
        LimitId::Semmns => "semaphores".into(),
        LimitId::Shmmni => "shared memory segments".into(),
        LimitId::Shmall => "pages of shared memory".into(),
        LimitId::Msgmni => "message queues".into(),
        LimitId::MqQueuesMax => "POSIX message queues".into(),
        LimitId::DevShm => "bytes of /dev/shm".into(),
        LimitId::DevShmInodes => "inodes of /dev/shm".into(),
        LimitId::RlimitMsgqueue => format!(
            "bytes of POSIX queues of user {}",
            c.user.as_deref().unwrap_or("?")
        ),
        other => match c.unit {
            Unit::Bytes => format!("bytes ({other})"),
            Unit::Pages => format!("pages ({other})"),
            Unit::Count => format!("({other})"),
        },
    }
}

/// What fails when the limit is reached.
pub fn fails(limit: LimitId) -> &'static str {
    match limit {
        LimitId::Semmni | LimitId::Semmns => "semget will fail with ENOSPC",
        LimitId::Shmmni | LimitId::Shmall => "shmget will fail with ENOSPC",
        LimitId::Msgmni => "msgget will fail with ENOSPC",
        LimitId::MqQueuesMax => "mq_open(O_CREAT) will fail with ENOSPC",
        LimitId::DevShm => {
            "shm_open+ftruncate will succeed but writes to the memory will fail (SIGBUS, ENOSPC)"
        }
        LimitId::DevShmInodes => "shm_open(O_CREAT) and sem_open(O_CREAT) will fail with ENOSPC",
        LimitId::RlimitMsgqueue => {
            "mq_open(O_CREAT) will fail with EMFILE (\"Too many open files\")"
        }
        _ => "creating one more object will fail",
    }
}

/// The `clean` command line of a fix.
pub fn fix_command(f: &Fix) -> String {
    let mut s = String::from("ipcctl ");
    if let Some(pid) = f.ns_pid {
        s.push_str(&format!("--ns {pid} "));
    }
    s.push_str("clean");
    for k in &f.kinds {
        s.push(' ');
        s.push_str(k.as_str());
    }
    if let Some(a) = &f.app {
        s.push_str(&format!(" --app {a}"));
    }
    if let Some(o) = &f.owner {
        s.push_str(&format!(" --owner {o}"));
    }
    if f.include_likely {
        s.push_str(" --include-likely");
    }
    s
}

/// An amount in the check's unit: human sizes for bytes, plain counts otherwise.
fn amount(c: &Check, v: u64) -> String {
    match c.unit {
        Unit::Bytes => super::human_size(v),
        Unit::Count | Unit::Pages => thousands(v),
    }
}

/// A limit's value: the kernel's effectively infinite defaults (SHMALL near 2^64) read as
/// "unlimited"; a use is always a number.
fn limit_amount(c: &Check, v: u64) -> String {
    if v >= 1 << 62 {
        "unlimited".into()
    } else {
        amount(c, v)
    }
}

fn note_text(c: &Check, n: &Note) -> String {
    match n {
        Note::RlimitCountsEveryNamespace => "RLIMIT_MSGQUEUE is per user and counted across all IPC namespaces: queues of this user in other namespaces are not seen here, so the use may be higher".into(),
        Note::RlimitChargedToCreatorsRealUid => "the kernel charges a queue to its creator's real uid, which it does not record; the owner stands for it (a setuid program's queues are charged to the user who ran it)".into(),
        Note::RlimitOfIpcctl => "no process of this user shows its limit: ipcctl's own is used".into(),
        Note::RlimitOwnerAboveLimit => "this user owns more than its limit lets one creator charge: some of these queues were made by a setuid program under another real uid (and are charged to it), or the limit was lowered since".into(),
        Note::SizesExceedAllocation { size_bytes } => format!(
            "the files' sizes add up to {} but they take {} (sparse files): use is counted in allocated blocks",
            super::human_size(*size_bytes),
            super::human_size(c.by_owner.iter().map(|o| o.amount).fold(0u64, u64::saturating_add))
        ),
    }
}

/// The one-line verdict of a check.
pub fn verdict(c: &Check) -> String {
    let fails = fails(c.limit);
    let amounts = format!("{}/{} {}", thousands(c.used), thousands(c.max), measure(c));
    let mut v = match c.status {
        Status::Full => format!("{fails}: {amounts}"),
        Status::Warning => format!(
            "close to the limit ({}): {amounts}; after {} more, {fails}",
            percent_text(c.percent),
            thousands(c.max.saturating_sub(c.used))
        ),
        Status::Ok => format!("ok: {amounts} ({:.1}%)", c.percent),
    };
    if c.status == Status::Ok {
        return v;
    }
    if c.orphaned > 0 {
        v.push_str(&format!(", {} of them orphaned", thousands(c.orphaned)));
    }
    match &c.blame {
        Blame::App {
            title,
            orphaned,
            objects,
            ..
        } => v.push_str(&format!(
            ", {} of those in {} {title} object(s)",
            thousands(*orphaned),
            thousands(*objects)
        )),
        Blame::Owner { owner } => v.push_str(&format!(", owned by {owner}")),
        Blame::LargestUser { owner, amount } => v.push_str(&format!(
            ", none orphaned; the largest user is {owner} ({})",
            thousands(*amount)
        )),
        Blame::None => {}
    }
    if let Some(n) = &c.namespace {
        v.push_str(&format!(" in {n}"));
    }
    match &c.fix {
        Some(f) => v.push_str(&format!(" — `{}`", fix_command(f))),
        None => v.push_str(" — raise the limit or stop the largest user"),
    }
    for n in &c.notes {
        v.push_str(&format!(" ({})", note_text(c, n)));
    }
    v
}

/// A check as JSON: the typed fields and codes, plus their words (`verdict`, `fails`,
/// `fix`, each note's `text`).
#[derive(Serialize)]
pub struct CheckJson<'a> {
    limit: LimitId,
    namespace: &'a Option<Namespace>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: &'a Option<String>,
    used: u64,
    max: u64,
    percent: f64,
    status: Status,
    unit: Unit,
    fails: &'static str,
    by_owner: &'a [Consumer],
    by_app: &'a [AppConsumer],
    orphaned: u64,
    blame: &'a Blame,
    notes: Vec<NoteJson<'a>>,
    verdict: String,
    fix: Option<String>,
    fix_kinds: Option<&'a [Kind]>,
}

#[derive(Serialize)]
struct NoteJson<'a> {
    #[serde(flatten)]
    note: &'a Note,
    text: String,
}

pub fn json(c: &Check) -> CheckJson<'_> {
    CheckJson {
        limit: c.limit,
        namespace: &c.namespace,
        user: &c.user,
        used: c.used,
        max: c.max,
        percent: c.percent,
        status: c.status,
        unit: c.unit,
        fails: fails(c.limit),
        by_owner: &c.by_owner,
        by_app: &c.by_app,
        orphaned: c.orphaned,
        blame: &c.blame,
        notes: c
            .notes
            .iter()
            .map(|n| NoteJson {
                note: n,
                text: note_text(c, n),
            })
            .collect(),
        verdict: verdict(c),
        fix: c.fix.as_ref().map(fix_command),
        fix_kinds: c.fix.as_ref().map(|f| f.kinds.as_slice()),
    }
}

pub fn text(checks: &[Check], unjudged: &[LimitId], warnings: &[String], with_ns: bool) -> String {
    let mut out = String::new();
    let mut order: Vec<&Check> = checks.iter().collect();
    order.sort_by(|a, b| b.percent.total_cmp(&a.percent));
    let rows = order
        .iter()
        .map(|c| {
            let mut r = Vec::new();
            if with_ns {
                r.push(
                    c.namespace
                        .as_ref()
                        .map_or("-".into(), |n| format!("{} {}/{}", n.inode, n.pid, n.comm)),
                );
            }
            let name = match &c.user {
                Some(u) => format!("{} ({u})", c.limit),
                None => c.limit.to_string(),
            };
            r.extend([
                name,
                format!("{}/{}", amount(c, c.used), limit_amount(c, c.max)),
                format!("{:.1}%", c.percent),
                c.status.as_str().to_uppercase(),
                top(c),
            ]);
            r
        })
        .collect();
    let mut headers = Vec::new();
    if with_ns {
        headers.push("NAMESPACE");
    }
    headers.extend([
        "LIMIT",
        "USED/MAX",
        "USE%",
        "STATUS",
        "TOP OWNERS (orphaned)",
    ]);
    let mut right = vec![false; headers.len()];
    let n = right.len();
    right[n - 3] = true;
    out.push_str(&super::table::render(&headers, &right, rows, true));
    let bad: Vec<&&Check> = order.iter().filter(|c| c.status != Status::Ok).collect();
    out.push('\n');
    if bad.is_empty() && unjudged.is_empty() {
        out.push_str("Verdict: every limit has room.\n");
    } else if bad.is_empty() {
        let names: Vec<String> = unjudged.iter().map(|l| l.to_string()).collect();
        out.push_str(&format!(
            "Verdict: every limit judged has room; not judged: {} (what uses them could not be listed here; see the warning).\n",
            names.join(", ")
        ));
    } else {
        for c in bad {
            out.push_str(&format!("{}: {}\n", c.limit, verdict(c)));
        }
    }
    for w in warnings {
        out.push_str(&format!("\nWarning: {w}\n"));
    }
    out
}

fn top(c: &Check) -> String {
    let parts: Vec<String> = c
        .by_owner
        .iter()
        .take(3)
        .map(|o| {
            if o.orphaned > 0 {
                format!(
                    "{} {} ({})",
                    o.owner,
                    amount(c, o.amount),
                    amount(c, o.orphaned)
                )
            } else {
                format!("{} {}", o.owner, amount(c, o.amount))
            }
        })
        .collect();
    if parts.is_empty() {
        "-".into()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(31480), "31,480");
        assert_eq!(thousands(1_024_000_000), "1,024,000,000");
    }

    /// Issue 26.9: a 99.7 % warning printed "(100%)".
    #[test]
    fn a_percentage_below_or_above_100_never_reads_100() {
        assert_eq!(percent_text(99.7), "99.7%");
        assert_eq!(percent_text(100.3), "100.3%");
        assert_eq!(percent_text(100.0), "100%");
        assert_eq!(percent_text(95.2), "95%");
        assert_eq!(percent_text(0.2), "0.2%");
    }
}
