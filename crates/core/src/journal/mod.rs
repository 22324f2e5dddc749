//! The recorder's journal: an SQLite database (`/var/lib/ipcctl/journal.db` by default) of
//! IPC objects created, removed and renamed, the processes that created them (pid, start
//! time, comm, exe, uid, cgroup, unit, container) and how those exited, and the gaps in which
//! the recorder lost events. One writer (`ipcctl record`, holding an exclusive lock on
//! `PATH.lock`); WAL mode, so readers (`list`, `show`, `history`) never block it. Bounded by
//! age (`Writer::prune`). Types here are typed values; `render/` makes the words.
//!
//! Objects are named by kind, a scope and an identity: POSIX objects by the device of their
//! filesystem (a /dev/shm tmpfs, an mqueue instance) and their name; System V objects by
//! the inode of their IPC namespace and their id.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::model::{Creator, CreatorRole, ExitStatus, GapSource, HistoryEvent, Kind, What};

/// The default journal path.
pub const DEFAULT_PATH: &str = "/var/lib/ipcctl/journal.db";

/// Why a journal could not be used.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("{path}: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Another recorder writes this journal.
    #[error("{path}: another recorder writes this journal")]
    Locked { path: PathBuf },
}

/// A process as the recorder saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Process {
    pub pid: i32,
    pub start_ticks: Option<u64>,
    pub comm: Option<String>,
    pub exe: Option<String>,
    pub uid: Option<u32>,
    pub cgroup: Option<String>,
    pub unit: Option<String>,
    pub container: Option<String>,
}

/// Where an object lives and what it is called there.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ObjectKey {
    pub kind: Kind,
    /// POSIX: the filesystem's device; System V: the IPC namespace's inode.
    pub scope: u64,
    /// POSIX: the name without '/'; System V: the id in decimal.
    pub ident: String,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS processes(
  id INTEGER PRIMARY KEY,
  pid INTEGER NOT NULL,
  start_ticks INTEGER,
  comm TEXT, exe TEXT, uid INTEGER, cgroup TEXT, unit TEXT, container TEXT,
  seen_at INTEGER NOT NULL,
  exited_at INTEGER, exit_code INTEGER, exit_signal INTEGER);
CREATE INDEX IF NOT EXISTS processes_pid ON processes(pid, exited_at);
CREATE TABLE IF NOT EXISTS objects(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL, scope INTEGER NOT NULL, ident TEXT NOT NULL,
  created_at INTEGER NOT NULL, removed_at INTEGER,
  process INTEGER REFERENCES processes(id),
  role TEXT NOT NULL, gap_at INTEGER);
CREATE INDEX IF NOT EXISTS objects_live ON objects(kind, scope, ident, removed_at);
CREATE INDEX IF NOT EXISTS objects_removed ON objects(removed_at);
CREATE TABLE IF NOT EXISTS events(
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL, what TEXT NOT NULL,
  object INTEGER, process INTEGER, old_ident TEXT, gap TEXT);
CREATE INDEX IF NOT EXISTS events_at ON events(at);
CREATE INDEX IF NOT EXISTS events_object ON events(object);
CREATE TABLE IF NOT EXISTS gaps(id INTEGER PRIMARY KEY, at INTEGER NOT NULL, source TEXT NOT NULL);
";

fn what_code(what: What) -> &'static str {
    match what {
        What::Created => "created",
        What::Removed => "removed",
        What::Renamed => "renamed",
        What::Exited => "exited",
        What::Gap => "gap",
        What::Started => "started",
    }
}

fn what_parse(s: &str) -> Option<What> {
    [
        What::Created,
        What::Removed,
        What::Renamed,
        What::Exited,
        What::Gap,
        What::Started,
    ]
    .into_iter()
    .find(|w| what_code(*w) == s)
}

fn sql(path: &Path) -> impl Fn(rusqlite::Error) -> JournalError + '_ {
    move |source| JournalError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

fn role_code(r: CreatorRole) -> &'static str {
    match r {
        CreatorRole::Creator => "creator",
        CreatorRole::FirstUser => "first-user",
        CreatorRole::UnknownGap => "unknown-gap",
        CreatorRole::UnknownBefore => "unknown-before",
    }
}

