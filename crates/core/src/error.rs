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

    /// An object-level failure: `{object}: {reason}`.
    #[error("{object}: {reason}")]
    Object { object: String, reason: String },

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
    #[error("{}: {source}", path.display())]
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
            reason: reason.to_string(),
        }
    }

    pub fn usage(msg: impl ToString) -> Error {
        Error::Usage(msg.to_string())
    }
}

/// A short lower-case reason for an errno, as used in per-object messages
/// (`permission denied`, not `Permission denied (os error 13)`).
pub fn errno_reason(e: nix::errno::Errno) -> String {
    use nix::errno::Errno;
    match e {
        Errno::EACCES | Errno::EPERM => "permission denied".into(),
        Errno::ENOENT | Errno::EINVAL | Errno::EIDRM => "no such object".into(),
        other => other.desc().to_lowercase(),
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
        reason: String,
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
            e @ Error::Io { .. } => WireError::Failed(e.to_string()),
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
            WireError::Failed(m) => Error::Failed(m),
            WireError::Interrupted => Error::Interrupted,
            WireError::BrokenPipe => Error::BrokenPipe,
        }
    }
}
