//! Plain data in raw units: kinds, object references, one `Object` row per IPC object,
//! holders, limits, typed evidence, problems and warnings, table columns, and doctor's judged
//! limits. `render/` turns these into words and human units; what still arrives here as
//! words is marked where it is held (the `text` variants of `Warning`, doctor's verdict
//! strings).

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use crate::error::Error;
use crate::kinds::info::{Stamp, UseCount};

pub mod doctor;
pub mod limit;

pub use doctor::{AppConsumer, Blame, Check, Consumer, Fix, Note, Status};
pub use limit::{Limit, LimitId, LimitScope, Unit, usage_percent};

/// The six kinds of IPC object.
#[derive(
    Debug,
    Default,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// System V message queue
    #[default]
    Msg,
    /// System V shared memory segment
    Shm,
    /// System V semaphore set
    Sem,
    /// POSIX message queue
    Pmq,
    /// POSIX shared memory object
    Pshm,
    /// POSIX named semaphore
    Psem,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Msg,
        Kind::Shm,
        Kind::Sem,
        Kind::Pmq,
        Kind::Pshm,
        Kind::Psem,
    ];

    /// Its name (`shm`), from the capability table (`kinds::info`).
    pub fn as_str(self) -> &'static str {
        self.info().name
    }

    pub fn is_sysv(self) -> bool {
        self.info().is_sysv
    }

    /// Every kind's name, in `Kind::ALL` order, joined by `sep` (for messages that list them).
    pub fn names(sep: &str) -> String {
        Kind::ALL.map(Kind::as_str).join(sep)
    }

    /// A file of the tmpfs behind /dev/shm: takes its pages and one of its inodes.
    pub fn in_dev_shm(self) -> bool {
        self.info().lives_in_dev_shm
    }

    /// Tasks block on it in a System V call (msgrcv/msgsnd, semop) that /proc shows: such a
    /// waiter holds it as much as an attachment or a descriptor does.
    pub fn has_sysv_waiters(self) -> bool {
        self.info().hold == Hold::WaitedOn
    }

    /// Charged to its creator's RLIMIT_MSGQUEUE (POSIX queues).
    pub fn charges_rlimit_msgqueue(self) -> bool {
        self.info().charges_rlimit_msgqueue
    }

    /// A kind by name, in any case (`SHM` is `shm`).
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }

    /// The kinds asked for, or all six when none were named; duplicates dropped.
    pub fn selection(kinds: &[Kind]) -> Vec<Kind> {
        let mut v: Vec<Kind> = if kinds.is_empty() {
            Kind::ALL.to_vec()
        } else {
            kinds.to_vec()
        };
        v.sort();
        v.dedup();
        v
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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

/// Something found on the way that did not stop a listing. The kind of warning is data, so
/// callers decide by variant (which warnings concern the object asked for), never by text;
/// `render::warnings` words them. (Two still carry words made where they were found: the
/// profile loader's `Source` and the reason in `DevShmRefused`.)
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Warning {
    /// With `--ns`, the target's /dev/shm was refused (`reason`, worded when the namespace
    /// was entered): no POSIX shm or semaphore is listed.
    DevShmRefused { reason: String },
    /// Some processes could not be inspected: what they hold (POSIX objects, queues and sets
    /// they wait on) is unknown.
    HolderScanIncomplete { gap: ScanGap },
    /// A profile file's problem, worded by the profile loader.
    Source { text: String },
    /// A `/proc/sysvipc` file could not be opened (`opened: false`) or read: no object of
    /// its kind is listed. `error`: the system's description.
    SysvUnreadable {
        kind: Kind,
        path: String,
        opened: bool,
        error: String,
    },
    /// A `/proc/sysvipc` file's header lacks columns: no object of its kind is listed.
    SysvHeader {
        kind: Kind,
        path: String,
        missing: Vec<String>,
    },
    /// A row of a `/proc/sysvipc` file was skipped (`line` counts from 1, the header too).
    SysvRow {
        path: String,
        line: usize,
        problem: RowProblem,
    },
    /// The /dev/shm directory is missing (`error: None`) or unreadable: no POSIX shm or
    /// semaphore is listed.
    DevShmUnreadable { path: String, error: Option<String> },
    /// A semaphore set's values could not be read (semctl).
    SemValues { reference: Ref, errno: i32 },
    /// A named semaphore's value could not be read from its file.
    SemFile {
        reference: Ref,
        problem: SemFileProblem,
    },
    /// `--all-namespaces` as a normal user: the IPC namespace of this many processes could
    /// not be read.
    NamespacesDenied { processes: usize },
    /// `--all-namespaces`: a namespace could not be opened or entered; skipped.
    NamespaceSkipped {
        inode: u64,
        pid: i32,
        comm: String,
        error: String,
    },
    /// `--all-namespaces`: the process a namespace was reached through exited; skipped.
    NamespaceGone { inode: u64, pid: i32 },
    /// `--all-namespaces`: setns into a namespace failed (`error` names it); skipped.
    NamespaceNotEntered { inode: u64, error: String },
    /// The mounted mqueue file system belongs to another IPC namespace. `error: None`: this
    /// namespace's own queues were listed instead (through a private mount); else no queue
    /// is listed, for that reason.
    MqueueForeign { path: String, error: Option<String> },
    /// No mqueue file system is mounted (and a private one could not be, for `error`): no
    /// queue is listed.
    MqueueUnmounted { error: Option<String> },
    /// The mqueue directory could not be read: no queue is listed.
    MqueueUnreadable { path: String, error: String },
    /// An entry of the mqueue file system that is not a queue, skipped.
    NotAQueue { path: String },
    /// A /proc/sys limit file could not be read (`error`), or is not a list of numbers
    /// (`None`): that limit is unknown.
    SysctlUnreadable { path: String, error: Option<String> },
    /// statvfs of /dev/shm failed: its size and inode limits are unknown.
    StatvfsFailed { path: String, error: String },
}

/// Why a row of a `/proc/sysvipc` file was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RowProblem {
    /// Fewer fields than the header has columns.
    Short { fields: usize, columns: usize },
    /// A column is missing from the row.
    Missing { column: String },
    /// A column's value is not a number in range.
    NotANumber { column: String, value: String },
    /// The key is outside the 32-bit range.
    KeyOutOfRange { key: i64 },
    /// The perms are not octal.
    PermsNotOctal { value: String },
    /// The id is negative.
    NegativeId { id: i32 },
}

impl Warning {
    /// Does this warning bear on the object `r` names (so `show`/`rm` of it should say it)?
    pub fn concerns(&self, r: &Ref) -> bool {
        match self {
            Warning::SysvUnreadable { kind, .. } | Warning::SysvHeader { kind, .. } => {
                *kind == r.kind
            }
            Warning::DevShmUnreadable { .. } | Warning::DevShmRefused { .. } => {
                r.kind.info().lives_in_dev_shm
            }
            Warning::SemValues { reference, .. } | Warning::SemFile { reference, .. } => {
                reference == r
            }
            // Only POSIX objects depend on the scan alone (shm has the kernel's nattch).
            Warning::HolderScanIncomplete { .. } => !r.kind.is_sysv(),
            Warning::Source { .. }
            | Warning::SysvRow { .. }
            | Warning::NamespacesDenied { .. }
            | Warning::NamespaceSkipped { .. }
            | Warning::NamespaceGone { .. }
            | Warning::NamespaceNotEntered { .. }
            | Warning::NotAQueue { .. }
            | Warning::SysctlUnreadable { .. }
            | Warning::StatvfsFailed { .. } => false,
            Warning::MqueueForeign { error, .. } => {
                error.is_some() && r.kind.info().listing == crate::kinds::info::Listing::MqueueFs
            }
            Warning::MqueueUnmounted { .. } | Warning::MqueueUnreadable { .. } => {
                r.kind.info().listing == crate::kinds::info::Listing::MqueueFs
            }
        }
    }

