//! Application profiles: which application an IPC object belongs to, from data. One TOML
//! file per application (`profiles/*.toml`, compiled in; extended by the admin's
//! `/etc/ipcctl/profiles.d` and `--profiles DIR`, read by `collect::profiles`). A profile
//! names the object's owner, says what the name encodes (`detail`), may capture the creator
//! pid from the name (orphan evidence like a kernel cpid) and may carry a liveness hint
//! (the object may be in use while a process of the application runs).
//!
//! Precedence: `--profiles DIR` over `/etc/ipcctl/profiles.d` over the built-ins; a file
//! whose `app` names an application of a lower layer replaces it whole. Rules are tried in
//! that order (first match wins). A malformed file is reported with file and line and
//! skipped; the rest still load.
//!
//! Cost: every pattern is compiled once; an object is tested against the rules of its kind
//! only (one kind test, then a regex), so matching is linear in objects × rules of a kind.
//!
//! File format:
//! ```toml
//! app = "pytorch"                  # the name --app and the APP column use
//! title = "PyTorch"
//! source = "where the naming was checked (upstream file, version)"
//!
//! [[object]]
//! id = "tensor"                    # profile "pytorch/tensor"
//! kind = ["pshm"]                  # msg shm sem pmq pshm psem
//! name = '^torch_(?P<pid>[0-9]+)_[0-9]+(_[0-9]+)?$'   # regex over the whole name (no '/')
//! # glob = "torch_*"               # or a glob
//! # key = [0x0, 0x0]               # System V key range (inclusive)
//! # owner = ["postgres", 101]      # user names or uids
//! # holder = ["postgres"]          # a holder's command name (comm)
//! creator_pid = "pid"              # the capture that holds the creator's pid
//! detail = "pid {pid}"             # {capture} placeholders
//! description = "..."
//! hint = "..."
//! live_while = { comm = ["postgres"], same_uid = true }
//! ```

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use regex::Regex;

use crate::kinds::info::KindSet;
use crate::sys::process::Glob;
use serde::Deserialize;

use super::orphans::{Fate, Policy, fate};
use crate::collect::Source;
use crate::collect::holders::{HolderScan, Proc};
use crate::collect::profiles::{self as files, ProfileText};
use crate::model::{
    AppFact, AppMatch, AppSource, Evidence, FileType, Holder, Kind, LiveWhile, Object, Premises,
    Reasons, State, Warning,
};

/// The built-in profiles, compiled in. `every_profile_file_is_built_in` checks that each
/// file of `profiles/` is listed.
pub const BUILTIN: &[(&str, &str)] = &[
    ("aeron.toml", include_str!("../../profiles/aeron.toml")),
    ("alsa.toml", include_str!("../../profiles/alsa.toml")),
    ("apache.toml", include_str!("../../profiles/apache.toml")),
    (
        "chromium.toml",
        include_str!("../../profiles/chromium.toml"),
    ),
    ("fastdds.toml", include_str!("../../profiles/fastdds.toml")),
    ("firefox.toml", include_str!("../../profiles/firefox.toml")),
    ("gimp.toml", include_str!("../../profiles/gimp.toml")),
    (
        "gnuradio.toml",
        include_str!("../../profiles/gnuradio.toml"),
    ),
    ("gpsd.toml", include_str!("../../profiles/gpsd.toml")),
    (
        "gstreamer.toml",
        include_str!("../../profiles/gstreamer.toml"),
    ),
    ("hadoop.toml", include_str!("../../profiles/hadoop.toml")),
    ("iceoryx.toml", include_str!("../../profiles/iceoryx.toml")),
    (
        "iceoryx2.toml",
        include_str!("../../profiles/iceoryx2.toml"),
    ),
    ("jack.toml", include_str!("../../profiles/jack.toml")),
    (
        "linuxcnc.toml",
        include_str!("../../profiles/linuxcnc.toml"),
    ),
    ("loky.toml", include_str!("../../profiles/loky.toml")),
    (
        "looking-glass.toml",
        include_str!("../../profiles/looking-glass.toml"),
    ),
    ("lttng.toml", include_str!("../../profiles/lttng.toml")),
    ("mpich.toml", include_str!("../../profiles/mpich.toml")),
    ("nccl.toml", include_str!("../../profiles/nccl.toml")),
    ("ntpshm.toml", include_str!("../../profiles/ntpshm.toml")),
    ("openmp.toml", include_str!("../../profiles/openmp.toml")),
    ("openmpi.toml", include_str!("../../profiles/openmpi.toml")),
    ("php.toml", include_str!("../../profiles/php.toml")),
    ("podman.toml", include_str!("../../profiles/podman.toml")),
    (
        "postgresql.toml",
        include_str!("../../profiles/postgresql.toml"),
    ),
    (
        "pulseaudio.toml",
        include_str!("../../profiles/pulseaudio.toml"),
    ),
    ("python.toml", include_str!("../../profiles/python.toml")),
    ("pytorch.toml", include_str!("../../profiles/pytorch.toml")),
    ("qemu.toml", include_str!("../../profiles/qemu.toml")),
    ("qt.toml", include_str!("../../profiles/qt.toml")),
    ("ray.toml", include_str!("../../profiles/ray.toml")),
    ("snap.toml", include_str!("../../profiles/snap.toml")),
    ("spdk.toml", include_str!("../../profiles/spdk.toml")),
    ("squid.toml", include_str!("../../profiles/squid.toml")),
    ("triton.toml", include_str!("../../profiles/triton.toml")),
    ("ucx.toml", include_str!("../../profiles/ucx.toml")),
    ("uftrace.toml", include_str!("../../profiles/uftrace.toml")),
    ("wine.toml", include_str!("../../profiles/wine.toml")),
    ("x11.toml", include_str!("../../profiles/x11.toml")),
    (
        "zoneminder.toml",
        include_str!("../../profiles/zoneminder.toml"),
    ),
];

/// The built-in files this binary loads: all of `BUILTIN`, or none in a binary built with
/// `IPCCTL_BENCH_NO_BUILTIN_PROFILES` set (scripts/bench-orphans.sh builds one to measure
/// what the profiles cost; a compile-time switch, so no release build carries it).
fn builtin_files() -> &'static [(&'static str, &'static str)] {
    match option_env!("IPCCTL_BENCH_NO_BUILTIN_PROFILES") {
        Some(_) => &[],
        None => BUILTIN,
    }
}

/// Where a profile came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin(&'static str),
    File(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Builtin(n) => write!(f, "built-in profiles/{n}"),
            Origin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// One application.
#[derive(Debug, Clone)]
pub struct App {
    pub name: Arc<str>,
    pub title: Arc<str>,
    pub source: Option<String>,
    pub origin: Origin,
}

/// `{capture}` placeholders in a text.
#[derive(Debug, Clone)]
enum Piece {
    Lit(String),
    Cap(usize),
}

#[derive(Debug, Clone)]
struct Template(Vec<Piece>);

impl Template {
    fn expand(&self, caps: Option<&regex::Captures<'_>>) -> String {
        let mut s = String::new();
        for p in &self.0 {
            match p {
                Piece::Lit(l) => s.push_str(l),
                Piece::Cap(i) => {
                    if let Some(m) = caps.and_then(|c| c.get(*i)) {
                        s.push_str(m.as_str());
                    }
                }
            }
        }
        s
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Owner {
    Name(String),
    Uid(u32),
}

#[derive(Debug, Clone)]
struct Rule {
    app: usize,
    profile: Arc<str>,
    kinds: KindSet,
    name: Option<NamePattern>,
    key: Option<(u32, u32)>,
    owners: Vec<Owner>,
    holders: Vec<String>,
    creator_pid: Option<usize>,
    detail: Option<Template>,
    description: Template,
    hint: Option<Template>,
    live: Option<Arc<LiveWhile>>,
    /// `live_while.sibling`: the kind and name template of the object that keeps this one
    /// alive while it is in use.
    sibling: Option<(Kind, Template)>,
    /// Non-regular /dev/shm entries this rule names (empty: regular files and IPC objects).
    file_types: Vec<FileType>,
    /// System V semaphore sets of exactly this many semaphores.
    nsems: Option<u64>,
    /// The name is the name of the object's group (iceoryx names a segment so).
    name_is_group: bool,
}

/// A rule's name pattern: a regex (whose captures templates use), or a glob in the one
/// dialect `--name` uses too.
#[derive(Debug, Clone)]
enum NamePattern {
    Regex(Pattern),
    Glob(Glob),
}

/// A name regex, anchored at both ends. A built-in's is compiled when a name first passes its
/// literal prefix (building the 50-odd automata on every run cost a listing ~1.5 ms; the
/// test `builtins_load_cleanly_and_cite_their_source` compiles each); an admin's is compiled when
/// its file is read, so a bad one is reported then. Its capture names come from the parsed
/// syntax, before any compilation.
#[derive(Debug, Clone)]
struct Pattern {
    /// The whole pattern, `^(?:NAME)$`.
    anchored: String,
    /// Literal text every matching name starts with (may be empty).
    prefix: String,
    /// `None` inside: it did not compile (a built-in never; see above).
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    /// Parse `name` (a rule's regex), or say why it is no regex. Returns the pattern and the
    /// names of its capture groups by index (0: the whole match).
    fn new(name: &str, eager: bool) -> Result<(Pattern, Vec<Option<String>>), String> {
        use regex_syntax::ast::{self, Ast};
        let bad = |e: &dyn std::fmt::Display| format!("name: bad regex: {e}");
        let syntax = ast::parse::Parser::new().parse(name).map_err(|e| bad(&e))?;
        let mut groups: Vec<Option<String>> = vec![None];
        fn walk(a: &Ast, groups: &mut Vec<Option<String>>) {
            match a {
                Ast::Group(g) => {
                    let named = match &g.kind {
                        ast::GroupKind::CaptureIndex(i) => Some((*i, None)),
                        ast::GroupKind::CaptureName { name, .. } => {
                            Some((name.index, Some(name.name.clone())))
                        }
                        ast::GroupKind::NonCapturing(_) => None,
                    };
                    if let Some((i, n)) = named {
                        let i = i as usize;
                        if groups.len() <= i {
                            groups.resize(i + 1, None);
                        }
                        groups[i] = n;
                    }
                    walk(&g.ast, groups);
                }
                Ast::Repetition(r) => walk(&r.ast, groups),
                Ast::Alternation(x) => x.asts.iter().for_each(|a| walk(a, groups)),
                Ast::Concat(x) => x.asts.iter().for_each(|a| walk(a, groups)),
                _ => {}
            }
        }
        walk(&syntax, &mut groups);
        // The leading literals (a repetition, class, group, flag or alternation ends them).
        let prefix: String = match &syntax {
            Ast::Literal(l) => l.c.to_string(),
            Ast::Concat(c) => c
                .asts
                .iter()
                .map_while(|a| match a {
                    Ast::Literal(l) => Some(l.c),
                    _ => None,
                })
                .collect(),
            _ => String::new(),
        };
        let p = Pattern {
            anchored: format!("^(?:{name})$"),
            prefix,
            compiled: OnceLock::new(),
        };
        if eager {
            let re = Regex::new(&p.anchored).map_err(|e| bad(&e))?;
            let _ = p.compiled.set(Some(re));
        }
        Ok((p, groups))
    }

    /// The compiled regex, built on the first call.
    fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| Regex::new(&self.anchored).ok())
            .as_ref()
    }
}

impl Rule {
    /// The captures when the rule matches (`Some(None)` for a rule without a name pattern).
    fn matches<'o>(&self, o: &'o Object) -> Option<Option<regex::Captures<'o>>> {
        if !self.kinds.contains(o.kind) {
            return None;
        }
        match o.file_type {
            None if !self.file_types.is_empty() => return None,
            Some(t) if !self.file_types.contains(&t) => return None,
            _ => {}
        }
        if let Some(n) = self.nsems
            && o.nsems != Some(n)
        {
            return None;
        }
        if self.name_is_group {
            let name = o.name.as_deref()?;
            let name = name.strip_prefix('/').unwrap_or(name);
            if o.group.as_deref() != Some(name) {
                return None;
            }
        }
        if let Some((lo, hi)) = self.key {
            match o.key {
                Some(k) if (lo..=hi).contains(&k) => {}
                // A removed segment's key reads 0; IPC_PRIVATE objects have key 0 too.
                None | Some(_) => return None,
            }
        }
        if !self.owners.is_empty()
            && !self.owners.iter().any(|w| match w {
                Owner::Uid(u) => o.uid == *u,
                Owner::Name(n) => o.user.as_deref() == Some(n.as_str()),
            })
        {
            return None;
        }
        if !self.holders.is_empty() {
            let held = o
                .holders
                .as_deref()
                .unwrap_or(&[])
                .iter()
                .any(|h| self.holders.contains(&h.comm));
            if !held {
                return None;
            }
        }
        match &self.name {
            None => Some(None),
            Some(NamePattern::Glob(g)) => {
                let name = o.name.as_deref()?;
                g.matches(name.strip_prefix('/').unwrap_or(name))
                    .then_some(None)
            }
            Some(NamePattern::Regex(p)) => {
                let name = o.name.as_deref()?;
                let name = name.strip_prefix('/').unwrap_or(name);
                if !name.starts_with(&p.prefix) {
                    return None;
                }
                let re = p.regex()?;
                if self.creator_pid.is_none()
                    && self.detail.is_none()
                    && self.sibling.is_none()
                    && self.no_captures()
                {
                    return re.is_match(name).then_some(None);
                }
                re.captures(name).map(Some)
            }
        }
    }

    fn no_captures(&self) -> bool {
        let d = |t: &Template| t.0.iter().all(|p| matches!(p, Piece::Lit(_)));
        d(&self.description) && self.hint.as_ref().is_none_or(d)
    }
}

