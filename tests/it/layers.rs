//! The architecture, checked. The crate graph is the guard the compiler enforces: `ipcctl-sys`
//! (the only crate with `unsafe` and raw `libc`) ← `ipcctl-core` ← `ipcctl-bench` ← the binary.
//! A crate cannot import one that does not depend on it, so these tests check the graph itself
//! (each crate's `[dependencies]`) and that every crate root but sys forbids `unsafe`.
//!
//! Inside `ipcctl-core` the arrows point down by convention (`analysis | kinds | ops → collect
//! → render → interrupt → sys`, `model`/`error`/`units` beside all): that part is still read
//! from the source, with grouped imports (`use crate::{a, b::c}`, over several lines),
//! `super::super::` paths and test modules understood.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The names in a manifest's `[dependencies]` table (not dev-dependencies).
fn dependencies(manifest: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(manifest).unwrap();
    let mut out = BTreeSet::new();
    let mut inside = false;
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with('[') {
            inside = l == "[dependencies]";
            continue;
        }
        if inside && !l.is_empty() && !l.starts_with('#') {
            let name = l.split(['=', '.', ' ']).next().unwrap().trim();
            out.insert(name.to_string());
        }
    }
    out
}

fn ipcctl_deps(manifest: &Path) -> Vec<String> {
    dependencies(manifest)
        .into_iter()
        .filter(|d| d.starts_with("ipcctl"))
        .collect()
}

#[test]
fn the_crate_graph_points_down() {
    let r = root();
    assert_eq!(
        ipcctl_deps(&r.join("crates/sys/Cargo.toml")),
        Vec::<String>::new()
    );
    assert_eq!(
        ipcctl_deps(&r.join("crates/core/Cargo.toml")),
        ["ipcctl-sys"]
    );
    assert_eq!(
        ipcctl_deps(&r.join("crates/bench/Cargo.toml")),
        ["ipcctl-core", "ipcctl-sys"]
    );
    assert_eq!(
        ipcctl_deps(&r.join("Cargo.toml")),
        ["ipcctl-bench", "ipcctl-core", "ipcctl-sys"]
    );
    // Raw libc is a dependency of sys alone (others may use it in tests only).
    for m in [
        "crates/core/Cargo.toml",
        "crates/bench/Cargo.toml",
        "Cargo.toml",
    ] {
        assert!(
            !dependencies(&r.join(m)).contains("libc"),
            "{m} depends on libc"
        );
    }
    assert!(dependencies(&r.join("crates/sys/Cargo.toml")).contains("libc"));
}

#[test]
fn unsafe_is_forbidden_in_every_crate_but_sys() {
    let r = root();
    for lib in [
        "crates/core/src/lib.rs",
        "crates/bench/src/lib.rs",
        "src/lib.rs",
    ] {
        let text = std::fs::read_to_string(r.join(lib)).unwrap();
        assert!(
            text.contains("\n#![forbid(unsafe_code)]\n"),
            "{lib} forbids unsafe_code"
        );
    }
    let main = std::fs::read_to_string(r.join("src/main.rs")).unwrap();
    assert!(!main.contains("unsafe"), "main.rs has no unsafe");
}

/// A module's rank inside ipcctl-core: it may import modules of lower rank, its own top
/// module, and the leaves.
fn rank(module: &str) -> Option<u8> {
    Some(match module {
        "lib" => 6,
        "analysis" | "kinds" | "ops" => 4,
        "collect" => 3,
        "render" => 2,
        // The recorder's store: read by collect, written by the recorder.
        "journal" => 2,
        "interrupt" => 1,
        "sys" => 0,
        _ => return None,
    })
}

/// Modules every layer may use: plain data, errors, unit conversions, and the kinds'
/// capability table (`kinds::info`, which imports `model` only).
const LEAVES: [&str; 4] = ["model", "error", "units", "kinds::info"];

/// Extra arrows that are allowed on purpose, with the reason.
fn allowed_exception(from: &str, to: &str) -> bool {
    matches!(
        (from, to),
        // kinds share mutation helpers in ops, and ops' docs point at kinds.
        ("ops", "kinds") | ("kinds", "ops")
            // Judgement reads what the collectors found.
            | ("analysis", "collect")
            // render words the bench's typed results (BenchResult, Flag, Compared) as it
            // words the model; the engine hands them up and makes no report text.
            | ("render", "bench")
    )
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file below `src`: `collect/holders/scan.rs` → [collect, holders, scan];
/// `mod.rs` and `lib.rs` name their directory.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| {
            c.as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string()
        })
        .collect();
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    if parts == ["lib"] {
        return vec!["lib".into()];
    }
    parts
}

