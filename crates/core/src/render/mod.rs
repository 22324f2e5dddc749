//! Rendering: where raw values become words and human units (`4.0 MiB`, `3h ago`, evidence
//! sentences, the one sanitizer for terminal text). It depends on `model` alone (the
//! benchmark's words are `ipcctl_bench::text`). `table` builds aligned tables (whole, or streamed a line
//! at a time); JSON goes through serde (`output::print_json`).

pub mod doctor;
pub mod evidence;
pub mod hexdump;
pub mod limits;
pub mod message;
pub mod metrics;
pub mod objects;
pub mod record;
pub mod table;
pub mod warnings;

/// `512 B`, `4.0 KiB`, `1.5 GiB` (binary units, as /dev/shm and ipcs users expect).
pub fn human_size(bytes: u64) -> String {
    let mut s = String::with_capacity(12);
    write_human_size(&mut s, bytes);
    s
}

/// `human_size` written into `out` (no allocation; used per row in large tables).
pub fn write_human_size(out: &mut String, bytes: u64) {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if bytes < 1024 {
        push_u64(out, bytes);
        out.push_str(" B");
        return;
    }
    // Integer arithmetic in tenths (float formatting is slow in large listings).
    let mut i = 0;
    let mut div: u128 = 1024;
    while u128::from(bytes) >= div * 1024 && i + 1 < UNITS.len() {
        div *= 1024;
        i += 1;
    }
    let tenths = ((u128::from(bytes) * 10 + div / 2) / div) as u64;
    if tenths >= 1000 {
        // Rounded to the nearest unit: 100.1 KiB is "100 KiB", not "101 KiB".
        push_u64(out, (tenths + 5) / 10);
    } else {
        push_u64(out, tenths / 10);
        out.push('.');
        push_u64(out, tenths % 10);
    }
    out.push(' ');
    out.push_str(UNITS[i]);
}

pub use crate::units::{now, push_i64, push_u64};

use crate::model::is_hidden;

/// Replace hidden characters by visible escapes (`\u{202e}`, `\n`) so that an object name
/// cannot rewrite the terminal, reorder a line, break a table row or pass for another name.
/// The one sanitizer for every human-facing string; JSON keeps the exact text. Every escape
/// it writes is read back by `model::name_to_bytes`, so a printed name can be typed again.
pub fn sanitize(s: &str) -> String {
    sanitize_cow(s).into_owned()
}

/// `sanitize` without a copy when there is nothing to escape.
pub fn sanitize_cow(s: &str) -> std::borrow::Cow<'_, str> {
    escape(s, false)
}

/// `sanitize`, and whitespace escaped too (a space as `\x20`), so that a reference in a
/// table is one word for `xargs`, `read` or `awk` (`-o ref --no-headings | xargs ipcctl rm`).
pub fn sanitize_word(s: &str) -> std::borrow::Cow<'_, str> {
    escape(s, true)
}

/// A reference as a table cell: `sanitize_word`, and single-quoted when it holds an escape,
/// so that `xargs` (which strips one level of backslashes and any quotes) hands ipcctl the
/// exact escaped form; `model::Ref::parse` takes the quotes off again (for `xargs -d '\n'`,
/// `read` or `awk`, which keep them). A name an attacker chose (`\x69mportant`,
/// `'important'`) can then never reach ipcctl as another object's name.
pub fn sanitize_ref(s: &str) -> std::borrow::Cow<'_, str> {
    let w = sanitize_word(s);
    if w.contains('\\') {
        std::borrow::Cow::Owned(format!("'{w}'"))
    } else {
        w
    }
}

fn escape(s: &str, one_word: bool) -> std::borrow::Cow<'_, str> {
    // Fast path (every System V ref, most names): printable ASCII hides nothing; a word
    // must also have no blank or quote.
    if s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && !(one_word && matches!(b, b' ' | b'\'' | b'"')))
    {
        return std::borrow::Cow::Borrowed(s);
    }
    let hidden =
        |c: char| is_hidden(c) || (one_word && (c.is_whitespace() || c == '\'' || c == '"'));
    if !s.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == ' ' && one_word {
            out.push_str("\\x20");
        } else if c == '\'' && one_word {
            out.push_str("\\x27");
        } else if c == '"' && one_word {
            out.push_str("\\x22");
        } else if hidden(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A size in the chosen style: human units, or exact bytes with `--bytes`.
pub fn size(bytes: u64, exact: bool) -> String {
    if exact {
        bytes.to_string()
    } else {
        human_size(bytes)
    }
}

/// How long ago `then` was, coarsely: `now`, `45s ago`, `3m ago`, `2h ago`, `5d ago`.
pub fn human_age(then: i64, now: i64) -> String {
    let mut s = String::with_capacity(10);
    write_human_age(&mut s, then, now);
    s
}

/// `human_age` written into `out`.
pub fn write_human_age(out: &mut String, then: i64, now: i64) {
    if then <= 0 {
        return out.push('-');
    }
    let d = now.saturating_sub(then);
    if d < 0 {
        return out.push_str("in the future");
    }
    if d < 1 {
        return out.push_str("now");
    }
    let (n, unit) = if d < 60 {
        (d, "s")
    } else if d < 3600 {
        (d / 60, "m")
    } else if d < 86_400 {
        (d / 3600, "h")
    } else if d < 86_400 * 365 {
        (d / 86_400, "d")
    } else {
        (d / (86_400 * 365), "y")
    };
    push_i64(out, n);
    out.push_str(unit);
    out.push_str(" ago");
}

/// A duration in seconds, coarsely: `45s`, `3m`, `2h 5m`, `3d 4h`.
pub fn human_duration(secs: i64) -> String {
    let s = secs.max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86_400 => format!("{}h {}m", s / 3600, (s % 3600) / 60),
        _ => format!("{}d {}h", s / 86_400, (s % 86_400) / 3600),
    }
}

