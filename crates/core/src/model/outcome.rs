//! What `rm` and `clean` did with one object: one vocabulary for both.

use serde::{Deserialize, Serialize};

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
