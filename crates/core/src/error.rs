//! The error type of ipcctl. Every message names the object or path and the reason;
//! `exit_code()` maps errors onto the documented exit codes.

use std::path::PathBuf;

/// Exit codes (see README): success, some object failed, usage error, interrupted.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FAILED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_INTERRUPTED: i32 = 130;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad arguments: malformed reference, key 0, impossible option values.
    #[error("{0}")]
    Usage(String),

    /// The object named by a reference does not exist.
    #[error("{0}: no such object")]
    NotFound(String),

    /// An object-level failure: `{object}: {reason}`; the errno stays typed in `reason`.
    #[error("{object}: {reason}")]
    Object { object: String, reason: Reason },

    /// The object changed between listing and acting (id reused, file replaced): nothing was
    /// done to it. Commands that plan removals report this as skipped, not failed.
    #[error("{object}: {reason}")]
    Changed { object: String, reason: String },

    /// A blocking operation gave up after `waited`: `{object}: {what} (waited 2s)`.
    #[error("{object}: {what} (waited {})", humantime::format_duration(*waited))]
    Timeout {
        object: String,
        what: String,
        waited: std::time::Duration,
    },

    /// A file or directory could not be read.
    #[error("{}: {}", path.display(), io_reason(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Several objects were processed and at least one failed (already reported).
    #[error("{0}")]
    Failed(String),

    /// Interrupted by a signal (Ctrl-C).
    #[error("interrupted")]
    Interrupted,

    /// stdout was closed by the reader (`ipcctl list | head`): exit quietly.
    #[error("broken pipe")]
    BrokenPipe,
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => EXIT_USAGE,
            Error::Interrupted => EXIT_INTERRUPTED,
            Error::BrokenPipe => EXIT_OK,
            _ => EXIT_FAILED,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn object(object: impl ToString, reason: impl ToString) -> Error {
        Error::Object {
            object: object.to_string(),
            reason: Reason::Text(reason.to_string()),
        }
    }

    /// A system call on `object` failed with `e`, not meaning "gone" (see `ops::from_errno`).
    pub fn os(object: impl ToString, e: nix::errno::Errno) -> Error {
        Error::Object {
            object: object.to_string(),
            reason: Reason::Errno(e),
        }
    }

    /// Why it failed, without the object's name (for a report that names the object in a
    /// column of its own).
    pub fn reason(self) -> String {
        match self {
            Error::Object { reason, .. } => reason.to_string(),
            Error::Changed { reason, .. } => reason,
            other => other.to_string(),
        }
    }

    /// Why a report to stdout was lost, said to someone who still reads stderr.
    pub fn lost_output(self) -> String {
        match self {
            Error::BrokenPipe => "the reader of standard output went away".to_string(),
            other => other.to_string(),
        }
    }

    /// The errno behind an object's failure, if one is.
    pub fn errno(&self) -> Option<nix::errno::Errno> {
        match self {
            Error::Object {
                reason: Reason::Errno(e),
                ..
            } => Some(*e),
            Error::Io { source, .. } => source.raw_os_error().map(nix::errno::Errno::from_raw),
            _ => None,
        }
    }

    pub fn usage(msg: impl ToString) -> Error {
        Error::Usage(msg.to_string())
    }
}

/// Why an object failed: an errno (typed, worded by [`errno_reason`] when printed) or a
/// sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    Errno(nix::errno::Errno),
    Text(String),
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Errno(e) => f.write_str(&errno_reason(*e)),
            Reason::Text(t) => f.write_str(t),
        }
    }
}

// Across the namespace fork: the errno as its number.
impl serde::Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Reason::Errno(e) => s.serialize_newtype_variant("Reason", 0, "Errno", &(*e as i32)),
            Reason::Text(t) => s.serialize_newtype_variant("Reason", 1, "Text", t),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Reason {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        enum Wire {
            Errno(i32),
            Text(String),
        }
        Ok(match Wire::deserialize(d)? {
            Wire::Errno(n) => Reason::Errno(nix::errno::Errno::from_raw(n)),
            Wire::Text(t) => Reason::Text(t),
        })
    }
}

/// A short lower-case reason for an errno, as used in per-object messages
/// (`permission denied`, not `Permission denied (os error 13)`).
pub fn errno_reason(e: nix::errno::Errno) -> String {
    use nix::errno::Errno;
    match e {
        Errno::EACCES | Errno::EPERM => "permission denied".into(),
        Errno::ENOENT | Errno::EINVAL | Errno::EIDRM => "no such object".into(),
        Errno::EINTR => "interrupted by a signal".into(),
        other => other.desc().to_lowercase(),
    }
}