    /// The kinds of which no object is listed because of this warning.
    pub fn kinds_not_listed(&self) -> Vec<Kind> {
        match self {
            Warning::SysvUnreadable { kind, .. } | Warning::SysvHeader { kind, .. } => {
                vec![*kind]
            }
            Warning::DevShmUnreadable { .. } | Warning::DevShmRefused { .. } => {
                vec![Kind::Pshm, Kind::Psem]
            }
            Warning::HolderScanIncomplete { .. }
            | Warning::Source { .. }
            | Warning::SysvRow { .. }
            | Warning::SemValues { .. }
            | Warning::SemFile { .. }
            | Warning::NamespacesDenied { .. }
            | Warning::NamespaceSkipped { .. }
            | Warning::NamespaceGone { .. }
            | Warning::NamespaceNotEntered { .. }
            | Warning::NotAQueue { .. }
            | Warning::SysctlUnreadable { .. }
            | Warning::StatvfsFailed { .. } => Vec::new(),
            Warning::MqueueForeign { error, .. } => {
                if error.is_some() {
                    vec![Kind::Pmq]
                } else {
                    Vec::new()
                }
            }
            Warning::MqueueUnmounted { .. } | Warning::MqueueUnreadable { .. } => vec![Kind::Pmq],
        }
    }
}

/// A table column (`-o`, `--sort`): one variant per column, so the table, the sort keys and
/// the help are checked by the compiler to cover every one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Ns,
    Kind,
    Ref,
    Id,
    Key,
    Name,
    Owner,
    Group,
    Perms,
    Size,
    Use,
    Holders,
    Cpid,
    Lpid,
    Lrpid,
    Cuid,
    Cgid,
    Age,
    Ctime,
    Atime,
    Dtime,
    Stime,
    Rtime,
    Otime,
    Mtime,
    State,
    Why,
    /// The application profile that names the object.
    App,
    /// `ftok(PATH, 'P')` when the key is ftok of a checked path.
    Ftok,
    /// The recorded creator (`ipcctl record`): pid/comm.
    Creator,
    /// The recorded creator's systemd unit.
    Unit,
    /// The recorded creator's container id.
    Container,
}

impl Column {
    pub const ALL: [Column; 32] = [
        Column::Ns,
        Column::Kind,
        Column::Ref,
        Column::Id,
        Column::Key,
        Column::Name,
        Column::Owner,
        Column::Group,
        Column::Perms,
        Column::Size,
        Column::Use,
        Column::Holders,
        Column::Cpid,
        Column::Lpid,
        Column::Lrpid,
        Column::Cuid,
        Column::Cgid,
        Column::Age,
        Column::Ctime,
        Column::Atime,
        Column::Dtime,
        Column::Stime,
        Column::Rtime,
        Column::Otime,
        Column::Mtime,
        Column::State,
        Column::Why,
        Column::App,
        Column::Ftok,
        Column::Creator,
        Column::Unit,
        Column::Container,
    ];

    /// The name used with `-o` and `--sort`.
    pub fn name(self) -> &'static str {
        match self {
            Column::Ns => "ns",
            Column::Kind => "kind",
            Column::Ref => "ref",
            Column::Id => "id",
            Column::Key => "key",
            Column::Name => "name",
            Column::Owner => "owner",
            Column::Group => "group",
            Column::Perms => "perms",
            Column::Size => "size",
            Column::Use => "use",
            Column::Holders => "holders",
            Column::Cpid => "cpid",
            Column::Lpid => "lpid",
            Column::Lrpid => "lrpid",
            Column::Cuid => "cuid",
            Column::Cgid => "cgid",
            Column::Age => "age",
            Column::Ctime => "ctime",
            Column::Atime => "atime",
            Column::Dtime => "dtime",
            Column::Stime => "stime",
            Column::Rtime => "rtime",
            Column::Otime => "otime",
            Column::Mtime => "mtime",
            Column::State => "state",
            Column::Why => "why",
            Column::App => "app",
            Column::Ftok => "ftok",
            Column::Creator => "creator",
            Column::Unit => "unit",
            Column::Container => "container",
        }
    }

    /// A column by name (case-insensitive); the error lists every column.
    pub fn parse(s: &str) -> Result<Column, String> {
        let n = s.trim().to_lowercase();
        Column::ALL
            .into_iter()
            .find(|c| c.name() == n)
            .ok_or_else(|| {
                let all: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
                format!("unknown column '{}' (one of {})", s.trim(), all.join(", "))
            })
    }
}

/// `--sort COL` (ascending) or `--sort -COL` (descending).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortKey {
    pub column: Column,
    pub descending: bool,
}

impl SortKey {
    pub fn parse(s: &str) -> Result<SortKey, String> {
        let (descending, name) = match s.trim().strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.trim().strip_prefix('+').unwrap_or(s.trim())),
        };
        Ok(SortKey {
            column: Column::parse(name)?,
            descending,
        })
    }
}

/// Highest uid of a system user (systemd's and Debian's SYS_UID_MAX).
pub const SYS_UID_MAX: u32 = 999;
/// `nobody` (and `nogroup`): an unprivileged id services run as, never a person.
pub const NOBODY_UID: u32 = 65534;

/// The one rule for "system user": root, uids up to SYS_UID_MAX, `nobody`, and the
/// "no uid" value. `clean` as root keeps their objects unless `--owner` names them, and
/// logind's RemoveIPC spares them.
pub fn is_system_uid(uid: u32) -> bool {
    uid <= SYS_UID_MAX || uid == NOBODY_UID || uid == u32::MAX
}

/// One received (or peeked) message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// msg: the message type.
    pub mtype: Option<i64>,
    /// pmq: the priority.
    pub priority: Option<u32>,
    pub body: Vec<u8>,
}

/// A process that holds an object (attached, mapped or has it open).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Holder {
    pub pid: i32,
    pub comm: String,
}

/// What became of an object `rm` or `clean` was asked to remove: JSON's `action`, one
/// vocabulary for both commands (`render::objects::removal` words it for tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RemovalOutcome {
    /// A dry run (`rm --dry-run`, `clean` without `--yes`): would be removed.
    WouldRemove,
    Removed,
    /// `rm`: in use, not removed without `--force`.
    Refused,
    /// `clean`: not eligible (a system owner, a likely-orphan without --include-likely).
    Kept,
    /// `clean`: eligible in the plan, but the re-check before removal said no.
    Skipped,
    Failed,
    /// `rm`: no such object.
    NotFound,
}

impl RemovalOutcome {
    /// Removed, or would be: not a failure for the exit code.
    pub fn is_success(self) -> bool {
        match self {
            RemovalOutcome::WouldRemove | RemovalOutcome::Removed => true,
            RemovalOutcome::Refused
            | RemovalOutcome::Kept
            | RemovalOutcome::Skipped
            | RemovalOutcome::Failed
            | RemovalOutcome::NotFound => false,
        }
    }
}

/// Orphan classification of an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    InUse,
    /// Nobody maps it, but its name is gone while processes still map it: memory that is
    /// freed only when they unmap or exit (pshm/psem).
    UnlinkedMapped,
    Orphan,
    LikelyOrphan,
    Unknown,
    MarkedForDeletion,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::InUse => "in-use",
            State::UnlinkedMapped => "unlinked-mapped",
            State::Orphan => "orphan",
            State::LikelyOrphan => "likely-orphan",
            State::Unknown => "unknown",
            State::MarkedForDeletion => "marked-for-deletion",
        }
    }
}

/// What a pid recorded on an object was recorded for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// shm `cpid`.
    Creator,
    /// shm `lpid` (last shmat/shmdt).
    LastAttach,
    /// msg `lspid`.
    LastSender,
    /// msg `lrpid`.
    LastReceiver,
    /// sem: the last-op pid of semaphore N.
    LastSemop(u32),
    /// The creator `ipcctl record` journaled (pid and start time).
    RecordedCreator,
    /// msg/sem: the first sender or operator `ipcctl record` journaled.
    RecordedFirstUser,
}

/// How the processes holding an object hold it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// shm: attached (a `/SYSV` mapping).
    Attached,
    /// msg, sem: blocked in a send/receive/semop on it.
    WaitedOn,
    /// pmq: an open descriptor.
    Open,
    /// pshm, psem: mapped or open.
    MappedOrOpen,
}

