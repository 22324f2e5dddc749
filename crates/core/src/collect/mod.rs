//! Read-only collectors. They return plain typed structs in raw units and never print;
//! problems that should not stop a listing come back as typed `warnings` (worded by
//! `render::warnings`). Some still carry a reason worded here: why a container's /dev/shm
//! was refused (`namespaces`, `check_fs`), why a private mqueue mount failed (`posix_mq`,
//! `forked`), why a namespace was skipped (an `Error`'s text).
//!
//! Every kernel path is built from one injectable root (`Source`), so the parsers run
//! against fixture trees in tests (`--root DIR`, hidden, only with the `test-hooks`
//! feature). On the live system, System V objects come from the kernel's tables through
//! read-only calls instead when they can (`sysv::walk_into`; the same objects, see
//! [`Fields`]). A `Source` also hands out the one
//! proof of a live system (`Live`) that mutations in `kinds` require, and the /proc/sys
//! reader.

pub mod creator;
pub mod forked;
pub mod ftok;
pub mod holders;
pub mod limits;
pub mod logind;
pub mod namespaces;
pub mod posix_mq;
pub mod posix_shm;
pub mod profiles;
pub mod sysv;
pub mod users;

use std::path::{Path, PathBuf};

use crate::kinds::info::{CreateParam, Listing, Op};
use crate::model::{Kind, Object, Warning};

/// Where the kernel's files are: `/` on a live system, a fixture tree in tests.
///
/// With `--ns PID` the process has already entered PID's IPC namespace (so /proc/sysvipc,
/// /proc/sys/kernel and every IPC syscall refer to it); the Source then says where that
/// process's /dev/shm is (through its root: `/proc/PID/root/dev/shm`), that the host's
/// mqueue mounts belong to another namespace, and which namespace the objects are stamped
/// with.
#[derive(Debug, Clone)]
pub struct Source {
    pub root: PathBuf,
    /// /dev/shm relative to `root`, when it is not `dev/shm` (another mount namespace).
    pub shm_dir: Option<PathBuf>,
    /// We operate in an IPC namespace other than the one our mqueue mounts show.
    pub foreign_ipc: bool,
    /// The namespace objects are recorded in (`--ns`, `--all-namespaces`).
    pub ns: Option<std::sync::Arc<crate::model::Namespace>>,
    /// Another namespace's /dev/shm, opened inside its root and kept open (`shm_dir` is then
    /// `/proc/self/fd/N`, so no path below a container's root is ever resolved again).
    pub shm_fd: Option<std::sync::Arc<std::os::fd::OwnedFd>>,
    /// Why the target's /dev/shm is not used (it cannot be opened inside its root, or it is
    /// not a tmpfs): every POSIX shm and semaphore operation is refused with this reason.
    pub shm_refused: Option<String>,
    /// The target's user namespace, when it is not ours (`--ns` into a rootless container):
    /// every mutation then runs in a child that has become that namespace's root
    /// (`namespaces::as_tenant`), so the kernel refuses what the container's root may not do.
    pub user_ns: Option<std::sync::Arc<std::os::fd::OwnedFd>>,
    /// The recorder's journal (`--journal`): orphan judgement reads recorded creators from
    /// it. `None` in fixtures and unit tests.
    pub journal: Option<PathBuf>,
}

impl Source {
    pub fn new(root: impl Into<PathBuf>) -> Source {
        Source {
            root: root.into(),
            shm_dir: None,
            foreign_ipc: false,
            ns: None,
            shm_fd: None,
            shm_refused: None,
            journal: None,
            user_ns: None,
        }
    }

    /// True when reading the live system (so syscalls agree with the files).
    pub fn is_live(&self) -> bool {
        self.root == Path::new("/")
    }

