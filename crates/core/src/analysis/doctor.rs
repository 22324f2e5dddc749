//! `doctor`'s judgement: for each IPC limit that makes a create call fail, its use, who uses
//! it (by owner, and how much of it is orphaned), a status, whom to blame and the `clean`
//! that frees it — typed findings (`model::doctor`), worded by `render::doctor`. Pure: it
//! works on limits and classified objects it is handed.

use std::collections::BTreeMap;

use crate::collect::limits::mq_charge;
use crate::model::{Kind, Limit, LimitId, Namespace, Object, State, Unit};

pub use crate::model::{AppConsumer, Blame, Check, Consumer, Fix, Note, Status};

/// Consumers of one limit by application, largest first (objects no profile names are left
/// out).
fn app_consumers(objs: &[&Object], amount: &dyn Fn(&Object) -> u64) -> Vec<AppConsumer> {
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
        c.amount = c.amount.saturating_add(n);
        if orphaned(o) {
            let who = (o.owner_name(), crate::model::is_system_uid(o.uid));
            c.orphan_owner = match (c.orphaned_objects, c.orphan_owner.take()) {
                (0, _) => Some(who),
                (_, Some(prev)) if prev == who => Some(prev),
                _ => None,
            };
            c.orphaned_objects += 1;
            c.orphaned = c.orphaned.saturating_add(n);
            c.likely |= o.state == Some(State::LikelyOrphan);
        }
    }
    v.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.app.cmp(&b.app)));
    v
}

/// The owner's name, or the uid when it has none.
fn orphaned(o: &Object) -> bool {
    matches!(o.state, Some(State::Orphan | State::LikelyOrphan))
}

/// One limit doctor judges: which objects count against it, and how much each takes.
struct Spec {
    limit: LimitId,
    /// The kinds that count (and that the fix cleans).
    kinds: &'static [Kind],
    /// How much of the limit one object uses.
    amount: fn(&Object) -> u64,
}

fn page() -> u64 {
    crate::sys::process::page_size()
}

/// What a /dev/shm file takes from the tmpfs: its allocated blocks, not its size (a sparse
/// file takes less, a semaphore a whole page). Its size only when the blocks are unknown.
fn allocated(o: &Object) -> u64 {
    o.allocated_bytes.or(o.size_bytes).unwrap_or(0)
}