/// The loaded profiles, in matching order.
#[derive(Debug, Clone, Default)]
pub struct Profiles {
    apps: Vec<App>,
    rules: Vec<Rule>,
}

impl Profiles {
    /// The built-ins alone (warnings about them are a bug, caught by a unit test).
    pub fn builtin() -> Profiles {
        Profiles::load(&[], &[]).0
    }

    /// Load the layers: `user` (`--profiles DIR`) over `system` (/etc) over the built-ins.
    /// Returns the profiles and one warning per malformed file (`FILE:LINE: what`).
    pub fn load(user: &[ProfileText], system: &[ProfileText]) -> (Profiles, Vec<String>) {
        let mut warnings = Vec::new();
        let mut parsed: Vec<Parsed> = Vec::new();
        let layers: [Vec<(Origin, &str)>; 3] = [
            user.iter()
                .map(|f| (Origin::File(f.path.clone()), f.text.as_str()))
                .collect(),
            system
                .iter()
                .map(|f| (Origin::File(f.path.clone()), f.text.as_str()))
                .collect(),
            builtin_files()
                .iter()
                .map(|(n, t)| (Origin::Builtin(n), *t))
                .collect(),
        ];
        for layer in layers {
            let mut this_layer: Vec<Parsed> = Vec::new();
            for (origin, text) in layer {
                match parse_file(&origin, text) {
                    Ok(p) => {
                        if let Some(prev) = this_layer.iter().find(|q| q.name == p.name) {
                            warnings.push(format!(
                                "profile {origin}: app '{}' is also defined in {}; this file is ignored",
                                p.name, prev.origin
                            ));
                        } else if parsed.iter().any(|q| q.name == p.name) {
                            // Overridden by a higher layer: the built-in gives way.
                        } else {
                            this_layer.push(p);
                        }
                    }
                    Err(e) => warnings.push(format!("profile {e}; this file is skipped")),
                }
            }
            parsed.extend(this_layer);
        }
        let mut out = Profiles::default();
        for p in parsed {
            let app = out.apps.len();
            for mut r in p.rules {
                r.app = app;
                out.rules.push(r);
            }
            out.apps.push(App {
                name: p.name,
                title: p.title,
                source: p.source,
                origin: p.origin,
            });
        }
        (out, warnings)
    }

    pub fn apps(&self) -> &[App] {
        &self.apps
    }