/// The text without comments, string literals and `#[cfg(test)]` items (tests may reach
/// anywhere): a `#[cfg(test)]` attribute removes the item after it, braces balanced.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let at = |i: usize, p: &str| b[i..].starts_with(p.as_bytes());
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if at(i, "//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if at(i, "/*") {
            i = text[i..].find("*/").map_or(b.len(), |e| i + e + 2);
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.extend_from_slice(b"\"\"");
        } else if b[i] == b'\'' && (at(i + 1, "\\") || b.get(i + 2) == Some(&b'\'')) {
            // A char literal ('"', '\'', '\\'); a lifetime has no closing quote.
            i += 1;
            while i < b.len() && b[i] != b'\'' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.extend_from_slice(b"' '");
        } else if at(i, "#[cfg(test)]") {
            // Skip the attribute and the item it guards: up to a `;` before any `{`, or the
            // balanced `{ … }` block.
            i += "#[cfg(test)]".len();
            let mut depth = 0usize;
            while i < b.len() {
                match b[i] {
                    b';' if depth == 0 => {
                        i += 1;
                        break;
                    }
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            i += 1;
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn ident_at(s: &str) -> String {
    s.trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// The top modules named by a path tail after `crate::` (or after climbing to the root with
/// `super::`): one identifier, or each first identifier of a `{ … }` group.
fn top_names(tail: &str) -> Vec<String> {
    let t = tail.trim_start();
    if let Some(group) = t.strip_prefix('{') {
        let mut names = Vec::new();
        let mut depth = 0usize;
        let mut start = true;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => start = true,
                c if start && !c.is_whitespace() => {
                    start = false;
                    let n = ident_at(&group[i..]);
                    if !n.is_empty() && n != "self" {
                        names.push(n);
                    }
                }
                _ => {}
            }
        }
        names
    } else {
        let n = ident_at(t);
        // The capability table is a leaf of its own inside `kinds`.
        if n == "kinds" && t[n.len()..].trim_start().starts_with("::info") {
            return vec!["kinds::info".into()];
        }
        if n.is_empty() { vec![] } else { vec![n] }
    }
}

/// Every top module a file's code refers to through `crate::` or `super::` chains that reach
/// the crate root.
fn references(module: &[String], code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before_ok = i == 0 || !rest.as_bytes()[i - 1].is_ascii_alphanumeric();
        rest = &rest[i + "crate::".len()..];
        if before_ok {
            out.extend(top_names(rest));
        }
    }
    // `super::` from a module at depth d (a file `a/b.rs` is depth 2, `a/mod.rs` depth 1)
    // reaches the root after d supers; what follows is a top module.
    let depth = module.len();
    let mut rest = code;
    while let Some(i) = rest.find("super::") {
        let mut n = 0;
        let mut tail = &rest[i..];
        while let Some(t) = tail.strip_prefix("super::") {
            n += 1;
            tail = t.trim_start();
        }
        if n >= depth && depth > 0 {
            out.extend(top_names(tail));
        }
        rest = &rest[i + n * "super::".len()..];
    }
    out
}

fn core_violations(src: &Path) -> BTreeMap<String, Vec<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut bad: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &files {
        let module = module_path(src, f);
        let from = if module == ["kinds", "info"] {
            "kinds::info".to_string()
        } else {
            module[0].clone()
        };
        let Some(from_rank) = rank(&from).or(LEAVES.contains(&from.as_str()).then_some(0)) else {
            bad.entry(f.display().to_string())
                .or_default()
                .push(format!("module '{from}' has no place in the layering test"));
            continue;
        };
        let code = code_only(&std::fs::read_to_string(f).unwrap());
        for to in references(&module, &code) {
            if to == from || to == "Error" || to == "Result" {
                continue;
            }
            let ok = if LEAVES.contains(&from.as_str()) {
                LEAVES.contains(&to.as_str())
            } else if LEAVES.contains(&to.as_str()) || from == "lib" {
                true
            } else {
                match rank(&to) {
                    Some(r) => r < from_rank || allowed_exception(&from, &to),
                    None => false,
                }
            };
            if !ok {
                bad.entry(f.display().to_string())
                    .or_default()
                    .push(format!("{from} -> {to}"));
            }
        }
    }
    bad
}