impl Hold {
    /// How holders of `kind` hold it.
    pub fn of(kind: Kind) -> Hold {
        kind.info().hold
    }
}

/// Some processes exist that the holder scan cannot see: what shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hidden {
    /// A System V object records pid 0 for an activity: the process lives in a PID namespace
    /// we cannot see (pods share IPC and /dev/shm, not PIDs).
    PidZero { object: String },
    /// A segment counts more attachments than the scan saw.
    ExtraAttachments {
        object: String,
        nattch: u64,
        seen: u64,
    },
    /// Processes that could hold the object could not be inspected (first few, and how many).
    Uninspectable { count: usize, first: Vec<Holder> },
    /// ipcctl runs in a nested PID namespace (this inode, not the initial one's) and
    /// `--complete-view` was not given: tasks of the parent namespaces are invisible.
    NestedPidNamespace { inode: u64 },
    /// `/proc` is not this PID namespace's (readlink /proc/self is not our pid).
    ProcNotOurs,
    /// `/proc` is mounted with `hidepid`: other users' processes are hidden.
    Hidepid,
    /// /proc could not be listed at all.
    NoProc,
}

/// The four premises of `orphan` (README, "How ipcctl proves an orphan").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Premises {
    /// 1. Every task that can reach the object was inspected.
    pub complete_view: bool,
    /// 2. No holder: no attachment, mapping, descriptor (in any fd table) or waiter.
    pub no_holder: bool,
    /// 3. No live task that could open it without a trace (or a profile proof instead).
    pub nobody_left: bool,
    /// 4. Older than `--settle`, unchanged during the scan, clock sane.
    pub settled: bool,
    /// Every recorded user (cpid, lpid, lspid/lrpid, sempid, a pid from the name) is dead.
    pub recorded_dead: bool,
    /// Idle at least `--min-idle`.
    pub idle_enough: bool,
}

impl Premises {
    /// The state the premises prove: `orphan` when all four hold; `likely-orphan` when all
    /// but the third hold, every recorded user is dead and the object has been idle long
    /// enough; `unknown` otherwise.
    pub fn state(&self) -> State {
        let base = self.complete_view && self.no_holder && self.settled;
        if base && self.nobody_left && self.recorded_dead {
            State::Orphan
        } else if base && self.recorded_dead && self.idle_enough {
            State::LikelyOrphan
        } else {
            State::Unknown
        }
    }
}

/// Why nobody can be ruled out who could open an object without a trace: its owner is one
/// of those whose processes come and go (systemd's RemoveIPC spares them for that reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protected {
    /// uid 0.
    Root,
    /// A system uid (up to SYS_UID_MAX of /etc/login.defs, 999 by default).
    SystemUid { max: u32 },
    /// systemd's dynamic users (61184–65519).
    DynamicUser,
    /// 65534, nobody.
    Nobody,
    /// Lingering is enabled for the user (/var/lib/systemd/linger/NAME).
    Linger,
    /// The user has a crontab or at jobs, or system crontabs or units run jobs as it.
    ScheduledJobs,
    /// A container's user namespace maps this host uid to one of the above inside it
    /// (`inner`: root, a system, dynamic or nobody uid there).
    ContainerSystemUser { inner: u32 },
    /// A subordinate uid (/etc/subuid): a container of some user may map it to anyone.
    SubordinateUid,
    /// Not the owner: the object's group or other permission bits let in users whose jobs
    /// and services start later (cron, timers, socket activation).
    OpenToOthers,
}

/// A reference to a file the kernel holds for no task in particular.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KernelRef {
    /// `/dev/loopN` is backed by it.
    Loop { device: String },
    /// It is bind-mounted (at this mount point, in some task's mount namespace).
    BindMount { at: String },
}

/// Who could open an object, by the permission that lets them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Its owner uid (any of a task's real, effective, saved or filesystem uid).
    Owner,
    /// Its creator uid (System V).
    Creator,
    /// A member of its group (group permission bits are set).
    Group,
    /// Anyone (other permission bits are set): any live non-root task.
    Others,
    /// Anyone a POSIX ACL may name: on a POSIX object the group bits are the ACL's mask, so
    /// with them set any live non-root task may have been granted access.
    AclMask,
    /// A non-root task whose capabilities bypass permissions (CAP_DAC_OVERRIDE,
    /// CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_IPC_OWNER): a container's root, say.
    Privileged,
}

/// One piece of evidence behind an object's orphan state. Typed until `render/evidence.rs`
/// turns it into words (in tables, `show`, and JSON `orphan_reasons`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// shm removed (IPC_RMID) while attached.
    RemovedWhileAttached,
    /// `n` attachments counted by the kernel (holders not seen).
    Attachments(u64),
    /// Held by these processes (the first three) and `more` others.
    HeldBy {
        how: Hold,
        first: Vec<Holder>,
        more: usize,
    },
    /// The name is gone but the memory is still mapped (pshm/psem).
    UnlinkedButMapped,
    /// shm: nattch > 0 but no attachment was seen.
    UnseenAttachments(u64),
    /// sem: processes blocked on it (ncount + zcount).
    Waiting(i64),
    /// A recorded pid is alive (and plausibly the same process).
    Alive { role: Role, proc: Holder },
    /// A recorded pid is gone (or a zombie).
    Dead { role: Role, pid: i32, zombie: bool },
    /// A recorded pid is alive, but its process started after the activity it was recorded
    /// for (beyond the clock tolerance): another process got the pid.
    Reused {
        role: Role,
        proc: Holder,
        started: i64,
        activity: i64,
        tolerance: i64,
    },
    /// A recorded pid is 0: not visible in this PID namespace.
    PidZero { role: Role },
    /// The process that now has a recorded pid seems started after the activity, but it
    /// could use the object: after a forward step of the wall clock it may be the same
    /// process, so the pid is not proven dead.
    MaybeSameProcess { pid: i32 },
    /// A recorded pid is alive, but in another IPC namespace.
    OtherNamespace { role: Role, proc: Holder },
    /// shm: never attached.
    NeverAttached,
    /// msg: no message ever sent or received.
    NeverUsed,
    /// sem: never operated on.
    NeverOperated,
    /// sem: operated on, but every last-op pid is 0.
    AllPidsZero,
    /// sem: the last-op pids could not be read.
    PidsUnreadable(Option<nix::errno::Errno>),
    /// No holder was seen (words depend on how the kind is held).
    NotHeld(Hold),
    /// /proc could not be scanned: nobody knows the holders.
    HoldersUnknown,
    /// msg and sem record no creator pid.
    NoCreatorRecorded(Kind),
    /// The recorded creator (or first user) `pid` ended: at `at`, how (`exit`, when the
    /// proc connector told).
    RecordedExit {
        pid: i32,
        at: Option<i64>,
        exit: Option<ExitStatus>,
    },
    /// The recorder lost events when the object appeared: its creator is unknown.
    CreatorUnknownGap { at: Option<i64> },
    /// msg: messages still queued.
    Queued {
        messages: u64,
        /// Unknown for POSIX queues (only a read of the queue's file, which changes its
        /// times, shows them).
        bytes: Option<u64>,
        last_send: Option<i64>,
        last_receive: Option<i64>,
    },
    /// A semaphore holds a value someone set (System V sets start at 0): state that a set
    /// made again would not have.
    SemaphoreState {
        values: Vec<i32>,
        last_pid: Option<i32>,
    },
    /// No activity for this many seconds.
    Idle { secs: i64 },
    /// Invisible processes exist (POSIX objects are then at most `unknown`).
    HiddenProcesses(Hidden),
    /// Premise 1 holds: every task that can reach the object was inspected (this many).
    ViewComplete { tasks: usize },
    /// Premise 3 fails: live tasks could open the object without leaving a trace.
    AccessibleBy {
        access: Access,
        uid: u32,
        user: Option<std::sync::Arc<str>>,
        count: usize,
        first: Vec<Holder>,
    },
    /// Premise 3 holds: no live task of the owner or creator uid (or of anyone the mode
    /// lets in).
    OwnerGone { uids: Vec<u32> },
    /// Premise 3 cannot hold for this owner: its processes come and go.
    ProtectedOwner { uid: u32, why: Protected },
    /// Premise 4 fails: the object or its last activity is younger than `--settle`
    /// (`at`, epoch seconds), or lies in the future (a clock step).
    Unsettled { at: i64, settle: i64, future: bool },
    /// Premise 4 fails: the object changed while its holders were looked for.
    ChangedDuringScan,
    /// Premise 4 holds: nothing happened to it for `secs` (at least `--settle`).
    Settled { secs: i64, settle: i64 },
    /// Idle for less than `--min-idle`: not even a likely orphan.
    NotIdleEnough { secs: i64, min_idle: i64 },
    /// shm: locked in memory (SHM_LOCK): someone meant it to stay; never `orphan`.
    Locked,
    /// The kernel holds it with no task's descriptor: a loop device backed by the file, or
    /// a bind mount of it in some mount namespace.
    HeldByKernel(KernelRef),
    /// A pid read from the name may be another PID namespace's: tasks in reach have it at
    /// an inner level of their `NSpid`.
    NamePidAmbiguous { pid: i32, first: Vec<Holder> },
    /// An application profile proves the object's life was bound to processes that are
    /// gone (premise 3 replaced): `daemons` of the owner (`uid`, when the profile binds
    /// them to it) do not run, the creator pid its name records is dead (`creator`), and
    /// its sibling object is not in use (`sibling`), for each condition the profile states.
    ProfileProof {
        profile: std::sync::Arc<str>,
        daemons: Vec<String>,
        uid: Option<u32>,
        creator: Option<i32>,
        sibling: Option<String>,
    },
    /// A directory, socket or FIFO in /dev/shm: nothing in /proc shows who uses it (a bound
    /// socket's descriptors name the socket, not the file), so only its profile's rule can
    /// prove it left over; without that proof it is at most `unknown`.
    NotRegularFile(FileType),
    /// What the application profile `profile` (`pytorch/tensor`) adds.
    App {
        profile: std::sync::Arc<str>,
        fact: AppFact,
    },
}