fn role_parse(s: &str) -> CreatorRole {
    match s {
        "first-user" => CreatorRole::FirstUser,
        "unknown-gap" => CreatorRole::UnknownGap,
        "unknown-before" => CreatorRole::UnknownBefore,
        _ => CreatorRole::Creator,
    }
}

/// The only writer of a journal (`ipcctl record`).
pub struct Writer {
    conn: Connection,
    path: PathBuf,
    _lock: nix::fcntl::Flock<std::fs::File>,
    /// Live processes recorded, by pid: their row.
    procs: HashMap<i32, (i64, Option<u64>)>,
    in_tx: bool,
}

impl Writer {
    /// Create or open the journal for writing (its directory too, mode 0755); refused when
    /// another recorder holds it.
    pub fn open(path: &Path) -> Result<Writer, JournalError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| JournalError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let mut lock_path = path.as_os_str().to_owned();
        lock_path.push(".lock");
        let lock_file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|source| JournalError::Io {
                path: PathBuf::from(&lock_path),
                source,
            })?;
        let lock = nix::fcntl::Flock::lock(lock_file, nix::fcntl::FlockArg::LockExclusiveNonblock)
            .map_err(|_| JournalError::Locked {
                path: path.to_path_buf(),
            })?;
        let conn = Connection::open(path).map_err(sql(path))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql(path))?;
        // Durable at each checkpoint; a crash loses at most the last transactions, never
        // the database.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sql(path))?;
        conn.execute_batch(SCHEMA).map_err(sql(path))?;
        let mut w = Writer {
            conn,
            path: path.to_path_buf(),
            _lock: lock,
            procs: HashMap::new(),
            in_tx: false,
        };
        w.load_live_processes()?;
        Ok(w)
    }

    fn load_live_processes(&mut self) -> Result<(), JournalError> {
        let mut st = self
            .conn
            .prepare("SELECT id, pid, start_ticks FROM processes WHERE exited_at IS NULL")
            .map_err(sql(&self.path))?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i32>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                ))
            })
            .map_err(sql(&self.path))?;
        for (id, pid, start) in rows.flatten() {
            self.procs.insert(pid, (id, start.map(|s| s as u64)));
        }
        Ok(())
    }

    /// Start a batch (one transaction per loop turn keeps 10,000 events a second cheap).
    pub fn begin(&mut self) -> Result<(), JournalError> {
        if !self.in_tx {
            self.conn.execute_batch("BEGIN").map_err(sql(&self.path))?;
            self.in_tx = true;
        }
        Ok(())
    }

    /// End the batch.
    pub fn commit(&mut self) -> Result<(), JournalError> {
        if self.in_tx {
            self.conn.execute_batch("COMMIT").map_err(sql(&self.path))?;
            self.in_tx = false;
        }
        Ok(())
    }

    /// The recorded processes still thought alive (pid → start ticks).
    pub fn live_pids(&self) -> impl Iterator<Item = (i32, Option<u64>)> + '_ {
        self.procs.iter().map(|(p, (_, s))| (*p, *s))
    }

    /// The row of a process, inserted once per (pid, start time).
    fn process_row(&mut self, p: &Process, now: i64) -> Result<i64, JournalError> {
        if let Some((id, start)) = self.procs.get(&p.pid)
            && (p.start_ticks.is_none() || *start == p.start_ticks)
        {
            return Ok(*id);
        }
        self.conn
            .prepare_cached(
                "INSERT INTO processes(pid, start_ticks, comm, exe, uid, cgroup, unit, container, seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    p.pid,
                    p.start_ticks.map(|s| s as i64),
                    p.comm,
                    p.exe,
                    p.uid,
                    p.cgroup,
                    p.unit,
                    p.container,
                    now
                ])
            })
            .map_err(sql(&self.path))?;
        let id = self.conn.last_insert_rowid();
        self.procs.insert(p.pid, (id, p.start_ticks));
        Ok(id)
    }

    fn event(
        &mut self,
        at: i64,
        what: What,
        object: Option<i64>,
        process: Option<i64>,
        old_ident: Option<&str>,
        gap: Option<GapSource>,
    ) -> Result<(), JournalError> {
        let gap = gap.map(|g| match g {
            GapSource::Fanotify => "fanotify",
            GapSource::ProcConnector => "proc-connector",
        });
        self.conn
            .prepare_cached(
                "INSERT INTO events(at, what, object, process, old_ident, gap) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut st| st.execute(params![at, what_code(what), object, process, old_ident, gap]))
            .map_err(sql(&self.path))?;
        Ok(())
    }

    /// Is this object recorded as present?
    pub fn is_present(&self, key: &ObjectKey) -> Result<bool, JournalError> {
        Ok(self.present_row(key)?.is_some())
    }

    fn present_row(&self, key: &ObjectKey) -> Result<Option<i64>, JournalError> {
        self.conn
            .prepare_cached(
                "SELECT id FROM objects WHERE kind = ?1 AND scope = ?2 AND ident = ?3 AND removed_at IS NULL ORDER BY id DESC LIMIT 1",
            )
            .and_then(|mut st| {
                st.query_row(params![key.kind.as_str(), key.scope as i64, key.ident], |r| {
                    r.get(0)
                })
                .optional()
            })
            .map_err(sql(&self.path))
    }

    /// An object appeared: created by `by` (or of unknown origin, with `role` saying why).
    /// A row still present under the same key is closed first (its removal was missed).
    pub fn created(
        &mut self,
        at: i64,
        key: &ObjectKey,
        by: Option<&Process>,
        role: CreatorRole,
        gap_at: Option<i64>,
    ) -> Result<(), JournalError> {
        if let Some(old) = self.present_row(key)? {
            self.conn
                .execute(
                    "UPDATE objects SET removed_at = ?1 WHERE id = ?2",
                    params![at, old],
                )
                .map_err(sql(&self.path))?;
        }
        let process = match by {
            Some(p) => Some(self.process_row(p, at)?),
            None => None,
        };
        self.conn
            .prepare_cached(
                "INSERT INTO objects(kind, scope, ident, created_at, process, role, gap_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    key.kind.as_str(),
                    key.scope as i64,
                    key.ident,
                    at,
                    process,
                    role_code(role),
                    gap_at
                ])
            })
            .map_err(sql(&self.path))?;
        let object = self.conn.last_insert_rowid();
        if !matches!(role, CreatorRole::UnknownBefore) {
            self.event(at, What::Created, Some(object), process, None, None)?;
        }
        Ok(())
    }

    /// A System V msg/sem object got its first user (its first sender or operator).
    pub fn first_user(
        &mut self,
        at: i64,
        key: &ObjectKey,
        by: &Process,
    ) -> Result<(), JournalError> {
        let Some(object) = self.present_row(key)? else {
            return Ok(());
        };
        let process = self.process_row(by, at)?;
        self.conn
            .execute(
                "UPDATE objects SET process = ?1, role = 'first-user' WHERE id = ?2 AND process IS NULL",
                params![process, object],
            )
            .map_err(sql(&self.path))?;
        Ok(())
    }

    /// Does the present object have a process recorded?
    pub fn has_process(&self, key: &ObjectKey) -> Result<bool, JournalError> {
        let Some(object) = self.present_row(key)? else {
            return Ok(false);
        };
        self.conn
            .query_row(
                "SELECT process IS NOT NULL FROM objects WHERE id = ?1",
                params![object],
                |r| r.get(0),
            )
            .map_err(sql(&self.path))
    }

    /// An object went away (`by`: the acting pid's process, when known).
    pub fn removed(&mut self, at: i64, key: &ObjectKey) -> Result<(), JournalError> {
        if let Some(object) = self.present_row(key)? {
            self.conn
                .execute(
                    "UPDATE objects SET removed_at = ?1 WHERE id = ?2",
                    params![at, object],
                )
                .map_err(sql(&self.path))?;
            self.event(at, What::Removed, Some(object), None, None, None)?;
        }
        Ok(())
    }

    /// An object was renamed within its scope: the row moves to the new name.
    pub fn renamed(
        &mut self,
        at: i64,
        from: &ObjectKey,
        to: &ObjectKey,
    ) -> Result<(), JournalError> {
        if let Some(object) = self.present_row(from)? {
            if let Some(old) = self.present_row(to)? {
                self.conn
                    .execute(
                        "UPDATE objects SET removed_at = ?1 WHERE id = ?2",
                        params![at, old],
                    )
                    .map_err(sql(&self.path))?;
            }
            self.conn
                .execute(
                    "UPDATE objects SET kind = ?1, ident = ?2 WHERE id = ?3",
                    params![to.kind.as_str(), to.ident, object],
                )
                .map_err(sql(&self.path))?;
            self.event(
                at,
                What::Renamed,
                Some(object),
                None,
                Some(&from.ident),
                None,
            )?;
        }
        Ok(())
    }

    /// A recorded process exited (`status`: the wait status); other pids are ignored.
    pub fn exited(&mut self, at: i64, pid: i32, status: Option<u32>) -> Result<bool, JournalError> {
        let Some((id, _)) = self.procs.remove(&pid) else {
            return Ok(false);
        };
        let (code, signal) = match status {
            Some(s) => (
                crate::sys::proc_connector::ProcEvent::exit_code(s),
                crate::sys::proc_connector::ProcEvent::exit_signal(s),
            ),
            None => (None, None),
        };
        self.conn
            .execute(
                "UPDATE processes SET exited_at = ?1, exit_code = ?2, exit_signal = ?3 WHERE id = ?4",
                params![at, code, signal, id],
            )
            .map_err(sql(&self.path))?;
        self.event(at, What::Exited, None, Some(id), None, None)?;
        Ok(true)
    }

    /// The recorder lost events at `at`.
    pub fn gap(&mut self, at: i64, source: GapSource) -> Result<(), JournalError> {
        let s = match source {
            GapSource::Fanotify => "fanotify",
            GapSource::ProcConnector => "proc-connector",
        };
        self.conn
            .execute(
                "INSERT INTO gaps(at, source) VALUES (?1, ?2)",
                params![at, s],
            )
            .map_err(sql(&self.path))?;
        self.event(at, What::Gap, None, None, None, Some(source))
    }

    /// The recorder started.
    pub fn started(&mut self, at: i64) -> Result<(), JournalError> {
        self.event(at, What::Started, None, None, None, None)
    }

    /// The objects recorded as present in a scope (to reconcile after a gap or a restart).
    pub fn present_in(&self, kind: Kind, scope: u64) -> Result<Vec<String>, JournalError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT ident FROM objects WHERE kind = ?1 AND scope = ?2 AND removed_at IS NULL",
            )
            .map_err(sql(&self.path))?;
        let rows = st
            .query_map(params![kind.as_str(), scope as i64], |r| r.get(0))
            .map_err(sql(&self.path))?;
        Ok(rows.flatten().collect())
    }

    /// Forget what is older than `before` (epoch seconds): removed objects, events, gaps, and
    /// exited processes no remaining object refers to.
    pub fn prune(&mut self, before: i64) -> Result<(), JournalError> {
        self.conn
            .execute_batch(&format!(
                "DELETE FROM events WHERE at < {before};
                 DELETE FROM gaps WHERE at < {before};
                 DELETE FROM objects WHERE removed_at IS NOT NULL AND removed_at < {before};
                 DELETE FROM processes WHERE exited_at IS NOT NULL AND exited_at < {before}
                   AND id NOT IN (SELECT process FROM objects WHERE process IS NOT NULL)
                   AND id NOT IN (SELECT process FROM events WHERE process IS NOT NULL);"
            ))
            .map_err(sql(&self.path))
    }
}

