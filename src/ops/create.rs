//! Creating objects of all six kinds. System V objects are always created with
//! IPC_CREAT|IPC_EXCL and POSIX ones with O_CREAT|O_EXCL, so an existing object is never
//! silently reused: it is reported as `Outcome::Existing` only when the caller allows that.
//! POSIX queue sizes are checked against the kernel's limits *before* mq_open, because the
//! kernel's EINVAL and EMFILE do not say which limit refused them.

use std::os::fd::{FromRawFd, OwnedFd};

use nix::errno::Errno;

use super::{posix_cname, sysctl};
use crate::error::{Error, errno_reason};
use crate::model::{Ident, Kind, Ref};

/// What to create; sizes already parsed, mode already octal.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    pub kind: Kind,
    /// POSIX name (without '/').
    pub name: Option<String>,
    /// System V key; `None` = a fresh random key.
    pub key: Option<u32>,
    pub mode: u32,
    pub size: Option<u64>,
    pub nsems: u32,
    pub values: Vec<u16>,
    pub value: u32,
    pub max_messages: Option<i64>,
    pub message_size: Option<i64>,
    pub max_bytes: Option<u64>,
    pub exist_ok: bool,
}

/// The reference of the object, and whether it was made now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created(Ref),
    Existing(Ref),
}

impl Outcome {
    pub fn reference(&self) -> &Ref {
        match self {
            Outcome::Created(r) | Outcome::Existing(r) => r,
        }
    }
}

pub fn create(s: &Spec) -> Result<Outcome, Error> {
    match s.kind {
        Kind::Msg | Kind::Shm | Kind::Sem => create_sysv(s),
        Kind::Pmq => create_pmq(s),
        Kind::Pshm => create_pshm(s),
        Kind::Psem => create_psem(s),
    }
}

/// A POSIX create that failed: an existing object is fine with --exist-ok, an error
/// otherwise; anything else is reported with its reason.
fn create_failed(r: Ref, exist_ok: bool, e: Errno) -> Result<Outcome, Error> {
    match e {
        Errno::EEXIST if exist_ok => Ok(Outcome::Existing(r)),
        Errno::EEXIST => Err(exists_error(&r, &r)),
        other => Err(Error::object(
            &r,
            format!("cannot create: {}", errno_reason(other)),
        )),
    }
}

fn exists_error(what: &Ref, existing: &Ref) -> Error {
    if what == existing {
        Error::object(what, "already exists; pass --exist-ok to accept it")
    } else {
        Error::object(
            what,
            format!("already exists (as {existing}); pass --exist-ok to accept it"),
        )
    }
}

/// A random key that is not IPC_PRIVATE.
fn random_key() -> u32 {
    loop {
        let mut b = [0u8; 4];
        // SAFETY: getrandom writes at most b.len() bytes into b.
        let n = unsafe { libc::getrandom(b.as_mut_ptr().cast(), b.len(), 0) };
        let k = if n == 4 {
            u32::from_ne_bytes(b)
        } else {
            // Very old kernels: fall back to time and pid; IPC_EXCL still protects us.
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            t ^ std::process::id().rotate_left(16)
        };
        if k != 0 {
            return k;
        }
    }
}

fn sysv_get(kind: Kind, key: u32, s: &Spec, flags: i32) -> libc::c_int {
    let key = key as libc::key_t;
    // SAFETY: plain syscalls with integer arguments.
    unsafe {
        match kind {
            Kind::Msg => libc::msgget(key, flags),
            Kind::Shm => libc::shmget(key, s.size.unwrap_or(0) as usize, flags),
            _ => libc::semget(key, s.nsems as libc::c_int, flags),
        }
    }
}