/// Evidence from an application profile: the creator pid its name records, judged like a
/// kernel cpid, or its liveness hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppFact {
    /// The creator pid from the name is alive (and started before the object existed).
    CreatorAlive(Holder),
    /// The creator pid from the name is gone (or a zombie).
    CreatorDead { pid: i32, zombie: bool },
    /// The creator pid from the name is alive, but its process started after the object's
    /// first recorded time (beyond the clock tolerance): another process got the pid.
    CreatorReused {
        proc: Holder,
        started: i64,
        activity: i64,
        tolerance: i64,
    },
    /// The object was read through another mount namespace's /dev/shm: the pid in its name
    /// may be another PID namespace's, so it is no evidence here.
    CreatorElsewhere { pid: i32 },
    /// Processes of the application run (the profile's liveness hint): it may use the object
    /// with no trace in /proc, so no removal verdict.
    AppRunning {
        title: std::sync::Arc<str>,
        count: usize,
        first: Vec<Holder>,
    },
    /// The sibling object the profile binds this one to (`pshm:/fastrtps_port7411` for its
    /// port mutex) is in use: this one may be used at any moment.
    SiblingInUse { sibling: String },
}

/// What a /dev/shm entry is when it is not a regular file (JSON `file_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileType {
    Directory,
    Socket,
    Fifo,
    Symlink,
    Device,
}

impl FileType {
    /// The code used in profiles (`file_type = ["directory"]`) and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FileType::Directory => "directory",
            FileType::Socket => "socket",
            FileType::Fifo => "fifo",
            FileType::Symlink => "symlink",
            FileType::Device => "device",
        }
    }

    pub fn parse(s: &str) -> Option<FileType> {
        [
            FileType::Directory,
            FileType::Socket,
            FileType::Fifo,
            FileType::Symlink,
            FileType::Device,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

/// Something about an object that could not be read or is odd (worded by
/// `render::evidence::problem`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A /dev/shm file mapped or open whose name is gone: its memory is not freed until
    /// these processes unmap it or exit.
    Unlinked { holders: Vec<Holder> },
    /// A mapped /dev/shm file with no name whose last name was glibc's temporary
    /// `sem.XXXXXX`: `sem_open` builds a semaphore under that name, links it in and unlinks
    /// it, so this is a named semaphore being created, or one whose own name was removed.
    SemaphoreInTheMaking { holders: Vec<Holder> },
    /// A /dev/shm entry that is not a regular file: listed as what it is, not as memory.
    NotRegular(FileType),
    /// A POSIX queue open in these processes whose name is gone: it still counts against
    /// queues_max and its creator's RLIMIT_MSGQUEUE until the last of them closes it.
    UnlinkedOpen { holders: Vec<Holder> },
    /// The last-op pids of a semaphore set could not be read.
    SemaphoresUnreadable(nix::errno::Errno),
    /// The name is not valid UTF-8 (its other bytes are shown as `\xHH`).
    NameNotUtf8,
    /// A named semaphore's file could not be read as one.
    SemFile(SemFileProblem),
}

/// Why a named semaphore's value could not be read from its file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SemFileProblem {
    /// Shorter than glibc's `sem_t` of `expected` bytes (never mapped: that would die with
    /// SIGBUS).
    Short { bytes: u64, expected: u64 },
    /// Open, stat or read failed (the system's description).
    Unreadable { error: String },
    /// Not ours to read: its mode keeps us out (another user's semaphore; no warning).
    Denied,
    /// Another file stood under the name when it was opened.
    Replaced,
    /// The value is above SEM_VALUE_MAX (`max`).
    ValueTooLarge { value: u32, max: u32 },
}

/// Processes the holder scan could not inspect (their maps or fds were unreadable): what
/// they hold is unknown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Uninspected {
    pub count: usize,
    /// The first few, by pid.
    pub first: Vec<Holder>,
    /// ipcctl ran as root (otherwise running as root would show more).
    pub as_root: bool,
}

/// What a holder scan could not see.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ScanGap {
    /// /proc could not be listed: no holder is known.
    NoProc,
    /// Some processes could not be inspected.
    Uninspected(Uninspected),
}

/// An IPC namespace: its inode (as in `/proc/PID/ns/ipc`), one process living in it, and the
/// container id when that process's cgroup path shows one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Namespace {
    pub inode: u64,
    pub pid: i32,
    pub comm: String,
    pub container: Option<String>,
}

impl fmt::Display for Namespace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ipc:[{}] pid {} ({})", self.inode, self.pid, self.comm)?;
        if let Some(c) = &self.container {
            write!(f, " container {}", &c[..c.len().min(12)])?;
        }
        Ok(())
    }
}

/// One semaphore of a System V set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Semaphore {
    pub index: u32,
    pub value: i32,
    pub pid: i32,
    pub ncount: i32,
    pub zcount: i32,
}

/// `Object::fingerprint`: times, counts, and (uid, mode, key).
pub type Fingerprint = ([Option<i64>; 8], [Option<u64>; 3], (u32, u32, Option<u32>));

