//! References: how an object is named on the command line and in output (`Ref`,
//! `Ident`, ftok references, keys, POSIX names and their escapes).

use super::*;
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How a reference names its object.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Ident {
    /// System V id (shmid, msqid, semid).
    Id(i32),
    /// System V key, never 0 (IPC_PRIVATE).
    Key(u32),
    /// POSIX name without the leading '/'.
    Name(String),
}

/// A parsed `KIND:IDENT` reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ref {
    pub kind: Kind,
    pub ident: Ident,
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.ident {
            Ident::Id(id) => write!(f, "{}:{}", self.kind, id),
            Ident::Key(k) => write!(f, "{}:{}", self.kind, fmt_key(*k)),
            Ident::Name(n) => write!(f, "{}:/{}", self.kind, n),
        }
    }
}

/// Format a System V key the one way ipcctl writes keys: `0x` and eight hex digits.
pub fn fmt_key(key: u32) -> String {
    let mut s = String::with_capacity(10);
    push_key(&mut s, key);
    s
}

/// [`fmt_key`] into a buffer (a table row), without formatting machinery.
pub fn push_key(s: &mut String, key: u32) {
    s.push_str("0x");
    for shift in (0..8).rev() {
        let d = ((key >> (shift * 4)) & 0xf) as u8;
        s.push(char::from(if d < 10 { b'0' + d } else { b'a' + d - 10 }));
    }
}

/// Parse a hex key as written on the command line (`0x1234`); 0 and values above 32 bits are
/// refused rather than truncated.
pub fn parse_key(s: &str) -> Result<u32, String> {
    let hex = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .ok_or_else(|| format!("key '{s}' must be written in hex with 0x, e.g. 0x0000abcd"))?;
    if hex.is_empty() || hex.len() > 8 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!(
            "key '{s}' is not a 32-bit hex number (at most 8 hex digits after 0x)"
        ));
    }
    let key = u32::from_str_radix(hex, 16).map_err(|e| format!("key '{s}': {e}"))?;
    if key == 0 {
        return Err(format!(
            "key '{s}' is IPC_PRIVATE (0), which cannot be addressed by key; use the id instead"
        ));
    }
    Ok(key)
}

/// The `--key 0xK` option, if given: a usage error naming the option when it is malformed.
pub fn parse_key_option(s: Option<&str>) -> Result<Option<u32>, Error> {
    s.map(parse_key)
        .transpose()
        .map_err(|m| Error::usage(format!("--key: {m}")))
}