    /// A path below the root: `path("proc/sysvipc/shm")`.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Proof that this source is the live system, which every mutation in `crate::kinds`
    /// requires: a `--root` fixture tree describes objects that are not the ones the
    /// syscalls would touch. This is the one place that rule is checked.
    pub fn live(&self) -> Result<Live, crate::Error> {
        if self.is_live() {
            Ok(Live(()))
        } else {
            Err(crate::Error::usage(format!(
                "this command acts on live IPC objects; it cannot run against the fixture root {} (a test hook)",
                self.root.display()
            )))
        }
    }

    /// The numbers in a /proc/sys file below the root (`kernel/sem` has four), or the
    /// problem as a warning, for callers that report it.
    pub fn sysctl_fields(&self, rel: &str) -> Result<Vec<u64>, Warning> {
        let path = self.root.join("proc/sys").join(rel);
        let unreadable = |error: Option<String>| Warning::SysctlUnreadable {
            path: path.display().to_string(),
            error,
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| unreadable(Some(crate::error::io_reason(&e))))?;
        parse_sysctl(&text).ok_or_else(|| unreadable(None))
    }

    /// The one number in a /proc/sys file below the root, e.g. `kernel/msgmax`.
    pub fn sysctl(&self, rel: &str) -> Option<u64> {
        self.sysctl_fields(rel).ok()?.first().copied()
    }

    pub fn sysvipc(&self, kind: Kind) -> PathBuf {
        self.path(&format!("proc/sysvipc/{kind}"))
    }

    pub fn dev_shm(&self) -> PathBuf {
        match &self.shm_dir {
            Some(d) => self.root.join(d),
            None => self.path("dev/shm"),
        }
    }
}

/// The file system a directory of POSIX objects must be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirFs {
    /// /dev/shm: shared memory objects and named semaphores live only on a tmpfs.
    Tmpfs,
    /// The mqueue fs: message queues.
    Mqueue,
}

/// The mqueue file system's magic (include/uapi/linux/magic.h; nix has no constant for it).
pub(crate) const MQUEUE_MAGIC: nix::sys::statfs::FsType = nix::sys::statfs::FsType(0x1980_0202);

/// Check (fstatfs magic) that the opened directory `dir` is on the file system `want`: a
/// container may mount any directory at its /dev/shm, and its files are not IPC objects.
/// The error is the reason, for the caller to name the object.
pub fn check_fs(dir: &impl std::os::fd::AsFd, want: DirFs) -> Result<(), String> {
    use nix::sys::statfs::{TMPFS_MAGIC, fstatfs};
    let (magic, name) = match want {
        DirFs::Tmpfs => (TMPFS_MAGIC, "a tmpfs"),
        DirFs::Mqueue => (MQUEUE_MAGIC, "an mqueue file system"),
    };
    let got = fstatfs(dir)
        .map_err(|e| format!("cannot tell its file system ({})", e.desc().to_lowercase()))?
        .filesystem_type();
    if got == magic {
        Ok(())
    } else {
        Err(format!(
            "is not {name} (file system magic 0x{:x}); POSIX objects are never looked for there",
            got.0
        ))
    }
}

/// The numbers of a /proc/sys file (whitespace-separated); None when any is not a number.
pub fn parse_sysctl(text: &str) -> Option<Vec<u64>> {
    let v: Option<Vec<u64>> = text.split_whitespace().map(|t| t.parse().ok()).collect();
    v.filter(|v| !v.is_empty())
}

/// Proof that a command acts on the live system (see [`Source::live`]). Only `Source::live`
/// makes one, so a mutation cannot be reached from a fixture tree by forgetting a check.
#[derive(Debug, Clone, Copy)]
pub struct Live(());

impl Live {
    /// The one number in a live /proc/sys file (of the IPC namespace this process is in).
    pub fn sysctl(self, rel: &str) -> Option<u64> {
        Source::new("/").sysctl(rel)
    }
}

/// What a collection pass found.
#[derive(Debug, Default)]
pub struct Inventory {
    pub objects: Vec<Object>,
    /// Problems found on the way (malformed rows, unexpected files); printed by the caller.
    pub warnings: Vec<Warning>,
}