/// One IPC object of any kind, in raw units. Fields that do not apply to a kind are `None`
/// (JSON `null`). Times are epoch seconds, serialized as RFC 3339.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Object {
    pub kind: Kind,
    #[serde(rename = "ref")]
    pub reference: String,
    pub id: Option<i32>,
    #[serde(serialize_with = "ser_key")]
    pub key: Option<u32>,
    pub name: Option<String>,
    /// Permission bits (0o777 and setuid/setgid/sticky for POSIX files); the SysV `dest`
    /// bit is in `marked_for_deletion`.
    #[serde(serialize_with = "ser_mode")]
    pub mode: u32,
    pub uid: u32,
    /// Shared with every object of the same owner (looked up once per uid).
    pub user: Option<std::sync::Arc<str>>,
    pub gid: u32,
    pub group: Option<std::sync::Arc<str>>,
    pub cuid: Option<u32>,
    pub cgid: Option<u32>,
    /// Names of the creator's uid and gid (System V), looked up like `user`/`group`.
    pub cuser: Option<std::sync::Arc<str>>,
    pub cgroup: Option<std::sync::Arc<str>>,
    pub size_bytes: Option<u64>,
    /// POSIX shm and semaphores: bytes the tmpfs really gave the file (`st_blocks` x 512),
    /// which is what /dev/shm runs out of; a sparse file takes less than its size, a
    /// semaphore a whole page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocated_bytes: Option<u64>,
    pub nattch: Option<u64>,
    pub messages: Option<u64>,
    pub nsems: Option<u64>,
    pub value: Option<u32>,
    pub cpid: Option<i32>,
    pub lpid: Option<i32>,
    pub lspid: Option<i32>,
    pub lrpid: Option<i32>,
    #[serde(serialize_with = "ser_time")]
    pub ctime: Option<i64>,
    /// shm: last attach; POSIX: last access.
    #[serde(serialize_with = "ser_time")]
    pub atime: Option<i64>,
    /// shm: last detach.
    #[serde(serialize_with = "ser_time")]
    pub dtime: Option<i64>,
    /// msg: last send.
    #[serde(serialize_with = "ser_time")]
    pub stime: Option<i64>,
    /// msg: last receive.
    #[serde(serialize_with = "ser_time")]
    pub rtime: Option<i64>,
    /// sem: last semop.
    #[serde(serialize_with = "ser_time")]
    pub otime: Option<i64>,
    /// POSIX: last modification (pmq: last send or receive).
    #[serde(serialize_with = "ser_time")]
    pub mtime: Option<i64>,
    /// POSIX shm and semaphores: the file's birth time (statx), when known — its true
    /// creation time (ctime also changes on chmod, ftruncate and writes). Read with every
    /// listing of /dev/shm (`Object::created`).
    #[serde(serialize_with = "ser_time", skip_serializing_if = "Option::is_none")]
    pub btime: Option<i64>,
    /// shm: removed while attached (IPC_RMID, the `dest` bit).
    pub marked_for_deletion: bool,
    /// shm: locked in memory (SHM_LOCK, the `locked` bit 02000 of /proc perms); never
    /// swapped out. `None` for other kinds.
    pub locked: Option<bool>,
    /// shm (newer kernels): resident and swapped bytes.
    pub rss_bytes: Option<u64>,
    pub swap_bytes: Option<u64>,
    /// msg: the queue's byte limit (msg_qbytes); pmq: mq_maxmsg / mq_msgsize.
    pub max_bytes: Option<u64>,
    pub max_messages: Option<u64>,
    pub message_size: Option<u64>,
    pub notify_pid: Option<i32>,
    /// POSIX objects: device and inode, the identity used for holders and removal checks.
    pub dev: Option<u64>,
    pub inode: Option<u64>,
    /// Something about this object could not be read or is malformed (JSON: its words).
    pub problem: Option<Problem>,
    pub holders: Option<Vec<Holder>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<State>,
    /// The typed evidence behind `state`: JSON `orphan_reasons` (words) and `evidence`
    /// (`{code, text, ...}` objects), both made by `render::evidence`.
    #[serde(flatten)]
    pub orphan_reasons: Reasons,
    /// Which premises of `orphan` held (set with `state`).
    #[serde(skip)]
    pub premises: Option<Premises>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub semaphores: Option<Vec<Semaphore>>,
    /// The IPC namespace the object lives in; `null` unless `--ns` or `--all-namespaces`.
    pub namespace: Option<std::sync::Arc<Namespace>>,
    /// The application the object belongs to: matched by a profile, or named by its holders
    /// or its live creator (`analysis::profiles`); `null` when nothing tells.
    pub app: Option<AppMatch>,
    /// A /dev/shm entry that is not a regular file (a directory or socket an application
    /// left there); `None` for every IPC object proper. JSON: absent unless set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_type: Option<FileType>,
    /// System V: the checked path (`--ftok-paths`) whose `ftok` gives this key; `null` when
    /// none does, or when an application profile names the object.
    pub ftok: Option<FtokOrigin>,
    /// Who created it, as `ipcctl record` journaled it; `null` when there is no journal or
    /// it does not know the object.
    pub creator: Option<Creator>,
}

/// What the recorder's journal knows of an object's creator (`ipcctl record`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Creator {
    /// How the process relates to the object.
    pub role: CreatorRole,
    /// Unknown (`null`) for an object first seen in a gap or before recording began.
    pub pid: Option<i32>,
    pub comm: Option<String>,
    pub exe: Option<String>,
    pub uid: Option<u32>,
    pub cgroup: Option<String>,
    /// The systemd unit from the cgroup path (`user@1000.service`, `nginx.service`).
    pub unit: Option<String>,
    /// The container or pod id from the cgroup path.
    pub container: Option<String>,
    #[serde(serialize_with = "ser_time")]
    pub created_at: Option<i64>,
    #[serde(serialize_with = "ser_time")]
    pub exited_at: Option<i64>,
    pub exit: Option<ExitStatus>,
    /// The recorder lost events at this time (a fanotify queue overflow, a lost process
    /// event): the object was first seen after it, its creator is unknown.
    #[serde(serialize_with = "ser_time")]
    pub gap_at: Option<i64>,
    /// The process's start time in clock ticks after boot (`/proc/PID/stat` field 22): with
    /// the pid it names the process, so a reused pid is told apart.
    pub start_ticks: Option<u64>,
    /// Is that very process (same pid and start time, not a zombie) alive now? Set when read
    /// for `list`/`show`; `None` when it cannot be told (no pid, no start time).
    #[serde(skip)]
    pub live: Option<bool>,
}

/// How a recorded process relates to an object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CreatorRole {
    /// It created the object (POSIX: fanotify's create event; shm: cpid).
    #[default]
    Creator,
    /// msg and sem record no creator: the first sender or operator the recorder saw.
    FirstUser,
    /// The object appeared in a gap of the recording: no process is known.
    UnknownGap,
    /// The object existed before the recorder started.
    UnknownBefore,
}

/// What happened, in `history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum What {
    Created,
    Removed,
    Renamed,
    /// A recorded creator (or first user) exited.
    Exited,
    /// The recorder lost events here.
    Gap,
    /// The recorder started (objects present then have no known creator).
    Started,
}

/// Where a gap came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GapSource {
    /// A fanotify queue overflowed.
    Fanotify,
    /// The proc connector's socket overran: exits were lost.
    ProcConnector,
}

/// One line of `history`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HistoryEvent {
    #[serde(serialize_with = "ser_secs")]
    pub at: i64,
    pub what: What,
    pub kind: Option<Kind>,
    /// The object's reference (`pshm:/name`, `shm:5`).
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    /// A rename's new reference.
    pub new_ref: Option<String>,
    pub scope: Option<u64>,
    pub creator: Option<Creator>,
    pub gap: Option<GapSource>,
}

fn ser_secs<S: serde::Serializer>(t: &i64, s: S) -> Result<S::Ok, S::Error> {
    match rfc3339(*t) {
        Some(text) => s.serialize_str(&text),
        None => s.serialize_none(),
    }
}

/// How a recorded process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ExitStatus {
    /// Its exit code, when it exited.
    pub code: Option<i32>,
    /// The signal that killed it.
    pub signal: Option<i32>,
}

/// Where an ftok key came from: `ftok(path, proj)`. `also`: other checked paths whose
/// device and inode bits are the same, so the key is `ftok` of them as well (a collision).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FtokOrigin {
    pub path: String,
    pub proj: u8,
    pub also: Vec<String>,
}

/// When an object was created (`Object::created`), and what says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Created {
    pub at: i64,
    pub from: CreatedFrom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreatedFrom {
    /// The file's birth time: its creation.
    BirthTime,
    /// ctime, and nothing recorded is earlier: the creation unless the object was changed
    /// (IPC_SET, SETVAL, chmod) before any recorded use.
    Ctime,
    /// A use recorded before the last change: created at the latest then.
    EarliestRecord,
}