/// A journal opened for reading (never blocks the writer: WAL readers see a snapshot).
pub struct Reader {
    conn: Connection,
    path: PathBuf,
}

/// What the journal says about a present object.
pub type Recorded = HashMap<ObjectKey, Creator>;

impl Reader {
    /// Open read-only; a missing journal is `Ok(None)`.
    pub fn open(path: &Path) -> Result<Option<Reader>, JournalError> {
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(JournalError::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
            Ok(_) => {}
        }
        // Opening is lazy: a file that cannot be read shows at the first query.
        std::fs::File::open(path).map_err(|source| JournalError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql(path))?;
        let _ = conn.busy_timeout(std::time::Duration::from_millis(500));
        Ok(Some(Reader {
            conn,
            path: path.to_path_buf(),
        }))
    }

    const CREATOR_COLUMNS: &'static str = "o.role, o.created_at, o.gap_at, p.pid, p.start_ticks, p.comm, p.exe, p.uid, p.cgroup, p.unit, p.container, p.exited_at, p.exit_code, p.exit_signal";

    fn creator_from(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Creator> {
        let code: Option<i32> = r.get(at + 12)?;
        let signal: Option<i32> = r.get(at + 13)?;
        let exited_at: Option<i64> = r.get(at + 11)?;
        Ok(Creator {
            role: role_parse(&r.get::<_, String>(at)?),
            created_at: r.get(at + 1)?,
            gap_at: r.get(at + 2)?,
            pid: r.get(at + 3)?,
            start_ticks: r.get::<_, Option<i64>>(at + 4)?.map(|s| s as u64),
            comm: r.get(at + 5)?,
            exe: r.get(at + 6)?,
            uid: r.get(at + 7)?,
            cgroup: r.get(at + 8)?,
            unit: r.get(at + 9)?,
            container: r.get(at + 10)?,
            exited_at,
            exit: exited_at
                .is_some()
                .then_some(ExitStatus { code, signal })
                .filter(|e| e.code.is_some() || e.signal.is_some()),
            live: None,
        })
    }

    /// Every object recorded as present, with its creator.
    pub fn present(&self) -> Result<Recorded, JournalError> {
        let q = format!(
            "SELECT o.kind, o.scope, o.ident, {} FROM objects o LEFT JOIN processes p ON p.id = o.process WHERE o.removed_at IS NULL",
            Self::CREATOR_COLUMNS
        );
        let mut st = self.conn.prepare(&q).map_err(sql(&self.path))?;
        let rows = st
            .query_map([], |r| {
                let kind: String = r.get(0)?;
                let scope: i64 = r.get(1)?;
                let ident: String = r.get(2)?;
                Ok((kind, scope, ident, Self::creator_from(r, 3)?))
            })
            .map_err(sql(&self.path))?;
        let mut out = HashMap::new();
        for (kind, scope, ident, c) in rows.flatten() {
            if let Some(kind) = Kind::parse(&kind) {
                out.insert(
                    ObjectKey {
                        kind,
                        scope: scope as u64,
                        ident,
                    },
                    c,
                );
            }
        }
        Ok(out)
    }

    /// The events, oldest first (newest last); with `only`, those of objects with that kind
    /// and ident (in any scope) and the exits of their processes.
    pub fn history(&self, only: Option<(Kind, &str)>) -> Result<Vec<HistoryEvent>, JournalError> {
        let q = format!(
            "SELECT e.at, e.what, e.old_ident, e.gap, o.kind, o.scope, o.ident, {},
                    p.pid, p.start_ticks, p.comm, p.exe, p.uid, p.cgroup, p.unit, p.container, p.exited_at, p.exit_code, p.exit_signal
             FROM events e
             LEFT JOIN objects o ON o.id = e.object
             LEFT JOIN processes p ON p.id = COALESCE(e.process, o.process)
             {}
             ORDER BY e.at, e.id",
            Self::CREATOR_COLUMNS,
            if only.is_some() {
                "WHERE (o.kind = ?1 AND (o.ident = ?2 OR e.old_ident = ?2))
                    OR (e.what = 'exited' AND e.process IN (SELECT process FROM objects WHERE kind = ?1 AND ident = ?2))"
            } else {
                ""
            }
        );
        let mut st = self.conn.prepare(&q).map_err(sql(&self.path))?;
        let map = |r: &rusqlite::Row<'_>| -> rusqlite::Result<HistoryEvent> {
            let what: String = r.get(1)?;
            let kind: Option<String> = r.get(4)?;
            let kind = kind.as_deref().and_then(Kind::parse);
            let ident: Option<String> = r.get(6)?;
            let old_ident: Option<String> = r.get(2)?;
            let gap: Option<String> = r.get(3)?;
            let reference = |id: &str| kind.map(|k| reference(k, id));
            let has_object = ident.is_some();
            let what = what_parse(&what).unwrap_or(What::Gap);
            let creator = if has_object {
                Some(Self::creator_from(r, 7)?)
            } else if what == What::Exited {
                // Process-only columns follow the object's creator columns.
                let at = 7 + 14;
                let exited_at: Option<i64> = r.get(at + 8)?;
                let code: Option<i32> = r.get(at + 9)?;
                let signal: Option<i32> = r.get(at + 10)?;
                Some(Creator {
                    pid: r.get(at)?,
                    start_ticks: r.get::<_, Option<i64>>(at + 1)?.map(|s| s as u64),
                    comm: r.get(at + 2)?,
                    exe: r.get(at + 3)?,
                    uid: r.get(at + 4)?,
                    cgroup: r.get(at + 5)?,
                    unit: r.get(at + 6)?,
                    container: r.get(at + 7)?,
                    exited_at,
                    exit: Some(ExitStatus { code, signal })
                        .filter(|e| e.code.is_some() || e.signal.is_some()),
                    ..Creator::default()
                })
            } else {
                None
            };
            // A rename's event row holds the *old* ident; the object row the new one.
            let (reference, new_ref) = match (what, &old_ident) {
                (What::Renamed, Some(old)) => {
                    (reference(old), ident.as_deref().and_then(reference))
                }
                _ => (ident.as_deref().and_then(reference), None),
            };
            Ok(HistoryEvent {
                at: r.get(0)?,
                what,
                kind,
                reference,
                new_ref,
                scope: r.get::<_, Option<i64>>(5)?.map(|s| s as u64),
                creator,
                gap: gap.as_deref().map(|g| {
                    if g == "fanotify" {
                        GapSource::Fanotify
                    } else {
                        GapSource::ProcConnector
                    }
                }),
            })
        };
        let rows = match only {
            Some((k, id)) => st.query_map(params![k.as_str(), id], map),
            None => st.query_map([], map),
        }
        .map_err(sql(&self.path))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(sql(&self.path))
    }
}