impl Inventory {
    /// Append another inventory (into room reserved for it: see [`collect`]).
    fn extend(&mut self, other: Inventory) {
        self.objects.extend(other.objects);
        self.warnings.extend(other.warnings);
    }
}

/// What a collection must fill in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fields {
    /// Everything the kernel tells.
    All,
    /// All but a segment's resident and swapped bytes, which only /proc/sysvipc/shm's text
    /// has: then System V objects can be read from the kernel's table (`sysv::walk`), which
    /// costs the kernel a fraction of formatting the text. For a listing that shows neither.
    NoShmMemory,
}

/// Collect every object of the given kinds, with every field. Each source is read once;
/// /dev/shm is read once for both pshm and psem.
pub fn collect(src: &Source, kinds: &[Kind]) -> Inventory {
    collect_fields(src, kinds, Fields::All)
}

/// [`collect`], filling in `fields`. System V objects of the live system come from the
/// kernel's table when it answers (`sysv::walk`), else from /proc/sysvipc's text.
pub fn collect_fields(src: &Source, kinds: &[Kind], fields: Fields) -> Inventory {
    // Every source is read first and the objects are made into one vector sized for all of
    // them: a listing of 100,000 objects is never grown and copied (which would touch its
    // pages twice over), and the order stays that of `kinds`.
    enum Read {
        Text(Kind, Result<Vec<u8>, Warning>),
        Table(Kind, sysv::Table),
        Done(Inventory),
    }
    // The text's objects, or the warning that it cannot be read.
    let parse = |kind: Kind, raw: Result<Vec<u8>, Warning>, inv: &mut Inventory| match raw {
        Ok(raw) => sysv::parse_into(&raw, kind, &mut inv.objects, &mut inv.warnings),
        Err(w) => inv.warnings.push(w),
    };
    // The text could not be read: the whole table answers (a segment's memory aside), else
    // the warning says the kind is not listed.
    let whole_or_warn = |kind: Kind, max_index: Option<i32>, w: Warning, inv: &mut Inventory| {
        let walked = max_index
            .is_some_and(|m| sysv::walk_into(kind, m, sysv::Walk::Whole, &mut inv.objects));
        if !walked {
            inv.warnings.push(w);
        }
    };
    let mut reads: Vec<Read> = Vec::new();
    for &kind in kinds {
        match kind.info().listing {
            Listing::SysvProc => reads.push(
                match src.is_live().then(|| sysv::table(kind, fields)).flatten() {
                    Some(t) => Read::Table(kind, t),
                    None => Read::Text(kind, sysv::read(src, kind)),
                },
            ),
            Listing::MqueueFs => reads.push(Read::Done(posix_mq::collect(src))),
            Listing::DevShm => {}
        }
    }
    let want_pshm = kinds.contains(&Kind::Pshm);
    let want_psem = kinds.contains(&Kind::Psem);
    if want_pshm || want_psem {
        reads.push(Read::Done(posix_shm::collect(src, want_pshm, want_psem)));
    }
    let mut inv = Inventory::default();
    inv.objects.reserve(
        reads
            .iter()
            .map(|r| match r {
                Read::Text(_, raw) => raw.as_deref().map_or(0, sysv::rows),
                Read::Table(_, t) => t.room,
                Read::Done(i) => i.objects.len(),
            })
            .sum(),
    );
    for r in reads {
        match r {
            Read::Table(kind, t) => {
                use sysv::Walk;
                // The walk gave up (a sparse table, a call refused, an object removed under
                // it): the text answers, and when it cannot be read, the whole table does.
                if !sysv::walk_into(kind, t.max_index, Walk::Fast, &mut inv.objects) {
                    match sysv::read(src, kind) {
                        Ok(raw) => parse(kind, Ok(raw), &mut inv),
                        Err(w) => whole_or_warn(kind, Some(t.max_index), w, &mut inv),
                    }
                }
            }
            // The text was wanted (a segment's resident and swapped bytes) but cannot be
            // read: the whole table gives everything else.
            Read::Text(kind, Err(w)) if src.is_live() => {
                let max = sysv::table(kind, Fields::NoShmMemory).map(|t| t.max_index);
                whole_or_warn(kind, max, w, &mut inv);
            }
            Read::Text(kind, raw) => parse(kind, raw, &mut inv),
            Read::Done(i) => inv.extend(i),
        }
    }
    name_owners(src, &mut inv.objects);
    inv
}