/// The evidence list of an object, when it was judged. Serialized (by `render::evidence`)
/// as two JSON fields: `orphan_reasons` (sentences) and `evidence` (typed objects).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reasons(pub Option<Vec<Evidence>>);

impl Reasons {
    pub fn as_deref(&self) -> Option<&[Evidence]> {
        self.0.as_deref()
    }
    pub fn take(&mut self) -> Option<Vec<Evidence>> {
        self.0.take()
    }
    pub fn is_some(&self) -> bool {
        self.0.is_some()
    }
}

impl From<Option<Vec<Evidence>>> for Reasons {
    fn from(v: Option<Vec<Evidence>>) -> Reasons {
        Reasons(v)
    }
}

/// How an object's application was known (JSON `app.source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppSource {
    /// An application profile matched its name, key, owner or holders.
    Profile,
    /// No profile matched; every process holding it runs the same program.
    Holder,
    /// No profile matched and nobody holds it; the creator pid the kernel recorded (System V
    /// shm) is alive and runs this program.
    Creator,
    /// The recorder saw the program create it (reserved for the recorder's journal).
    Recorded,
}

/// The application an object belongs to: JSON `{name, source, profile, detail, pids}`. The
/// description, hint, creator pid and liveness hint serve `show` and orphan judgement and
/// stay out of the JSON contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppMatch {
    /// The application, as `--app` names it (`pytorch`), or the holders' program name.
    pub name: std::sync::Arc<str>,
    /// How it was known.
    pub source: AppSource,
    /// The rule that matched, `APP/ID` (`pytorch/tensor`); empty (JSON `null`) unless
    /// `source` is `profile`.
    #[serde(serialize_with = "ser_profile")]
    pub profile: std::sync::Arc<str>,
    /// What the name says, from the rule's captures (`pid 12345`).
    pub detail: Option<String>,
    /// The processes that named it (`holder`: the first holders; `creator`: the creator).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pids: Vec<i32>,
    /// The application's display name (`PyTorch`).
    #[serde(skip)]
    pub title: std::sync::Arc<str>,
    #[serde(skip)]
    pub description: String,
    #[serde(skip)]
    pub hint: Option<String>,
    /// A creator pid recorded in the name, judged like a kernel cpid.
    #[serde(skip)]
    pub creator_pid: Option<i32>,
    /// The pid in the name may belong to another PID namespace (the object was read through
    /// another mount namespace's /dev/shm): it is no evidence here.
    #[serde(skip)]
    pub foreign_pids: bool,
    #[serde(skip)]
    pub live_while: Option<std::sync::Arc<LiveWhile>>,
    /// The object whose use keeps this one alive (`live_while.sibling` expanded with the
    /// name's captures): a reference, `pshm:/fastrtps_port7411`.
    #[serde(skip)]
    pub sibling: Option<String>,
}

fn ser_profile<S: serde::Serializer>(p: &std::sync::Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    if p.is_empty() {
        s.serialize_none()
    } else {
        s.serialize_str(p)
    }
}

/// A profile's liveness hint: the object may be in use (with no trace in /proc) while a
/// process with one of these command names runs (owned by the object's uid, if `same_uid`).
/// Its sibling condition is per object (`AppMatch::sibling`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveWhile {
    pub comm: Vec<String>,
    pub same_uid: bool,
}

impl Object {
    /// The reference that addresses exactly this object (id for SysV, name for POSIX).
    pub fn make_ref(kind: Kind, id: Option<i32>, name: Option<&str>) -> String {
        match (id, name) {
            (Some(id), _) => {
                let mut s = String::with_capacity(16);
                s.push_str(kind.as_str());
                s.push(':');
                crate::units::push_i64(&mut s, i64::from(id));
                s
            }
            (None, Some(n)) => format!("{kind}:/{n}"),
            (None, None) => format!("{kind}:?"),
        }
    }

    /// The owner's name, or the uid when it has none (the one owner-name rule).
    pub fn owner_name(&self) -> String {
        self.user
            .as_deref()
            .map_or_else(|| self.uid.to_string(), str::to_string)
    }

    /// What changes when anyone uses or changes the object: every recorded time, the
    /// attachments, messages, size, owner, mode and key. Two reads with equal fingerprints
    /// saw nobody act on it in between (the re-read of premise 4, `clean`'s re-check).
    pub fn fingerprint(&self) -> Fingerprint {
        (
            [
                self.ctime, self.atime, self.dtime, self.stime, self.rtime, self.otime, self.mtime,
                self.btime,
            ],
            [self.nattch, self.messages, self.size_bytes],
            (self.uid, self.mode, self.key),
        )
    }

    /// Messages a queue holds (msg: qnum, pmq: mq_curmsgs), counted in messages: a queue
    /// of zero-length tokens holds 0 bytes. `None` for other kinds.
    pub fn queued_messages(&self) -> Option<u64> {
        match self.kind.info().use_count {
            UseCount::Messages => self.messages,
            UseCount::Attachments | UseCount::Semaphores | UseCount::Value | UseCount::Nothing => {
                None
            }
        }
    }

    /// The values of a System V set that are not the kernel's initial 0 (state someone set,
    /// lost if the set is removed and made again); empty for other kinds and all-zero sets.
    pub fn set_state(&self) -> Vec<i32> {
        // Only System V sets have `semaphores`.
        match &self.semaphores {
            Some(s) if s.iter().any(|x| x.value != 0) => s.iter().map(|x| x.value).collect(),
            _ => Vec::new(),
        }
    }

    /// When the object was last used (`--idle-for`): the last send or receive (msg), attach
    /// or detach (shm), semop (sem), modification (POSIX: a queue's mtime is its last send or
    /// receive; its atime and ctime move whenever its file is read); never used, its
    /// creation (ctime, or a POSIX file's birth time).
    pub fn last_use(&self) -> Option<i64> {
        let info = self.kind.info();
        info.use_stamps
            .iter()
            .filter_map(|s| match s {
                Stamp::Send => self.stime,
                Stamp::Recv => self.rtime,
                Stamp::Attach => self.atime,
                Stamp::Detach => self.dtime,
                Stamp::Semop => self.otime,
                Stamp::Modify => self.mtime,
            })
            .filter(|t| *t > 0)
            .max()
            .or_else(|| {
                let born = if info.is_sysv {
                    self.ctime
                } else {
                    self.btime.or(self.mtime)
                };
                born.filter(|t| *t > 0)
            })
    }

    /// When the object was created, as far as the kernel tells: a POSIX file's birth time
    /// (statx), else the earliest time recorded on it. ctime alone moves (IPC_SET, SETVAL,
    /// a write, a send), but nothing is used or changed before it exists, so the earliest
    /// record is the closest bound: the object is at least that old. The one rule for the
    /// AGE column, `--older-than` and `ipcctl_oldest_orphan_age_seconds`.
    pub fn created(&self) -> Option<Created> {
        if let Some(b) = self.btime.filter(|t| *t > 0) {
            return Some(Created {
                at: b,
                from: CreatedFrom::BirthTime,
            });
        }
        let at = [
            self.ctime, self.atime, self.dtime, self.stime, self.rtime, self.otime, self.mtime,
        ]
        .into_iter()
        .flatten()
        .filter(|t| *t > 0)
        .min()?;
        Some(Created {
            at,
            from: if self.ctime == Some(at) {
                CreatedFrom::Ctime
            } else {
                CreatedFrom::EarliestRecord
            },
        })
    }

    /// The most recent activity recorded on the object, in epoch seconds.
    pub fn last_activity(&self) -> Option<i64> {
        [
            self.ctime, self.atime, self.dtime, self.stime, self.rtime, self.otime, self.mtime,
        ]
        .into_iter()
        .flatten()
        .max()
    }

    /// Its identity; `None` when it was listed without one (an id, or a device and inode).
    pub fn identity(&self) -> Option<Identity> {
        if self.kind.is_sysv() {
            self.id.map(|id| Identity::Sysv(self.kind, id))
        } else {
            Some(Identity::Posix(self.kind, self.dev?, self.inode?))
        }
    }

