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
    /// The path (or its directory) is not one the journal may be kept in or read from: a
    /// symbolic link, not a regular file, another user's, a directory others may write, a
    /// forged schema, a query that ran too long.
    #[error("{path}: {why}")]
    Refused { path: PathBuf, why: String },
}

fn refused(path: &Path, why: impl Into<String>) -> JournalError {
    JournalError::Refused {
        path: path.to_path_buf(),
        why: why.into(),
    }
}

/// `PATH` with `suffix` appended (`.lock`, `-wal`, `-shm`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

fn euid() -> u32 {
    nix::unistd::geteuid().as_raw()
}

/// The writer's directory: owned by the caller or root, and writable by no one else unless
/// it is sticky and the caller's (then others cannot replace or remove the caller's files).
fn check_dir(dir: &Path) -> Result<(), JournalError> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(dir).map_err(|source| JournalError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    if !m.is_dir() {
        return Err(refused(dir, "is not a directory"));
    }
    if m.uid() != euid() && m.uid() != 0 {
        return Err(refused(
            dir,
            format!(
                "belongs to uid {}, neither the recorder's user nor root: the journal is not kept there",
                m.uid()
            ),
        ));
    }
    let sticky_own = m.mode() & 0o1000 != 0 && m.uid() == euid();
    if m.mode() & 0o022 != 0 && !sticky_own {
        return Err(refused(
            dir,
            "is writable by other users: the journal is not kept there",
        ));
    }
    Ok(())
}

/// Open (or, with `create`, create) one of the writer's files: never through a symbolic
/// link, only a regular file of the caller's, mode 0600 (tightened if it was wider).
fn open_private(path: &Path, create: bool) -> Result<std::fs::File, JournalError> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(refused(path, "is a symbolic link (not followed)"));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(create)
        .truncate(false)
        .mode(0o600)
        .custom_flags(nix::libc::O_NOFOLLOW | nix::libc::O_CLOEXEC | nix::libc::O_NONBLOCK)
        .open(path)
        .map_err(|source| match source.raw_os_error() {
            Some(nix::libc::ELOOP) => refused(path, "is a symbolic link (not followed)"),
            _ => JournalError::Io {
                path: path.to_path_buf(),
                source,
            },
        })?;
    let io = |source| JournalError::Io {
        path: path.to_path_buf(),
        source,
    };
    let m = file.metadata().map_err(io)?;
    if !m.is_file() {
        return Err(refused(path, "is not a regular file"));
    }
    if m.uid() != euid() {
        return Err(refused(
            path,
            format!("belongs to uid {}, not to the recorder's user", m.uid()),
        ));
    }
    if m.mode() & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(io)?;
    }
    Ok(file)
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
    /// another recorder holds it, when the journal, its lock or its WAL files are symbolic
    /// links, not regular files or another user's, and when others may write the directory
    /// (see `check_dir`). Every file is made (or made again) mode 0600.
    pub fn open(path: &Path) -> Result<Writer, JournalError> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        // 0755 whatever the umask (under 002 `create_dir_all` made a directory others may
        // write, which `check_dir` then refused).
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o755)
            .create(dir)
            .map_err(|source| JournalError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        check_dir(dir)?;
        if std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_file()) {
            drop(open_private(path, false)?); // says why
        }
        let lock_file = open_private(&with_suffix(path, ".lock"), true)?;
        let lock = nix::fcntl::Flock::lock(lock_file, nix::fcntl::FlockArg::LockExclusiveNonblock)
            .map_err(|_| JournalError::Locked {
                path: path.to_path_buf(),
            })?;
        // The database is made here, 0600, so that SQLite (which gives the -wal and -shm it
        // creates the database's mode) never makes a file others may read; those it finds
        // must be regular files of ours too.
        drop(open_private(path, true)?);
        for suffix in ["-wal", "-shm", "-journal"] {
            let p = with_suffix(path, suffix);
            if std::fs::symlink_metadata(&p).is_ok() {
                drop(open_private(&p, false)?);
            }
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_NOFOLLOW,
        )
        .map_err(sql(path))?;
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

    /// An object went away.
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
    /// When the running query is stopped (read by the progress handler).
    deadline: std::sync::Arc<std::sync::Mutex<std::time::Instant>>,
}

