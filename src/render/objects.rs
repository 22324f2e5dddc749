//! Object tables (`list`, `orphans`) and the detail view (`show`).

use std::cmp::Ordering;

use super::table::Style;
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

fn owner(o: &Object) -> String {
    o.owner_name()
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
            Some(k) => {
                s.push_str("0x");
                for shift in (0..8).rev() {
                    let d = ((k >> (shift * 4)) & 0xf) as u8;
                    s.push(char::from(if d < 10 { b'0' + d } else { b'a' + d - 10 }));
                }
            }
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
        Column::Use => match (o.kind, o.use_count()) {
            (_, Some(n)) => opt_num(s, Some(n)),
            (Kind::Psem, None) if o.problem.is_some() => s.push('?'),
            _ => s.push('-'),
        },
        Column::Holders => opt_num(s, o.holders.as_ref().map(|h| h.len() as u64)),
        Column::Cpid => write_pid(s, o.cpid),
        Column::Lpid => write_pid(s, o.lpid.or(o.lspid)),
        // POSIX shm/semaphores: from the birth time when known (`show`), else ctime.
        Column::Age => match o.btime.or(o.ctime) {
            Some(t) => super::write_human_age(s, t, now),
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
        Column::Creator => super::record::creator_cell(s, o.creator.as_ref()),
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
            o.btime.or(o.ctime).map_or(i128::MIN, |c| -i128::from(c)),
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
        Column::Owner => (0, owner(o)),
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
pub fn sort(objects: &mut Vec<Object>, by: Option<SortKey>) {
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
    if idx.iter().enumerate().all(|(i, &j)| i == j) {
        return;
    }
    let mut slots: Vec<Option<Object>> = objects.drain(..).map(Some).collect();
    objects.extend(idx.into_iter().filter_map(|i| slots[i].take()));
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

/// The object table.
pub fn table(
    objects: &[Object],
    cols: &[Column],
    headings: bool,
    bytes: bool,
    color: bool,
) -> String {
    let now = super::now();
    let headers: Vec<&str> = cols.iter().map(|c| header(*c)).collect();
    let right: Vec<bool> = cols.iter().map(|c| right_aligned(*c)).collect();
    let mut t = super::table::Table::new(&headers, &right, objects.len()).with_color(color);
    for o in objects {
        for &c in cols {
            let style = match (c, o.state) {
                (Column::State, Some(st)) => state_style(st),
                _ => Style::Plain,
            };
            t.styled_cell(style, |s| write_cell(s, o, c, bytes, now));
        }
    }
    t.render(headings)
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
    if let Some(a) = &o.app {
        let mut v = format!("{} (profile {}", a.title, a.profile);
        if let Some(d) = &a.detail {
            v.push_str(", ");
            v.push_str(d);
        }
        v.push(')');
        add("app", v);
        add("description", a.description.clone());
        if let Some(h) = &a.hint {
            add("hint", h.clone());
        }
    }
    if let Some(c) = &o.creator {
        add("creator", super::record::creator_sentence(c));
    }
    add("owner", format!("{} ({})", owner(o), o.uid));
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
    if o.kind == Kind::Shm {
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
            add("messages", o.messages.map_or("-".into(), |n| n.to_string()));
            add("bytes used", o.size_bytes.map_or("-".into(), sz));
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
            add("last send/recv", time(o.mtime));
        }
        Kind::Pshm => {
            add("size", o.size_bytes.map_or("-".into(), sz));
            add("modified", time(o.mtime));
            add("accessed", time(o.atime));
        }
        Kind::Psem => {
            add("value", o.value.map_or("unknown".into(), |v| v.to_string()));
            add("modified", time(o.mtime));
        }
    }
    match (o.kind, o.btime) {
        (Kind::Pshm | Kind::Psem, Some(b)) => {
            add("created", format!("{} (birth time)", time(Some(b))))
        }
        (Kind::Pshm | Kind::Psem, None) => add(
            "created",
            "unknown (no birth time; age is counted from the last change)".into(),
        ),
        (Kind::Msg | Kind::Shm | Kind::Sem | Kind::Pmq, _) => {}
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
            add("  because", super::evidence::reason(r));
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

pub fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Msg => "System V message queue",
        Kind::Shm => "System V shared memory segment",
        Kind::Sem => "System V semaphore set",
        Kind::Pmq => "POSIX message queue",
        Kind::Pshm => "POSIX shared memory object",
        Kind::Psem => "POSIX named semaphore",
    }
}