    /// The application called `name` (case-insensitive), for `--app`.
    pub fn app(&self, name: &str) -> Option<&App> {
        self.apps.iter().find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// How many rules (for the benchmark's report).
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// The first rule that matches `o`. `foreign_pids`: `o` was read through another mount
    /// namespace's /dev/shm, so a pid in its name may be another PID namespace's.
    pub fn match_object(&self, o: &Object, foreign_pids: bool) -> Option<Box<AppMatch>> {
        for r in &self.rules {
            let Some(caps) = r.matches(o) else { continue };
            let caps = caps.as_ref();
            let app = &self.apps[r.app];
            let creator_pid = r
                .creator_pid
                .and_then(|i| caps?.get(i))
                .and_then(|m| m.as_str().parse::<i32>().ok())
                .filter(|p| *p > 0);
            return Some(Box::new(AppMatch {
                name: app.name.clone(),
                source: AppSource::Profile,
                profile: r.profile.clone(),
                detail: r.detail.as_ref().map(|t| t.expand(caps)),
                pids: Vec::new(),
                title: app.title.clone(),
                description: r.description.expand(caps),
                hint: r.hint.as_ref().map(|t| t.expand(caps)),
                creator_pid,
                foreign_pids,
                live_while: r.live.clone(),
                sibling: r
                    .sibling
                    .as_ref()
                    .map(|(k, t)| Object::make_ref(*k, None, Some(&t.expand(caps)))),
            }));
        }
        None
    }

    /// Set `app` on every object.
    pub fn annotate(&self, objects: &mut [Object], foreign_pids: bool) {
        if self.rules.is_empty() {
            return;
        }
        for o in objects {
            o.app = self.match_object(o, foreign_pids);
        }
    }
}

struct Parsed {
    name: Arc<str>,
    title: Arc<str>,
    source: Option<String>,
    origin: Origin,
    rules: Vec<Rule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    app: String,
    title: Option<String>,
    source: Option<String>,
    #[serde(default)]
    object: Vec<toml::Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    kind: toml::Spanned<Vec<String>>,
    name: Option<toml::Spanned<String>>,
    glob: Option<toml::Spanned<String>>,
    key: Option<toml::Spanned<Vec<i64>>>,
    #[serde(default)]
    owner: Vec<RawOwner>,
    #[serde(default)]
    holder: Vec<String>,
    creator_pid: Option<toml::Spanned<String>>,
    detail: Option<toml::Spanned<String>>,
    description: toml::Spanned<String>,
    hint: Option<toml::Spanned<String>>,
    live_while: Option<toml::Spanned<RawLive>>,
    #[serde(default)]
    file_type: Option<toml::Spanned<Vec<String>>>,
    nsems: Option<u64>,
    #[serde(default)]
    name_is_group: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawOwner {
    Uid(u32),
    Name(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLive {
    #[serde(default)]
    comm: Vec<String>,
    #[serde(default = "yes")]
    same_uid: bool,
    /// `"pshm:/fastrtps_port{port}"`: a kind and a name template.
    sibling: Option<String>,
}

fn yes() -> bool {
    true
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

fn parse_file(origin: &Origin, text: &str) -> Result<Parsed, String> {
    let at = |offset: usize, what: String| format!("{origin}:{}: {what}", line_of(text, offset));
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let off = e.span().map_or(0, |s| s.start);
        at(off, e.message().trim().to_string())
    })?;
    let name = raw.app.trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err(at(
            0,
            format!(
                "app '{}' must be a non-empty name of letters, digits, '-', '_' or '.'",
                raw.app
            ),
        ));
    }
    let name: Arc<str> = Arc::from(name.to_ascii_lowercase());
    let title: Arc<str> = Arc::from(raw.title.as_deref().unwrap_or(&name));
    let mut rules = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for spanned in raw.object {
        let start = spanned.span().start;
        let r = spanned.into_inner();
        if ids.contains(&r.id) {
            return Err(at(start, format!("object id '{}' is used twice", r.id)));
        }
        ids.push(r.id.clone());
        let eager = !matches!(origin, Origin::Builtin(_));
        rules.push(compile_rule(
            &name,
            r,
            &|off, what| at(off, what),
            start,
            eager,
        )?);
    }
    if rules.is_empty() {
        return Err(at(0, "no [[object]] rules".into()));
    }
    Ok(Parsed {
        name,
        title,
        source: raw.source,
        origin: origin.clone(),
        rules,
    })
}

type At<'a> = &'a dyn Fn(usize, String) -> String;

/// One `[[object]]` rule. `eager`: compile its name regex now (an admin's file), not on
/// first use (a built-in: see [`Pattern`]).
fn compile_rule(
    app: &str,
    r: RawRule,
    at: At<'_>,
    start: usize,
    eager: bool,
) -> Result<Rule, String> {
    let mut kinds = KindSet::EMPTY;
    if r.kind.get_ref().is_empty() {
        return Err(at(
            r.kind.span().start,
            "kind must name at least one kind".into(),
        ));
    }
    for k in r.kind.get_ref() {
        let kind = Kind::parse(k).ok_or_else(|| {
            at(
                r.kind.span().start,
                format!("unknown kind '{k}' (one of {})", Kind::names(", ")),
            )
        })?;
        kinds.insert(kind);
    }
    // The capture names of the name regex by index (a glob captures nothing).
    let mut groups: Vec<Option<String>> = Vec::new();
    let name = match (&r.name, &r.glob) {
        (Some(_), Some(g)) => {
            return Err(at(
                g.span().start,
                "give either name (a regex) or glob, not both".into(),
            ));
        }
        (Some(re), None) => {
            let (p, names) =
                Pattern::new(re.get_ref(), eager).map_err(|e| at(re.span().start, e))?;
            groups = names;
            Some(NamePattern::Regex(p))
        }
        (None, Some(g)) => Some(NamePattern::Glob(Glob::new(g.get_ref()).ok_or_else(
            || {
                at(
                    g.span().start,
                    "glob: a pattern must not contain NUL".into(),
                )
            },
        )?)),
        (None, None) => None,
    };
    if name.is_some() && kinds.any(|k| k.is_sysv) {
        return Err(at(
            start,
            "System V objects have no names: a name pattern needs POSIX kinds only".into(),
        ));
    }
    let key = match &r.key {
        None => None,
        Some(k) => {
            let bad = || {
                at(
                    k.span().start,
                    "key must be [LOW, HIGH], two 32-bit values".into(),
                )
            };
            let v = k.get_ref();
            if v.len() != 2 {
                return Err(bad());
            }
            let lo = u32::try_from(v[0]).map_err(|_| bad())?;
            let hi = u32::try_from(v[1]).map_err(|_| bad())?;
            if lo > hi || !kinds.any(|k| k.is_sysv) {
                return Err(at(
                    k.span().start,
                    "key needs LOW <= HIGH and a System V kind".into(),
                ));
            }
            Some((lo, hi))
        }
    };
    let cap = |n: &str| groups.iter().position(|g| g.as_deref() == Some(n));
    let template = |t: &toml::Spanned<String>| -> Result<Template, String> {
        parse_template(t.get_ref(), &cap).map_err(|e| at(t.span().start, e))
    };
    let creator_pid = match &r.creator_pid {
        None => None,
        Some(c) => Some(cap(c.get_ref()).ok_or_else(|| {
            at(
                c.span().start,
                format!(
                    "creator_pid names '{}', which is no named capture of the name regex",
                    c.get_ref()
                ),
            )
        })?),
    };
    let mut sibling = None;
    let live = match r.live_while {
        None => None,
        Some(l) => {
            let span = l.span().start;
            let l = l.into_inner();
            if l.comm.is_empty() && l.sibling.is_none() {
                return Err(at(
                    span,
                    "live_while needs comm (daemon names) or sibling (an object reference)".into(),
                ));
            }
            if let Some(sib) = &l.sibling {
                let bad = || {
                    at(
                        span,
                        format!("live_while.sibling '{sib}' must be KIND:/NAME (pshm:/x-{{id}})"),
                    )
                };
                let (k, n) = sib.split_once(":/").ok_or_else(bad)?;
                let k = Kind::parse(k)
                    .filter(|k| k.info().lives_in_dev_shm)
                    .ok_or_else(bad)?;
                let t = parse_template(n, &cap).map_err(|e| at(span, e))?;
                sibling = Some((k, t));
            }
            Some(Arc::new(LiveWhile {
                comm: l.comm,
                same_uid: l.same_uid,
            }))
        }
    };
    let mut file_types = Vec::new();
    if let Some(ft) = &r.file_type {
        for t in ft.get_ref() {
            let t = FileType::parse(t).ok_or_else(|| {
                at(
                    ft.span().start,
                    format!(
                        "unknown file_type '{t}' (one of directory, socket, fifo, symlink, device)"
                    ),
                )
            })?;
            file_types.push(t);
        }
        if kinds != [Kind::Pshm].into_iter().collect::<KindSet>() {
            return Err(at(
                ft.span().start,
                "file_type names /dev/shm entries: it needs kind = [\"pshm\"]".into(),
            ));
        }
    }
    if r.nsems.is_some() && kinds != [Kind::Sem].into_iter().collect::<KindSet>() {
        return Err(at(start, "nsems needs kind = [\"sem\"]".into()));
    }
    if r.name_is_group && kinds.any(|k| k.is_sysv) {
        return Err(at(start, "name_is_group needs POSIX kinds only".into()));
    }
    Ok(Rule {
        app: 0,
        profile: Arc::from(format!("{app}/{}", r.id)),
        kinds,
        name,
        key,
        owners: r
            .owner
            .into_iter()
            .map(|o| match o {
                RawOwner::Uid(u) => Owner::Uid(u),
                RawOwner::Name(n) => Owner::Name(n),
            })
            .collect(),
        holders: r.holder,
        creator_pid,
        detail: r.detail.as_ref().map(template).transpose()?,
        description: template(&r.description)?,
        hint: r.hint.as_ref().map(template).transpose()?,
        live,
        sibling,
        file_types,
        nsems: r.nsems,
        name_is_group: r.name_is_group,
    })
}

fn parse_template(s: &str, cap: &dyn Fn(&str) -> Option<usize>) -> Result<Template, String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            out.push(Piece::Lit(rest[..open].to_string()));
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("'{{' without '}}' in \"{s}\""))?;
        let n = &after[..close];
        let i = cap(n)
            .ok_or_else(|| format!("{{{n}}} in \"{s}\" is no named capture of the name regex"))?;
        out.push(Piece::Cap(i));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Lit(rest.to_string()));
    }
    Ok(Template(out))
}

/// The profiles this run uses: built-ins, the admin's directory and `--profiles DIR`, with
/// the warnings about malformed files.
#[derive(Debug)]
pub struct Active {
    pub profiles: Profiles,
    pub warnings: Vec<String>,
}

/// The profiles of one run: `--profiles DIR` and, once first asked for, what was loaded (an
/// idle host lists without parsing them). Held by the command context and handed to whatever
/// names objects; nothing global.
#[derive(Debug, Default)]
pub struct RunProfiles {
    user_dir: Option<PathBuf>,
    active: OnceLock<Active>,
}

impl RunProfiles {
    /// With `--profiles DIR`. A missing or unreadable directory is a usage error (only
    /// opened here: its files are read once, when the profiles are first wanted); malformed
    /// files in it are warnings.
    pub fn new(dir: Option<PathBuf>) -> crate::Result<RunProfiles> {
        if let Some(d) = &dir {
            std::fs::read_dir(d).map_err(|e| {
                crate::Error::usage(format!(
                    "--profiles: {}: {}",
                    d.display(),
                    crate::error::io_reason(&e)
                ))
            })?;
        }
        Ok(RunProfiles {
            user_dir: dir,
            active: OnceLock::new(),
        })
    }

    /// No profiles at all: for a pass whose output shows no application (a plain table
    /// of `list`), so none is parsed.
    pub fn unused() -> RunProfiles {
        let active = OnceLock::new();
        let _ = active.set(Active {
            profiles: Profiles::default(),
            warnings: Vec::new(),
        });
        RunProfiles {
            user_dir: None,
            active,
        }
    }

    /// The profiles of this run, loaded on the first call.
    pub fn active(&self) -> &Active {
        self.active.get_or_init(|| {
            let mut warnings = Vec::new();
            let mut read =
                |dir: &std::path::Path, required: bool| match files::read_dir(dir, required) {
                    Ok((f, w)) => {
                        warnings.extend(w);
                        f
                    }
                    Err(e) => {
                        warnings.push(format!("profiles: {e}"));
                        Vec::new()
                    }
                };
            let user = match self.user_dir.as_deref() {
                Some(d) => read(d, true),
                None => Vec::new(),
            };
            let system = read(std::path::Path::new(files::SYSTEM_DIR), false);
            let (profiles, w) = Profiles::load(&user, &system);
            warnings.extend(w);
            Active { profiles, warnings }
        })
    }

    /// Name every object with the run's profiles, and hand on the warnings about malformed
    /// profile files. Objects read through another mount namespace's /dev/shm get
    /// `foreign_pids`: the pids in their names are not ours.
    pub fn annotate(&self, src: &Source, objects: &mut [Object], warnings: &mut Vec<Warning>) {
        let a = self.active();
        let foreign = src.shm_dir.is_some();
        a.profiles.annotate(objects, foreign);
        warnings.extend(
            a.warnings
                .iter()
                .map(|text| Warning::Source { text: text.clone() }),
        );
    }
}

/// The processes a liveness hint may name, by command name (built once per pass).
pub struct LiveIndex<'a> {
    by_comm: HashMap<&'a str, Vec<&'a Proc>>,
    /// Sibling references some profile asked about -> in use.
    siblings: HashMap<String, bool>,
}

impl<'a> LiveIndex<'a> {
    /// Index only the command names some object's hint asks for.
    pub fn new(src: &Source, scan: &'a HolderScan, objects: &[Object]) -> LiveIndex<'a> {
        let siblings = siblings_in_use(src, scan, objects);
        let mut wanted: Vec<&str> = Vec::new();
        for o in objects {
            if let Some(l) = o.app.as_ref().and_then(|a| a.live_while.as_deref()) {
                for c in &l.comm {
                    if !wanted.contains(&c.as_str()) {
                        wanted.push(c);
                    }
                }
            }
        }
        let mut by_comm: HashMap<&'a str, Vec<&'a Proc>> = HashMap::new();
        if !wanted.is_empty() {
            // The kernel cuts comm to 15 bytes (`torch_shm_manager` runs as
            // `torch_shm_manag`): a hint matches its own cut form.
            let cut: Vec<&str> = wanted.iter().map(|w| comm_cut(w)).collect();
            for p in scan.procs.values().filter(|p| !p.zombie) {
                if cut.contains(&p.comm.as_str()) {
                    by_comm.entry(p.comm.as_str()).or_default().push(p);
                }
            }
            for v in by_comm.values_mut() {
                v.sort_by_key(|p| p.pid);
            }
        }
        LiveIndex { by_comm, siblings }
    }

    /// Is the sibling object `r` (a reference) in use: held, attached or waited on?
    fn sibling_in_use(&self, r: &str) -> bool {
        self.siblings.get(r).copied().unwrap_or(false)
    }

    /// Processes that keep the object possibly alive under its hint.
    fn running(&self, o: &Object, hint: &LiveWhile) -> Vec<&'a Proc> {
        let mut v: Vec<&Proc> = hint
            .comm
            .iter()
            .filter_map(|c| self.by_comm.get(comm_cut(c)))
            .flatten()
            .copied()
            .filter(|p| {
                !hint.same_uid
                    || p.uid == o.uid
                    || p.creds.as_ref().is_some_and(|c| c.has_uid(o.uid))
            })
            // A System V object is used from its own IPC namespace only.
            .filter(|p| !o.kind.is_sysv() || p.same_ipc_ns != Some(false))
            .collect();
        v.sort_by_key(|p| p.pid);
        v.dedup_by_key(|p| p.pid);
        v
    }
}