fn create_sysv(s: &Spec) -> Result<Outcome, Error> {
    let kind = s.kind;
    if kind == Kind::Shm && s.size.is_none() {
        return Err(Error::usage(
            "create shm: --size is required (e.g. --size 4K)",
        ));
    }
    let flags = libc::IPC_CREAT | libc::IPC_EXCL | (s.mode & 0o777) as i32;
    let id = match s.key {
        Some(key) => {
            let id = sysv_get(kind, key, s, flags);
            if id < 0 {
                let e = Errno::last();
                let what = Ref {
                    kind,
                    ident: Ident::Key(key),
                };
                if e == Errno::EEXIST {
                    // SAFETY: as in sysv_get; flags 0 only looks the key up.
                    let old = unsafe {
                        match kind {
                            Kind::Shm => libc::shmget(key as libc::key_t, 0, 0),
                            Kind::Sem => libc::semget(key as libc::key_t, 0, 0),
                            _ => libc::msgget(key as libc::key_t, 0),
                        }
                    };
                    let existing = if old >= 0 {
                        Ref {
                            kind,
                            ident: Ident::Id(old),
                        }
                    } else {
                        what.clone()
                    };
                    if s.exist_ok && old >= 0 {
                        return Ok(Outcome::Existing(existing));
                    }
                    return Err(exists_error(&what, &existing));
                }
                return Err(sysv_create_error(kind, &what, e, s));
            }
            id
        }
        None => loop {
            let key = random_key();
            let id = sysv_get(kind, key, s, flags);
            if id >= 0 {
                break id;
            }
            let e = Errno::last();
            if e != Errno::EEXIST {
                let what = Ref {
                    kind,
                    ident: Ident::Key(key),
                };
                return Err(sysv_create_error(kind, &what, e, s));
            }
        },
    };
    let r = Ref {
        kind,
        ident: Ident::Id(id),
    };
    // Finish the setup; on failure remove the half-made object again.
    let setup = match kind {
        Kind::Msg => match s.max_bytes {
            Some(b) => set_qbytes(id, b).map_err(|e| qbytes_error(&r, b, e)),
            None => Ok(()),
        },
        Kind::Sem if !s.values.is_empty() => set_all(id, &s.values)
            .map_err(|e| Error::object(&r, format!("cannot set values: {}", errno_reason(e)))),
        _ => Ok(()),
    };
    if let Err(e) = setup {
        // SAFETY: IPC_RMID takes no buffer; the id is the one just created.
        unsafe {
            match kind {
                Kind::Msg => libc::msgctl(id, libc::IPC_RMID, std::ptr::null_mut()),
                _ => libc::semctl(id, 0, libc::IPC_RMID),
            };
        }
        return Err(e);
    }
    Ok(Outcome::Created(r))
}

fn sysv_create_error(kind: Kind, what: &Ref, e: Errno, s: &Spec) -> Error {
    let why = match (kind, e) {
        (Kind::Shm, Errno::EINVAL) => format!(
            "size {} is outside the kernel's limits (SHMMIN 1, SHMMAX {} in /proc/sys/kernel/shmmax)",
            s.size.unwrap_or(0),
            sysctl("kernel/shmmax").map_or("unknown".into(), |v| v.to_string())
        ),
        (Kind::Shm, Errno::ENOSPC) => format!(
            "no room: SHMMNI segments ({}) or SHMALL pages ({}) are used up",
            sysctl("kernel/shmmni").map_or("?".into(), |v| v.to_string()),
            sysctl("kernel/shmall").map_or("?".into(), |v| v.to_string())
        ),
        (Kind::Shm, Errno::ENOMEM) => "not enough memory for the segment".into(),
        (Kind::Msg, Errno::ENOSPC) => format!(
            "no room: MSGMNI ({} queues, /proc/sys/kernel/msgmni) is reached",
            sysctl("kernel/msgmni").map_or("?".into(), |v| v.to_string())
        ),
        (Kind::Sem, Errno::EINVAL) => format!(
            "--nsems {} is outside 1..SEMMSL (SEMMSL is the first field of /proc/sys/kernel/sem)",
            s.nsems
        ),
        (Kind::Sem, Errno::ENOSPC) => {
            "no room: SEMMNI sets or SEMMNS semaphores (/proc/sys/kernel/sem) are used up".into()
        }
        (_, other) => errno_reason(other),
    };
    Error::object(what, format!("cannot create: {why}"))
}

fn set_qbytes(id: i32, bytes: u64) -> Result<(), Errno> {
    // SAFETY: msqid_ds is plain data; IPC_STAT fills it and IPC_SET reads it.
    unsafe {
        let mut ds: libc::msqid_ds = std::mem::zeroed();
        Errno::result(libc::msgctl(id, libc::IPC_STAT, &mut ds))?;
        ds.msg_qbytes = bytes as libc::msglen_t;
        Errno::result(libc::msgctl(id, libc::IPC_SET, &mut ds)).map(drop)
    }
}

