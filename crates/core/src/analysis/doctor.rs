//! `doctor`'s judgement: for each IPC limit that makes a create call fail, its use, who uses
//! it (by owner, and how much of it is orphaned), a status and a verdict with the command
//! that frees it. Pure: it works on limits and classified objects it is handed.

use std::collections::BTreeMap;

use crate::collect::limits::mq_charge;
use crate::model::{Kind, Limit, Namespace, Object, State};

pub use crate::model::{AppConsumer, Check, Consumer, Status};

/// Consumers of one limit by application, largest first (objects no profile names are left
/// out).
fn app_consumers(objs: &[&Object], amount: impl Fn(&Object) -> u64) -> Vec<AppConsumer> {
    let mut v: Vec<AppConsumer> = Vec::new();
    for o in objs {
        let Some(a) = &o.app else { continue };
        let i = match v.iter().position(|c| *c.app == *a.name) {
            Some(i) => i,
            None => {
                v.push(AppConsumer {
                    app: a.name.to_string(),
                    title: a.title.to_string(),
                    objects: 0,
                    amount: 0,
                    orphaned_objects: 0,
                    orphaned: 0,
                    orphan_owner: None,
                    likely: false,
                });
                v.len() - 1
            }
        };
        let c = &mut v[i];
        let n = amount(o);
        c.objects += 1;
        c.amount += n;
        if orphaned(o) {
            let who = (owner(o), crate::model::is_system_uid(o.uid));
            c.orphan_owner = match (c.orphaned_objects, c.orphan_owner.take()) {
                (0, _) => Some(who),
                (_, Some(prev)) if prev == who => Some(prev),
                _ => None,
            };
            c.orphaned_objects += 1;
            c.orphaned += n;
            c.likely |= o.state == Some(State::LikelyOrphan);
        }
    }
    v.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.app.cmp(&b.app)));
    v
}

/// The owner's name, or the uid when it has none.
pub fn owner(o: &Object) -> String {
    o.owner_name()
}

fn orphaned(o: &Object) -> bool {
    matches!(o.state, Some(State::Orphan | State::LikelyOrphan))
}

/// `31480` -> `31,480`.
fn thousands(n: u64) -> String {
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

struct Spec {
    limit: &'static str,
    kind: Kind,
    unit: &'static str,
    fails: &'static str,
    /// How much of the limit one object uses.
    amount: fn(&Object) -> u64,
}

fn page() -> u64 {
    crate::sys::process::page_size()
}

const SPECS: &[Spec] = &[
    Spec {
        limit: "SEMMNI",
        kind: Kind::Sem,
        unit: "semaphore sets",
        fails: "semget will fail with ENOSPC",
        amount: |_| 1,
    },
    Spec {
        limit: "SEMMNS",
        kind: Kind::Sem,
        unit: "semaphores",
        fails: "semget will fail with ENOSPC",
        amount: |o| o.nsems.unwrap_or(0),
    },
    Spec {
        limit: "SHMMNI",
        kind: Kind::Shm,
        unit: "shared memory segments",
        fails: "shmget will fail with ENOSPC",
        amount: |_| 1,
    },
    Spec {
        limit: "SHMALL",
        kind: Kind::Shm,
        unit: "pages of shared memory",
        fails: "shmget will fail with ENOSPC",
        amount: |o| o.size_bytes.unwrap_or(0).div_ceil(page()),
    },
    Spec {
        limit: "MSGMNI",
        kind: Kind::Msg,
        unit: "message queues",
        fails: "msgget will fail with ENOSPC",
        amount: |_| 1,
    },
    Spec {
        limit: "MQ_QUEUES_MAX",
        kind: Kind::Pmq,
        unit: "POSIX message queues",
        fails: "mq_open(O_CREAT) will fail with ENOSPC",
        amount: |_| 1,
    },
    Spec {
        limit: "DEV_SHM",
        kind: Kind::Pshm,
        unit: "bytes of /dev/shm",
        fails: "shm_open+ftruncate will succeed but writes to the memory will fail (SIGBUS, ENOSPC)",
        amount: |o| o.size_bytes.unwrap_or(0),
    },
];

fn status(percent: f64, threshold: f64) -> Status {
    if percent >= 100.0 {
        Status::Full
    } else if percent > threshold {
        Status::Warning
    } else {
        Status::Ok
    }
}

/// Consumers of one limit among `objs`, by owner, largest first.
fn consumers(objs: &[&Object], amount: impl Fn(&Object) -> u64) -> Vec<Consumer> {
    let mut by: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for o in objs {
        let e = by.entry(owner(o)).or_default();
        let a = amount(o);
        e.0 += a;
        if orphaned(o) {
            e.1 += a;
        }
    }
    let mut v: Vec<Consumer> = by
        .into_iter()
        .map(|(owner, (amount, orphaned))| Consumer {
            owner,
            amount,
            orphaned,
        })
        .collect();
    v.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.owner.cmp(&b.owner)));
    v
}