/// The siblings the objects' profiles name, and whether each is in use: judged from the
/// listed object when it was listed (held, or judged in use), else looked up in /dev/shm
/// and matched with the holder scan by (dev, inode), so a verdict does not depend on the
/// kinds asked for. A sibling that does not exist is not in use.
fn siblings_in_use(src: &Source, scan: &HolderScan, objects: &[Object]) -> HashMap<String, bool> {
    let mut out: HashMap<String, bool> = HashMap::new();
    let wanted: Vec<&str> = objects
        .iter()
        .filter_map(|o| o.app.as_ref()?.sibling.as_deref())
        .collect();
    if wanted.is_empty() {
        return out;
    }
    // By kind and name (a POSIX object's reference), never an unlinked one's.
    let listed: HashMap<String, &Object> = objects
        .iter()
        .filter(|o| !o.kind.is_sysv() && o.problem.is_none())
        .filter_map(|o| {
            let n = o.name.as_deref()?;
            Some((
                Object::make_ref(o.kind, None, Some(n.trim_start_matches('/'))),
                o,
            ))
        })
        .collect();
    let dir = src.dev_shm();
    for r in wanted {
        if out.contains_key(r) {
            continue;
        }
        let used = match listed.get(r).copied() {
            Some(o) => {
                o.holders.as_ref().is_some_and(|h| !h.is_empty())
                    || matches!(
                        o.state,
                        Some(State::InUse | State::UnlinkedMapped | State::MarkedForDeletion)
                    )
            }
            None => {
                let Some((k, name)) = r
                    .split_once(":/")
                    .and_then(|(k, n)| Some((Kind::parse(k)?, n)))
                else {
                    continue;
                };
                // Siblings live in /dev/shm (checked when the profile is loaded).
                let Some(prefix) = k.info().file_prefix else {
                    continue;
                };
                let file = format!("{prefix}{name}");
                match std::fs::symlink_metadata(dir.join(&file)) {
                    Ok(m) if m.file_type().is_file() => {
                        let mut one = [crate::collect::posix_shm::from_metadata(k, name, &m)];
                        scan.attach(&mut one);
                        one[0].holders.as_ref().is_some_and(|h| !h.is_empty())
                    }
                    _ => false,
                }
            }
        };
        out.insert(r.to_string(), used);
    }
    out
}

/// A command name as the kernel keeps it: at most 15 bytes (TASK_COMM_LEN - 1).
fn comm_cut(c: &str) -> &str {
    let mut end = c.len().min(15);
    while !c.is_char_boundary(end) {
        end -= 1;
    }
    &c[..end]
}

fn holder(p: &Proc) -> Holder {
    Holder {
        pid: p.pid,
        comm: p.comm.clone(),
    }
}

/// A time the object is known to have existed by, that its owner cannot move back: its
/// creator had started before then. The birth time, else ctime (which `utime` sets to now,
/// never to the past); atime and mtime are the owner's to set (`touch -d 2020-01-01`) and
/// would make a live creator look like a reused pid.
fn first_seen(o: &Object) -> Option<i64> {
    o.btime
        .filter(|t| *t > 0)
        .or_else(|| o.ctime.filter(|t| *t > 0))
}

/// Sharpen a verdict with the object's profile. A creator pid from the name is judged like a
/// kernel cpid (with the PID-reuse guard): alive keeps the object in use; dead (or reused)
/// counts only when no task in reach has that pid at an inner PID namespace level (a pod's
/// process sharing /dev/shm), else it is ambiguous and nothing is proven. A liveness hint
/// (the application's daemons) keeps the object `unknown` while one of them runs; when none
/// runs, the profile proves what premise 3 could not: the object's life was bound to them.
/// Held, unlinked-mapped and removed objects, and objects whose records were unreadable,
/// are left as they are (`premises` is `None` for those).
pub fn refine(
    o: &Object,
    scan: &HolderScan,
    policy: &Policy,
    live: &LiveIndex<'_>,
    state: State,
    premises: Option<Premises>,
    mut why: Vec<Evidence>,
) -> (State, Option<Premises>, Vec<Evidence>) {
    let (Some(app), Some(mut p)) = (&o.app, premises) else {
        return (state, premises, why);
    };
    let ev = |fact: AppFact| Evidence::App {
        profile: app.profile.clone(),
        fact,
    };
    let mut creator_dead = None;
    if let Some(pid) = app.creator_pid {
        if app.foreign_pids {
            why.insert(0, ev(AppFact::CreatorElsewhere { pid }));
            p.recorded_dead = false;
        } else {
            let activity = first_seen(o);
            let fate = fate(scan, pid, activity, false, policy);
            let dead = matches!(fate, Fate::Dead { .. } | Fate::Reused { .. });
            let inner = if dead {
                scan.inner_pid_holders(pid, activity, policy.clock_tolerance)
            } else {
                Vec::new()
            };
            if !inner.is_empty() {
                why.insert(
                    0,
                    Evidence::NamePidAmbiguous {
                        pid,
                        first: inner.iter().take(3).map(|p| holder(p)).collect(),
                    },
                );
                p.recorded_dead = false;
                creator_dead = Some(false);
            } else {
                match fate {
                    Fate::Alive(q) => {
                        why.insert(0, ev(AppFact::CreatorAlive(holder(q))));
                        return (State::InUse, Some(p), why);
                    }
                    Fate::Dead { zombie } => {
                        why.insert(0, ev(AppFact::CreatorDead { pid, zombie }));
                        creator_dead = Some(true);
                    }
                    Fate::Reused {
                        proc,
                        started,
                        activity,
                    } => {
                        why.insert(
                            0,
                            ev(AppFact::CreatorReused {
                                proc: holder(proc),
                                started,
                                activity,
                                tolerance: policy.clock_tolerance,
                            }),
                        );
                        // After a forward clock step a live creator looks reused: only one
                        // that could not use the object is surely another process.
                        if crate::analysis::orphans::could_open(o, proc) {
                            why.insert(1, Evidence::MaybeSameProcess { pid });
                            p.recorded_dead = false;
                            creator_dead = Some(false);
                        } else {
                            creator_dead = Some(true);
                        }
                    }
                    // Pids from names are positive, and POSIX objects have no IPC namespace.
                    Fate::Invisible | Fate::OtherNamespace(_) => {
                        p.recorded_dead = false;
                        creator_dead = Some(false);
                    }
                }
            }
        }
    }
    // The sibling the profile binds the object to (Fast DDS: a port's mutex lives while
    // the port segment is in use).
    let sibling_in_use = app.sibling.as_ref().map(|r| (r, live.sibling_in_use(r)));
    if let Some((r, true)) = sibling_in_use {
        why.insert(0, ev(AppFact::SiblingInUse { sibling: r.clone() }));
        p.nobody_left = false;
        return (p.state(), Some(p), why);
    }
    if let Some(hint) = app.live_while.as_deref() {
        let running = live.running(o, hint);
        if !running.is_empty() {
            why.insert(
                0,
                ev(AppFact::AppRunning {
                    title: app.title.clone(),
                    count: running.len(),
                    first: running.iter().take(3).map(|p| holder(p)).collect(),
                }),
            );
            p.nobody_left = false;
        } else if why
            .iter()
            .any(|e| matches!(e, Evidence::ProtectedOwner { .. }))
            && !why
                .iter()
                .any(|e| matches!(e, Evidence::AccessibleBy { .. }))
            && let Some(owners) = owner_processes(o, scan)
        {
            // A system user's live process of another name (EDB's `edb-postgres`, a helper
            // of the same service) may be the one using it: the owner's kind made premise 3
            // fail, and a live process of that very uid keeps the proof from replacing it.
            // (Root's objects: every root daemon could reopen them; the profile's own daemons
            // are what it checks.)
            why.insert(0, owners);
            p.nobody_left = false;
        } else if creator_dead != Some(false)
            && p.recorded_dead
            && !why
                .iter()
                .any(|e| matches!(e, Evidence::AccessibleBy { .. }))
        {
            // The profile's conditions all hold: its daemons are gone, the creator its name
            // records is dead (when it records one), its sibling is not in use. Said always;
            // it replaces premise 3 where only the owner's kind (root, a system user)
            // defeated it. A live task that could open the object is never overruled: a
            // profile matches by name or owner, and another program of that user (PHP-FPM
            // next to Apache, as www-data) may be the one using it.
            why.push(Evidence::ProfileProof {
                profile: app.profile.clone(),
                daemons: hint.comm.clone(),
                uid: (hint.same_uid && !hint.comm.is_empty()).then_some(o.uid),
                creator: app.creator_pid.filter(|_| creator_dead == Some(true)),
                sibling: sibling_in_use.map(|(r, _)| r.clone()),
            });
            p.nobody_left = true;
        }
    }
    (p.state(), Some(p), why)
}

/// Live tasks of the object's owner uid (any uid of any thread, ipcctl itself aside: the
/// scan's access index), when the owner is not root: as evidence that someone who may
/// reopen it still runs.
fn owner_processes(o: &Object, scan: &HolderScan) -> Option<Evidence> {
    if o.uid == 0 {
        return None;
    }
    let found = scan.tasks_with_uid(o.uid, o.kind.is_sysv());
    (found.count > 0).then(|| Evidence::AccessibleBy {
        access: crate::model::Access::Owner,
        uid: o.uid,
        user: o.user.clone(),
        count: found.count,
        first: found
            .first
            .iter()
            .map(|p| crate::model::Holder {
                pid: p.pid,
                comm: p.comm.clone(),
            })
            .collect(),
    })
}

