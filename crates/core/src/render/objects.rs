//! Object tables (`list`, `orphans`) and the detail view (`show`).

use std::cmp::Ordering;

use super::table::Style;
use crate::kinds::info::{Op, UseCount};
use crate::model::{Column, Kind, Object, Reasons, SortKey, fmt_key, rfc3339};

/// The header of a column.
pub fn header(c: Column) -> &'static str {
    match c {
        Column::Ns => "NAMESPACE",
        Column::Kind => "KIND",
        Column::Ref => "REF",
        Column::Id => "ID",
        Column::Key => "KEY",
        Column::Name => "NAME",
        Column::Owner => "OWNER",
        Column::Group => "GROUP",
        Column::Perms => "PERMS",
        Column::Size => "SIZE",
        Column::Use => "USE",
        Column::Holders => "HOLDERS",
        Column::Cpid => "CPID",
        Column::Lpid => "LPID",
        Column::Lrpid => "LRPID",
        Column::Cuid => "CUID",
        Column::Cgid => "CGID",
        Column::Age => "AGE",
        Column::Ctime => "CTIME",
        Column::Atime => "ATIME",
        Column::Dtime => "DTIME",
        Column::Stime => "STIME",
        Column::Rtime => "RTIME",
        Column::Otime => "OTIME",
        Column::Mtime => "MTIME",
        Column::State => "STATE",
        Column::Why => "WHY",
        Column::App => "APP",
        Column::Ftok => "FTOK",
        Column::Creator => "CREATOR",
        Column::Unit => "UNIT",
        Column::Container => "CONTAINER",
    }
}

/// Numbers are right-aligned.
pub fn right_aligned(c: Column) -> bool {
    match c {
        Column::Id
        | Column::Size
        | Column::Use
        | Column::Holders
        | Column::Cpid
        | Column::Lpid
        | Column::Lrpid
        | Column::Cuid
        | Column::Cgid
        | Column::Age => true,
        Column::Ns
        | Column::Kind
        | Column::Ref
        | Column::Key
        | Column::Name
        | Column::Owner
        | Column::Group
        | Column::Perms
        | Column::Ctime
        | Column::Atime
        | Column::Dtime
        | Column::Stime
        | Column::Rtime
        | Column::Otime
        | Column::Mtime
        | Column::State
        | Column::Why
        | Column::App
        | Column::Ftok
        | Column::Creator
        | Column::Unit
        | Column::Container => false,
    }
}

pub const DEFAULT_COLUMNS: &[Column] = &[
    Column::Kind,
    Column::Ref,
    Column::Key,
    Column::Owner,
    Column::Perms,
    Column::Size,
    Column::Use,
    Column::Holders,
    Column::Age,
];

/// The columns asked for with `-o`, or the default set when none were given.
pub fn pick_columns(asked: &[Column], default: &[Column]) -> Vec<Column> {
    if asked.is_empty() {
        default.to_vec()
    } else {
        asked.to_vec()
    }
}

fn pid(p: Option<i32>) -> String {
    let mut s = String::new();
    write_pid(&mut s, p);
    s
}

fn write_pid(s: &mut String, p: Option<i32>) {
    match p {
        Some(p) if p > 0 => {
            super::push_i64(s, i64::from(p));
        }
        Some(_) => s.push('0'),
        None => s.push('-'),
    }
}

/// The text of one cell.
pub fn cell(o: &Object, col: Column, bytes: bool, now: i64) -> String {
    let mut s = String::new();
    write_cell(&mut s, o, col, bytes, now);
    s
}

