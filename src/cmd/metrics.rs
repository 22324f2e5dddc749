//! `ipcctl metrics`: object counts and bytes per kind and owner, limits with their use,
//! orphans, /dev/shm, in the Prometheus text format; `--all-namespaces` adds a `namespace`
//! label (and one `ipcctl_namespace_info` series per namespace).

use crate::collect::Fields;
use std::collections::{BTreeMap, HashSet};

use super::Ctx;
use crate::analysis::orphans::{self, Policy};
use crate::analysis::profiles::RunProfiles;
use crate::cli::MetricsArgs;
use crate::collect::{Source, limits, namespaces};
use crate::error::Result;
use crate::model::{Kind, Limit, LimitId, LimitScope, Namespace, Object, State, Unit, Warning};
use crate::render::metrics::{Family, render};

/// What one IPC namespace holds, read once: classified objects and limits with use.
pub struct NsSnapshot {
    pub ns: Option<Namespace>,
    pub objects: Vec<Object>,
    pub limits: Vec<Limit>,
    /// RLIMIT_MSGQUEUE of each owner of a POSIX queue here, as a live process of that real
    /// uid has it (`None`: unlimited); owners without a readable process are missing.
    pub rlimits: BTreeMap<u32, Option<u64>>,
    /// Every process could be inspected for holders.
    pub complete: bool,
}

fn snapshot(src: &Source, policy: &Policy, profiles: &RunProfiles) -> (NsSnapshot, Vec<Warning>) {
    let (inv, scan) = orphans::survey(src, &Kind::ALL, Some(policy), profiles, Fields::All);
    let l = limits::collect(src, &inv);
    let owners: Vec<u32> = limits::rlimit_msgqueue_use(&inv.objects)
        .into_keys()
        .collect();
    let rlimits = limits::rlimit_msgqueue_of_users(src, &owners);
    let mut warnings = inv.warnings;
    warnings.extend(l.warnings);
    (
        NsSnapshot {
            ns: src.ns.as_deref().cloned(),
            objects: inv.objects,
            limits: l.limits,
            rlimits,
            complete: scan.available && scan.complete,
        },
        warnings,
    )
}

/// One snapshot of our namespace (or `--ns`'s), or one per namespace on the host. POSIX
/// shm/semaphores seen by several namespaces through one /dev/shm are counted once.
pub fn snapshots(ctx: &Ctx, all: bool) -> Result<Vec<NsSnapshot>> {
    if !all {
        let (s, w) = snapshot(&ctx.src, &ctx.policy(), &ctx.profiles);
        ctx.warn_all(&w);
        return Ok(vec![s]);
    }
    let (per_ns, skipped) =
        namespaces::for_each(&ctx.src, |s| snapshot(s, &ctx.policy(), &ctx.profiles))?;
    let mut seen: HashSet<Warning> = HashSet::new();
    let mut dev_ino: HashSet<(u64, u64)> = HashSet::new();
    let mut tmpfs: HashSet<(LimitId, u64)> = HashSet::new();
    let mut out = Vec::new();
    for (_, (mut s, w)) in per_ns {
        // One tmpfs seen by several namespaces is one limit: judged and exported once.
        s.limits.retain(|l| match (l.name.is_dev_shm(), l.device) {
            (true, Some(d)) => tmpfs.insert((l.name, d)),
            _ => true,
        });
        s.objects.retain(|o| {
            !(o.kind.info().lives_in_dev_shm
                && o.dev.zip(o.inode).is_some_and(|k| !dev_ino.insert(k)))
        });
        for x in w {
            if seen.insert(x.clone()) {
                ctx.out.warn(&crate::render::warnings::text(&x));
            }
        }
        out.push(s);
    }
    ctx.warn_all(&skipped);
    Ok(out)
}

/// Totals of one (kind, owner) group. A sum with one unknown part is unknown: a queue whose
/// bytes cannot be read without a side effect (pmq) makes its group's bytes unknown, never 0.
struct Group {
    objects: u64,
    bytes: Option<u64>,
    messages: Option<u64>,
}

impl Default for Group {
    fn default() -> Group {
        Group {
            objects: 0,
            bytes: Some(0),
            messages: Some(0),
        }
    }
}

impl Group {
    fn add(&mut self, o: &Object) {
        self.objects += 1;
        // Saturating: three 8 EiB sparse files are not 5 bytes.
        self.bytes = self
            .bytes
            .zip(o.size_bytes)
            .map(|(a, b)| a.saturating_add(b));
        self.messages = self
            .messages
            .zip(o.messages)
            .map(|(a, b)| a.saturating_add(b));
    }
}

