//! /dev/shm files that are still mapped or open after their name was removed: memory that is
//! freed only when the last holder unmaps it or exits.

use std::collections::HashSet;
use std::os::unix::fs::{DirEntryExt, MetadataExt};

use super::HolderScan;
use crate::collect::Source;
use crate::kinds::info::CreateParam;
use crate::model::{Kind, Object, Problem};

/// A /dev/shm file that is mapped or open but has no name any more: its memory is not freed
/// until these processes unmap or close it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Unlinked {
    /// The last path component as the kernel printed it, without ` (deleted)`.
    pub file: String,
    /// The largest mapping (or the file size when only open).
    pub size: u64,
    pub pids: Vec<i32>,
    /// Owner, group, mode and ctime of the file, when known (from an open fd's stat).
    pub meta: Option<(u32, u32, u32, i64)>,
    /// `PID/map_files/START-END` below /proc: stat-able (as root) to learn the owner of a
    /// file that is only mapped. Read only for these few files, never per mapping.
    pub probe: Option<String>,
}

impl HolderScan {
    /// /dev/shm files that are still mapped or open but have no name any more, as objects
    /// with holders and a `problem` saying so. Only files of this /dev/shm (same device) whose
    /// inode has no name left are reported (`sem.XXXXXX (deleted)` creator mappings of a
    /// linked semaphore are not).
    pub fn unlinked_objects(&self, src: &Source, kinds: &[Kind]) -> Vec<Object> {
        if self.unlinked.is_empty() {
            return Vec::new();
        }
        let dir = src.dev_shm();
        let Ok(meta) = std::fs::metadata(&dir) else {
            return Vec::new();
        };
        // d_ino from readdir: no stat per file.
        let linked: HashSet<u64> = std::fs::read_dir(&dir)
            .map(|rd| rd.flatten().map(|e| e.ino()).collect())
            .unwrap_or_default();
        let mut out = Vec::new();
        for (&(dev, ino), u) in &self.unlinked {
            if dev != meta.dev() || linked.contains(&ino) {
                continue;
            }
            // glibc's temporary `sem.XXXXXX` (see `glibc_temp_name`).
            let (kind, name, in_the_making) =
                match u.file.strip_prefix(crate::model::SEM_FILE_PREFIX) {
                    Some(n) if !n.is_empty() => (Kind::Psem, n, glibc_temp_name(n)),
                    _ => (Kind::Pshm, u.file.as_str(), false),
                };
            if !kinds.contains(&kind) {
                continue;
            }
            let meta = u.meta.or_else(|| {
                let m = std::fs::metadata(src.path("proc").join(u.probe.as_deref()?)).ok()?;
                Some((m.uid(), m.gid(), m.mode() & 0o7777, m.ctime()))
            });
            // Following map_files needs CAP_SYS_ADMIN. Without it, the maps read were those
            // of our own processes (a normal user reads no other's), so the file is ours as
            // far as anyone can tell here: never "root", which the zero default would say.
            let (me_uid, me_gid) = (
                nix::unistd::geteuid().as_raw(),
                nix::unistd::getegid().as_raw(),
            );
            let holders = self.holders(Some(&u.pids));
            out.push(Object {
                kind,
                reference: format!("{kind}:/{name} (deleted)"),
                name: Some(format!("/{name}")),
                size_bytes: kind.info().takes(CreateParam::Size).then_some(u.size),
                dev: Some(dev),
                inode: Some(ino),
                uid: meta.map_or(me_uid, |m| m.0),
                gid: meta.map_or(me_gid, |m| m.1),
                mode: meta.map_or(0, |m| m.2),
                ctime: meta.map(|m| m.3),
                problem: Some(if in_the_making {
                    Problem::SemaphoreInTheMaking {
                        holders: holders.clone(),
                    }
                } else {
                    Problem::Unlinked {
                        holders: holders.clone(),
                    }
                }),
                holders: Some(holders),
                namespace: src.ns.clone(),
                ..Default::default()
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }
}

/// A POSIX queue open in processes of our IPC namespace whose name is gone (`mq_unlink`
/// while open): the kernel keeps it, counted against queues_max and its creator's
/// RLIMIT_MSGQUEUE, until the last descriptor closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct UnlinkedQueue {
    /// The name it had, as the descriptor's link shows it (`/NAME (deleted)`).
    pub name: String,
    pub pids: Vec<i32>,
    pub uid: u32,
    pub gid: u32,
    pub mode: u32,
    pub ctime: i64,
    pub mtime: i64,
    /// mq_maxmsg, mq_msgsize, mq_curmsgs, when the queue could be opened again through
    /// `/proc/PID/fd/N` (opening changes none of its times).
    pub attr: Option<(u64, u64, u64)>,
}

/// One descriptor of a file with no link left: recorded when it is on an mqueue file system.
pub(super) fn record_queue_fd(
    s: &mut HolderScan,
    pid: i32,
    link: &std::path::Path,
    st: &nix::sys::stat::FileStat,
) {
    use nix::sys::statfs::statfs;
    if statfs(link).map(|f| f.filesystem_type()) != Ok(crate::collect::MQUEUE_MAGIC) {
        return;
    }
    let key = (st.st_dev, st.st_ino);
    if let Some(q) = s.unlinked_queues.get_mut(&key) {
        if !q.pids.contains(&pid) {
            q.pids.push(pid);
        }
        return;
    }
    let target = std::fs::read_link(link).unwrap_or_default();
    let text = target.to_string_lossy();
    let name = text
        .strip_suffix(" (deleted)")
        .unwrap_or(&text)
        .trim_start_matches('/')
        .to_string();
    let attr = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(nix::fcntl::OFlag::O_NONBLOCK.bits())
            .open(link)
            .ok()
            .and_then(|f| {
                use std::os::fd::AsFd;
                crate::sys::posix::mq_getattr_fd(f.as_fd()).ok()
            })
            .map(|a| {
                let u = |v: i64| u64::try_from(v).unwrap_or(0);
                (u(a.max_messages), u(a.message_size), u(a.messages))
            })
    };
    s.unlinked_queues.insert(
        key,
        UnlinkedQueue {
            name,
            pids: vec![pid],
            uid: st.st_uid,
            gid: st.st_gid,
            mode: st.st_mode & 0o7777,
            ctime: st.st_ctime,
            mtime: st.st_mtime,
            attr,
        },
    );
}

impl HolderScan {
    /// POSIX queues open in processes of our IPC namespace whose name is gone, as objects
    /// (`pmq:/NAME (deleted)`) with their holders and a problem saying so.
    pub fn unlinked_queue_objects(&self, src: &Source) -> Vec<Object> {
        let mut out: Vec<Object> = self
            .unlinked_queues
            .iter()
            .map(|(&(dev, ino), q)| {
                let holders = self.holders(Some(&q.pids));
                Object {
                    kind: Kind::Pmq,
                    reference: format!("{}:/{} (deleted)", Kind::Pmq, q.name),
                    name: Some(format!("/{}", q.name)),
                    uid: q.uid,
                    gid: q.gid,
                    mode: q.mode,
                    ctime: Some(q.ctime),
                    mtime: Some(q.mtime),
                    max_messages: q.attr.map(|a| a.0),
                    message_size: q.attr.map(|a| a.1),
                    messages: q.attr.map(|a| a.2),
                    dev: Some(dev),
                    inode: Some(ino),
                    problem: Some(Problem::UnlinkedOpen {
                        holders: holders.clone(),
                    }),
                    holders: Some(holders),
                    namespace: src.ns.clone(),
                    ..Default::default()
                }
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name).then(a.inode.cmp(&b.inode)));
        out
    }
}

/// POSIX queues open in processes of our IPC namespace whose name is gone (one pass over
/// the processes' descriptors; for `limits`, which lists no holders).
pub fn unlinked_queues(src: &Source) -> Vec<Object> {
    let scan = super::scan_for(src, &super::Needs::unlinked_queues());
    let mut v = scan.unlinked_queue_objects(src);
    crate::collect::name_owners(src, &mut v);
    v
}

/// glibc's `sem_open` builds a semaphore as `/dev/shm/sem.XXXXXX` (six letters or digits
/// from `__gen_tempname`), links it to `sem.NAME` and unlinks the temporary name, so its
/// creator's mapping keeps showing that name. Unlinked with such a name, it is a semaphore
/// being created, or one whose own name is gone.
fn glibc_temp_name(name: &str) -> bool {
    name.len() == 6 && name.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    #[test]
    fn glibc_temporary_semaphore_names_are_six_letters_or_digits() {
        assert!(super::glibc_temp_name("34kTRI"));
        assert!(!super::glibc_temp_name("mp-ab_c9xyz"));
        assert!(!super::glibc_temp_name("a-b.cd"));
    }
}