/// Write the text of one cell (no allocation for most columns).
pub fn write_cell(s: &mut String, o: &Object, col: Column, bytes: bool, now: i64) {
    use std::fmt::Write;
    let opt_num = |s: &mut String, v: Option<u64>| match v {
        Some(n) => {
            super::push_u64(s, n);
        }
        None => s.push('-'),
    };
    match col {
        Column::Ns => match &o.namespace {
            Some(n) => {
                let _ = write!(s, "{} {}/{}", n.inode, n.pid, n.comm);
                if let Some(c) = &n.container {
                    let _ = write!(s, " {}", &c[..c.len().min(12)]);
                }
            }
            None => s.push('-'),
        },
        Column::Kind => s.push_str(o.kind.as_str()),
        // One word each (`-o ref --no-headings | xargs ipcctl rm`): spaces escaped too.
        Column::Ref => s.push_str(&super::sanitize_ref(&o.reference)),
        Column::Id => match o.id {
            Some(i) => super::push_i64(s, i64::from(i)),
            None => s.push('-'),
        },
        Column::Key => match o.key {
            Some(k) => crate::model::push_key(s, k),
            None => s.push('-'),
        },
        Column::Name => s.push_str(&super::sanitize_word(o.name.as_deref().unwrap_or("-"))),
        Column::Owner => match &o.user {
            Some(u) => s.push_str(u),
            None => {
                super::push_u64(s, u64::from(o.uid));
            }
        },
        Column::Group => match &o.group {
            Some(g) => s.push_str(g),
            None => {
                super::push_u64(s, u64::from(o.gid));
            }
        },
        Column::Perms => {
            for shift in [9, 6, 3, 0] {
                s.push(char::from(b'0' + ((o.mode >> shift) & 7) as u8));
            }
            if o.marked_for_deletion {
                s.push_str(" dest");
            }
            if o.locked == Some(true) {
                s.push_str(" locked");
            }
        }
        Column::Size => match o.size_bytes {
            Some(b) if bytes => {
                super::push_u64(s, b);
            }
            Some(b) => super::write_human_size(s, b),
            None => s.push('-'),
        },
        Column::Use => match (o.use_count(), o.kind.info().use_count) {
            (Some(n), _) => opt_num(s, Some(n)),
            // A value that could not be read.
            (None, UseCount::Value) if o.problem.is_some() => s.push('?'),
            (None, _) => s.push('-'),
        },
        Column::Holders => opt_num(s, o.holders.as_ref().map(|h| h.len() as u64)),
        Column::Cpid => write_pid(s, o.cpid),
        Column::Lpid => write_pid(s, o.lpid.or(o.lspid)),
        // Since creation: POSIX shm/semaphores' birth time, else the earliest record.
        Column::Age => match o.created() {
            Some(c) => super::write_human_age(s, c.at, now),
            None => s.push('-'),
        },
        Column::Ctime => s.push_str(o.ctime.and_then(rfc3339).as_deref().unwrap_or("-")),
        Column::State => s.push_str(o.state.map_or("-", |st| st.as_str())),
        Column::Why => match (&o.orphan_reasons, &o.problem) {
            (Reasons(Some(r)), _) if !r.is_empty() => super::evidence::reasons_in_short(s, r),
            (_, Some(p)) => s.push_str(&super::evidence::problem(p)),
            _ => s.push('-'),
        },
        Column::Lrpid => write_pid(s, o.lrpid),
        Column::Cuid => opt_num(s, o.cuid.map(u64::from)),
        Column::Cgid => opt_num(s, o.cgid.map(u64::from)),
        Column::Atime => write_time(s, o.atime),
        Column::Dtime => write_time(s, o.dtime),
        Column::Stime => write_time(s, o.stime),
        Column::Rtime => write_time(s, o.rtime),
        Column::Otime => write_time(s, o.otime),
        Column::Mtime => write_time(s, o.mtime),
        Column::App => s.push_str(o.app.as_ref().map_or("-", |a| &*a.name)),
        Column::Ftok => match &o.ftok {
            Some(f) => s.push_str(&super::sanitize(&ftok_origin(f))),
            None => s.push('-'),
        },
        Column::Creator => super::record::creator_cell(s, o.creator.as_deref()),
        Column::Unit => s.push_str(&super::sanitize_word(
            o.creator
                .as_ref()
                .and_then(|c| c.unit.as_deref())
                .unwrap_or("-"),
        )),
        Column::Container => s.push_str(
            o.creator
                .as_ref()
                .and_then(|c| c.container.as_deref())
                .map_or("-", |c| &c[..c.len().min(12)]),
        ),
    }
}