fn qbytes_error(r: &Ref, bytes: u64, e: Errno) -> Error {
    let why = match e {
        Errno::EPERM => format!(
            "--max-bytes {bytes} is above MSGMNB ({} in /proc/sys/kernel/msgmnb); raising it needs CAP_SYS_RESOURCE",
            sysctl("kernel/msgmnb").map_or("?".into(), |v| v.to_string())
        ),
        other => errno_reason(other),
    };
    Error::object(r, format!("cannot set max bytes: {why}; not created"))
}

fn set_all(id: i32, values: &[u16]) -> Result<(), Errno> {
    let mut v = values.to_vec();
    // SAFETY: SETALL reads nsems unsigned shorts from the array (the union semun's `array`
    // member is a pointer); the caller checked values.len() == nsems.
    let r = unsafe { libc::semctl(id, 0, libc::SETALL, v.as_mut_ptr()) };
    Errno::result(r).map(drop)
}

/// Run `f` with umask 0 so the object gets exactly the requested mode. ipcctl is single
/// threaded, so the process-wide umask change cannot race with another thread.
fn with_umask0<T>(f: impl FnOnce() -> T) -> T {
    // SAFETY: umask has no preconditions.
    let old = unsafe { libc::umask(0) };
    let out = f();
    // SAFETY: as above.
    unsafe { libc::umask(old) };
    out
}

fn posix_ref(s: &Spec) -> Result<Ref, Error> {
    let name = s.name.as_deref().ok_or_else(|| {
        Error::usage(format!(
            "create {}: a NAME is required (e.g. ipcctl create {} /jobs)",
            s.kind, s.kind
        ))
    })?;
    let name = name.strip_prefix('/').unwrap_or(name);
    crate::model::check_posix_name(s.kind, name).map_err(Error::usage)?;
    Ok(Ref {
        kind: s.kind,
        ident: Ident::Name(name.to_string()),
    })
}

/// True when the effective capabilities include CAP_SYS_RESOURCE (24), which lifts
/// msg_max/msgsize_max to the kernel's hard limits.
fn has_cap_sys_resource() -> bool {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return false;
    };
    status
        .lines()
        .find_map(|l| l.strip_prefix("CapEff:"))
        .and_then(|h| u64::from_str_radix(h.trim(), 16).ok())
        .is_some_and(|caps| caps & (1 << 24) != 0)
}

/// Bytes a queue charges against RLIMIT_MSGQUEUE, as ipc/mqueue.c computes it on x86_64:
/// per message a `struct msg_msg` (48 B) and a `posix_msg_tree_node` (48 B), plus the
/// payload.
pub fn mq_charge(maxmsg: u64, msgsize: u64) -> u64 {
    const PER_MSG_OVERHEAD: u64 = 48 + 48;
    let tree = maxmsg.min(32768).saturating_mul(PER_MSG_OVERHEAD);
    tree.saturating_add(maxmsg.saturating_mul(msgsize))
}

/// Check the requested queue against msg_max, msgsize_max and RLIMIT_MSGQUEUE; the error
/// names the limit that refuses it.
pub fn check_pmq_limits(r: &Ref, maxmsg: i64, msgsize: i64, used: u64) -> Result<(), Error> {
    if maxmsg < 1 {
        return Err(Error::usage(format!(
            "{r}: --max-messages must be at least 1"
        )));
    }
    if msgsize < 1 {
        return Err(Error::usage(format!(
            "{r}: --message-size must be at least 1"
        )));
    }
    let privileged = has_cap_sys_resource();
    // HARD_MSGMAX and HARD_MSGSIZEMAX in ipc/mqueue.c: not even CAP_SYS_RESOURCE passes them.
    let checks = [
        ("--max-messages", maxmsg, "msg_max", 65536i64),
        ("--message-size", msgsize, "msgsize_max", 16 << 20),
    ];
    for (flag, want, file, hard) in checks {
        if want > hard {
            return Err(Error::object(
                r,
                format!("{flag} {want} is above the kernel's hard limit {hard}"),
            ));
        }
        if !privileged
            && let Some(limit) = sysctl(&format!("fs/mqueue/{file}"))
            && want as u64 > limit
        {
            return Err(Error::object(
                r,
                format!(
                    "{flag} {want} is above the limit {limit} in /proc/sys/fs/mqueue/{file} (raise it with sysctl fs.mqueue.{file}=N as root, or ask for less)"
                ),
            ));
        }
    }
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit fills rl.
    if unsafe { libc::getrlimit(libc::RLIMIT_MSGQUEUE, &mut rl) } == 0
        && rl.rlim_cur != libc::RLIM_INFINITY
    {
        let need = mq_charge(maxmsg as u64, msgsize as u64);
        let limit = rl.rlim_cur;
        if need > limit {
            return Err(Error::object(
                r,
                format!(
                    "{maxmsg} messages of {msgsize} bytes need {need} bytes, more than this user's RLIMIT_MSGQUEUE ({limit} bytes; see `ulimit -q`); ask for fewer or smaller messages"
                ),
            ));
        }
        if used.saturating_add(need) > limit {
            return Err(Error::object(
                r,
                format!(
                    "this user's queues already take about {used} of the {limit} bytes RLIMIT_MSGQUEUE allows (`ulimit -q`), and this one needs {need}; remove unused queues or ask for smaller ones"
                ),
            ));
        }
    }
    Ok(())
}