/// `refine` every classified object (one liveness index for the pass), then hold
/// non-regular /dev/shm entries back: nothing in /proc shows who uses a directory (files
/// inside), a bound socket or a FIFO, so one is never an orphan; a profile's proof makes it
/// likely-orphan at most.
pub fn refine_all(src: &Source, objects: &mut [Object], scan: &HolderScan, policy: &Policy) {
    if objects
        .iter()
        .all(|o| o.app.is_none() && o.file_type.is_none())
    {
        return;
    }
    let live = LiveIndex::new(src, scan, objects);
    for o in objects.iter_mut() {
        let (Some(state), Some(why)) = (o.state, o.orphan_reasons.take()) else {
            continue;
        };
        let (mut s, p, mut w) = refine(o, scan, policy, &live, state, o.premises, why);
        // A directory, socket or FIFO is used through what the holder scan does not see
        // (files inside, a listening socket, a FIFO's reader): never an orphan. Its
        // profile's proof makes it likely-orphan at most, and only `rm --force` removes it.
        if let Some(t) = o.file_type
            && matches!(s, State::Orphan | State::LikelyOrphan)
        {
            w.push(Evidence::NotRegularFile(t));
            s = if w.iter().any(|e| matches!(e, Evidence::ProfileProof { .. })) {
                State::LikelyOrphan
            } else {
                State::Unknown
            };
        }
        o.state = Some(s);
        o.premises = p;
        o.orphan_reasons = Reasons(Some(w));
    }
}

/// An application named by processes, not by a profile (`source` says which).
fn named(name: &str, source: AppSource, pids: Vec<i32>) -> Box<AppMatch> {
    Box::new(AppMatch {
        name: Arc::from(name),
        source,
        profile: Arc::from(""),
        detail: None,
        pids,
        title: Arc::from(name),
        description: String::new(),
        hint: None,
        creator_pid: None,
        foreign_pids: false,
        live_while: None,
        sibling: None,
    })
}

/// Name the objects no profile knows from the processes themselves: when every holder runs
/// the same program, that program (a segment mapped only by `squid` processes is Squid's);
/// holders of different programs name nothing (a wrong name is worse than none). A System V
/// segment nobody holds is named by its creator pid when that process is alive, in the
/// segment's IPC namespace, and started before the segment (not a reused pid).
pub fn attribute_by_processes(objects: &mut [Object], scan: &HolderScan, tolerance: i64) {
    for o in objects.iter_mut().filter(|o| o.app.is_none()) {
        match o.holders.as_deref() {
            Some([first, rest @ ..]) => {
                if !first.comm.is_empty() && rest.iter().all(|h| h.comm == first.comm) {
                    let pids = std::iter::once(first)
                        .chain(rest)
                        .take(3)
                        .map(|h| h.pid)
                        .collect();
                    o.app = Some(named(&first.comm, AppSource::Holder, pids));
                }
            }
            _ => {
                let Some(pid) = o.cpid.filter(|p| *p > 0) else {
                    continue;
                };
                let Some(pr) = scan.procs.get(&pid) else {
                    continue;
                };
                let started_before = match (pr.start, o.ctime) {
                    (Some(st), Some(ct)) => st <= ct + tolerance,
                    _ => false,
                };
                if !pr.zombie
                    && !pr.comm.is_empty()
                    && started_before
                    && pr.same_ipc_ns != Some(false)
                {
                    o.app = Some(named(&pr.comm, AppSource::Creator, vec![pid]));
                }
            }
        }
    }
}

/// What neither a profile nor the live processes name, the recorder may: the comm of the
/// journaled creator (`source: recorded`). A first user (msg/sem) is not the creator and
/// names nothing; an object first seen in a recorder gap has no creator to name.
pub fn attribute_by_recorded(objects: &mut [Object]) {
    use crate::model::CreatorRole;
    for o in objects.iter_mut().filter(|o| o.app.is_none()) {
        let Some(c) = &o.creator else { continue };
        let (CreatorRole::Creator, Some(comm)) = (c.role, c.comm.as_deref()) else {
            continue;
        };
        if comm.is_empty() {
            continue;
        }
        o.app = Some(named(
            comm,
            AppSource::Recorded,
            c.pid.into_iter().collect(),
        ));
    }
}

/// Objects grouped by application, for `orphans` and `doctor`: app name (None for objects
/// no profile knows) -> indexes into `objects`, in first-seen order.
pub fn group_by_app(objects: &[Object]) -> Vec<(Option<Arc<str>>, Vec<usize>)> {
    let mut at: HashMap<Option<&str>, usize> = HashMap::new();
    let mut out: Vec<(Option<Arc<str>>, Vec<usize>)> = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        let key = o.app.as_ref().map(|a| &*a.name);
        let slot = *at.entry(key).or_insert_with(|| {
            out.push((o.app.as_ref().map(|a| a.name.clone()), Vec::new()));
            out.len() - 1
        });
        out[slot].1.push(i);
    }
    out
}

#[cfg(test)]
mod tests {
    /// Attacker pass: a system user's object whose profile's daemons are gone is not proven
    /// left over while another live process of that user (a daemon of another name) runs.
    #[test]
    fn a_live_process_of_a_protected_owner_keeps_the_profile_proof_off() {
        use crate::collect::holders::HolderScan;
        use crate::model::{Evidence, Holder, Kind, Object};
        let o = Object {
            kind: Kind::Pshm,
            uid: 999,
            ..Default::default()
        };
        let mut p = crate::collect::holders::Proc {
            pid: 77,
            comm: "edb-postgres".into(),
            zombie: false,
            start: None,
            same_ipc_ns: None,
            uid: 999,
            unreadable: false,
            kthread: false,
            threads: 1,
            leader_exited: false,
            creds: None,
        };
        let scan = HolderScan::from_procs([p.clone()]);
        let Some(Evidence::AccessibleBy {
            uid, count, first, ..
        }) = super::owner_processes(&o, &scan)
        else {
            panic!("no owner processes found");
        };
        assert_eq!((uid, count), (999, 1));
        assert_eq!(
            first,
            vec![Holder {
                pid: 77,
                comm: "edb-postgres".into()
            }]
        );
        // A zombie, or root's objects (every root daemon could reopen them): none.
        p.zombie = true;
        assert!(super::owner_processes(&o, &HolderScan::from_procs([p.clone()])).is_none());
        let root = Object {
            uid: 0,
            ..o.clone()
        };
        p.zombie = false;
        p.uid = 0;
        assert!(super::owner_processes(&root, &HolderScan::from_procs([p])).is_none());
    }

    /// Issue 22.2: the recorded creator names an object nothing else names; a first user or
    /// a gap names nothing, and a profile's or holder's name stays.
    #[test]
    fn a_recorded_creator_names_what_nothing_else_does() {
        use crate::model::{AppSource, Creator, CreatorRole, Kind, Object};
        let obj = |role: CreatorRole, comm: Option<&str>| Object {
            kind: Kind::Pshm,
            creator: Some(Box::new(Creator {
                role,
                pid: Some(4711),
                comm: comm.map(String::from),
                ..Default::default()
            })),
            ..Default::default()
        };
        let mut v = vec![
            obj(CreatorRole::Creator, Some("python3")),
            obj(CreatorRole::FirstUser, Some("sender")),
            obj(CreatorRole::UnknownGap, None),
            obj(CreatorRole::Creator, Some("python3")),
        ];
        let mut held = v[3].clone();
        super::attribute_by_recorded(std::slice::from_mut(&mut held));
        let mut by_holder = held.app.clone().unwrap();
        by_holder.source = AppSource::Holder;
        by_holder.name = "squid".into();
        v[3].app = Some(by_holder);
        super::attribute_by_recorded(&mut v);
        let a = v[0].app.as_ref().unwrap();
        assert_eq!(
            (&*a.name, a.source, a.pids.as_slice()),
            ("python3", AppSource::Recorded, &[4711][..])
        );
        assert!(v[1].app.is_none());
        assert!(v[2].app.is_none());
        assert_eq!(
            v[3].app.as_ref().map(|a| (&*a.name, a.source)),
            Some(("squid", AppSource::Holder))
        );
    }

    use super::*;

    fn pshm(name: &str) -> Object {
        Object {
            kind: Kind::Pshm,
            name: Some(format!("/{name}")),
            uid: 1000,
            ..Default::default()
        }
    }

    fn file(path: &str, text: &str) -> ProfileText {
        ProfileText {
            path: PathBuf::from(path),
            text: text.to_string(),
        }
    }

    #[test]
    fn a_name_pattern_knows_its_literal_prefix_and_captures_without_compiling() {
        let prefix = |re: &str| Pattern::new(re, false).unwrap().0.prefix;
        assert_eq!(prefix("gimp-shm-(?P<pid>[0-9]+)"), "gimp-shm-");
        assert_eq!(prefix(r"\.org\.chromium"), ".org.chromium");
        assert_eq!(prefix("jack-shm-registry"), "jack-shm-registry");
        assert_eq!(prefix("ab*c"), "a", "a repetition ends the prefix");
        assert_eq!(prefix("x?y"), "");
        assert_eq!(prefix("(?i)abc"), "", "flags end it");
        assert_eq!(prefix("abc|abd"), "", "so does an alternation");
        assert_eq!(prefix("[a]bc"), "");
        let (p, names) = Pattern::new("a(b)(?P<n>c(?P<m>d))", false).unwrap();
        assert!(p.compiled.get().is_none());
        assert_eq!(
            names,
            vec![None, None, Some("n".to_string()), Some("m".to_string())]
        );
        // What the prefix admits, the regex still judges.
        assert!(p.regex().unwrap().is_match("abcd"));
        assert!(!p.regex().unwrap().is_match("abcdx"));
        // An admin's pattern is compiled (and judged) when its file is read.
        let (p, _) = Pattern::new("a+", true).unwrap();
        assert!(p.compiled.get().is_some());
        assert!(Pattern::new("a(", false).unwrap_err().contains("bad regex"));
    }