/// A POSIX name as ipcctl writes it: names are bytes, and not every name is UTF-8. Valid
/// UTF-8 is kept as it is, a backslash is written `\\`, and every byte that is not part of
/// valid UTF-8 is written `\xHH`. The mapping is lossless, so the written form is accepted
/// back as a reference (`pshm:/bad\xff`) and names the exact file.
pub fn name_from_bytes(raw: &[u8]) -> String {
    let mut out = String::with_capacity(raw.len());
    for chunk in raw.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// The bytes a written name stands for (the inverse of [`name_from_bytes`]), also reading
/// every escape that printing adds (`render::sanitize`: `\n`, `\t`, `\r`, `\u{202e}`, and
/// `\x20` for a space in a table), so any name ipcctl prints can be given back. A backslash
/// that starts no escape stands for itself.
pub fn name_to_bytes(name: &str) -> Vec<u8> {
    let b = name.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            let simple = match b.get(i + 1) {
                Some(b'\\') => Some(b'\\'),
                Some(b'n') => Some(b'\n'),
                Some(b't') => Some(b'\t'),
                Some(b'r') => Some(b'\r'),
                _ => None,
            };
            if let Some(c) = simple {
                out.push(c);
                i += 2;
                continue;
            }
            if b.get(i + 1..i + 3) == Some(b"u{")
                && let Some(len) = b[i + 3..].iter().take(7).position(|&c| c == b'}')
                && let Ok(h) = std::str::from_utf8(&b[i + 3..i + 3 + len])
                && let Ok(v) = u32::from_str_radix(h, 16)
                && let Some(c) = char::from_u32(v)
            {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                i += 4 + len;
                continue;
            }
            if b.get(i + 1) == Some(&b'x')
                && let Some(hex) = b.get(i + 2..i + 4)
                && let Ok(h) = std::str::from_utf8(hex)
                && let Ok(v) = u8::from_str_radix(h, 16)
            {
                out.push(v);
                i += 4;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// Characters that change how a terminal shows text without being visible themselves:
/// controls (escape sequences, newlines), every format character (Unicode category Cf:
/// bidi overrides and isolates, zero-width characters, the soft hyphen, tag characters...),
/// line and paragraph separators.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_format(c) || is_blank_letter(c)
}

/// Characters that draw nothing but are no format characters: the combining grapheme joiner,
/// variation selectors, Hangul fillers, the braille blank. A name ending in one looks like
/// another name without it.
fn is_blank_letter(c: char) -> bool {
    matches!(
        c,
        '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180D}'
            | '\u{180F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FFA0}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Unicode general category Cf (Unicode 16), plus the line and paragraph separators
/// (U+2028, U+2029, Zl/Zp), which break a line like a control.
fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// The escapes ipcctl writes, and only those, are read back: `\\xNN` for a byte that is
/// not printable ASCII (or is a space or quote), `\\u{..}` for a hidden character. Anything
/// else (`\\x69` for `i`) was not printed by ipcctl; most likely a tool (xargs) removed a
/// backslash from a printed `\\\\x69`, and reading it would name another object.
pub fn check_escapes(name: &str) -> Result<(), String> {
    let b = name.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        match b.get(i + 1) {
            Some(b'\\' | b'n' | b't' | b'r') => i += 2,
            Some(b'x') => {
                if let Some(v) = b
                    .get(i + 2..i + 4)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    if v.is_ascii_graphic() && !matches!(v, b'\'' | b'"') {
                        return Err(format!(
                            "'\\x{v:02x}' is not an escape ipcctl prints ('{}' is printed as itself): was a backslash removed on the way (xargs does that; use xargs -d '\\n')?",
                            v as char
                        ));
                    }
                    i += 4;
                } else {
                    i += 2;
                }
            }
            Some(b'u') => {
                let rest = &name[i + 2..];
                if let Some(inner) = rest.strip_prefix('{').and_then(|r| r.split_once('}'))
                    && let Ok(v) = u32::from_str_radix(inner.0, 16)
                    && let Some(c) = char::from_u32(v)
                    && !is_hidden(c)
                    && !c.is_whitespace()
                {
                    return Err(format!(
                        "'\\u{{{}}}' is not an escape ipcctl prints ('{c}' is printed as itself): was a backslash removed on the way (xargs does that; use xargs -d '\\n')?",
                        inner.0
                    ));
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// Check a POSIX object name (without the leading '/').
pub fn check_posix_name(kind: Kind, name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err(format!("{kind}: a POSIX name must not be empty"));
    }
    if name.contains('/') {
        return Err(format!(
            "{kind}:/{name}: a POSIX name has one leading '/' and no other"
        ));
    }
    if name == "." || name == ".." {
        return Err(format!("{kind}:/{name}: '{name}' is not a valid name"));
    }
    if name.contains('\0') {
        return Err(format!("{kind}: a POSIX name must not contain NUL"));
    }
    // NAME_MAX is 255; psem adds the "sem." prefix in /dev/shm.
    let max = kind.info().name_max;
    let len = name_to_bytes(name).len();
    if len > max {
        return Err(format!(
            "{kind}: name is {len} bytes long, at most {max} are allowed"
        ));
    }
    Ok(())
}

impl std::str::FromStr for Ref {
    type Err = Error;

    fn from_str(s: &str) -> Result<Ref, Error> {
        let usage = |m: String| Error::Usage(m);
        // Tables single-quote a reference that holds an escape (`render::sanitize_ref`):
        // `xargs` removes the quotes, `xargs -d '\n'` and `read` keep them.
        let s = s
            .strip_prefix('\'')
            .and_then(|r| r.strip_suffix('\''))
            .unwrap_or(s);
        let (kind_s, ident) = s.split_once(':').ok_or_else(|| {
            usage(format!(
                "'{s}' is not a reference: write KIND:ID, KIND:0xKEY or KIND:/NAME (e.g. shm:32768, pmq:/jobs)"
            ))
        })?;
        let kind = Kind::parse(kind_s).ok_or_else(|| {
            usage(format!(
                "'{s}': unknown kind '{kind_s}' (one of {})",
                Kind::names(", ")
            ))
        })?;
        if ident.is_empty() {
            return Err(usage(format!("'{s}': nothing after '{kind}:'")));
        }
        if kind.is_sysv() {
            if ident.starts_with('/') {
                return Err(usage(format!(
                    "'{s}': System V objects have no names; write {kind}:ID or {kind}:0xKEY"
                )));
            }
            if ident.starts_with("0x") || ident.starts_with("0X") {
                let key = parse_key(ident).map_err(|m| usage(format!("{kind}: {m}")))?;
                return Ok(Ref {
                    kind,
                    ident: Ident::Key(key),
                });
            }
            let digits = ident.bytes().all(|b| b.is_ascii_digit());
            let id: i32 = ident
                .parse()
                .ok()
                .filter(|i| *i >= 0 && digits)
                .ok_or_else(|| {
                    usage(format!(
                        "'{s}': '{ident}' is neither an id (a decimal number) nor a key (0x...)"
                    ))
                })?;
            Ok(Ref {
                kind,
                ident: Ident::Id(id),
            })
        } else {
            let looks_numeric =
                ident.starts_with("0x") || ident.chars().all(|c| c.is_ascii_digit());
            if !ident.starts_with('/') && looks_numeric {
                return Err(usage(format!(
                    "'{s}': POSIX objects are addressed by name, not by id or key; write {kind}:/NAME"
                )));
            }
            let name = ident.strip_prefix('/').unwrap_or(ident);
            check_posix_name(kind, name).map_err(usage)?;
            check_escapes(name).map_err(|m| usage(format!("'{s}': {m}")))?;
            // The one written form of the name, whichever escapes were typed (`a\x20b`
            // names `a b`), so it compares equal to the listed reference.
            let name = name_from_bytes(&name_to_bytes(name));
            check_posix_name(kind, &name).map_err(usage)?;
            Ok(Ref {
                kind,
                ident: Ident::Name(name),
            })
        }
    }
}

/// A System V key as a program builds it: `ftok(PATH, PROJ)`. The reference form is
/// `KIND:ftok:PATH:PROJ`, PROJ a number (`65`) or one character (`A`, the same as 65).
/// Parsing does no I/O: the path is stat'ed by the command that uses it (`collect::ftok`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ftok {
    pub path: std::path::PathBuf,
    /// The project id's low 8 bits, never 0.
    pub proj: u8,
}

impl Ftok {
    /// The key glibc's `ftok` makes (sysvipc/ftok.c: `(st_ino & 0xffff) | ((st_dev & 0xff)
    /// << 16) | ((proj_id & 0xff) << 24)`, the file stat'ed with symlinks followed).
    pub fn key(proj: u8, dev: u64, ino: u64) -> u32 {
        (ino & 0xffff) as u32 | (((dev & 0xff) as u32) << 16) | (u32::from(proj) << 24)
    }

    /// Do a key's device and inode bits match this (dev, ino)? Then it is `ftok` of that
    /// file with the project id of its top byte.
    pub fn matches(key: u32, dev: u64, ino: u64) -> bool {
        key & 0x00ff_ffff == Ftok::key(0, dev, ino)
    }

    /// `PATH:PROJ` (the last `:` separates them: a path may hold colons).
    pub fn parse(s: &str) -> Result<Ftok, String> {
        let (path, proj) = s
            .rsplit_once(':')
            .ok_or_else(|| format!("'{s}' is not PATH:PROJ (e.g. /tmp:A or /tmp/myfile:65)"))?;
        if path.is_empty() {
            return Err(format!(
                "'{s}': the path is empty; ftok needs an existing file"
            ));
        }
        Ok(Ftok {
            path: path.into(),
            proj: parse_proj(proj)?,
        })
    }
}

/// A computed ftok key with its inputs (`ipcctl key --json`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FtokKey {
    pub path: String,
    pub proj: u8,
    pub dev: u64,
    pub ino: u64,
    /// `0x%08x`, as every key ipcctl prints.
    #[serde(serialize_with = "ser_key_u32")]
    pub key: u32,
}

fn ser_key_u32<S: serde::Serializer>(key: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&fmt_key(*key))
}

/// A project id: a decimal number (`65`; glibc keeps its low 8 bits, so 321 is 65) or one
/// character (`A`). A digit is a number: write `49` for the character '1'. 0 (or a
/// multiple of 256) is refused: glibc would compute a key with a zero top byte all the same,
/// but ftok(3) says proj_id must be nonzero and POSIX leaves 0 unspecified.
pub fn parse_proj(s: &str) -> Result<u8, String> {
    let mut chars = s.chars();
    let v: u64 = match (chars.next(), chars.next()) {
        (None, _) => {
            return Err(
                "the project id is empty (write a number like 65 or a character like A)".into(),
            );
        }
        (Some(c), None) if !c.is_ascii_digit() => {
            if !c.is_ascii() || c.is_ascii_control() {
                return Err(format!(
                    "project id '{s}': a character must be printable ASCII (or write its number)"
                ));
            }
            u64::from(c as u8)
        }
        _ => s.parse().map_err(|_| {
            format!("project id '{s}' is neither a number (65) nor one character (A)")
        })?,
    };
    let low = (v & 0xff) as u8;
    if low == 0 {
        return Err(format!(
            "project id {v}: ftok uses its low 8 bits, which are 0; ftok(3) requires a nonzero \
             project id (glibc would return a key with a zero top byte without complaint)"
        ));
    }
    Ok(low)
}

/// A reference as typed on the command line: a [`Ref`], or a System V key named by ftok,
/// which the command resolves (stat) into a `Ref` by key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefArg {
    Ref(Ref),
    Ftok { kind: Kind, ftok: Ftok },
}

impl std::str::FromStr for RefArg {
    type Err = Error;

    fn from_str(s: &str) -> Result<RefArg, Error> {
        let unquoted = s
            .strip_prefix('\'')
            .and_then(|r| r.strip_suffix('\''))
            .unwrap_or(s);
        if let Some((kind_s, rest)) = unquoted.split_once(':')
            && let Some(spec) = rest.strip_prefix("ftok:")
            && let Some(kind) = Kind::parse(kind_s)
        {
            if !kind.is_sysv() {
                return Err(Error::Usage(format!(
                    "'{s}': ftok makes System V keys; {kind} objects are named by /NAME"
                )));
            }
            let ftok = Ftok::parse(spec).map_err(|m| Error::Usage(format!("{kind}:ftok: {m}")))?;
            return Ok(RefArg::Ftok { kind, ftok });
        }
        s.parse().map(RefArg::Ref)
    }
}

#[cfg(test)]
mod escape_tests {
    #[test]
    fn only_printed_escapes_are_read_back() {
        for ok in [
            "plain",
            "a\\x20b",
            "q\\x27",
            "\\\\x69",
            "nl\\n",
            "z\\u{200b}",
            "hi\\xff",
        ] {
            assert!(super::check_escapes(ok).is_ok(), "{ok}");
        }
        for bad in ["\\x69mportant", "\\u{69}x", "a\\x2fb"] {
            assert!(super::check_escapes(bad).is_err(), "{bad}");
        }
        for blank in ['\u{034F}', '\u{FE0F}', '\u{3164}', '\u{2800}', '\u{E0100}'] {
            assert!(super::is_hidden(blank), "{blank:?}");
        }
        assert!(!super::is_hidden('é'));
    }
}