fn ns_prefix(ns: Option<&Namespace>, explicit: bool) -> String {
    match ns {
        Some(n) if explicit => format!("ipcctl --ns {} ", n.pid),
        _ => "ipcctl ".into(),
    }
}

/// The limits and classified objects of one IPC namespace.
pub struct Snapshot<'a> {
    pub ns: Option<&'a Namespace>,
    pub limits: &'a [Limit],
    pub objects: &'a [Object],
}

/// The checks of one namespace.
pub fn checks(s: &Snapshot<'_>, threshold: f64, ns_in_fix: bool) -> Vec<Check> {
    let mut out = Vec::new();
    for spec in SPECS {
        let Some(l) = s.limits.iter().find(|l| l.name == spec.limit) else {
            continue;
        };
        let (Some(max), Some(used)) = (l.limit, l.used) else {
            continue;
        };
        let objs: Vec<&Object> = s
            .objects
            .iter()
            .filter(|o| o.kind == spec.kind || (spec.limit == "DEV_SHM" && o.kind == Kind::Psem))
            .collect();
        let by_owner = consumers(&objs, spec.amount);
        let orphaned_total: u64 = by_owner.iter().map(|c| c.orphaned).sum();
        let percent = crate::model::usage_percent(used, max);
        out.push(judge(
            spec.limit,
            spec.unit,
            spec.fails,
            spec.kind,
            s.ns,
            used,
            max,
            percent,
            by_owner,
            orphaned_total,
            &objs,
            &spec.amount,
            threshold,
            ns_in_fix,
        ));
    }
    // RLIMIT_MSGQUEUE is per user: judge the user closest to it (with ipcctl's own limit;
    // each process may have another).
    if let Some(l) = s.limits.iter().find(|l| l.name == "RLIMIT_MSGQUEUE")
        && let Some(max) = l.limit
    {
        let pmq: Vec<&Object> = s.objects.iter().filter(|o| o.kind == Kind::Pmq).collect();
        let amount =
            |o: &Object| mq_charge(o.max_messages.unwrap_or(0), o.message_size.unwrap_or(0));
        let by_owner = consumers(&pmq, amount);
        if let Some(top) = by_owner.first() {
            let used = top.amount;
            let percent = crate::model::usage_percent(used, max);
            let who = top.owner.clone();
            let mine: Vec<&Object> = pmq.iter().copied().filter(|o| owner(o) == who).collect();
            let orphaned_total = top.orphaned;
            let mut c = judge(
                "RLIMIT_MSGQUEUE",
                &format!("bytes of POSIX queues of user {who}"),
                "mq_open(O_CREAT) will fail with EMFILE (\"Too many open files\")",
                Kind::Pmq,
                s.ns,
                used,
                max,
                percent,
                by_owner,
                orphaned_total,
                &mine,
                &amount,
                threshold,
                ns_in_fix,
            );
            c.verdict
                .push_str(" (RLIMIT_MSGQUEUE is per user and counted across all IPC namespaces: queues of this user in other namespaces are not seen here, so the use may be higher; ipcctl's own limit is used)");
            out.push(c);
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn judge(
    limit: &str,
    unit: &str,
    fails: &str,
    kind: Kind,
    ns: Option<&Namespace>,
    used: u64,
    max: u64,
    percent: f64,
    by_owner: Vec<Consumer>,
    orphaned_total: u64,
    objs: &[&Object],
    amount: &dyn Fn(&Object) -> u64,
    threshold: f64,
    ns_in_fix: bool,
) -> Check {
    let st = status(percent, threshold);
    let by_app = app_consumers(objs, amount);
    // The application holding most of the orphaned share (at least half of it): its
    // profile names the objects more precisely than their owner does.
    let top_app = by_app
        .iter()
        .filter(|c| c.orphaned > 0 && c.orphaned.saturating_mul(2) >= orphaned_total)
        .max_by_key(|c| c.orphaned);
    let clean_kind = if limit == "DEV_SHM" {
        "pshm psem".to_string()
    } else {
        kind.to_string()
    };
    // The owner with the largest orphaned share, and whether its orphans include likely ones.
    let top_orphan = by_owner
        .iter()
        .filter(|c| c.orphaned > 0)
        .max_by_key(|c| c.orphaned);
    let app_fix = top_app.map(|c| {
        // `clean` as root spares system users' objects unless --owner names them.
        let owner = match &c.orphan_owner {
            Some((o, true)) => format!(" --owner {o}"),
            _ => String::new(),
        };
        format!(
            "{}clean {clean_kind} --app {}{owner}{}",
            ns_prefix(ns, ns_in_fix),
            c.app,
            if c.likely { " --include-likely" } else { "" }
        )
    });
    let fix = app_fix.or_else(|| {
        top_orphan.map(|c| {
            let likely = objs
                .iter()
                .any(|o| owner(o) == c.owner && o.state == Some(State::LikelyOrphan));
            format!(
                "{}clean {clean_kind} --owner {}{}",
                ns_prefix(ns, ns_in_fix),
                c.owner,
                if likely { " --include-likely" } else { "" }
            )
        })
    });
    let amounts = format!("{}/{} {unit}", thousands(used), thousands(max));
    let mut verdict = match st {
        Status::Full => format!("{fails}: {amounts}"),
        Status::Warning => format!(
            "close to the limit ({percent:.0}%): {amounts}; after {} more, {fails}",
            thousands(max.saturating_sub(used))
        ),
        Status::Ok => format!("ok: {amounts} ({percent:.1}%)"),
    };
    if st != Status::Ok {
        if orphaned_total > 0 {
            verdict.push_str(&format!(", {} of them orphaned", thousands(orphaned_total)));
            if let Some(a) = top_app {
                verdict.push_str(&format!(
                    ", {} of those in {} {} object(s)",
                    thousands(a.orphaned),
                    thousands(a.orphaned_objects),
                    a.title
                ));
            } else if let Some(c) = top_orphan {
                verdict.push_str(&format!(", owned by {}", c.owner));
            }
        } else if let Some(c) = by_owner.first() {
            verdict.push_str(&format!(
                ", none orphaned; the largest user is {} ({})",
                c.owner,
                thousands(c.amount)
            ));
        }
        if let Some(n) = ns {
            verdict.push_str(&format!(" in {n}"));
        }
        match &fix {
            Some(f) => verdict.push_str(&format!(" — `{f}`")),
            None => verdict.push_str(" — raise the limit or stop the largest user"),
        }
    }
    Check {
        limit: limit.to_string(),
        namespace: ns.cloned(),
        used,
        max,
        percent,
        status: st,
        unit: unit.to_string(),
        fails: fails.to_string(),
        by_owner,
        by_app,
        orphaned: orphaned_total,
        verdict,
        fix,
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

    fn sem(uid: u32, user: &str, state: State) -> Object {
        Object {
            kind: Kind::Sem,
            uid,
            user: Some(user.into()),
            nsems: Some(1),
            state: Some(state),
            ..Default::default()
        }
    }

    #[test]
    fn full_semaphore_table_names_the_orphans_owner_and_the_fix() {
        let mut objects: Vec<Object> = (0..3)
            .map(|_| sem(48, "apache", State::LikelyOrphan))
            .collect();
        objects.push(sem(0, "root", State::InUse));
        let limits =
            vec![crate::model::Limit::new("SEMMNI", "", "", "count").with(Some(4), Some(4))];
        let s = Snapshot {
            ns: None,
            limits: &limits,
            objects: &objects,
        };
        let c = checks(&s, 90.0, false);
        let semmni = c.iter().find(|c| c.limit == "SEMMNI").unwrap();
        assert_eq!(semmni.status, Status::Full);
        assert_eq!(
            semmni.verdict,
            "semget will fail with ENOSPC: 4/4 semaphore sets, 3 of them orphaned, owned by apache — `ipcctl clean sem --owner apache --include-likely`"
        );
        assert_eq!(semmni.by_owner[0].owner, "apache");
        assert_eq!(semmni.by_owner[0].amount, 3);
    }

    /// Regression (issue 19.10): a limit of 0 was judged "ok" at 0%.
    #[test]
    fn a_limit_of_zero_is_exhausted_with_or_without_objects() {
        for n in [0, 2] {
            let objects: Vec<Object> = (0..n).map(|_| sem(0, "root", State::InUse)).collect();
            let limits = vec![
                crate::model::Limit::new("SEMMNI", "", "", "count").with(Some(0), Some(n as u64)),
            ];
            let s = Snapshot {
                ns: None,
                limits: &limits,
                objects: &objects,
            };
            let c = checks(&s, 90.0, false);
            let semmni = c.iter().find(|c| c.limit == "SEMMNI").unwrap();
            assert_eq!(semmni.status, Status::Full, "{n} objects");
            assert_eq!(semmni.percent, 100.0);
        }
    }

    #[test]
    fn dev_shm_full_of_one_apps_orphans_names_the_app_and_cleans_by_app() {
        let profiles = crate::analysis::profiles::Profiles::builtin();
        let mut objects: Vec<Object> = (0..3)
            .map(|i| Object {
                kind: Kind::Pshm,
                name: Some(format!("/torch_{}_7_0", 4000 + i)),
                uid: 1000,
                user: Some("alice".into()),
                size_bytes: Some(300),
                state: Some(State::Orphan),
                ..Default::default()
            })
            .collect();
        objects.push(Object {
            kind: Kind::Pshm,
            name: Some("/frames".into()),
            uid: 1000,
            user: Some("alice".into()),
            size_bytes: Some(50),
            state: Some(State::InUse),
            ..Default::default()
        });
        profiles.annotate(&mut objects, false);
        let limits =
            vec![crate::model::Limit::new("DEV_SHM", "", "", "bytes").with(Some(1000), Some(950))];
        let s = Snapshot {
            ns: None,
            limits: &limits,
            objects: &objects,
        };
        let c = checks(&s, 90.0, false);
        let dev = c.iter().find(|c| c.limit == "DEV_SHM").unwrap();
        assert_eq!(dev.by_app.len(), 1);
        assert_eq!(
            (
                dev.by_app[0].app.as_str(),
                dev.by_app[0].objects,
                dev.by_app[0].orphaned
            ),
            ("pytorch", 3, 900)
        );
        assert!(
            dev.verdict.contains("900 of those in 3 PyTorch object(s)"),
            "{}",
            dev.verdict
        );
        assert_eq!(
            dev.fix.as_deref(),
            Some("ipcctl clean pshm psem --app pytorch")
        );
    }
}