/// An errno in words, for anything that is not an IPC object (a file, a directory, a mount):
/// `permission denied`, `no such file or directory`, never `EACCES: ...` or `(os error 13)`.
pub fn errno_words(e: nix::errno::Errno) -> String {
    use nix::errno::Errno;
    match e {
        Errno::EACCES | Errno::EPERM => "permission denied".into(),
        other => other.desc().to_lowercase(),
    }
}

/// An I/O error in words: its errno as [`errno_words`] says it, else its own text.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(n) => errno_words(nix::errno::Errno::from_raw(n)),
        None => e.to_string(),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An [`Error`] as it crosses from a forked child (an operation run with another namespace's
/// credentials) back to ipcctl: every variant that decides an outcome (not found, changed,
/// timed out, interrupted) survives; an I/O error keeps its message.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub enum WireError {
    Usage(String),
    NotFound(String),
    Object {
        object: String,
        reason: Reason,
    },
    Changed {
        object: String,
        reason: String,
    },
    Timeout {
        object: String,
        what: String,
        waited: std::time::Duration,
    },
    Io {
        path: PathBuf,
        /// The errno when there is one, else the error's text.
        errno: Option<i32>,
        text: String,
    },
    Failed(String),
    Interrupted,
    BrokenPipe,
}

impl From<Error> for WireError {
    fn from(e: Error) -> WireError {
        match e {
            Error::Usage(m) => WireError::Usage(m),
            Error::NotFound(o) => WireError::NotFound(o),
            Error::Object { object, reason } => WireError::Object { object, reason },
            Error::Changed { object, reason } => WireError::Changed { object, reason },
            Error::Timeout {
                object,
                what,
                waited,
            } => WireError::Timeout {
                object,
                what,
                waited,
            },
            Error::Io { path, source } => WireError::Io {
                path,
                errno: source.raw_os_error(),
                text: source.to_string(),
            },
            Error::Failed(m) => WireError::Failed(m),
            Error::Interrupted => WireError::Interrupted,
            Error::BrokenPipe => WireError::BrokenPipe,
        }
    }
}

impl From<WireError> for Error {
    fn from(e: WireError) -> Error {
        match e {
            WireError::Usage(m) => Error::Usage(m),
            WireError::NotFound(o) => Error::NotFound(o),
            WireError::Object { object, reason } => Error::Object { object, reason },
            WireError::Changed { object, reason } => Error::Changed { object, reason },
            WireError::Timeout {
                object,
                what,
                waited,
            } => Error::Timeout {
                object,
                what,
                waited,
            },
            WireError::Io { path, errno, text } => Error::Io {
                path,
                source: match errno {
                    Some(n) => std::io::Error::from_raw_os_error(n),
                    None => std::io::Error::other(text),
                },
            },
            WireError::Failed(m) => Error::Failed(m),
            WireError::Interrupted => Error::Interrupted,
            WireError::BrokenPipe => Error::BrokenPipe,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nix::errno::Errno;

    /// Errors cross the namespace fork typed: the errno of an object error and of an I/O
    /// error survive the trip through JSON, and so does every variant that decides an
    /// outcome (and with it the exit code).
    #[test]
    fn errors_cross_the_fork_typed() {
        let trip = |e: Error| -> Error {
            let w: WireError =
                serde_json::from_str(&serde_json::to_string(&WireError::from(e)).unwrap()).unwrap();
            Error::from(w)
        };
        let e = trip(Error::os("shm:1", Errno::EACCES));
        assert_eq!(e.errno(), Some(Errno::EACCES));
        assert_eq!(e.to_string(), "shm:1: permission denied");
        let e = trip(Error::io(
            "/x",
            std::io::Error::from_raw_os_error(libc_enoent()),
        ));
        assert_eq!(e.errno(), Some(Errno::ENOENT));
        assert!(matches!(
            trip(Error::NotFound("a".into())),
            Error::NotFound(_)
        ));
        assert_eq!(trip(Error::Interrupted).exit_code(), EXIT_INTERRUPTED);
        assert_eq!(trip(Error::usage("u")).exit_code(), EXIT_USAGE);
        let e = trip(Error::object("x", "why"));
        assert_eq!(e.errno(), None);
        assert_eq!(e.to_string(), "x: why");
    }

    fn libc_enoent() -> i32 {
        Errno::ENOENT as i32
    }
}