    #[test]
    fn builtins_load_cleanly_and_cite_their_source() {
        let (p, w) = Profiles::load(&[], &[]);
        assert_eq!(w, Vec::<String>::new());
        assert_eq!(p.apps().len(), BUILTIN.len());
        // Built-in name patterns are compiled on first use: each compiles, and its capture
        // names (read from the syntax, for the templates) are the compiled regex's.
        for r in &p.rules {
            if let Some(NamePattern::Regex(pat)) = &r.name {
                assert!(
                    pat.compiled.get().is_none(),
                    "{}: compiled too early",
                    r.profile
                );
                let re = pat
                    .regex()
                    .unwrap_or_else(|| panic!("{}: no regex", r.profile));
                let (_, names) =
                    Pattern::new(&pat.anchored[4..pat.anchored.len() - 2], false).unwrap();
                let compiled: Vec<Option<String>> =
                    re.capture_names().map(|n| n.map(str::to_string)).collect();
                assert_eq!(names, compiled, "{}", r.profile);
            }
        }
        for a in p.apps() {
            let src = a.source.as_deref().unwrap_or("");
            assert!(
                src.len() > 20,
                "{}: cite where the naming was checked",
                a.name
            );
        }
    }

    #[test]
    fn every_profile_file_is_built_in() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, listed);
    }

    #[test]
    fn builtins_name_real_objects() {
        let p = Profiles::builtin();
        let cases = [
            (
                pshm("torch_4242_1804289383_7"),
                "pytorch/tensor",
                Some(4242),
            ),
            (pshm("torch_4242_1804289383"), "pytorch/tensor", Some(4242)),
            (pshm("PostgreSQL.1804289383"), "postgresql/dsm", None),
            (pshm("psm_32a431e7"), "python/shared-memory", None),
            (pshm("pulse-shm-3506809168"), "pulseaudio/shm", None),
            (pshm("jack-1000-3"), "jack/segment", None),
            (pshm("jack-shm-registry"), "jack/registry", None),
            (pshm(".org.chromium.Chromium.a1B2c3"), "chromium/shm", None),
            (pshm("iox2_8f3a.shm"), "iceoryx2/shm", None),
            (
                pshm("vader_segment.node1.5e3a0001.0"),
                "openmpi/vader-4.0",
                None,
            ),
            (
                pshm("vader_segment.vm.1500.6ca80001.0"),
                "openmpi/vader",
                None,
            ),
        ];
        for (o, profile, pid) in cases {
            let m = p
                .match_object(&o, false)
                .unwrap_or_else(|| panic!("{:?}", o.name));
            assert_eq!(&*m.profile, profile, "{:?}", o.name);
            assert_eq!(m.creator_pid, pid, "{:?}", o.name);
        }
        let sem = Object {
            kind: Kind::Psem,
            name: Some("/mp-ab_c9xyz".into()),
            ..Default::default()
        };
        assert_eq!(
            &*p.match_object(&sem, false).unwrap().profile,
            "python/semaphore"
        );
        // Apache's sysvsem mutex: IPC_PRIVATE, handed to www-data; a keyed set is not it.
        let mutex = Object {
            kind: Kind::Sem,
            key: Some(0),
            uid: 33,
            user: Some(Arc::from("www-data")),
            ..Default::default()
        };
        assert_eq!(
            &*p.match_object(&mutex, false).unwrap().profile,
            "apache/mutex"
        );
        let keyed = Object {
            key: Some(0x1234),
            ..mutex.clone()
        };
        assert_eq!(p.match_object(&keyed, false), None);
        // PostgreSQL's main segment: a segment of the postgres user.
        let main = Object {
            kind: Kind::Shm,
            key: Some(10051656),
            uid: 101,
            user: Some(Arc::from("postgres")),
            ..Default::default()
        };
        assert_eq!(
            &*p.match_object(&main, false).unwrap().profile,
            "postgresql/main"
        );
        for miss in [
            "torch_x_1",
            "psm_",
            "PostgreSQL.",
            "pulse-shm-abc",
            "frames",
        ] {
            assert_eq!(p.match_object(&pshm(miss), false), None, "{miss}");
        }
        // A PyTorch name as a psem is not PyTorch's.
        let other = Object {
            kind: Kind::Psem,
            ..pshm("torch_1_2_3")
        };
        assert_eq!(p.match_object(&other, false), None);
    }

    /// One line of crates/core/tests/fixtures/app-names.tsv as an object.
    fn corpus_object(kind: &str, ident: &str, attrs: &str) -> Object {
        let kind = Kind::parse(kind).unwrap();
        let mut o = Object {
            kind,
            uid: 1000,
            ..Default::default()
        };
        if kind.is_sysv() {
            o.key = Some(u32::from_str_radix(ident.trim_start_matches("0x"), 16).unwrap());
        } else {
            o.name = Some(format!("/{ident}"));
        }
        for a in attrs.split(' ').filter(|a| *a != "-") {
            let (k, v) = a.split_once('=').unwrap();
            match k {
                "owner" => o.user = Some(Arc::from(v)),
                "group" => o.group = Some(Arc::from(v)),
                "nsems" => o.nsems = Some(v.parse().unwrap()),
                "type" => o.file_type = Some(FileType::parse(v).unwrap()),
                "holder" => {
                    o.holders = Some(
                        v.split(',')
                            .enumerate()
                            .map(|(i, c)| Holder {
                                pid: 100 + i as i32,
                                comm: c.into(),
                            })
                            .collect(),
                    )
                }
                other => panic!("unknown attribute {other}"),
            }
        }
        o
    }

    /// Coverage on names the profiles were not written from: at least 80 % of the objects
    /// of known applications are attributed, and none to the wrong application (nor any
    /// object of no application).
    #[test]
    fn a_held_out_corpus_of_real_names_is_attributed_without_a_wrong_app() {
        let corpus = include_str!("../../tests/fixtures/app-names.tsv");
        let p = Profiles::builtin();
        let (mut known, mut right) = (0, 0);
        let mut wrong = Vec::new();
        let mut missed = Vec::new();
        let mut apps_seen = std::collections::BTreeSet::new();
        for line in corpus
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 5, "{line:?}");
            let o = corpus_object(f[0], f[1], f[2]);
            let got = p.match_object(&o, false).map(|m| m.name.to_string());
            let want = (f[3] != "-").then(|| f[3].to_string());
            match (&want, &got) {
                (Some(w), Some(g)) if w == g => {
                    known += 1;
                    right += 1;
                    apps_seen.insert(g.clone());
                }
                (Some(_), None) => {
                    known += 1;
                    missed.push(line);
                }
                (None, None) => {}
                _ => wrong.push(format!("{line}: got {got:?}")),
            }
        }
        assert!(wrong.is_empty(), "wrong attributions: {wrong:#?}");
        let pct = 100.0 * right as f64 / known as f64;
        eprintln!(
            "held-out corpus: {right}/{known} attributed ({pct:.1} %), {} applications, missed {missed:?}",
            apps_seen.len()
        );
        assert!(pct >= 80.0, "{right}/{known}: {missed:#?}");
        // Every built-in application is exercised by the corpus.
        for a in p.apps() {
            assert!(
                apps_seen.contains(&*a.name),
                "no corpus name for {}",
                a.name
            );
        }
    }

    #[test]
    fn detail_description_and_hint_use_captures() {
        let p = Profiles::builtin();
        let m = p.match_object(&pshm("torch_12345_99_0"), false).unwrap();
        assert_eq!(m.detail.as_deref(), Some("creator pid 12345"));
        assert!(
            m.hint.as_deref().unwrap_or("").contains("pid 12345"),
            "{m:?}"
        );
        assert_eq!(&*m.name, "pytorch");
        assert_eq!(&*m.title, "PyTorch");
    }

    #[test]
    fn system_v_rules_match_key_owner_and_holder() {
        let (p, w) = Profiles::load(
            &[file(
                "/x/db.toml",
                r#"
app = "db"
[[object]]
id = "main"
kind = ["shm"]
key = [0x100, 0x1ff]
owner = ["dbuser", 4242]
holder = ["dbd"]
description = "the db's segment"
"#,
            )],
            &[],
        );
        assert!(w.is_empty(), "{w:?}");
        let held = |comm: &str| {
            Some(vec![crate::model::Holder {
                pid: 1,
                comm: comm.into(),
            }])
        };
        let seg = Object {
            kind: Kind::Shm,
            key: Some(0x180),
            uid: 4242,
            holders: held("dbd"),
            ..Default::default()
        };
        assert_eq!(&*p.match_object(&seg, false).unwrap().profile, "db/main");
        let by_name = Object {
            uid: 7,
            user: Some(Arc::from("dbuser")),
            ..seg.clone()
        };
        assert!(p.match_object(&by_name, false).is_some());
        for miss in [
            Object {
                key: Some(0x200),
                ..seg.clone()
            },
            Object {
                uid: 7,
                ..seg.clone()
            },
            Object {
                holders: held("other"),
                ..seg.clone()
            },
            Object {
                kind: Kind::Sem,
                ..seg.clone()
            },
        ] {
            assert!(
                p.match_object(&miss, false)
                    .is_none_or(|m| !m.profile.starts_with("db/")),
                "{miss:?}"
            );
        }
    }

    #[test]
    fn a_user_file_overrides_a_builtin_and_adds_apps() {
        let user = [
            file(
                "/u/pytorch.toml",
                r#"
app = "PyTorch"
[[object]]
id = "mine"
kind = ["pshm"]
glob = "torch_*"
description = "ours"
"#,
            ),
            file(
                "/u/frames.toml",
                r#"
app = "frames"
[[object]]
id = "ring"
kind = ["pshm"]
name = 'frames-(?P<cam>[0-9]+)'
detail = "camera {cam}"
description = "camera {cam} frames"
"#,
            ),
        ];
        let (p, w) = Profiles::load(&user, &[]);
        assert!(w.is_empty(), "{w:?}");
        let m = p.match_object(&pshm("torch_1_2_3"), false).unwrap();
        assert_eq!((&*m.profile, m.creator_pid), ("pytorch/mine", None));
        assert_eq!(p.apps().iter().filter(|a| &*a.name == "pytorch").count(), 1);
        let f = p.match_object(&pshm("frames-3"), false).unwrap();
        assert_eq!(f.detail.as_deref(), Some("camera 3"));
        assert_eq!(f.description, "camera 3 frames");
        // The other built-ins are still there.
        assert!(p.match_object(&pshm("psm_0011aabb"), false).is_some());
        assert!(p.app("FRAMES").is_some());
    }

    #[test]
    fn malformed_files_are_reported_with_file_and_line_and_the_rest_load() {
        let bad = [
            ("/e/syntax.toml", "app = \"a\"\n[[object]\nid = 1\n", 2),
            (
                "/e/regex.toml",
                "app = \"b\"\n\n[[object]]\nid = \"x\"\nkind = [\"pshm\"]\nname = 'a(('\ndescription = \"d\"\n",
                6,
            ),
            (
                "/e/kind.toml",
                "app = \"c\"\n[[object]]\nid = \"x\"\nkind = [\"pshm\", \"file\"]\ndescription = \"d\"\n",
                4,
            ),
            (
                "/e/typo.toml",
                "app = \"d\"\n[[object]]\nid = \"x\"\nkind = [\"pshm\"]\ndescriptoin = \"d\"\n",
                5,
            ),
            (
                "/e/cap.toml",
                "app = \"e\"\n[[object]]\nid = \"x\"\nkind = [\"pshm\"]\nname = 'e(?P<n>[0-9])'\ncreator_pid = \"pid\"\ndescription = \"d\"\n",
                6,
            ),
        ];
        let mut files: Vec<ProfileText> = bad.iter().map(|(p, t, _)| file(p, t)).collect();
        files.push(file(
            "/e/good.toml",
            "app = \"good\"\n[[object]]\nid = \"x\"\nkind = [\"pshm\"]\nglob = \"good-*\"\ndescription = \"d\"\n",
        ));
        let (p, w) = Profiles::load(&[], &files);
        assert_eq!(w.len(), bad.len(), "{w:#?}");
        for ((path, _, line), warning) in bad.iter().zip(&w) {
            assert!(
                warning.starts_with(&format!("profile {path}:{line}: ")),
                "{path}:{line} expected, got: {warning}"
            );
        }
        assert!(p.match_object(&pshm("good-1"), false).is_some());
        assert!(p.match_object(&pshm("psm_0011aabb"), false).is_some());
    }

    #[test]
    fn globs_are_the_name_filters_dialect() {
        let m = |g: &str, s: &str| Glob::new(g).unwrap().matches(s);
        assert!(m("a*b", "a-x-b"));
        assert!(m("a?.c", "ab.c"));
        assert!(!m("a?.c", "abxc"));
        assert!(m("[!x]y", "zy"));
        assert!(!m("[!x]y", "xy"));
        assert!(m("v[0-9]", "v7"));
        assert!(!m("a+", "aa"));
        // Where profiles' own glob translation differed from `--name` (fnmatch): classes,
        // an escaped star, a `]` first in a class.
        assert!(m("v[[:digit:]]", "v7"));
        assert!(m(r"a\*", "a*") && !m(r"a\*", r"a\b"));
        assert!(m("[]x]y", "]y"));
        // The same through a profile rule.
        let (p, w) = Profiles::load(
            &[file(
                "t.toml",
                "app = \"t\"\n[[object]]\nid = \"x\"\nkind = [\"pshm\"]\nglob = \"v[[:digit:]]\"\ndescription = \"d\"\n",
            )],
            &[],
        );
        assert!(w.is_empty(), "{w:?}");
        assert!(p.match_object(&pshm("v7"), false).is_some());
        assert!(p.match_object(&pshm("vx"), false).is_none());
    }

    #[test]
    fn objects_group_by_app_in_first_seen_order() {
        let p = Profiles::builtin();
        let mut v = vec![pshm("psm_00aa11bb"), pshm("x"), pshm("psm_00aa11bc")];
        p.annotate(&mut v, false);
        let g = group_by_app(&v);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].0.as_deref(), Some("python"));
        assert_eq!(g[0].1, vec![0, 2]);
        assert_eq!((g[1].0.clone(), g[1].1.clone()), (None, vec![1]));
    }

    fn a_proc(pid: i32, comm: &str, uid: u32, start: i64) -> Proc {
        Proc {
            pid,
            comm: comm.into(),
            zombie: false,
            start: Some(start),
            same_ipc_ns: Some(true),
            uid,
            unreadable: false,
            kthread: false,
            threads: 1,
            leader_exited: false,
            creds: None,
        }
    }

    #[test]
    fn objects_no_profile_names_are_named_by_one_program_or_a_live_creator_only() {
        const T: i64 = 1_700_000_000;
        let held = |comms: &[&str]| Object {
            kind: Kind::Shm,
            key: Some(0x1234),
            holders: Some(
                comms
                    .iter()
                    .enumerate()
                    .map(|(i, c)| Holder {
                        pid: 10 + i as i32,
                        comm: c.to_string(),
                    })
                    .collect(),
            ),
            ..Default::default()
        };
        let scan = HolderScan::from_procs([
            a_proc(700, "squid", 13, T - 100),
            a_proc(800, "bash", 1000, T + 100),
        ]);
        let mut v = vec![
            held(&["squid", "squid", "squid", "squid"]),
            held(&["squid", "python3"]),
            // A segment nobody holds, created by a live squid that started before it.
            Object {
                kind: Kind::Shm,
                key: Some(0x99),
                cpid: Some(700),
                ctime: Some(T),
                holders: Some(vec![]),
                ..Default::default()
            },
            // Its creator pid now runs a process that started after it: a reused pid.
            Object {
                kind: Kind::Shm,
                key: Some(0x98),
                cpid: Some(800),
                ctime: Some(T),
                holders: Some(vec![]),
                ..Default::default()
            },
            // A profile's name is never replaced.
            Object {
                holders: Some(vec![Holder {
                    pid: 1,
                    comm: "bash".into(),
                }]),
                ..pshm("psm_00aa11bb")
            },
        ];
        Profiles::builtin().annotate(&mut v, false);
        attribute_by_processes(&mut v, &scan, 1);
        let a = v[0].app.as_ref().unwrap();
        assert_eq!(
            (&*a.name, a.source, a.pids.clone(), &*a.profile),
            ("squid", AppSource::Holder, vec![10, 11, 12], "")
        );
        assert_eq!(v[1].app, None, "different programs name nothing");
        let c = v[2].app.as_ref().unwrap();
        assert_eq!(
            (&*c.name, c.source, c.pids.clone()),
            ("squid", AppSource::Creator, vec![700])
        );
        assert_eq!(v[3].app, None, "a reused creator pid names nothing");
        assert_eq!(v[4].app.as_ref().unwrap().source, AppSource::Profile);
        // JSON: {name, source, profile: null, detail: null, pids}.
        let j = serde_json::to_value(v[0].app.as_ref().unwrap()).unwrap();
        assert_eq!(
            j,
            serde_json::json!({"name": "squid", "source": "holder", "profile": null, "detail": null, "pids": [10, 11, 12]})
        );
        let j = serde_json::to_value(v[4].app.as_ref().unwrap()).unwrap();
        assert_eq!(
            j,
            serde_json::json!({"name": "python", "source": "profile", "profile": "python/shared-memory", "detail": null})
        );
    }

    #[test]
    fn new_rule_keys_match_what_they_say_and_are_checked_when_loaded() {
        let p = Profiles::builtin();
        // A socket or directory matches only a rule for its file type.
        let dir = Object {
            file_type: Some(FileType::Directory),
            ..pshm("jack_db-1000")
        };
        assert_eq!(
            &*p.match_object(&dir, false).unwrap().profile,
            "jack/metadata"
        );
        let not_a_dir = pshm("jack_db-1000");
        assert_eq!(p.match_object(&not_a_dir, false), None);
        let sock_named_like_shm = Object {
            file_type: Some(FileType::Socket),
            ..pshm("psm_00aa11bb")
        };
        assert_eq!(p.match_object(&sock_named_like_shm, false), None);
        // nsems: PHP's sets of three.
        let set = |n: u64| Object {
            kind: Kind::Sem,
            key: Some(0x2a00_1234),
            nsems: Some(n),
            user: Some(Arc::from("www-data")),
            ..Default::default()
        };
        assert_eq!(
            &*p.match_object(&set(3), false).unwrap().profile,
            "php/sysvsem"
        );
        assert_eq!(p.match_object(&set(2), false), None);
        // name_is_group: iceoryx's payload segment.
        let seg = Object {
            group: Some(Arc::from("robots")),
            ..pshm("robots")
        };
        assert_eq!(
            &*p.match_object(&seg, false).unwrap().profile,
            "iceoryx/payload"
        );
        let other = Object {
            group: Some(Arc::from("users")),
            ..pshm("robots")
        };
        assert_eq!(p.match_object(&other, false), None);
        // The sibling reference is expanded from the name.
        let m = p
            .match_object(
                &Object {
                    kind: Kind::Psem,
                    ..pshm("fastrtps_port7413_mutex")
                },
                false,
            )
            .unwrap();
        assert_eq!(m.sibling.as_deref(), Some("pshm:/fastrtps_port7413"));
        // Malformed: each reported with its line.
        for (text, what) in [
            (
                "[[object]]\nid = 'x'\nkind = ['shm']\nfile_type = ['directory']\ndescription = 'd'\n",
                "file_type names /dev/shm entries",
            ),
            (
                "[[object]]\nid = 'x'\nkind = ['pshm']\nfile_type = ['pipe']\ndescription = 'd'\n",
                "unknown file_type 'pipe'",
            ),
            (
                "[[object]]\nid = 'x'\nkind = ['shm']\nnsems = 3\ndescription = 'd'\n",
                "nsems needs kind",
            ),
            (
                "[[object]]\nid = 'x'\nkind = ['pshm']\nname = 'a'\nlive_while = { same_uid = true }\ndescription = 'd'\n",
                "live_while needs comm",
            ),
            (
                "[[object]]\nid = 'x'\nkind = ['pshm']\nname = 'a'\nlive_while = { sibling = 'shm:/a' }\ndescription = 'd'\n",
                "must be KIND:/NAME",
            ),
            (
                "[[object]]\nid = 'x'\nkind = ['pshm']\nname = 'a'\nlive_while = { sibling = 'pshm:/{nope}' }\ndescription = 'd'\n",
                "{nope}",
            ),
        ] {
            let (_, w) = Profiles::load(&[], &[file("/e/x.toml", &format!("app = 'x'\n{text}"))]);
            assert_eq!(w.len(), 1, "{text}: {w:?}");
            assert!(w[0].contains(what), "{what}: {w:?}");
        }
    }

    /// `refine` with a sibling: in use keeps the object from an orphan; not in use, the
    /// profile proves it and names the sibling. A non-regular entry is never an orphan
    /// without a profile's proof.
    #[test]
    fn a_sibling_in_use_keeps_an_object_and_only_a_proof_makes_a_non_regular_entry_an_orphan() {
        use crate::render::evidence::reason;
        const T: i64 = 1_700_000_000;
        let policy = Policy {
            clock_tolerance: 1,
            ..Policy::at(T + 100)
        };
        let open = Premises {
            complete_view: true,
            no_holder: true,
            nobody_left: false,
            settled: true,
            recorded_dead: true,
            idle_enough: false,
        };
        let p = Profiles::builtin();
        let mut mutex = Object {
            kind: Kind::Psem,
            uid: 0,
            holders: Some(vec![]),
            ..pshm("fastrtps_port7411_mutex")
        };
        mutex.app = p.match_object(&mutex, false);
        let port_in_use = Object {
            holders: Some(vec![Holder {
                pid: 5,
                comm: "fast-discovery-".into(),
            }]),
            ..pshm("fastrtps_port7411")
        };
        let scan = HolderScan::from_procs([a_proc(5, "fast-discovery-", 0, T - 5)]);
        let src = Source::new("/nonexistent");
        let both = [mutex.clone(), port_in_use.clone()];
        let live = LiveIndex::new(&src, &scan, &both);
        let (s, _, why) = refine(
            &mutex,
            &scan,
            &policy,
            &live,
            State::Unknown,
            Some(open),
            vec![],
        );
        assert_eq!(s, State::Unknown);
        assert_eq!(
            reason(&why[0]),
            "profile fastdds/port-mutex: its sibling pshm:/fastrtps_port7411 is in use, so it may be used at any moment"
        );
        // The port is gone (not listed, not in this /dev/shm): the profile proves the mutex.
        let live = LiveIndex::new(&src, &scan, std::slice::from_ref(&mutex));
        let (s, _, why) = refine(
            &mutex,
            &scan,
            &policy,
            &live,
            State::Unknown,
            Some(open),
            vec![],
        );
        assert_eq!(s, State::Orphan, "{why:?}");
        assert!(matches!(
            why.last(),
            Some(Evidence::ProfileProof { sibling: Some(r), .. }) if r == "pshm:/fastrtps_port7411"
        ));
        // A directory no profile names: at most unknown, however orphaned it looks.
        let proven = Premises {
            nobody_left: true,
            ..open
        };
        let mut dir = Object {
            file_type: Some(FileType::Directory),
            holders: Some(vec![]),
            state: Some(State::Orphan),
            premises: Some(proven),
            orphan_reasons: Reasons(Some(vec![])),
            ..pshm("leftover-dir")
        };
        dir.app = p.match_object(&dir, false);
        assert_eq!(dir.app, None);
        let mut v = [dir];
        refine_all(&src, &mut v, &HolderScan::from_procs([]), &policy);
        assert_eq!(v[0].state, Some(State::Unknown));
        assert_eq!(
            v[0].orphan_reasons.as_deref(),
            Some(&[Evidence::NotRegularFile(FileType::Directory)][..])
        );
    }

    /// The verdict rules of `refine`, on a crafted process table.
    #[test]
    fn refine_sharpens_with_the_creator_pid_and_a_hint_only_makes_it_more_careful() {
        use crate::collect::holders::Creds;
        use crate::render::evidence::reason;
        const T: i64 = 1_700_000_000;
        let proc_ = |pid: i32, comm: &str, uid: u32, start: i64| Proc {
            pid,
            comm: comm.into(),
            zombie: false,
            start: Some(start),
            same_ipc_ns: Some(true),
            uid,
            unreadable: false,
            kthread: false,
            threads: 1,
            leader_exited: false,
            creds: None,
        };
        let policy = Policy {
            clock_tolerance: 1,
            ..Policy::at(T + 100)
        };
        // Every premise but the third holds (a protected owner, or live tasks of it).
        let open = Premises {
            complete_view: true,
            no_holder: true,
            nobody_left: false,
            settled: true,
            recorded_dead: true,
            idle_enough: false,
        };
        let p = Profiles::builtin();
        let mut torch = Object {
            ctime: Some(T),
            mtime: Some(T),
            holders: Some(vec![]),
            ..pshm("torch_4242_7_0")
        };
        torch.app = p.match_object(&torch, false);
        let run = |o: &Object, scan: &HolderScan, state: State, pr: Option<Premises>| {
            let src = Source::new("/nonexistent");
            let live = LiveIndex::new(&src, scan, std::slice::from_ref(o));
            let (s, _, why) = refine(o, scan, &policy, &live, state, pr, vec![]);
            let words: Vec<String> = why.iter().map(reason).collect();
            (s, words)
        };
        // Creator dead, no torch_shm_manager: the profile proves it.
        let nobody = HolderScan::from_procs([proc_(1, "init", 0, T - 1000)]);
        let (s, why) = run(&torch, &nobody, State::Unknown, Some(open));
        assert_eq!(s, State::Orphan, "{why:?}");
        assert_eq!(
            why[0],
            "profile pytorch/tensor: creator pid 4242 from the name is dead"
        );
        assert!(why[1].contains("torch_shm_manager"), "{why:?}");
        // The manager (comm cut to 15 bytes) still runs: it unlinks the files itself.
        let manager = HolderScan::from_procs([proc_(9, "torch_shm_manag", 1000, T - 5)]);
        assert_eq!(
            run(&torch, &manager, State::Unknown, Some(open)).0,
            State::Unknown
        );
        // No premises (holders or records decided): left as it is.
        assert_eq!(
            run(&torch, &nobody, State::InUse, None),
            (State::InUse, vec![])
        );
        let alive = HolderScan::from_procs([proc_(4242, "python3", 1000, T - 5)]);
        let (s, why) = run(&torch, &alive, State::Unknown, Some(open));
        assert_eq!(s, State::InUse);
        assert!(
            why[0].contains("creator pid 4242 (python3) from the name is alive"),
            "{why:?}"
        );
        // The owner set the file's times into the past (`touch -d 2020-01-01`): the live
        // creator started before the file's ctime, so it is not a reused pid.
        let backdated = Object {
            atime: Some(T - 1_000_000),
            mtime: Some(T - 1_000_000),
            ..torch.clone()
        };
        let (s, why) = run(&backdated, &alive, State::Unknown, Some(open));
        assert_eq!(s, State::InUse, "{why:?}");
        // Reused by another user's process (which cannot open the 0600 file): dead.
        let reused = HolderScan::from_procs([proc_(4242, "bash", 5000, T + 50)]);
        let (s, why) = run(&torch, &reused, State::Unknown, Some(open));
        assert_eq!(s, State::Orphan);
        assert!(why[0].contains("now belongs to bash (4242)"), "{why:?}");
        // The pid is free here, but a task of a child PID namespace has it there: ambiguous.
        let mut pod = proc_(7000, "python3", 1000, T - 5);
        pod.creds = Some(Creds {
            nspid: vec![7000, 4242],
            ..Creds::default()
        });
        let (s, why) = run(
            &torch,
            &HolderScan::from_procs([pod]),
            State::Unknown,
            Some(open),
        );
        assert_eq!(s, State::Unknown);
        assert!(
            why[0].contains("pid 4242 from the name is ambiguous"),
            "{why:?}"
        );
        // Attacker pass: PostgreSQL's pinned segment of system user 999, no postgres running,
        // but another live process of that user (EDB's `edb-postgres`): the profile's proof
        // must not replace premise 3. With no process of the user left, it does.
        let mut pg = Object {
            ctime: Some(T),
            mtime: Some(T),
            holders: Some(vec![]),
            uid: 999,
            ..pshm("PostgreSQL.1804289383")
        };
        pg.app = p.match_object(&pg, false);
        assert!(pg.app.is_some(), "the postgresql profile names it");
        let protected = vec![Evidence::ProtectedOwner {
            uid: 999,
            why: crate::model::Protected::SystemUid { max: 999 },
        }];
        let judge = |scan: &HolderScan| {
            let src = Source::new("/nonexistent");
            let live = LiveIndex::new(&src, scan, std::slice::from_ref(&pg));
            refine(
                &pg,
                scan,
                &policy,
                &live,
                State::Unknown,
                Some(open),
                protected.clone(),
            )
        };
        let edb = HolderScan::from_procs([proc_(77, "edb-postgres", 999, T - 5)]);
        let (s, _, why) = judge(&edb);
        assert_ne!(s, State::Orphan, "{why:?}");
        assert!(
            why.iter()
                .any(|e| matches!(e, Evidence::AccessibleBy { uid: 999, .. })),
            "{why:?}"
        );
        assert_eq!(judge(&nobody).0, State::Orphan);
        // Read through another /dev/shm: the pid may be another PID namespace's.
        let mut foreign = torch.clone();
        foreign.app = p.match_object(&foreign, true);
        let (s, why) = run(&foreign, &nobody, State::Unknown, Some(open));
        assert_eq!(s, State::Unknown);
        assert!(
            why[0].contains("may belong to another PID namespace"),
            "{why:?}"
        );

        // PostgreSQL's hint: a postgres process of the owner keeps a DSM segment unknown;
        // one of another user does not, and with none the profile proves it.
        let mut dsm = Object {
            uid: 101,
            holders: Some(vec![]),
            ..pshm("PostgreSQL.12345")
        };
        dsm.app = p.match_object(&dsm, false);
        let theirs = HolderScan::from_procs([proc_(77, "postgres", 101, T - 5)]);
        let (s, why) = run(&dsm, &theirs, State::Unknown, Some(open));
        assert_eq!(s, State::Unknown);
        assert_eq!(
            why,
            [
                "profile postgresql/dsm: 1 PostgreSQL process(es) run: 77 (postgres); the application may use it without mapping it, so it is not called an orphan"
            ]
        );
        let other_user = HolderScan::from_procs([proc_(77, "postgres", 102, T - 5)]);
        assert_eq!(
            run(&dsm, &other_user, State::Unknown, Some(open)).0,
            State::Orphan
        );
        // A profile proof replaces premise 3 only: an unsettled object stays unknown.
        let young = Premises {
            settled: false,
            ..open
        };
        assert_eq!(
            run(&dsm, &other_user, State::Unknown, Some(young)).0,
            State::Unknown
        );
    }
}