    /// Who uses the object, as far as the holder scan and the kernel tell: the one "in use"
    /// rule (`rm` refuses what is in use, `--unused` keeps what is unused, the orphan verdict
    /// starts from it). Holders not read count as unknown, except where the kernel counts
    /// attachments itself.
    pub fn usage(&self) -> Usage<'_> {
        let counts = self.kind.info().kernel_counts_attachments;
        let attached = if counts { self.nattch.unwrap_or(0) } else { 0 };
        match self.holders.as_deref() {
            Some(h) if !h.is_empty() => Usage::InUse {
                holders: h,
                attached,
            },
            _ if attached > 0 => Usage::InUse {
                holders: &[],
                attached,
            },
            Some(_) => Usage::Unused,
            None if counts => Usage::Unused,
            None => Usage::Unknown,
        }
    }

    /// The number shown in the USE column: nattch, messages, nsems or value.
    pub fn use_count(&self) -> Option<u64> {
        match self.kind.info().use_count {
            UseCount::Attachments => self.nattch,
            UseCount::Messages => self.messages,
            UseCount::Semaphores => self.nsems,
            UseCount::Value => self.value.map(u64::from),
            UseCount::Nothing => None,
        }
    }
}

/// Which object this is, the one identity ipcctl compares objects by: System V (kind, id);
/// POSIX (kind, device, inode). A mutation re-checks more (each kind's `kinds::*::remove`:
/// a System V object's key, ctime and creator, `kinds::sysv::Recorded`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Identity {
    Sysv(Kind, i32),
    Posix(Kind, u64, u64),
}

/// Who uses an object ([`Object::usage`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage<'a> {
    /// Live holders were seen, or the kernel counts attachments (`attached`, which also
    /// covers processes the scan could not read).
    InUse {
        holders: &'a [Holder],
        attached: u64,
    },
    /// No holder and nothing attached.
    Unused,
    /// The holders were not read, and the kernel keeps no count.
    Unknown,
}

fn ser_key<S: Serializer>(key: &Option<u32>, s: S) -> Result<S::Ok, S::Error> {
    match key {
        Some(k) => s.serialize_str(&fmt_key(*k)),
        None => s.serialize_none(),
    }
}

fn ser_mode<S: Serializer>(mode: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("{mode:04o}"))
}

fn ser_time<S: Serializer>(t: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match t.and_then(rfc3339) {
        Some(text) => s.serialize_str(&text),
        None => s.serialize_none(),
    }
}

/// Epoch seconds as RFC 3339 UTC (`2026-11-23T16:49:46Z`); `None` for 0 (never) or times
/// before the epoch. Any positive value renders, however far in the future (a file time in
/// year 10000 is written with five year digits instead of failing).
pub fn rfc3339(secs: i64) -> Option<String> {
    if secs <= 0 {
        return None;
    }
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    ))
}

/// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`), for any i64 day count.
fn civil_from_days(z: i64) -> (i128, u32, u32) {
    let z = i128::from(z) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 26.8: age counts from creation, not from the last change.
    #[test]
    fn created_is_the_birth_time_or_the_earliest_record() {
        let shm = Object {
            kind: Kind::Shm,
            ctime: Some(300),
            atime: Some(100),
            dtime: Some(200),
            ..Default::default()
        };
        assert_eq!(
            shm.created(),
            Some(Created {
                at: 100,
                from: CreatedFrom::EarliestRecord
            })
        );
        let sem = Object {
            kind: Kind::Sem,
            ctime: Some(300),
            otime: Some(0),
            ..Default::default()
        };
        assert_eq!(
            sem.created().map(|c| (c.at, c.from)),
            Some((300, CreatedFrom::Ctime))
        );
        let pshm = Object {
            kind: Kind::Pshm,
            ctime: Some(300),
            mtime: Some(300),
            btime: Some(50),
            ..Default::default()
        };
        assert_eq!(
            pshm.created().map(|c| (c.at, c.from)),
            Some((50, CreatedFrom::BirthTime))
        );
        assert_eq!(Object::default().created(), None);
    }

    /// One hex-key formatter: the table, references, JSON and ipcrm hints write keys alike.
    #[test]
    fn keys_are_written_one_way() {
        for k in [1u32, 0xabcd, 0xdead_beef, u32::MAX] {
            assert_eq!(fmt_key(k), format!("0x{k:08x}"));
            assert_eq!(parse_key(&fmt_key(k)), Ok(k));
        }
    }

    /// rm and clean report one vocabulary, with the JSON codes README documents.
    #[test]
    fn removal_outcomes_are_one_vocabulary() {
        use RemovalOutcome as R;
        let all = [
            R::WouldRemove,
            R::Removed,
            R::Refused,
            R::Kept,
            R::Skipped,
            R::Failed,
            R::NotFound,
        ];
        let codes: Vec<String> = all
            .iter()
            .map(|o| {
                serde_json::to_value(o)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(
            codes,
            [
                "would-remove",
                "removed",
                "refused",
                "kept",
                "skipped",
                "failed",
                "not-found"
            ]
        );
        let readme = include_str!("../../../README.md");
        for c in &codes {
            assert!(readme.contains(&format!("`{c}`")), "README documents `{c}`");
        }
        for o in all {
            let back: R = serde_json::from_value(serde_json::to_value(o).unwrap()).unwrap();
            assert_eq!(back, o);
            assert_eq!(o.is_success(), matches!(o, R::WouldRemove | R::Removed));
        }
    }

    /// A warning about one object concerns the reference that names it, compared as a
    /// reference (the quoted form a table prints names it too), not as text.
    #[test]
    fn warnings_concern_refs_as_refs() {
        let w = Warning::SemFile {
            reference: parse("psem:/a b").unwrap(),
            problem: SemFileProblem::Replaced,
        };
        assert!(w.concerns(&parse("'psem:/a b'").unwrap()));
        assert!(w.concerns(&parse("psem:/a\\x20b").unwrap()));
        assert!(!w.concerns(&parse("pshm:/a b").unwrap()));
        assert!(!w.concerns(&parse("psem:/a").unwrap()));
    }

    /// One "in use" rule for rm, --unused and the orphan verdict: holders seen, or (for a
    /// segment) the kernel's attach count; holders not read are unknown except where the
    /// kernel counts.
    #[test]
    fn usage_is_one_rule() {
        let h = vec![Holder {
            pid: 7,
            comm: "a".into(),
        }];
        let o = |kind: Kind, holders: Option<Vec<Holder>>, nattch: Option<u64>| Object {
            kind,
            holders,
            nattch,
            ..Default::default()
        };
        for k in Kind::ALL {
            let x = o(k, Some(h.clone()), None);
            assert!(
                matches!(x.usage(), Usage::InUse { holders, attached: 0 } if holders.len() == 1)
            );
            assert_eq!(o(k, Some(vec![]), None).usage(), Usage::Unused);
        }
        assert_eq!(o(Kind::Pshm, None, None).usage(), Usage::Unknown);
        assert_eq!(o(Kind::Msg, None, Some(3)).usage(), Usage::Unknown);
        assert_eq!(o(Kind::Shm, None, None).usage(), Usage::Unused);
        assert_eq!(o(Kind::Shm, None, Some(0)).usage(), Usage::Unused);
        assert_eq!(
            o(Kind::Shm, Some(vec![]), Some(2)).usage(),
            Usage::InUse {
                holders: &[],
                attached: 2
            }
        );
        assert_eq!(
            o(Kind::Shm, None, Some(2)).usage(),
            Usage::InUse {
                holders: &[],
                attached: 2
            }
        );
    }

    fn parse(s: &str) -> Result<Ref, Error> {
        s.parse()
    }

    #[test]
    fn columns_and_sort_keys_parse() {
        for c in Column::ALL {
            assert_eq!(Column::parse(c.name()), Ok(c));
            assert_eq!(Column::parse(&c.name().to_uppercase()), Ok(c));
        }
        let e = Column::parse("bogus").unwrap_err();
        assert!(e.contains("unknown column 'bogus' (one of ns, kind"), "{e}");
        assert!(Column::parse("").is_err());
        let k = SortKey::parse("-size").unwrap();
        assert_eq!((k.column, k.descending), (Column::Size, true));
        let k = SortKey::parse("age").unwrap();
        assert_eq!((k.column, k.descending), (Column::Age, false));
        assert!(SortKey::parse("-").is_err());
    }

    #[test]
    fn names_are_bytes_written_losslessly() {
        for raw in [
            &b"plain"[..],
            b"bad\xff\xfeutf",
            b"back\\slash",
            b"\\xff literally",
            "caf\u{e9}".as_bytes(),
            b"\xef\xbf\xbd",
        ] {
            let w = name_from_bytes(raw);
            assert_eq!(name_to_bytes(&w), raw, "{w}");
        }
        assert_eq!(name_from_bytes(b"bad\xff"), "bad\\xff");
        // Regression (issue 19.7): every escape printed in a table is read back.
        for raw in [
            &b"junk pshm:victim"[..],
            b"a\nb\tc\rd\x1b[31m",
            "da\u{200b}ta\u{202e}".as_bytes(),
            b"\\n literally",
        ] {
            let written = name_from_bytes(raw);
            let shown = crate::render::sanitize_word(&written);
            assert_eq!(name_to_bytes(&shown), raw, "{shown}");
        }
        assert_eq!(
            name_to_bytes("a\\u{zz}b\\u{110000}"),
            b"a\\u{zz}b\\u{110000}"
        );
        let r: Ref = "pshm:/junk\\x20pshm:victim".parse().unwrap();
        assert_eq!(r.to_string(), "pshm:/junk pshm:victim");
        let r: Ref = "pshm:da\\u{200b}ta".parse().unwrap();
        assert_eq!(r.to_string(), "pshm:/da\u{200b}ta");
        // U+FFFD itself is a valid character, not the escape of a bad byte.
        assert_ne!(
            name_from_bytes("\u{fffd}".as_bytes()),
            name_from_bytes(b"\xff")
        );
    }

    #[test]
    fn every_time_renders() {
        assert_eq!(rfc3339(1_700_000_000).unwrap(), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(951_782_400).unwrap(), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(86_399).unwrap(), "1970-01-01T23:59:59Z");
        // Regression (issue 10.5): year 10000 panicked in serialization.
        assert_eq!(rfc3339(253_402_300_800).unwrap(), "10000-01-01T00:00:00Z");
        assert!(rfc3339(i64::MAX).is_some());
        assert_eq!(rfc3339(0), None);
        assert_eq!(rfc3339(-5), None);
        // Agrees with humantime wherever humantime can write the time.
        for t in [1i64, 59, 1_234_567_890, 4_102_444_800, 253_402_300_799] {
            let h = humantime::format_rfc3339_seconds(
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(t as u64),
            )
            .to_string();
            assert_eq!(rfc3339(t).unwrap(), h, "{t}");
        }
    }

    #[test]
    fn ftok_references_parse_without_io_and_keys_follow_glibc() {
        let f = |s: &str| match s.parse::<RefArg>() {
            Ok(RefArg::Ftok { kind, ftok }) => Ok((kind, ftok.path, ftok.proj)),
            Ok(RefArg::Ref(r)) => panic!("{s} parsed as {r}"),
            Err(e) => Err(e.to_string()),
        };
        assert_eq!(f("msg:ftok:/tmp:A"), Ok((Kind::Msg, "/tmp".into(), 65)));
        assert_eq!(f("SHM:ftok:/tmp:65"), Ok((Kind::Shm, "/tmp".into(), 65)));
        // The last colon separates PROJ: a path may hold colons.
        assert_eq!(f("sem:ftok:/a:b:z"), Ok((Kind::Sem, "/a:b".into(), b'z')));
        // A table's quotes are taken off, as for every reference.
        assert_eq!(
            f("'msg:ftok:rel/file:1'"),
            Ok((Kind::Msg, "rel/file".into(), 1))
        );
        // glibc keeps the low 8 bits of proj_id: 321 is 65.
        assert_eq!(f("msg:ftok:/tmp:321"), Ok((Kind::Msg, "/tmp".into(), 65)));
        for bad in [
            "pmq:ftok:/tmp:A",
            "msg:ftok:/tmp",
            "msg:ftok::A",
            "msg:ftok:/tmp:",
            "msg:ftok:/tmp:0",
            "msg:ftok:/tmp:256",
            "msg:ftok:/tmp:AB",
            "msg:ftok:/tmp:é",
            "msg:ftok:/tmp:-1",
        ] {
            assert!(f(bad).is_err(), "{bad} accepted");
        }
        assert!(f("msg:ftok:/tmp:0").unwrap_err().contains("nonzero"));
        // Other references parse as before.
        assert_eq!(
            "shm:0x41".parse::<RefArg>().unwrap(),
            RefArg::Ref(Ref {
                kind: Kind::Shm,
                ident: Ident::Key(0x41)
            })
        );
        // sysvipc/ftok.c: (ino & 0xffff) | (dev & 0xff) << 16 | (proj & 0xff) << 24.
        assert_eq!(Ftok::key(b'A', 0xfe00, 246_951), 0x4100_c4a7);
        assert_eq!(Ftok::key(0xff, 0x1234_5678, 0xdead_beef), 0xff78_beef);
        assert!(Ftok::matches(0x4100_c4a7, 0x1_fe00, 0x3_c4a7));
        assert!(!Ftok::matches(0x4101_c4a7, 0xfe00, 0xc4a7));
    }

    #[test]
    fn refs_parse() {
        assert_eq!(
            parse("shm:32768").unwrap(),
            Ref {
                kind: Kind::Shm,
                ident: Ident::Id(32768)
            }
        );
        assert_eq!(parse("msg:0x0000abcd").unwrap().ident, Ident::Key(0xabcd));
        assert_eq!(parse("sem:0xffffffff").unwrap().ident, Ident::Key(u32::MAX));
        assert_eq!(parse("shm:0").unwrap().ident, Ident::Id(0));
        assert_eq!(
            parse("pmq:/jobs").unwrap().ident,
            Ident::Name("jobs".into())
        );
        assert_eq!(
            parse("pshm:frames").unwrap().ident,
            Ident::Name("frames".into())
        );
        assert_eq!(parse("psem:/123").unwrap().ident, Ident::Name("123".into()));
        assert_eq!(parse("pmq:/jobs").unwrap().to_string(), "pmq:/jobs");
        assert_eq!(parse("msg:0xabcd").unwrap().to_string(), "msg:0x0000abcd");
    }

    #[test]
    fn bad_refs_are_usage_errors() {
        for bad in [
            "shm",
            "shm:",
            "foo:1",
            "shm:0x0",
            "shm:0x00000000",
            "shm:0x100000000",
            "shm:-1",
            "shm:+5",
            "shm: 5",
            "shm:abc",
            "shm:/x",
            "pmq:123",
            "pshm:0x12",
            "pmq:/a/b",
            "pmq:/",
            "psem:/..",
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}: {e}");
        }
        assert!(
            parse("shm:0x0")
                .unwrap_err()
                .to_string()
                .contains("IPC_PRIVATE")
        );
        assert!(
            parse("pmq:123")
                .unwrap_err()
                .to_string()
                .contains("by name")
        );
    }

    #[test]
    fn json_fields_have_contract_types() {
        let o = Object {
            kind: Kind::Shm,
            reference: "shm:1".into(),
            id: Some(1),
            key: Some(0xb6256f7a),
            mode: 0o644,
            ctime: Some(1_700_000_000),
            ..Default::default()
        };
        let v = serde_json::to_value(&o).unwrap();
        assert_eq!(v["kind"], "shm");
        assert_eq!(v["key"], "0xb6256f7a");
        assert_eq!(v["mode"], "0644");
        assert_eq!(v["ctime"], "2023-11-14T22:13:20Z");
        assert!(v["holders"].is_null());
        assert!(v["name"].is_null());
        assert!(v.get("state").is_none());
    }
}