/// Fill in user and group names (each id looked up once) and the namespace, if any.
pub fn name_owners(src: &Source, objects: &mut [Object]) {
    let mut users = users::Names::new(src);
    for o in objects {
        name_one(&mut users, o);
        o.namespace = src.ns.clone();
    }
}

/// Owner, group and creator names of one object (each id looked up once per `Names`).
fn name_one(users: &mut users::Names, o: &mut Object) {
    o.user = users.user(o.uid);
    o.group = users.group(o.gid);
    o.cuser = o.cuid.and_then(|u| users.user(u));
    o.cgroup = o.cgid.and_then(|g| users.group(g));
}

/// Find the object a reference names, with the details `show` wants (semaphore values,
/// msg_qbytes). `queue_file`: also read a pmq's status text (QSIZE, NOTIFY_PID), which sets
/// the queue's atime and ctime to now. `Ok(None)` when it does not exist.
pub fn lookup(
    src: &Source,
    r: &crate::model::Ref,
    details: bool,
    queue_file: bool,
) -> (Option<Object>, Vec<Warning>) {
    let mut inv = match r.kind.info().listing {
        Listing::MqueueFs => {
            let status_of = match (&r.ident, queue_file) {
                (crate::model::Ident::Name(n), true) => Some(n.as_str()),
                _ => None,
            };
            let mut i = posix_mq::collect_with(src, status_of);
            i.objects.retain(|o| matches_ref(o, r));
            i
        }
        Listing::SysvProc | Listing::DevShm => {
            let mut i = collect(src, &[r.kind]);
            i.objects.retain(|o| matches_ref(o, r));
            i
        }
    };
    // A key may name a removed-but-attached segment too (its key reads 0 then, so it cannot
    // match); prefer the live object.
    let obj = inv.objects.drain(..).next();
    // Only warnings about this object, or about its whole kind, matter here.
    let mut warnings: Vec<Warning> = inv.warnings.into_iter().filter(|w| w.concerns(r)).collect();
    let Some(mut o) = obj else {
        return (None, warnings);
    };
    let mut names = users::Names::new(src);
    name_one(&mut names, &mut o);
    o.namespace = src.ns.clone();
    if details && src.is_live() {
        let info = o.kind.info();
        if info.supports(Op::SemSet) {
            match sysv::semaphores(o.id.unwrap_or(-1), o.nsems.unwrap_or(0)) {
                Ok(s) => o.semaphores = Some(s),
                Err(e) => warnings.push(Warning::SemValues {
                    reference: crate::model::Ref {
                        kind: o.kind,
                        ident: crate::model::Ident::Id(o.id.unwrap_or(-1)),
                    },
                    errno: e as i32,
                }),
            }
        } else if info.is_sysv && info.takes(CreateParam::MaxBytes) && o.max_bytes.is_none() {
            // (The table's answer has it already; the text's does not.)
            o.max_bytes = sysv::msg_qbytes(o.id.unwrap_or(-1)).ok();
        }
    }
    (Some(o), warnings)
}

/// Does this object answer to the reference?
pub fn matches_ref(o: &Object, r: &crate::model::Ref) -> bool {
    use crate::model::Ident;
    if o.kind != r.kind {
        return false;
    }
    match &r.ident {
        Ident::Id(id) => o.id == Some(*id),
        Ident::Key(k) => o.key == Some(*k),
        Ident::Name(n) => o.name.as_deref().and_then(|s| s.strip_prefix('/')) == Some(n.as_str()),
    }
}