fn create_pmq(s: &Spec) -> Result<Outcome, Error> {
    let r = posix_ref(s)?;
    let c = posix_cname(&r)?;
    let attr_wanted = s.max_messages.is_some() || s.message_size.is_some();
    let maxmsg = s
        .max_messages
        .or_else(|| sysctl("fs/mqueue/msg_default").map(|v| v as i64))
        .unwrap_or(10);
    let msgsize = s
        .message_size
        .or_else(|| sysctl("fs/mqueue/msgsize_default").map(|v| v as i64))
        .unwrap_or(8192);
    check_pmq_limits(&r, maxmsg, msgsize, used_mq_bytes())?;
    // SAFETY: mq_attr is plain data.
    let mut attr: libc::mq_attr = unsafe { std::mem::zeroed() };
    attr.mq_maxmsg = maxmsg;
    attr.mq_msgsize = msgsize;
    let attr_ptr: *mut libc::mq_attr = if attr_wanted {
        &mut attr
    } else {
        std::ptr::null_mut()
    };
    let fd = with_umask0(|| {
        // SAFETY: valid name; attr_ptr is null or points to attr, alive for the call.
        unsafe {
            libc::mq_open(
                c.as_ptr(),
                libc::O_CREAT | libc::O_EXCL | libc::O_RDONLY | libc::O_CLOEXEC,
                (s.mode & 0o7777) as libc::mode_t,
                attr_ptr,
            )
        }
    });
    if fd < 0 {
        let e = Errno::last();
        if e == Errno::EEXIST {
            return if s.exist_ok {
                Ok(Outcome::Existing(r))
            } else {
                Err(exists_error(&r, &r))
            };
        }
        let why = match e {
            Errno::EMFILE => format!(
                "RLIMIT_MSGQUEUE (`ulimit -q`) is used up by this user's queues, or too many files are open (EMFILE); {maxmsg} x {msgsize} bytes needs {}",
                mq_charge(maxmsg as u64, msgsize as u64)
            ),
            Errno::ENOSPC => format!(
                "the system-wide queue limit is reached ({} in /proc/sys/fs/mqueue/queues_max)",
                sysctl("fs/mqueue/queues_max").map_or("?".into(), |v| v.to_string())
            ),
            Errno::EINVAL => format!(
                "the kernel refused {maxmsg} messages of {msgsize} bytes (EINVAL; limits: /proc/sys/fs/mqueue/msg_max, msgsize_max)"
            ),
            Errno::EACCES => "permission denied (a name with a second '/' also gives this)".into(),
            other => errno_reason(other),
        };
        return Err(Error::object(&r, format!("cannot create: {why}")));
    }
    // SAFETY: on Linux an mqd_t is a file descriptor that we own.
    unsafe { libc::mq_close(fd) };
    Ok(Outcome::Created(r))
}

/// Bytes of RLIMIT_MSGQUEUE the caller's queues already take, estimated from the queues
/// visible in a mounted mqueue fs (0 when none is mounted: the kernel then has the last word).
fn used_mq_bytes() -> u64 {
    use std::os::unix::fs::MetadataExt;
    let src = crate::collect::Source::new("/");
    let Some(dir) = crate::collect::posix_mq::mount_point(&src) else {
        return 0;
    };
    // SAFETY: no preconditions.
    let me = unsafe { libc::geteuid() };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut used = 0u64;
    for e in entries.flatten() {
        let Ok(meta) = e.metadata() else { continue };
        if meta.uid() != me || !meta.file_type().is_file() {
            continue;
        }
        let Ok(f) = std::fs::File::open(e.path()) else {
            continue;
        };
        // SAFETY: mq_attr is plain data; mq_getattr accepts a plain fd of a queue file.
        let mut attr: libc::mq_attr = unsafe { std::mem::zeroed() };
        let fd = std::os::fd::AsRawFd::as_raw_fd(&f);
        // SAFETY: fd is open for the call; attr lives for it.
        if unsafe { libc::mq_getattr(fd, &mut attr) } == 0 {
            used = used.saturating_add(mq_charge(attr.mq_maxmsg as u64, attr.mq_msgsize as u64));
        }
    }
    used
}

