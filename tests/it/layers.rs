//! The architecture, checked: arrows point down only (`cli → cmd → analysis | kinds | ops →
//! collect → sys`, `model`/`error`/`units` beside all, `render` on `model` alone), and
//! `unsafe` lives in `sys/` only. A file that imports upward fails this test with its name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A module's rank: it may import modules of lower rank, its own top module, and the leaves.
fn rank(module: &str) -> Option<u8> {
    Some(match module {
        "main" | "lib" => 6,
        // The command layer: argument types, commands, and the helpers only commands use.
        "cli" | "cmd" | "output" | "filter" => 5,
        "analysis" | "kinds" | "ops" | "bench" | "recorder" => 4,
        "collect" => 3,
        "render" => 2,
        // The recorder's store: read by collect, written by the recorder.
        "journal" => 2,
        "interrupt" => 1,
        "sys" => 0,
        _ => return None,
    })
}

/// Modules every layer may use: plain data, errors and unit conversions.
const LEAVES: [&str; 3] = ["model", "error", "units"];

/// Extra arrows that are allowed on purpose, with the reason.
fn allowed_exception(from: &str, to: &str) -> bool {
    matches!(
        (from, to),
        // kinds share mutation helpers in ops, and ops' docs point at kinds.
        ("ops", "kinds") | ("kinds", "ops")
            // Judgement reads what the collectors found.
            | ("analysis", "collect")
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

/// The top module a file belongs to: `src/collect/sysv.rs` → `collect`.
fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Code lines of a file, without comments and without the `#[cfg(test)]` module at the end
/// (tests may reach anywhere).
fn code_lines(text: &str) -> impl Iterator<Item = &str> {
    let end = text.find("#[cfg(test)]").unwrap_or(text.len());
    text[..end]
        .lines()
        .map(str::trim_start)
        .filter(|l| !l.starts_with("//"))
}

fn crate_refs(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.push(name);
        }
    }
    out
}

#[test]
fn arrows_point_down_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut bad: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &files {
        let from = top_module(&src, f);
        let Some(from_rank) = rank(&from).or(LEAVES.contains(&from.as_str()).then_some(0)) else {
            bad.entry(f.display().to_string())
                .or_default()
                .push(format!("module '{from}' has no place in the layering test"));
            continue;
        };
        let text = std::fs::read_to_string(f).unwrap();
        for line in code_lines(&text) {
            for to in crate_refs(line) {
                if to == from || to == "Error" || to == "Result" {
                    continue;
                }
                let ok = if LEAVES.contains(&from.as_str()) {
                    // Leaves import only each other.
                    LEAVES.contains(&to.as_str())
                } else if LEAVES.contains(&to.as_str()) {
                    true
                } else {
                    match rank(&to) {
                        // Within the command layer any arrow is fine; below it, down only.
                        Some(r) => {
                            r < from_rank
                                || (r == 5 && from_rank == 5)
                                || allowed_exception(&from, &to)
                        }
                        None => false,
                    }
                };
                if !ok {
                    bad.entry(f.display().to_string())
                        .or_default()
                        .push(format!("{from} -> {to}: {}", line.trim()));
                }
            }
        }
    }
    assert!(bad.is_empty(), "upward imports:\n{bad:#?}");
}

#[test]
fn unsafe_lives_in_sys_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut bad = Vec::new();
    for f in &files {
        if top_module(&src, f) == "sys" {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        for (n, code) in code_lines(&text).enumerate() {
            if code.contains("unsafe ") || code.contains("unsafe{") || code.contains("libc::") {
                bad.push(format!("{} (code line {}): {}", f.display(), n + 1, code));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "unsafe or raw libc outside src/sys:\n{}",
        bad.join("\n")
    );
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    assert!(
        lib.contains("#![deny(unsafe_code)]"),
        "lib.rs denies unsafe_code"
    );
}