#[test]
fn arrows_inside_core_point_down_only() {
    let bad = core_violations(&root().join("crates/core/src"));
    assert!(
        bad.is_empty(),
        "upward imports inside ipcctl-core:\n{bad:#?}"
    );
}

/// The reader of imports catches what a line-by-line grep missed.
#[test]
fn the_import_reader_sees_grouped_multiline_and_super_paths() {
    let m = |s: &str| s.split('/').map(String::from).collect::<Vec<_>>();
    let refs = |module: &[String], text: &str| {
        let mut r = references(module, &code_only(text));
        r.sort();
        r
    };
    assert_eq!(
        refs(
            &m("model"),
            "use crate::{\n    analysis::x,\n    render::{a, b},\n};"
        ),
        ["analysis", "render"]
    );
    assert_eq!(
        refs(
            &m("collect/holders/scan"),
            "use super::super::super::analysis::y;"
        ),
        ["analysis"]
    );
    // Two supers from depth 3 stay inside `collect`.
    assert_eq!(
        refs(&m("collect/holders/scan"), "use super::super::sysv;"),
        Vec::<String>::new()
    );
    // Test modules and comments are not code; text after them is.
    assert_eq!(
        refs(
            &m("render"),
            "// crate::collect\n#[cfg(test)]\nmod tests { use crate::analysis; }\nuse crate::kinds::K;"
        ),
        ["kinds"]
    );
    assert_eq!(
        refs(&m("render"), "let s = \"crate::analysis\";"),
        Vec::<String>::new()
    );
}

/// Issue 21.1: questions about a kind go to its capability table (`kind.info()`, built in
/// `src/kinds/info.rs`), not to `== Kind::X` checks or matches elsewhere. The counts may only
/// go down; each remaining place is named here with why it is still there.
#[test]
fn kind_questions_go_to_the_capability_table() {
    let r = root();
    let mut files = Vec::new();
    for dir in ["crates/core/src", "crates/bench/src", "src"] {
        rust_files(&r.join(dir), &mut files);
    }
    let check = regex::Regex::new(
        r"(==|!=)\s*Kind::|\bKind::\w+\s*(==|!=)|matches!\([^;]*[^A-Za-z_]Kind::",
    )
    .unwrap();
    // A match arm over Kind: `Kind::A | Kind::B =>`, `(Kind::A, x) =>`, `k @ (Kind::A) =>`.
    let arm = regex::Regex::new(
        r"^(\|\s*)?(\w+\s*@\s*)?\(?Kind::\w+(\s*\|\s*Kind::\w+)*\)?\s*(,[^=]*)?\)?\s*(if .*)?=>",
    )
    .unwrap();
    let (mut checks, mut arm_files) = (Vec::new(), BTreeMap::new());
    for f in &files {
        let rel = f.strip_prefix(&r).unwrap();
        // kinds/ owns per-kind knowledge.
        if rel.starts_with("crates/core/src/kinds") {
            continue;
        }
        let code = code_only(&std::fs::read_to_string(f).unwrap());
        for line in code.lines().map(str::trim) {
            if check.is_match(line) {
                checks.push(format!("{}: {}", rel.display(), line));
            }
            if arm.is_match(line) {
                *arm_files.entry(rel.display().to_string()).or_insert(0) += 1;
            }
        }
    }
    // collect/limits.rs (4): which objects each kernel limit counts (msgmni counts msg
    // queues); collect/sysv.rs (1): which /proc/sysvipc columns a System V kind has.
    assert!(
        checks.len() <= 5,
        "{} checks:\n{}",
        checks.len(),
        checks.join("\n")
    );
    // Left: collect/sysv.rs (each System V kind's columns), analysis/orphans/classify.rs
    // (each kind's recorded pids as evidence), render/objects.rs (`show`'s per-kind fields).
    let left: Vec<&String> = arm_files.keys().collect();
    assert!(
        left.len() <= 3,
        "match arms over Kind outside src/kinds/: {arm_files:#?}"
    );
}