/// `rwxrw-r--` style permissions with the octal value: `0644 (rw-r--r--)`.
pub fn perms(mode: u32) -> String {
    let mut s = String::with_capacity(9);
    for shift in [6, 3, 0] {
        let b = (mode >> shift) & 7;
        s.push(if b & 4 != 0 { 'r' } else { '-' });
        s.push(if b & 2 != 0 { 'w' } else { '-' });
        s.push(if b & 1 != 0 { 'x' } else { '-' });
    }
    s
}

/// How many warnings one line gives in full; more are counted.
const WARNINGS_IN_FULL: usize = 3;

/// Several warnings as one line (a command says at most one warning line without -v).
pub fn joined_warnings(texts: &[&str]) -> String {
    let mut out = texts
        .iter()
        .take(WARNINGS_IN_FULL)
        .copied()
        .collect::<Vec<_>>()
        .join("; also, ");
    let more = texts.len().saturating_sub(WARNINGS_IN_FULL);
    if more > 0 {
        out.push_str(&format!("; and {more} more warning(s) (-v shows each)"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_escapes_controls_and_hidden_characters() {
        assert_eq!(sanitize("plain"), "plain");
        assert_eq!(sanitize("a\x1b[31mb\n"), "a\\u{1b}[31mb\\n");
        // Regression (issue 10.10): bidi override, zero-width space, BOM passed through.
        assert_eq!(sanitize("x\u{202E}y"), "x\\u{202e}y");
        assert_eq!(sanitize("\u{200B}\u{FEFF}"), "\\u{200b}\\u{feff}");
        assert_eq!(sanitize("café"), "café");
        assert_eq!(sanitize("a b"), "a b");
        // Regression (issue 19.8): format characters beyond the old list (Arabic number
        // sign, tag characters, Egyptian hieroglyph format controls) passed through.
        assert_eq!(
            sanitize("\u{600}\u{E0041}\u{13430}"),
            "\\u{600}\\u{e0041}\\u{13430}"
        );
    }

    /// Regression (issue 19.7): a name with spaces was several words in `-o ref` output.
    #[test]
    fn one_word_escapes_whitespace_as_well() {
        assert_eq!(sanitize_word("pshm:/plain"), "pshm:/plain");
        assert_eq!(
            sanitize_word("pshm:/junk pshm:victim"),
            "pshm:/junk\\x20pshm:victim"
        );
        assert_eq!(
            sanitize_word("a\tb\u{a0}c\u{3000}"),
            "a\\tb\\u{a0}c\\u{3000}"
        );
        assert_eq!(sanitize_word("x\u{202E}"), "x\\u{202e}");
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(4096), "4.0 KiB");
        assert_eq!(human_size(1 << 20), "1.0 MiB");
        assert_eq!(human_size(200 << 20), "200 MiB");
        assert_eq!(human_size(u64::MAX), "16.0 EiB");
        assert_eq!(human_size(1023 * 1024 + 1000), "1024 KiB");
        // Issue 26.9: 100.1 KiB was "101 KiB".
        assert_eq!(human_size(102_502), "100 KiB");
        assert_eq!(human_size(103_015), "101 KiB");
        let mut s = String::new();
        push_i64(&mut s, -1234567);
        push_u64(&mut s, 0);
        push_u64(&mut s, u64::MAX);
        assert_eq!(s, "-1234567018446744073709551615");
        assert_eq!(size(4096, true), "4096");
    }

    #[test]
    fn ages() {
        assert_eq!(human_age(100, 100), "now");
        assert_eq!(human_age(55, 100), "45s ago");
        assert_eq!(human_age(0, 100), "-");
        let now = 1_000_000;
        assert_eq!(human_age(now - 3 * 3600 - 5, now), "3h ago");
        assert_eq!(human_age(now - 2 * 86_400, now), "2d ago");
        assert_eq!(human_duration(3 * 3600 + 120), "3h 2m");
    }

    #[test]
    fn perm_strings() {
        assert_eq!(perms(0o644), "rw-r--r--");
        assert_eq!(perms(0o600), "rw-------");
    }
}