const SPECS: &[Spec] = &[
    Spec {
        limit: LimitId::Semmni,
        kinds: &[Kind::Sem],
        amount: |_| 1,
    },
    Spec {
        limit: LimitId::Semmns,
        kinds: &[Kind::Sem],
        amount: |o| o.nsems.unwrap_or(0),
    },
    Spec {
        limit: LimitId::Shmmni,
        kinds: &[Kind::Shm],
        amount: |_| 1,
    },
    Spec {
        limit: LimitId::Shmall,
        kinds: &[Kind::Shm],
        amount: |o| o.size_bytes.unwrap_or(0).div_ceil(page()),
    },
    Spec {
        limit: LimitId::Msgmni,
        kinds: &[Kind::Msg],
        amount: |_| 1,
    },
    Spec {
        limit: LimitId::MqQueuesMax,
        kinds: &[Kind::Pmq],
        amount: |_| 1,
    },
    Spec {
        limit: LimitId::DevShm,
        kinds: &[Kind::Pshm, Kind::Psem],
        amount: allocated,
    },
    Spec {
        limit: LimitId::DevShmInodes,
        kinds: &[Kind::Pshm, Kind::Psem],
        amount: |_| 1,
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
fn consumers(objs: &[&Object], amount: &dyn Fn(&Object) -> u64) -> Vec<Consumer> {
    let mut by: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for o in objs {
        let e = by.entry(o.owner_name()).or_default();
        let a = amount(o);
        e.0 = e.0.saturating_add(a);
        if orphaned(o) {
            e.1 = e.1.saturating_add(a);
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

/// The limits and classified objects of one IPC namespace.
pub struct Snapshot<'a> {
    pub ns: Option<&'a Namespace>,
    pub limits: &'a [Limit],
    pub objects: &'a [Object],
    /// RLIMIT_MSGQUEUE of each user, as a live process of that real uid has it
    /// (`/proc/PID/limits`); a user missing here is judged with ipcctl's own limit.
    pub rlimits: &'a BTreeMap<u32, Option<u64>>,
}

/// How to judge: the warning threshold, and whether fixes name the namespace (`--ns PID`).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub threshold: f64,
    pub ns_in_fix: bool,
}

/// One limit to judge: what is used of what, by which objects, each taking `amount`.
struct Case<'a> {
    limit: LimitId,
    unit: Unit,
    user: Option<String>,
    used: u64,
    max: u64,
    objs: Vec<&'a Object>,
    amount: &'a dyn Fn(&Object) -> u64,
    clean: &'static [Kind],
    notes: Vec<Note>,
}

/// The limits doctor judges whose use could not be counted (their objects were not listed:
/// a normal user without an mqueue mount, say): not judged, and said so, never "room".
pub fn unjudged(limits: &[crate::model::Limit]) -> Vec<LimitId> {
    limits
        .iter()
        .filter(|l| {
            l.used.is_none()
                && (l.name == LimitId::RlimitMsgqueue || SPECS.iter().any(|s| s.limit == l.name))
        })
        .map(|l| l.name)
        .collect()
}

/// The checks of one namespace.
pub fn checks(s: &Snapshot<'_>, opts: Options) -> Vec<Check> {
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
            .filter(|o| spec.kinds.contains(&o.kind))
            .collect();
        let mut notes = Vec::new();
        if spec.limit == LimitId::DevShm {
            let size = objs
                .iter()
                .filter_map(|o| o.size_bytes)
                .fold(0u64, u64::saturating_add);
            let taken = objs
                .iter()
                .map(|o| allocated(o))
                .fold(0u64, u64::saturating_add);
            if size > taken {
                notes.push(Note::SizesExceedAllocation { size_bytes: size });
            }
        }
        out.push(judge(
            Case {
                limit: spec.limit,
                unit: l.unit,
                user: None,
                used,
                max,
                objs,
                amount: &spec.amount,
                clean: spec.kinds,
                notes,
            },
            s.ns,
            opts,
        ));
    }
    out.extend(rlimit_checks(s, opts));
    out
}

/// RLIMIT_MSGQUEUE is per user: each user with queues here, against that user's limit (as
/// one of its live processes has it; else ipcctl's own). The kernel charges a queue to its
/// creator's real uid, which it does not record: the queue's owner stands for it.
fn rlimit_checks(s: &Snapshot<'_>, opts: Options) -> Vec<Check> {
    let Some(l) = s.limits.iter().find(|l| l.name == LimitId::RlimitMsgqueue) else {
        return Vec::new();
    };
    let pmq: Vec<&Object> = s
        .objects
        .iter()
        .filter(|o| o.kind.charges_rlimit_msgqueue())
        .collect();
    let amount = |o: &Object| mq_charge(o.max_messages.unwrap_or(0), o.message_size.unwrap_or(0));
    let mut uids: Vec<u32> = pmq.iter().map(|o| o.uid).collect();
    uids.sort_unstable();
    uids.dedup();
    let mut out = Vec::new();
    for uid in uids {
        let mine: Vec<&Object> = pmq.iter().copied().filter(|o| o.uid == uid).collect();
        let used = mine
            .iter()
            .map(|o| amount(o))
            .fold(0u64, u64::saturating_add);
        let mut notes = vec![
            Note::RlimitCountsEveryNamespace,
            Note::RlimitChargedToCreatorsRealUid,
        ];
        let max = match s.rlimits.get(&uid) {
            Some(Some(m)) => *m,
            Some(None) => continue, // unlimited for this user
            None => {
                let Some(m) = l.limit else { continue };
                notes.push(Note::RlimitOfIpcctl);
                m
            }
        };
        if used > max {
            notes.push(Note::RlimitOwnerAboveLimit);
        }
        out.push(judge(
            Case {
                limit: LimitId::RlimitMsgqueue,
                unit: Unit::Bytes,
                user: mine.first().map(|o| o.owner_name()),
                used,
                max,
                objs: mine,
                amount: &amount,
                clean: &[Kind::Pmq],
                notes,
            },
            s.ns,
            opts,
        ));
    }
    // The user closest to the limit first.
    out.sort_by(|a, b| b.percent.total_cmp(&a.percent));
    out
}

fn judge(c: Case<'_>, ns: Option<&Namespace>, opts: Options) -> Check {
    let percent = crate::model::usage_percent(c.used, c.max);
    let mut st = status(percent, opts.threshold);
    // Above the limit a creator may charge: the owner's queues were not all charged to it
    // (a setuid creator's real uid paid for some), or its limit was lowered since. Either
    // way no create of this user is proven to fail: a warning, never "full".
    if c.notes.contains(&Note::RlimitOwnerAboveLimit) && st == Status::Full {
        st = Status::Warning;
    }
    let by_owner = consumers(&c.objs, c.amount);
    let orphaned_total = by_owner
        .iter()
        .map(|o| o.orphaned)
        .fold(0u64, u64::saturating_add);
    let by_app = app_consumers(&c.objs, c.amount);
    // The application holding most of the orphaned share (at least half of it): its
    // profile names the objects more precisely than their owner does.
    let top_app = by_app
        .iter()
        .filter(|a| a.orphaned > 0 && a.orphaned.saturating_mul(2) >= orphaned_total)
        .max_by_key(|a| a.orphaned);
    // The owner with the largest orphaned share.
    let top_orphan = by_owner
        .iter()
        .filter(|o| o.orphaned > 0)
        .max_by_key(|o| o.orphaned);
    let ns_pid = ns.filter(|_| opts.ns_in_fix).map(|n| n.pid);
    let fix = match (top_app, top_orphan) {
        (Some(a), _) => Some(Fix {
            ns_pid,
            kinds: c.clean.to_vec(),
            app: Some(a.app.clone()),
            // `clean` as root spares system users' objects unless --owner names them.
            owner: match &a.orphan_owner {
                Some((o, true)) => Some(o.clone()),
                _ => None,
            },
            include_likely: a.likely,
        }),
        (None, Some(o)) => Some(Fix {
            ns_pid,
            kinds: c.clean.to_vec(),
            app: None,
            owner: Some(o.owner.clone()),
            include_likely: c
                .objs
                .iter()
                .any(|x| x.owner_name() == o.owner && x.state == Some(State::LikelyOrphan)),
        }),
        (None, None) => None,
    };
    let blame = if st == Status::Ok {
        Blame::None
    } else if let Some(a) = top_app {
        Blame::App {
            app: a.app.clone(),
            title: a.title.clone(),
            orphaned: a.orphaned,
            objects: a.orphaned_objects,
        }
    } else if let Some(o) = top_orphan {
        Blame::Owner {
            owner: o.owner.clone(),
        }
    } else if let Some(o) = by_owner.first() {
        Blame::LargestUser {
            owner: o.owner.clone(),
            amount: o.amount,
        }
    } else {
        Blame::None
    };
    Check {
        limit: c.limit,
        namespace: ns.cloned(),
        user: c.user,
        unit: c.unit,
        used: c.used,
        max: c.max,
        percent,
        status: st,
        by_owner,
        by_app,
        orphaned: orphaned_total,
        blame,
        fix,
        notes: c.notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTS: Options = Options {
        threshold: 90.0,
        ns_in_fix: false,
    };

    fn no_rlimits() -> &'static BTreeMap<u32, Option<u64>> {
        static EMPTY: BTreeMap<u32, Option<u64>> = BTreeMap::new();
        &EMPTY
    }

    fn verdict(c: &Check) -> String {
        crate::render::doctor::verdict(c)
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
        let limits = vec![Limit::new(LimitId::Semmni, "", "", Unit::Count).with(Some(4), Some(4))];
        let s = Snapshot {
            ns: None,
            limits: &limits,
            objects: &objects,
            rlimits: no_rlimits(),
        };
        let c = checks(&s, OPTS);
        let semmni = c.iter().find(|c| c.limit == LimitId::Semmni).unwrap();
        assert_eq!(semmni.status, Status::Full);
        assert_eq!(
            verdict(semmni),
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
                Limit::new(LimitId::Semmni, "", "", Unit::Count).with(Some(0), Some(n as u64)),
            ];
            let s = Snapshot {
                ns: None,
                limits: &limits,
                objects: &objects,
                rlimits: no_rlimits(),
            };
            let c = checks(&s, OPTS);
            let semmni = c.iter().find(|c| c.limit == LimitId::Semmni).unwrap();
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
            vec![Limit::new(LimitId::DevShm, "", "", Unit::Bytes).with(Some(1000), Some(950))];
        let s = Snapshot {
            ns: None,
            limits: &limits,
            objects: &objects,
            rlimits: no_rlimits(),
        };
        let c = checks(&s, OPTS);
        let dev = c.iter().find(|c| c.limit == LimitId::DevShm).unwrap();
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
            verdict(dev).contains("900 of those in 3 PyTorch object(s)"),
            "{}",
            verdict(dev)
        );
        assert_eq!(
            dev.fix
                .as_ref()
                .map(crate::render::doctor::fix_command)
                .as_deref(),
            Some("ipcctl clean pshm psem --app pytorch")
        );
    }
}