fn create_pshm(s: &Spec) -> Result<Outcome, Error> {
    let r = posix_ref(s)?;
    let size = s
        .size
        .ok_or_else(|| Error::usage("create pshm: --size is required (e.g. --size 4K)"))?;
    let size_off = libc::off_t::try_from(size)
        .map_err(|_| Error::usage(format!("--size {size} is too large")))?;
    let c = posix_cname(&r)?;
    let fd = with_umask0(|| {
        // SAFETY: valid name.
        unsafe {
            libc::shm_open(
                c.as_ptr(),
                libc::O_CREAT | libc::O_EXCL | libc::O_RDWR | libc::O_NOFOLLOW | libc::O_CLOEXEC,
                (s.mode & 0o7777) as libc::mode_t,
            )
        }
    });
    if fd < 0 {
        return create_failed(r, s.exist_ok, Errno::last());
    }
    // SAFETY: fd was just opened and is owned here only.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    // SAFETY: valid fd.
    let t = unsafe { libc::ftruncate(std::os::fd::AsRawFd::as_raw_fd(&fd), size_off) };
    if t < 0 {
        let e = Errno::last();
        // SAFETY: valid name; we created this object a moment ago.
        unsafe { libc::shm_unlink(c.as_ptr()) };
        let why = match e {
            Errno::EFBIG | Errno::EINVAL => format!("size {size} is too large for /dev/shm"),
            other => errno_reason(other),
        };
        return Err(Error::object(
            &r,
            format!("cannot set size: {why}; not created"),
        ));
    }
    Ok(Outcome::Created(r))
}

fn create_psem(s: &Spec) -> Result<Outcome, Error> {
    let r = posix_ref(s)?;
    let max = crate::collect::posix_shm::SEM_VALUE_MAX;
    if s.value > max {
        return Err(Error::usage(format!(
            "{r}: --value {} is above SEM_VALUE_MAX ({max})",
            s.value
        )));
    }
    let c = posix_cname(&r)?;
    let sem = with_umask0(|| {
        // SAFETY: valid name; mode and value are passed as the variadic arguments.
        unsafe {
            libc::sem_open(
                c.as_ptr(),
                libc::O_CREAT | libc::O_EXCL,
                (s.mode & 0o7777) as libc::c_uint,
                s.value as libc::c_uint,
            )
        }
    });
    if sem == libc::SEM_FAILED {
        return create_failed(r, s.exist_ok, Errno::last());
    }
    // SAFETY: sem came from sem_open and is closed once.
    unsafe { libc::sem_close(sem) };
    Ok(Outcome::Created(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mq_charge_matches_kernel_formula() {
        // 10 default queues of 10 x 8192 exceed 819200 (the documented EMFILE surprise).
        assert_eq!(mq_charge(10, 8192), 10 * 96 + 81920);
        assert!(10 * mq_charge(10, 8192) > 819_200);
        assert_eq!(mq_charge(4, 64), 4 * 96 + 256);
    }

    #[test]
    fn pmq_limits_name_the_limit() {
        let r: Ref = "pmq:/x".parse().unwrap();
        assert_eq!(check_pmq_limits(&r, 0, 64, 0).unwrap_err().exit_code(), 2);
        let e = check_pmq_limits(&r, 100_000, 64, 0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("hard limit"), "{e}");
        let mut rl = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit fills rl.
        let finite = unsafe { libc::getrlimit(libc::RLIMIT_MSGQUEUE, &mut rl) } == 0
            && rl.rlim_cur != libc::RLIM_INFINITY;
        if finite {
            let e = check_pmq_limits(&r, 4, 64, u64::MAX / 2)
                .unwrap_err()
                .to_string();
            assert!(e.contains("RLIMIT_MSGQUEUE"), "{e}");
        }
    }
}