/// An RFC 3339 time, `never` for 0 (the kernel's "not yet"), `-` when it does not apply.
fn write_time(s: &mut String, t: Option<i64>) {
    match t {
        Some(0) => s.push_str("never"),
        Some(t) => s.push_str(rfc3339(t).as_deref().unwrap_or("-")),
        None => s.push('-'),
    }
}

/// What `list` prints on a terminal when no object is selected.
pub const NONE: &str = "no IPC objects\n";

/// A sortable key for a column: numbers compare as numbers, the rest as text.
fn sort_key(o: &Object, col: Column) -> (i128, String) {
    let n = |v: Option<i128>| (v.unwrap_or(-1), String::new());
    let t = |v: Option<i64>| n(v.map(i128::from));
    match col {
        Column::Id => n(o.id.map(i128::from)),
        Column::Key => n(o.key.map(i128::from)),
        Column::Size => n(o.size_bytes.map(i128::from)),
        Column::Use => n(o.use_count().map(i128::from)),
        Column::Holders => n(o.holders.as_ref().map(|h| h.len() as i128)),
        Column::Cpid => n(o.cpid.map(i128::from)),
        Column::Lpid => n(o.lpid.or(o.lspid).map(i128::from)),
        Column::Lrpid => n(o.lrpid.map(i128::from)),
        Column::Cuid => n(o.cuid.map(i128::from)),
        Column::Cgid => n(o.cgid.map(i128::from)),
        // Age ascending is youngest first: the latest birth (the time the AGE cell shows)
        // first. An unknown one sorts first, as unknown values do in every column.
        Column::Age => (
            o.created().map_or(i128::MIN, |c| -i128::from(c.at)),
            String::new(),
        ),
        Column::Ctime => t(o.ctime),
        Column::Atime => t(o.atime),
        Column::Dtime => t(o.dtime),
        Column::Stime => t(o.stime),
        Column::Rtime => t(o.rtime),
        Column::Otime => t(o.otime),
        Column::Mtime => t(o.mtime),
        Column::Kind => (o.kind as i128, String::new()),
        Column::Ns => n(o.namespace.as_ref().map(|n| i128::from(n.inode))),
        Column::Owner => (0, o.owner_name()),
        Column::State => (o.state.map_or(-1, |s| s as i128), String::new()),
        // Objects no profile names sort after the named ones.
        Column::App => (
            i128::from(o.app.is_none()),
            o.app
                .as_ref()
                .map_or_else(String::new, |a| a.name.to_string()),
        ),
        Column::Creator => n(o.creator.as_ref().and_then(|c| c.pid).map(i128::from)),
        Column::Ref
        | Column::Name
        | Column::Group
        | Column::Perms
        | Column::Why
        | Column::Ftok
        | Column::Unit
        | Column::Container => (0, cell(o, col, true, 0)),
    }
}

/// The default order: by namespace (when known), kind, then id, then name.
pub fn default_order(a: &Object, b: &Object) -> Ordering {
    let ns = |o: &Object| o.namespace.as_ref().map(|n| n.inode);
    (ns(a), a.kind, a.id, &a.name).cmp(&(ns(b), b.kind, b.id, &b.name))
}

/// Sort in place by a column name (validated), or the default order. Indices are sorted
/// (with each key computed once) and the objects moved once: an `Object` is large, and
/// sorting 10,000 of them by value spent more time in memmove than in comparing.
pub fn sort(objects: &mut [Object], by: Option<SortKey>) {
    let mut idx: Vec<usize> = (0..objects.len()).collect();
    match by {
        None => idx.sort_by(|&a, &b| default_order(&objects[a], &objects[b])),
        Some(k) => {
            let keys: Vec<(i128, String)> = objects.iter().map(|o| sort_key(o, k.column)).collect();
            idx.sort_by(|&a, &b| {
                let by_key = keys[a].cmp(&keys[b]);
                let by_key = if k.descending {
                    by_key.reverse()
                } else {
                    by_key
                };
                by_key.then_with(|| default_order(&objects[a], &objects[b]))
            });
        }
    }
    permute(objects, &mut idx);
}