/// What the journal says about a present object.
pub type Recorded = HashMap<ObjectKey, Creator>;

/// How long a reader's query may run (`present`, the schema check): a forged journal (a
/// view over an endless recursive query, say) is stopped, never waited for.
pub const READ_LIMIT: std::time::Duration = std::time::Duration::from_secs(2);
/// How long `history` may run (it reads every event, a million in a big journal).
pub const HISTORY_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The tables a reader reads: each must be a real table, not a view or a virtual table.
const READ_TABLES: [&str; 4] = ["processes", "objects", "events", "gaps"];

/// An SQLite URI for `path` (every byte but unreserved ones and '/' percent-encoded).
fn file_uri(path: &Path, query: &str) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/._-~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push('?');
    uri.push_str(query);
    uri
}

impl Reader {
    /// Open read-only; a missing journal is `Ok(None)`. Only a regular file is opened (never
    /// through a symbolic link, never a FIFO or a device, which could block the open), its
    /// tables must be tables, and nothing is written next to it: without a `-wal` (no
    /// recorder running) it is opened immutable, so SQLite makes no `-shm` or `-wal`.
    pub fn open(path: &Path) -> Result<Option<Reader>, JournalError> {
        Self::open_limited(path, READ_LIMIT)
    }

    fn open_limited(
        path: &Path,
        limit: std::time::Duration,
    ) -> Result<Option<Reader>, JournalError> {
        use std::os::unix::fs::OpenOptionsExt;
        let io = |source| JournalError::Io {
            path: path.to_path_buf(),
            source,
        };
        let m = match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(io(source)),
            Ok(m) => m,
        };
        if m.file_type().is_symlink() {
            return Err(refused(path, "is a symbolic link (not followed)"));
        }
        if !m.is_file() {
            return Err(refused(path, "is not a regular file"));
        }
        // Opening is lazy in SQLite: a file that cannot be read is said here.
        let f = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(nix::libc::O_NOFOLLOW | nix::libc::O_NONBLOCK | nix::libc::O_CLOEXEC)
            .open(path)
            .map_err(io)?;
        if !f.metadata().map_err(io)?.is_file() {
            return Err(refused(path, "is not a regular file"));
        }
        drop(f);
        let wal = std::fs::symlink_metadata(with_suffix(path, "-wal")).is_ok();
        let uri = file_uri(path, if wal { "mode=ro" } else { "immutable=1" });
        let conn = Connection::open_with_flags(
            &uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_NOFOLLOW,
        )
        .map_err(sql(path))?;
        let _ = conn.busy_timeout(std::time::Duration::from_millis(500));
        let deadline =
            std::sync::Arc::new(std::sync::Mutex::new(std::time::Instant::now() + limit));
        let d = deadline.clone();
        conn.progress_handler(
            1000,
            Some(move || d.lock().map_or(true, |d| std::time::Instant::now() >= *d)),
        )
        .map_err(sql(path))?;
        let r = Reader {
            conn,
            path: path.to_path_buf(),
            deadline,
        };
        r.check_schema(limit)?;
        Ok(Some(r))
    }

    /// Start the clock of a query that may run `limit`.
    fn limit(&self, limit: std::time::Duration) {
        if let Ok(mut d) = self.deadline.lock() {
            *d = std::time::Instant::now() + limit;
        }
    }

    /// An SQLite error, or "ran too long" for one the progress handler stopped.
    fn err(&self, limit: std::time::Duration) -> impl Fn(rusqlite::Error) -> JournalError + '_ {
        move |source| {
            if source.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) {
                refused(
                    &self.path,
                    format!("reading it took longer than {} s; stopped", limit.as_secs()),
                )
            } else {
                JournalError::Sqlite {
                    path: self.path.clone(),
                    source,
                }
            }
        }
    }

    /// Each table read must be a table (a view could run any query, forever).
    fn check_schema(&self, limit: std::time::Duration) -> Result<(), JournalError> {
        self.limit(limit);
        for t in READ_TABLES {
            let found: Vec<(String, String)> = self
                .conn
                .prepare("SELECT type, COALESCE(sql, '') FROM sqlite_master WHERE name = ?1 COLLATE NOCASE")
                .and_then(|mut st| {
                    st.query_map([t], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect::<Result<Vec<_>, _>>()
                })
                .map_err(self.err(limit))?;
            let ok = match found.as_slice() {
                [(ty, sql)] => {
                    ty == "table"
                        && !sql
                            .trim_start()
                            .to_ascii_uppercase()
                            .starts_with("CREATE VIRTUAL")
                }
                _ => false,
            };
            if !ok {
                return Err(refused(
                    &self.path,
                    format!("not an ipcctl journal: `{t}` is not a plain table"),
                ));
            }
        }
        Ok(())
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
        self.limit(READ_LIMIT);
        let err = self.err(READ_LIMIT);
        let mut st = self.conn.prepare(&q).map_err(&err)?;
        let rows = st
            .query_map([], |r| {
                let kind: String = r.get(0)?;
                let scope: i64 = r.get(1)?;
                let ident: String = r.get(2)?;
                Ok((kind, scope, ident, Self::creator_from(r, 3)?))
            })
            .map_err(&err)?;
        let mut out = HashMap::new();
        for row in rows {
            let (kind, scope, ident, c) = row.map_err(&err)?;
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
        self.limit(HISTORY_LIMIT);
        let err = self.err(HISTORY_LIMIT);
        let mut st = self.conn.prepare(&q).map_err(&err)?;
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
        .map_err(&err)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(&err)
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

    /// Run `f` on a thread; `None` when it has not returned within `secs` (it hung).
    fn within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(std::time::Duration::from_secs(secs)).ok()
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn the_writer_follows_no_symlink_and_makes_nothing_outside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.db");
        let elsewhere = dir.path().join("elsewhere");
        std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
        let e = Writer::open(&path).err().expect("refused").to_string();
        assert!(e.contains("j.db") && e.contains("symbolic link"), "{e}");
        assert!(!e.contains('\n'), "{e}");
        assert_eq!(names(dir.path()), ["j.db"], "nothing made");
        std::fs::remove_file(&path).unwrap();
        // The lock too.
        let elsewhere2 = dir.path().join("elsewhere2");
        std::os::unix::fs::symlink(&elsewhere2, with_suffix(&path, ".lock")).unwrap();
        let e = Writer::open(&path).err().expect("refused").to_string();
        assert!(
            e.contains("j.db.lock") && e.contains("symbolic link"),
            "{e}"
        );
        std::fs::remove_file(with_suffix(&path, ".lock")).unwrap();
        // And a planted -wal.
        std::os::unix::fs::symlink(&elsewhere2, with_suffix(&path, "-wal")).unwrap();
        let e = Writer::open(&path).err().expect("refused").to_string();
        assert!(e.contains("j.db-wal") && e.contains("symbolic link"), "{e}");
        assert!(!elsewhere.exists() && !elsewhere2.exists());
        // Not a regular file.
        std::fs::remove_file(with_suffix(&path, "-wal")).unwrap();
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        let e = Writer::open(&path).err().expect("refused").to_string();
        assert!(e.contains("j.db"), "{e}");
    }

    #[test]
    fn the_writers_files_are_0600_and_a_shared_directory_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.db");
        // A journal left 0644 by an older version is tightened.
        std::fs::write(&path, b"").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let old = nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o022));
        let mut w = Writer::open(&path).unwrap();
        nix::sys::stat::umask(old);
        w.begin().unwrap();
        w.started(1).unwrap();
        w.commit().unwrap();
        for s in ["", ".lock", "-wal", "-shm"] {
            let p = with_suffix(&path, s);
            let mode = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}", p.display());
        }
        drop(w);
        // Others may write the directory: refused (sticky and ours: accepted).
        let shared = dir.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
        let e = Writer::open(&shared.join("j.db"))
            .err()
            .expect("refused")
            .to_string();
        assert!(
            e.contains("shared") && e.contains("writable by other users"),
            "{e}"
        );
        assert_eq!(names(&shared), Vec::<String>::new());
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
        assert!(Writer::open(&shared.join("j.db")).is_ok());
    }

    #[test]
    fn a_fifo_is_a_note_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.db");
        nix::unistd::mkfifo(&path, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
        let p = path.clone();
        let r = within(10, move || {
            Reader::open(&p)
                .map(|r| r.is_some())
                .map_err(|e| e.to_string())
        })
        .expect("Reader::open returns");
        let e = r.expect_err("a FIFO is refused");
        assert!(e.contains("not a regular file"), "{e}");
        // A symlink to a journal is not followed either.
        let real = dir.path().join("real.db");
        drop(Writer::open(&real).unwrap());
        let link = dir.path().join("link.db");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(Reader::open(&link).is_err());
    }

    #[test]
    fn a_view_over_an_endless_query_is_refused_and_a_long_query_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.db");
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            &SCHEMA
                .replace(
                    "CREATE TABLE IF NOT EXISTS objects(",
                    "CREATE TABLE IF NOT EXISTS objects_real(",
                )
                .replace(
                    "CREATE INDEX IF NOT EXISTS objects_live ON objects(",
                    "CREATE INDEX IF NOT EXISTS objects_live ON objects_real(",
                )
                .replace(
                    "CREATE INDEX IF NOT EXISTS objects_removed ON objects(",
                    "CREATE INDEX IF NOT EXISTS objects_removed ON objects_real(",
                ),
        )
        .unwrap();
        c.execute_batch(
            "CREATE VIEW objects AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)
             SELECT x AS id, 'pshm' AS kind, 1 AS scope, 'a' AS ident, 0 AS created_at,
                    NULL AS removed_at, NULL AS process, 'creator' AS role, NULL AS gap_at FROM n;",
        )
        .unwrap();
        drop(c);
        let p = path.clone();
        let r = within(20, move || {
            Reader::open(&p)
                .and_then(|r| r.expect("present").present().map(|m| m.len()))
                .map_err(|e| e.to_string())
        })
        .expect("no hang");
        let e = r.expect_err("a forged journal is refused");
        assert!(
            e.contains("objects") && e.contains("not a plain table"),
            "{e}"
        );
        // A query over real tables is stopped at the deadline.
        let path = dir.path().join("big.db");
        let mut w = Writer::open(&path).unwrap();
        w.begin().unwrap();
        for i in 0..2000 {
            w.created(
                i,
                &key(Kind::Pshm, &format!("o{i}")),
                None,
                CreatorRole::UnknownBefore,
                None,
            )
            .unwrap();
        }
        w.commit().unwrap();
        drop(w);
        let r = Reader::open_limited(&path, std::time::Duration::from_secs(2))
            .unwrap()
            .unwrap();
        assert_eq!(r.present().unwrap().len(), 2000);
        r.limit(std::time::Duration::ZERO);
        let e = r
            .conn
            .query_row("SELECT count(*) FROM objects a, objects b", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(r.err(std::time::Duration::ZERO))
            .expect_err("stopped");
        assert!(e.to_string().contains("took longer than"), "{e}");
    }

    #[test]
    fn reading_a_stopped_recorders_journal_writes_nothing_next_to_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.db");
        let mut w = Writer::open(&path).unwrap();
        w.begin().unwrap();
        w.created(
            1,
            &key(Kind::Pshm, "a"),
            None,
            CreatorRole::UnknownGap,
            Some(1),
        )
        .unwrap();
        w.commit().unwrap();
        drop(w);
        let before = names(dir.path());
        assert!(
            !before
                .iter()
                .any(|n| n.ends_with("-wal") || n.ends_with("-shm")),
            "{before:?}"
        );
        let r = Reader::open(&path).unwrap().unwrap();
        assert_eq!(r.present().unwrap().len(), 1);
        assert_eq!(r.history(None).unwrap().len(), 1);
        drop(r);
        crate::collect::creator::attach(&crate::collect::Source::new("/"), &path, &mut []).unwrap();
        assert_eq!(names(dir.path()), before);
    }
}