/// Build every metric family from the snapshots.
pub fn families(snaps: &[NsSnapshot], with_ns: bool, now: i64) -> Vec<Family> {
    let mut objects = Family::new("ipcctl_objects", "IPC objects by kind and owner.");
    let mut bytes = Family::new(
        "ipcctl_objects_size_bytes",
        "Bytes of IPC objects by kind and owner (shm, pshm: segment size; msg: bytes queued); \
         left out where a size is unknown (pmq: the kernel shows a queue's bytes only through a \
         read that changes its times).",
    );
    let mut messages = Family::new(
        "ipcctl_objects_messages",
        "Messages queued in msg and pmq queues, by kind and owner.",
    );
    let mut orphan = Family::new(
        "ipcctl_orphans",
        "Objects no live process holds, by kind and state (orphan, likely-orphan).",
    );
    let mut oldest = Family::new(
        "ipcctl_oldest_orphan_age_seconds",
        "Age of the oldest orphan or likely-orphan of each kind: since its creation (a POSIX \
         file's birth time, else the earliest time recorded on it; ctime alone moves with \
         IPC_SET, SETVAL and writes).",
    );
    let mut limit = Family::new("ipcctl_limit", "Kernel IPC limits counted in objects.");
    let mut used = Family::new("ipcctl_limit_used", "Current use of count limits.");
    let mut limit_b = Family::new("ipcctl_limit_bytes", "Kernel IPC limits in bytes.");
    let mut used_b = Family::new("ipcctl_limit_used_bytes", "Current use of byte limits.");
    let mut ratio = Family::new(
        "ipcctl_limit_usage_ratio",
        "Use of each system-wide (or per-user) IPC limit, 0 to 1 (above 1: over the limit); \
         per-object limits have none.",
    );
    let mut largest = Family::new(
        "ipcctl_limit_largest_object",
        "Per-object count limits (SEMMSL, MQ_MSG_MAX): the largest object's value, to compare \
         with ipcctl_limit; not a use of the limit.",
    );
    let mut largest_b = Family::new(
        "ipcctl_limit_largest_object_bytes",
        "Per-object byte limits (SHMMAX, MSGMNB, MQ_MSGSIZE_MAX): the largest object's value, \
         to compare with ipcctl_limit_bytes; not a use of the limit.",
    );
    let mut user_used = Family::new(
        "ipcctl_rlimit_msgqueue_bytes",
        "Bytes of POSIX queues (named, or unlinked but open) per owner uid, as the kernel charges \
         them against RLIMIT_MSGQUEUE (charged to the creator's real uid, which is the owner \
         unless a setuid program made the queue).",
    );
    let mut user_limit = Family::new(
        "ipcctl_rlimit_msgqueue_limit_bytes",
        "RLIMIT_MSGQUEUE (soft) of each owner uid of a POSIX queue, as a live process of that \
         real uid has it; absent when no such process is readable or the limit is unlimited.",
    );
    let mut user_ratio = Family::new(
        "ipcctl_rlimit_msgqueue_usage_ratio",
        "ipcctl_rlimit_msgqueue_bytes / ipcctl_rlimit_msgqueue_limit_bytes per owner uid, 0 to 1 \
         (above 1: the owner's queues were not all charged to it, or its limit was lowered).",
    );
    let mut shm_size = Family::new("ipcctl_dev_shm_size_bytes", "Size of the /dev/shm tmpfs.");
    let mut shm_used = Family::new("ipcctl_dev_shm_used_bytes", "Bytes used in /dev/shm.");
    let mut complete = Family::new(
        "ipcctl_holder_scan_complete",
        "1 when every process could be inspected for holders; 0 means orphan counts may be too high.",
    );
    let mut info = Family::new(
        "ipcctl_namespace_info",
        "One series per IPC namespace: a process living in it and its container id.",
    );
    let page = crate::sys::process::page_size();
    for s in snaps {
        let nsl: Vec<(&'static str, String)> = match (&s.ns, with_ns) {
            (Some(n), true) => vec![("namespace", n.inode.to_string())],
            _ => Vec::new(),
        };
        let l = |extra: Vec<(&'static str, String)>| {
            let mut v = nsl.clone();
            v.extend(extra);
            v
        };
        if let (Some(n), true) = (&s.ns, with_ns) {
            info.add(
                l(vec![
                    ("pid", n.pid.to_string()),
                    ("comm", n.comm.clone()),
                    ("container", n.container.clone().unwrap_or_default()),
                ]),
                1u64,
            );
        }
        let mut by: BTreeMap<(Kind, String), Group> = BTreeMap::new();
        let mut orph: BTreeMap<(Kind, State), u64> = BTreeMap::new();
        let mut old: BTreeMap<Kind, i64> = BTreeMap::new();
        for k in Kind::ALL {
            orph.insert((k, State::Orphan), 0);
            orph.insert((k, State::LikelyOrphan), 0);
        }
        for o in &s.objects {
            by.entry((o.kind, o.owner_name())).or_default().add(o);
            if let Some(st @ (State::Orphan | State::LikelyOrphan)) = o.state {
                *orph.entry((o.kind, st)).or_default() += 1;
                if let Some(c) = o.created() {
                    let age = now.saturating_sub(c.at).max(0);
                    let e = old.entry(o.kind).or_insert(0);
                    *e = (*e).max(age);
                }
            }
        }
        for ((k, who), g) in by {
            let labels = l(vec![("kind", k.to_string()), ("owner", who)]);
            objects.add(labels.clone(), g.objects);
            if let Some(b) = g.bytes {
                bytes.add(labels.clone(), b);
            }
            if let Some(m) = g.messages {
                messages.add(labels, m);
            }
        }
        for ((k, st), n) in orph {
            orphan.add(
                l(vec![("kind", k.to_string()), ("state", st.as_str().into())]),
                n,
            );
        }
        for (k, age) in old {
            oldest.add(l(vec![("kind", k.to_string())]), age as u64);
        }
        for x in &s.limits {
            let name = vec![("limit", x.name.as_str().to_string())];
            // SHMALL counts pages; exported in bytes like the other memory limits.
            let (scale, (lf, uf, bf)) = match x.unit {
                Unit::Pages => (page, (&mut limit_b, &mut used_b, &mut largest_b)),
                Unit::Bytes => (1, (&mut limit_b, &mut used_b, &mut largest_b)),
                Unit::Count => (1, (&mut limit, &mut used, &mut largest)),
            };
            if let Some(v) = x.limit {
                lf.add(l(name.clone()), v.saturating_mul(scale));
            }
            match x.scope {
                LimitScope::Total => {
                    if let Some(v) = x.used {
                        uf.add(l(name.clone()), v.saturating_mul(scale));
                    }
                    if let Some(p) = x.percent {
                        ratio.add(l(name), p / 100.0);
                    }
                }
                LimitScope::PerObject => {
                    if let Some(v) = x.largest {
                        bf.add(l(name), v.saturating_mul(scale));
                    }
                }
            }
            if x.name == LimitId::DevShm {
                if let Some(v) = x.limit {
                    shm_size.add(l(vec![]), v);
                }
                if let Some(v) = x.used {
                    shm_used.add(l(vec![]), v);
                }
            }
        }
        // RLIMIT_MSGQUEUE per user, with that user's own limit (the `limit` series above are
        // ipcctl's own uid's). Families of their own: one family keeps one set of labels.
        for (uid, bytes) in limits::rlimit_msgqueue_use(&s.objects) {
            let who = l(vec![("uid", uid.to_string())]);
            user_used.add(who.clone(), bytes);
            if let Some(Some(max)) = s.rlimits.get(&uid) {
                user_limit.add(who.clone(), *max);
                user_ratio.add(who, crate::model::usage_percent(bytes, *max) / 100.0);
            }
        }
        complete.add(l(vec![]), u64::from(s.complete));
    }
    vec![
        objects, bytes, messages, orphan, oldest, limit, used, limit_b, used_b, ratio, largest,
        largest_b, user_used, user_limit, user_ratio, shm_size, shm_used, complete, info,
    ]
}

pub fn run(ctx: &Ctx, a: MetricsArgs) -> Result<i32> {
    let snaps = snapshots(ctx, a.all_namespaces)?;
    let text = render(&families(&snaps, a.all_namespaces, crate::render::now()));
    match &a.textfile {
        None => crate::output::print(&text)?,
        // 0644 whatever the umask: node_exporter reads it as another user.
        Some(path) => crate::output::write_file_mode(path, text.as_bytes(), Some(0o644))?,
    }
    Ok(0)
}