/// The reference of a journaled object.
pub fn reference(kind: Kind, ident: &str) -> String {
    if kind.is_sysv() {
        format!("{kind}:{ident}")
    } else {
        format!("{kind}:/{ident}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kind: Kind, ident: &str) -> ObjectKey {
        ObjectKey {
            kind,
            scope: 7,
            ident: ident.to_string(),
        }
    }

    #[test]
    fn write_read_history_and_prune() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.db");
        let mut w = Writer::open(&path).unwrap();
        assert!(matches!(
            Writer::open(&path),
            Err(JournalError::Locked { .. })
        ));
        let p = Process {
            pid: 42,
            start_ticks: Some(100),
            comm: Some("python3".into()),
            uid: Some(1000),
            unit: Some("user@1000.service".into()),
            ..Process::default()
        };
        w.begin().unwrap();
        w.created(
            10,
            &key(Kind::Pshm, "a"),
            Some(&p),
            CreatorRole::Creator,
            None,
        )
        .unwrap();
        w.created(
            11,
            &key(Kind::Psem, "b"),
            None,
            CreatorRole::UnknownGap,
            Some(11),
        )
        .unwrap();
        w.gap(11, GapSource::Fanotify).unwrap();
        w.commit().unwrap();
        // A reader sees committed rows while the writer is open.
        let r = Reader::open(&path).unwrap().unwrap();
        let present = r.present().unwrap();
        let c = &present[&key(Kind::Pshm, "a")];
        assert_eq!(
            (c.pid, c.comm.as_deref(), c.uid),
            (Some(42), Some("python3"), Some(1000))
        );
        assert_eq!(present[&key(Kind::Psem, "b")].gap_at, Some(11));
        w.exited(12, 42, Some(9)).unwrap();
        w.renamed(13, &key(Kind::Pshm, "a"), &key(Kind::Pshm, "c"))
            .unwrap();
        w.removed(14, &key(Kind::Pshm, "c")).unwrap();
        let h = r.history(None).unwrap();
        let whats: Vec<What> = h.iter().map(|e| e.what).collect();
        assert_eq!(
            whats,
            vec![
                What::Created,
                What::Created,
                What::Gap,
                What::Exited,
                What::Renamed,
                What::Removed
            ]
        );
        assert_eq!(h[3].creator.as_ref().unwrap().exit.unwrap().signal, Some(9));
        assert_eq!(h[4].reference.as_deref(), Some("pshm:/a"));
        assert_eq!(h[4].new_ref.as_deref(), Some("pshm:/c"));
        let only = r.history(Some((Kind::Pshm, "c"))).unwrap();
        assert!(only.iter().any(|e| e.what == What::Exited));
        assert!(only.iter().all(|e| e.what != What::Gap));
        w.prune(13).unwrap();
        assert_eq!(r.history(None).unwrap().len(), 2);
        assert!(r.present().unwrap().contains_key(&key(Kind::Psem, "b")));
        drop(w);
        assert!(Writer::open(&path).is_ok());
        assert!(Reader::open(&dir.path().join("none.db")).unwrap().is_none());
    }
}