/// Put `v[idx[i]]` at `i` for every `i`, in place: each cycle of the permutation is walked
/// with swaps, so a large listing is never copied into a second vector. `idx` is used up.
fn permute<T>(v: &mut [T], idx: &mut [usize]) {
    const DONE: usize = usize::MAX;
    for start in 0..idx.len() {
        let mut j = start;
        while idx[j] != DONE {
            let k = idx[j];
            idx[j] = DONE;
            if k == start {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

/// The colour of a state: red for what can be cleaned, yellow for what needs a look.
pub fn state_style(st: crate::model::State) -> Style {
    use crate::model::State;
    match st {
        State::Orphan => Style::Red,
        State::LikelyOrphan => Style::Yellow,
        State::InUse => Style::Green,
        State::UnlinkedMapped => Style::Magenta,
        State::MarkedForDeletion => Style::Magenta,
        State::Unknown => Style::Dim,
    }
}

/// The application and how it was known: `PyTorch (profile pytorch/tensor, creator pid
/// 4711)`, `squid (named by its holders: 4242, 4243)`.
pub fn app_words(a: &crate::model::AppMatch) -> String {
    use crate::model::AppSource;
    let pids = |v: &[i32]| {
        v.iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match a.source {
        AppSource::Profile => {
            let mut v = format!("{} (profile {}", a.title, a.profile);
            if let Some(d) = &a.detail {
                v.push_str(", ");
                v.push_str(d);
            }
            v.push(')');
            v
        }
        AppSource::Holder => format!(
            "{} (no profile names it; every process holding it runs {}: {})",
            a.name,
            a.name,
            pids(&a.pids)
        ),
        AppSource::Creator => format!(
            "{} (no profile names it; its creator pid {} is alive and runs {})",
            a.name,
            pids(&a.pids),
            a.name
        ),
        AppSource::Recorded => format!(
            "{} (no profile names it; the recorder saw {} create it)",
            a.name,
            pids(&a.pids)
        ),
    }
}

/// The APP cell with `-v`: the name and how it was known (`squid (holder)`).
fn write_app_source(s: &mut String, o: &Object) {
    use crate::model::AppSource;
    match &o.app {
        None => s.push('-'),
        Some(a) => {
            s.push_str(&a.name);
            s.push_str(match a.source {
                AppSource::Profile => " (profile)",
                AppSource::Holder => " (holder)",
                AppSource::Creator => " (creator)",
                AppSource::Recorded => " (recorded)",
            });
        }
    }
}

/// The object table written line by line to `out` (see [`super::table::stream`]): a
/// listing of any length holds one row of text at a time. `verbose` (`-v`): the APP column
/// says how the application was known.
pub fn write_table<W: std::io::Write>(
    out: &mut W,
    objects: &[Object],
    cols: &[Column],
    headings: bool,
    bytes: bool,
    color: bool,
    verbose: bool,
) -> std::io::Result<()> {
    let now = super::now();
    let headers: Vec<&str> = cols.iter().map(|c| header(*c)).collect();
    let right: Vec<bool> = cols.iter().map(|c| right_aligned(*c)).collect();
    super::table::stream(
        out,
        &headers,
        &right,
        headings,
        color,
        objects.len(),
        |r, c, s| {
            let (o, col) = (&objects[r], cols[c]);
            if verbose && col == Column::App {
                write_app_source(s, o);
            } else {
                write_cell(s, o, col, bytes, now);
            }
            match (col, o.state) {
                (Column::State, Some(st)) => state_style(st),
                _ => Style::Plain,
            }
        },
    )
}

/// Everything known about one object, as "field  value" lines.
pub fn details(o: &Object, bytes: bool) -> String {
    let now = super::now();
    let mut p: Vec<(String, String)> = Vec::new();
    let mut add = |k: &str, v: String| p.push((k.to_string(), v));
    let time = |t: Option<i64>| match t {
        Some(t) if t > 0 => format!(
            "{} ({})",
            rfc3339(t).unwrap_or_default(),
            super::human_age(t, now)
        ),
        Some(_) => "never".into(),
        None => "-".into(),
    };
    add("ref", o.reference.clone());
    add("kind", format!("{} ({})", o.kind, kind_name(o.kind)));
    if let Some(id) = o.id {
        add("id", id.to_string());
    }
    if let Some(k) = o.key {
        add(
            "key",
            if k == 0 {
                format!("{} (IPC_PRIVATE)", fmt_key(k))
            } else {
                fmt_key(k)
            },
        );
    }
    if let Some(n) = &o.name {
        add("name", n.clone());
    }
    if let Some(f) = &o.ftok {
        let mut v = ftok_origin(f);
        if !f.also.is_empty() {
            v.push_str(
                " (ftok keys collide: these paths share the low 8 device and 16 inode bits)",
            );
        }
        add("ftok", v);
    }
    if let Some(a) = &o.app {
        add("app", app_words(a));
        if !a.description.is_empty() {
            add("description", a.description.clone());
        }
        if let Some(h) = &a.hint {
            add("hint", h.clone());
        }
    }
    if let Some(t) = o.file_type {
        add(
            "type",
            format!(
                "{} (not shared memory: an application left it in /dev/shm)",
                super::evidence::file_type_words(t)
            ),
        );
    }
    if let Some(c) = &o.creator {
        add("creator", super::record::creator_sentence(c));
    }
    add("owner", format!("{} ({})", o.owner_name(), o.uid));
    add(
        "group",
        format!(
            "{} ({})",
            o.group
                .as_deref()
                .map_or_else(|| o.gid.to_string(), str::to_string),
            o.gid
        ),
    );
    if let (Some(cu), Some(cg)) = (o.cuid, o.cgid) {
        let name = |n: &Option<std::sync::Arc<str>>, id: u32| match n {
            Some(n) => format!("{n} ({id})"),
            None => id.to_string(),
        };
        add(
            "creator",
            format!("user {}, group {}", name(&o.cuser, cu), name(&o.cgroup, cg)),
        );
    }
    add(
        "perms",
        format!("{:04o} ({})", o.mode, super::perms(o.mode)),
    );
    // Segments: removal waits for the last detach, and they may be locked in memory.
    if o.kind.info().kernel_counts_attachments {
        add(
            "status",
            if o.marked_for_deletion {
                "marked for deletion (removed while attached; freed after the last detach)".into()
            } else {
                "normal".into()
            },
        );
        add(
            "locked",
            if o.locked == Some(true) {
                "yes (SHM_LOCK: kept in memory, never swapped out)".into()
            } else {
                "no".into()
            },
        );
    }
    let sz = |b: u64| {
        if bytes {
            format!("{b} bytes")
        } else {
            format!("{} ({b} bytes)", super::human_size(b))
        }
    };
    match o.kind {
        Kind::Msg => {
            // The kernel takes a message only while both the bytes and the number of
            // messages stay within msg_qbytes: a queue of zero-length messages fills up too.
            let full = match (o.messages, o.size_bytes, o.max_bytes) {
                (Some(n), Some(b), Some(q)) => n >= q || b >= q,
                _ => false,
            };
            add(
                "messages",
                match (o.messages, o.max_bytes) {
                    (Some(n), Some(q)) => format!(
                        "{n} of at most {q} (msg_qbytes bounds the count too){}",
                        if full { ": full" } else { "" }
                    ),
                    (Some(n), None) => n.to_string(),
                    (None, _) => "-".into(),
                },
            );
            add(
                "bytes used",
                o.size_bytes.map_or("-".into(), |b| {
                    format!(
                        "{}{}",
                        sz(b),
                        if full { " (the queue is full)" } else { "" }
                    )
                }),
            );
            add("max bytes", o.max_bytes.map_or("unknown".into(), sz));
            add("last send pid", pid(o.lspid));
            add("last recv pid", pid(o.lrpid));
            add("last send", time(o.stime));
            add("last recv", time(o.rtime));
        }
        Kind::Shm => {
            add("size", o.size_bytes.map_or("-".into(), sz));
            if let Some(r) = o.rss_bytes {
                add("resident", sz(r));
            }
            if let Some(s) = o.swap_bytes {
                add("swapped", sz(s));
            }
            add("attached", o.nattch.map_or("-".into(), |n| n.to_string()));
            add("creator pid", pid(o.cpid));
            add("last pid", pid(o.lpid));
            add("last attach", time(o.atime));
            add("last detach", time(o.dtime));
        }
        Kind::Sem => {
            add("semaphores", o.nsems.map_or("-".into(), |n| n.to_string()));
            add("last semop", time(o.otime));
        }
        Kind::Pmq => {
            add(
                "messages",
                o.messages.map_or("unknown".into(), |n| n.to_string()),
            );
            add(
                "max messages",
                o.max_messages.map_or("unknown".into(), |n| n.to_string()),
            );
            add("message size", o.message_size.map_or("unknown".into(), sz));
            // Only the queue's file says these, and reading it resets its atime and ctime.
            const NOT_READ: &str = "not read (--queued-bytes reads it, and so resets the \
                                    queue's access and change times)";
            add("bytes queued", o.size_bytes.map_or(NOT_READ.into(), sz));
            add(
                "notify pid",
                match o.notify_pid {
                    Some(0) => "none".into(),
                    Some(p) => pid(Some(p)),
                    None => NOT_READ.into(),
                },
            );
            // A queue's mtime is its last send or receive, or its creation when it was never
            // used (the kernel sets all its times alike for each): not "last send/recv".
            add(
                "last activity",
                format!(
                    "{} (send, receive or creation: the queue's times do not tell which)",
                    time(o.mtime)
                ),
            );
        }
        Kind::Pshm => {
            add("size", o.size_bytes.map_or("-".into(), sz));
            // What /dev/shm runs out of: the blocks the file takes, beside its size when
            // they differ (a sparse file takes less, a written byte a whole page).
            if let Some(a) = o.allocated_bytes.filter(|a| Some(*a) != o.size_bytes) {
                add("allocated", format!("{} in /dev/shm", sz(a)));
            }
            add("modified", time(o.mtime));
            add("accessed", time(o.atime));
        }
        Kind::Psem => {
            add("value", o.value.map_or("unknown".into(), |v| v.to_string()));
            if let Some(a) = o.allocated_bytes {
                add("allocated", format!("{} in /dev/shm", sz(a)));
            }
            add("modified", time(o.mtime));
        }
    }
    match o.created() {
        Some(crate::model::Created {
            at,
            from: crate::model::CreatedFrom::BirthTime,
        }) => add("created", format!("{} (birth time)", time(Some(at)))),
        Some(crate::model::Created {
            at,
            from: crate::model::CreatedFrom::Ctime,
        }) => add(
            "created",
            format!(
                "{} or earlier (the last change; no use is recorded before it, and the kernel keeps no creation time)",
                time(Some(at))
            ),
        ),
        Some(crate::model::Created {
            at,
            from: crate::model::CreatedFrom::EarliestRecord,
        }) => add(
            "created",
            format!(
                "{} or earlier (its earliest recorded use; it was changed since, and the kernel keeps no creation time)",
                time(Some(at))
            ),
        ),
        None => add("created", "unknown".into()),
    }
    add("changed", time(o.ctime));
    if let (Some(d), Some(i)) = (o.dev, o.inode) {
        add(
            "inode",
            format!(
                "{i} (dev {}:{})",
                nix::sys::stat::major(d),
                nix::sys::stat::minor(d)
            ),
        );
    }
    if let Some(s) = o.state {
        add("state", s.as_str().to_string());
    }
    if let Some(rs) = &o.orphan_reasons.0 {
        for r in rs {
            let label = if super::evidence::counterpoint(r) {
                "  but"
            } else {
                "  because"
            };
            add(label, super::evidence::reason_alone(r));
        }
    }
    match &o.holders {
        None => add("holders", "not computed".into()),
        Some(h) if h.is_empty() => add("holders", "none".into()),
        Some(h) => {
            for (i, x) in h.iter().enumerate() {
                add(
                    if i == 0 { "holders" } else { "" },
                    format!("{} ({})", x.pid, x.comm),
                );
            }
        }
    }
    if let Some(pr) = &o.problem {
        add("problem", super::evidence::problem(pr));
    }
    let mut out = super::table::details(&p);
    if let Some(sems) = &o.semaphores {
        out.push('\n');
        let rows = sems
            .iter()
            .map(|s| {
                vec![
                    s.index.to_string(),
                    s.value.to_string(),
                    pid(Some(s.pid)),
                    s.ncount.to_string(),
                    s.zcount.to_string(),
                ]
            })
            .collect();
        out.push_str(&super::table::render(
            &["INDEX", "VALUE", "LAST PID", "NCOUNT", "ZCOUNT"],
            &[true, true, true, true, true],
            rows,
            true,
        ));
    }
    out
}

/// An outcome of `rm` or `clean` in a table's ACTION column.
pub fn removal(o: crate::model::RemovalOutcome) -> &'static str {
    use crate::model::RemovalOutcome as R;
    match o {
        R::WouldRemove => "would remove",
        R::Removed => "removed",
        R::Refused => "refused",
        R::Kept => "kept",
        R::Skipped => "skipped",
        R::Failed => "failed",
        R::NotFound => "not found",
    }
}

/// A project id as C source writes it: `'A'` for a printable character, else the number.
pub fn ftok_proj(proj: u8) -> String {
    if proj.is_ascii_graphic() && proj != b'\'' && proj != b'\\' {
        format!("'{}'", proj as char)
    } else {
        proj.to_string()
    }
}

/// `ftok(/tmp, 'A')`; with a collision, `ftok(/a or /b, 'A')`.
pub fn ftok_origin(f: &crate::model::FtokOrigin) -> String {
    let mut paths = vec![f.path.as_str()];
    paths.extend(f.also.iter().map(String::as_str));
    format!("ftok({}, {})", paths.join(" or "), ftok_proj(f.proj))
}

/// `-v` for an ftok reference: `shm:ftok:… is shm:0x41011234 (ftok(/tmp, 'A'): dev 0x801,
/// ino 4660)`.
pub fn ftok_resolved(r: &crate::model::Ref, k: &crate::model::FtokKey) -> String {
    format!("{r}: {}", ftok_inputs(k))
}

/// `ftok(/tmp, 'A') = 0x41011234 (device 0x801, inode 74292)`.
pub fn ftok_inputs(k: &crate::model::FtokKey) -> String {
    format!(
        "ftok({}, {}) = {} (device {:#x}, inode {}: the key keeps the device's low 8 bits and the inode's low 16)",
        super::sanitize(&k.path),
        ftok_proj(k.proj),
        fmt_key(k.key),
        k.dev,
        k.ino
    )
}

/// The warning when another checked path makes the same ftok keys.
pub fn ftok_collision(k: &crate::model::FtokKey, others: &[String]) -> String {
    format!(
        "ftok keys collide: {} gives the same keys as {} (same low 8 device bits and low 16 inode bits): {} may be another program's object",
        super::sanitize(&k.path),
        others
            .iter()
            .map(|o| super::sanitize(o))
            .collect::<Vec<_>>()
            .join(", "),
        fmt_key(k.key)
    )
}

/// The warning when listed keys come from checked paths that make the same ftok keys.
pub fn ftok_paths_collide(paths: &[String]) -> String {
    format!(
        "ftok keys collide: {} share the low 8 device bits and low 16 inode bits, so their ftok keys are equal for every project id; the FTOK origin names all of them",
        paths
            .iter()
            .map(|p| super::sanitize(p))
            .collect::<Vec<_>>()
            .join(" and ")
    )
}

/// Why a directory, socket or FIFO in /dev/shm is never removed without `rm --force`: its
/// users do not show in /proc's maps and fds of it.
pub fn unseen_users(t: crate::model::FileType) -> String {
    format!(
        "{} in /dev/shm: who uses it (files inside a directory, a listening socket, a FIFO's reader) cannot be seen; `ipcctl rm --force` removes it (a directory only when empty)",
        super::evidence::file_type_words(t)
    )
}

/// Why an object is in use (`rm`'s refusal): who holds it, and what the kernel counts.
pub fn in_use(holders: &[crate::model::Holder], attached: u64) -> String {
    let mut why: Vec<String> = Vec::new();
    if !holders.is_empty() {
        let who: Vec<String> = holders
            .iter()
            .map(|h| format!("{} ({})", h.pid, h.comm))
            .collect();
        why.push(format!("held by {}", who.join(", ")));
    }
    if attached > 0 {
        why.push(format!(
            "{attached} process(es) attached (nattch {attached})"
        ));
    }
    why.join("; ")
}

/// The command that runs `op`, and the objects it works on (`kinds::require`'s refusal).
pub fn op_words(op: Op) -> (&'static str, &'static str) {
    match op {
        Op::Send => ("send", "msg and pmq queues"),
        Op::Recv | Op::Peek => ("recv", "msg and pmq queues"),
        Op::Read => ("read", "shm and pshm segments"),
        Op::Write => ("write", "shm and pshm segments"),
        Op::Sem | Op::SemSet => ("sem", "sem sets and psem semaphores"),
    }
}

pub fn kind_name(k: Kind) -> &'static str {
    k.info().title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permute_in_place_follows_every_cycle() {
        // idx[i] is the old position of what goes to i: two cycles and a fixed point.
        let mut v = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        let mut idx = vec![2, 0, 1, 3, 5, 4];
        permute(&mut v, &mut idx);
        assert_eq!(v, vec!['c', 'a', 'b', 'd', 'f', 'e']);
        let mut v: Vec<u32> = (0..1000).collect();
        let mut idx: Vec<usize> = (0..1000).map(|i| (i * 7 + 3) % 1000).collect();
        let want: Vec<u32> = idx.iter().map(|&i| i as u32).collect();
        permute(&mut v, &mut idx);
        assert_eq!(v, want);
    }

    use crate::model::{Evidence, Hidden, Holder, Reasons, State};

    /// Regression (issue 20.10): `show` printed "because  but 59 process(es) ...".
    #[test]
    fn show_labels_a_counterpoint_but_not_because_but() {
        let o = Object {
            kind: Kind::Pshm,
            reference: "pshm:/x".into(),
            name: Some("/x".into()),
            state: Some(State::Unknown),
            orphan_reasons: Reasons(Some(vec![
                Evidence::Idle { secs: 5 },
                Evidence::HiddenProcesses(Hidden::Uninspectable {
                    count: 2,
                    first: vec![Holder {
                        pid: 1,
                        comm: "init".into(),
                    }],
                }),
            ])),
            ..Default::default()
        };
        let text = details(&o, false);
        assert!(!text.contains("because  but"), "{text}");
        assert!(!text.contains("because but"), "{text}");
        let but = text
            .lines()
            .find(|l| l.trim_start().starts_with("but "))
            .unwrap_or_else(|| panic!("no 'but' line in\n{text}"));
        assert!(but.contains("could not be inspected"), "{but}");
        assert!(text.contains("because  idle for"), "{text}");
    }
}
