//! System V IPC system calls (msg*, shm*, sem*), none of which nix wraps: typed results in
//! raw units, `Errno` on failure, and an RAII attachment for segments. Nothing here knows
//! about references, kinds or policy; `crate::kinds` decides what to call and why.

use std::time::Duration;

use nix::errno::Errno;

pub type Result<T> = std::result::Result<T, Errno>;

/// System call numbers of the System V calls a process can block in, as
/// `/proc/PID/task/TID/syscall` shows them.
/// SEMVMX: the largest value of a System V semaphore (a kernel constant, include/linux/sem.h;
/// no sysctl shows it).
pub const SEMVMX: i32 = 32767;
pub const SYSCALL_MSGSND: i64 = libc::SYS_msgsnd;
pub const SYSCALL_MSGRCV: i64 = libc::SYS_msgrcv;
pub const SYSCALL_SEMOP: i64 = libc::SYS_semop;
pub const SYSCALL_SEMTIMEDOP: i64 = libc::SYS_semtimedop;
/// i386 (compat) numbers, as /proc/TID/syscall shows them for a 32-bit task: the `ipc()`
/// multiplexer (its first argument says which call, the second is the id), the direct
/// calls since Linux 5.1, and the time64 semtimedop. None of them is used on x86_64 (which
/// skips 335–423; 117 is setresuid there, which never blocks).
pub const SYSCALL_I386_IPC: i64 = 117;
pub const I386_IPC_SEMOP: i64 = 1;
pub const I386_IPC_SEMTIMEDOP: i64 = 4;
pub const I386_IPC_MSGSND: i64 = 11;
pub const I386_IPC_MSGRCV: i64 = 12;
pub const SYSCALL_I386_MSGSND: i64 = 400;
pub const SYSCALL_I386_MSGRCV: i64 = 401;
pub const SYSCALL_I386_SEMTIMEDOP_TIME64: i64 = 420;

/// MSG_COPY (include/uapi/linux/msg.h); not in the libc crate.
pub const MSG_COPY: i32 = 0o40000;
pub const IPC_NOWAIT: i32 = libc::IPC_NOWAIT;
pub const MSG_NOERROR: i32 = libc::MSG_NOERROR;
pub const IPC_CREAT: i32 = libc::IPC_CREAT;
pub const IPC_EXCL: i32 = libc::IPC_EXCL;

/// The identity and ownership part of an IPC_STAT answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Perm {
    pub key: u32,
    pub uid: u32,
    pub gid: u32,
    pub cuid: u32,
    pub cgid: u32,
    pub mode: u32,
}

macro_rules! perm {
    ($p:expr) => {
        Perm {
            key: $p.__key as u32,
            uid: $p.uid,
            gid: $p.gid,
            cuid: $p.cuid,
            cgid: $p.cgid,
            mode: u32::from($p.mode),
        }
    };
}

/// IPC_STAT of a message queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MsgStat {
    pub perm: Perm,
    pub ctime: i64,
    pub messages: u64,
    pub bytes: u64,
    pub max_bytes: u64,
    pub lspid: i32,
    pub lrpid: i32,
    pub stime: i64,
    pub rtime: i64,
}

/// IPC_STAT of a shared memory segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShmStat {
    pub perm: Perm,
    pub ctime: i64,
    pub size: u64,
    pub nattch: u64,
    pub cpid: i32,
    pub lpid: i32,
    pub atime: i64,
    pub dtime: i64,
}

/// IPC_STAT of a semaphore set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SemStat {
    pub perm: Perm,
    pub ctime: i64,
    pub nsems: u64,
    pub otime: i64,
}

/// msgget(key, flags). Key 0 is IPC_PRIVATE.
pub fn msg_get(key: u32, flags: i32) -> Result<i32> {
    // SAFETY: integer arguments only.
    Errno::result(unsafe { libc::msgget(key as libc::key_t, flags) })
}

/// shmget(key, size, flags).
pub fn shm_get(key: u32, size: usize, flags: i32) -> Result<i32> {
    // SAFETY: integer arguments only.
    Errno::result(unsafe { libc::shmget(key as libc::key_t, size, flags) })
}

/// semget(key, nsems, flags).
pub fn sem_get(key: u32, nsems: i32, flags: i32) -> Result<i32> {
    // SAFETY: integer arguments only.
    Errno::result(unsafe { libc::semget(key as libc::key_t, nsems, flags) })
}

/// The table commands (include/uapi/linux/{ipc,msg,shm,sem}.h): IPC_INFO and `*_INFO` answer
/// with the highest index in use (`*_INFO` also count the objects); `*_STAT` and `*_STAT_ANY` (Linux 4.17, which skips the
/// read-permission check as /proc/sysvipc does) take an index.
const IPC_INFO: i32 = 3;
const MSG_INFO: i32 = 12;
const SHM_INFO: i32 = 14;
const SEM_INFO: i32 = 19;
const MSG_STAT: i32 = 11;
const MSG_STAT_ANY: i32 = 13;
const SHM_STAT: i32 = 13;
const SHM_STAT_ANY: i32 = 15;
const SEM_STAT: i32 = 18;
const SEM_STAT_ANY: i32 = 20;

/// How to ask for one object: by id (IPC_STAT, needs read permission), by its index in the
/// namespace's table (`*_STAT_ANY`, answered with the object's id), or by its index the
/// pre-4.17 way (`*_STAT`, which checks read permission).
#[derive(Debug, Clone, Copy)]
enum By {
    Id(i32),
    Index(i32),
    Slot(i32),
}

impl By {
    /// The first argument and the command, given the kind's `*_STAT` and `*_STAT_ANY`.
    fn args(self, stat: i32, stat_any: i32) -> (i32, i32) {
        match self {
            By::Id(id) => (id, libc::IPC_STAT),
            By::Index(i) => (i, stat_any),
            By::Slot(i) => (i, stat),
        }
    }
}

/// The highest index in use in the message queue table (0 when it is empty) and how many
/// queues there are: MSG_INFO, cheap (the kernel reads two per-cpu counters besides; only
/// SHM_INFO sums something per object, every segment's resident pages).
pub fn msg_table() -> Result<(i32, u32)> {
    // SAFETY: msginfo is plain data; MSG_INFO writes a struct msginfo through the buffer
    // argument, which points at one, valid for the call.
    unsafe {
        let mut info: libc::msginfo = std::mem::zeroed();
        let max = Errno::result(libc::msgctl(
            0,
            MSG_INFO,
            (&mut info as *mut libc::msginfo).cast(),
        ))?;
        Ok((max, u32::try_from(info.msgpool).unwrap_or(0)))
    }
}

/// The highest index in use in the shared memory table (IPC_INFO; 0 when it is empty).
pub fn shm_max_index() -> Result<i32> {
    // struct shminfo64: nine unsigned longs; room for more.
    let mut info = [0u64; 16];
    // SAFETY: IPC_INFO writes a struct shminfo64 (72 bytes) through the buffer argument,
    // which points at 128 writable bytes, valid for the call.
    Errno::result(unsafe { libc::shmctl(0, IPC_INFO, info.as_mut_ptr().cast()) })
}

/// struct shm_info (include/uapi/linux/shm.h); the libc crate does not define it.
#[repr(C)]
#[derive(Default)]
struct ShmInfo {
    used_ids: libc::c_int,
    shm_tot: libc::c_ulong,
    shm_rss: libc::c_ulong,
    shm_swp: libc::c_ulong,
    swap_attempts: libc::c_ulong,
    swap_successes: libc::c_ulong,
}

/// How many segments there are (SHM_INFO). Not cheap: the kernel also sums every segment's
/// resident pages, a lock taken per segment.
pub fn shm_count() -> Result<u32> {
    let mut info = ShmInfo::default();
    // SAFETY: SHM_INFO writes a struct shm_info (ShmInfo has its layout) through the buffer
    // argument, which points at one, valid for the call.
    Errno::result(unsafe { libc::shmctl(0, SHM_INFO, (&mut info as *mut ShmInfo).cast()) })?;
    Ok(u32::try_from(info.used_ids).unwrap_or(0))
}

/// The highest index in use in the semaphore set table (0 when it is empty) and how many
/// sets there are: SEM_INFO, as cheap as IPC_INFO.
pub fn sem_table() -> Result<(i32, u32)> {
    // SAFETY: seminfo is plain data; semctl's fourth argument is a union semun whose
    // `__buf` member is this pointer, valid for the call.
    unsafe {
        let mut info: libc::seminfo = std::mem::zeroed();
        let max = Errno::result(libc::semctl(
            0,
            0,
            SEM_INFO,
            &mut info as *mut libc::seminfo,
        ))?;
        Ok((max, u32::try_from(info.semusz).unwrap_or(0)))
    }
}

/// Whether an object sits at table index `index`, asked the pre-4.17 way (`*_STAT`, which
/// checks read permission: EACCES still says there is one). For telling an empty table
/// from a kernel that does not know `*_STAT_ANY` (it answers EINVAL for every index).
pub fn msg_slot_used(index: i32) -> bool {
    msqid_ds(By::Slot(index)).err() != Some(Errno::EINVAL)
}

/// [`msg_slot_used`] for the shared memory table.
pub fn shm_slot_used(index: i32) -> bool {
    shm_stat_by(By::Slot(index)).err() != Some(Errno::EINVAL)
}

/// [`msg_slot_used`] for the semaphore set table.
pub fn sem_slot_used(index: i32) -> bool {
    sem_stat_by(By::Slot(index)).err() != Some(Errno::EINVAL)
}

fn msqid_ds(by: By) -> Result<(i32, libc::msqid_ds)> {
    let (n, cmd) = by.args(MSG_STAT, MSG_STAT_ANY);
    // SAFETY: msqid_ds is plain data for which all-zero is valid; the command fills it and
    // the pointer is valid for the call.
    unsafe {
        let mut ds: libc::msqid_ds = std::mem::zeroed();
        let r = Errno::result(libc::msgctl(n, cmd, &mut ds))?;
        Ok((r, ds))
    }
}

fn msg_stat_by(by: By) -> Result<(i32, MsgStat)> {
    let (r, ds) = msqid_ds(by)?;
    Ok((
        r,
        MsgStat {
            perm: perm!(ds.msg_perm),
            ctime: ds.msg_ctime,
            messages: ds.msg_qnum,
            bytes: ds.__msg_cbytes,
            max_bytes: ds.msg_qbytes,
            lspid: ds.msg_lspid,
            lrpid: ds.msg_lrpid,
            stime: ds.msg_stime,
            rtime: ds.msg_rtime,
        },
    ))
}

fn shm_stat_by(by: By) -> Result<(i32, ShmStat)> {
    let (n, cmd) = by.args(SHM_STAT, SHM_STAT_ANY);
    // SAFETY: shmid_ds is plain data; the command fills it through a pointer valid for the
    // call.
    let (r, ds) = unsafe {
        let mut ds: libc::shmid_ds = std::mem::zeroed();
        let r = Errno::result(libc::shmctl(n, cmd, &mut ds))?;
        (r, ds)
    };
    Ok((
        r,
        ShmStat {
            perm: perm!(ds.shm_perm),
            ctime: ds.shm_ctime,
            size: ds.shm_segsz as u64,
            nattch: ds.shm_nattch,
            cpid: ds.shm_cpid,
            lpid: ds.shm_lpid,
            atime: ds.shm_atime,
            dtime: ds.shm_dtime,
        },
    ))
}

fn sem_stat_by(by: By) -> Result<(i32, SemStat)> {
    let (n, cmd) = by.args(SEM_STAT, SEM_STAT_ANY);
    // SAFETY: semid_ds is plain data; semctl's fourth argument is a union semun whose `buf`
    // member is this pointer, valid for the call.
    let (r, ds) = unsafe {
        let mut ds: libc::semid_ds = std::mem::zeroed();
        let r = Errno::result(libc::semctl(n, 0, cmd, &mut ds as *mut libc::semid_ds))?;
        (r, ds)
    };
    Ok((
        r,
        SemStat {
            perm: perm!(ds.sem_perm),
            ctime: ds.sem_ctime,
            nsems: ds.sem_nsems,
            otime: ds.sem_otime,
        },
    ))
}

pub fn msg_stat(id: i32) -> Result<MsgStat> {
    msg_stat_by(By::Id(id)).map(|(_, s)| s)
}

pub fn shm_stat(id: i32) -> Result<ShmStat> {
    shm_stat_by(By::Id(id)).map(|(_, s)| s)
}

pub fn sem_stat(id: i32) -> Result<SemStat> {
    sem_stat_by(By::Id(id)).map(|(_, s)| s)
}

/// MSG_STAT_ANY: the id and status of the queue at table index `index` (EINVAL: none there).
pub fn msg_stat_index(index: i32) -> Result<(i32, MsgStat)> {
    msg_stat_by(By::Index(index))
}

/// SHM_STAT_ANY: the id and status of the segment at table index `index`.
pub fn shm_stat_index(index: i32) -> Result<(i32, ShmStat)> {
    shm_stat_by(By::Index(index))
}

/// SEM_STAT_ANY: the id and status of the set at table index `index`.
pub fn sem_stat_index(index: i32) -> Result<(i32, SemStat)> {
    sem_stat_by(By::Index(index))
}

/// Set a queue's msg_qbytes (IPC_STAT, then IPC_SET with the new value) and return what the
/// kernel reports afterwards, so the caller can verify the value was taken as asked.
pub fn msg_set_qbytes(id: i32, bytes: u64) -> Result<u64> {
    let (_, mut ds) = msqid_ds(By::Id(id))?;
    ds.msg_qbytes = bytes as libc::msglen_t;
    // SAFETY: ds is a valid msqid_ds from IPC_STAT; IPC_SET reads it.
    Errno::result(unsafe { libc::msgctl(id, libc::IPC_SET, &mut ds) })?;
    Ok(msqid_ds(By::Id(id))?.1.msg_qbytes)
}

pub fn msg_rmid(id: i32) -> Result<()> {
    // SAFETY: IPC_RMID takes no buffer.
    Errno::result(unsafe { libc::msgctl(id, libc::IPC_RMID, std::ptr::null_mut()) }).map(drop)
}

pub fn shm_rmid(id: i32) -> Result<()> {
    // SAFETY: IPC_RMID takes no buffer.
    Errno::result(unsafe { libc::shmctl(id, libc::IPC_RMID, std::ptr::null_mut()) }).map(drop)
}

pub fn sem_rmid(id: i32) -> Result<()> {
    // SAFETY: IPC_RMID takes no fourth argument.
    Errno::result(unsafe { libc::semctl(id, 0, libc::IPC_RMID) }).map(drop)
}

/// msgsnd of one message of type `mtype` (must be > 0).
pub fn msg_send(id: i32, mtype: i64, data: &[u8], flags: i32) -> Result<()> {
    let mut buf = Vec::with_capacity(8 + data.len());
    buf.extend_from_slice(&mtype.to_ne_bytes());
    buf.extend_from_slice(data);
    // SAFETY: buf holds a long mtype followed by data.len() bytes of text.
    Errno::result(unsafe { libc::msgsnd(id, buf.as_ptr().cast(), data.len(), flags) }).map(drop)
}

/// A buffer for msgrcv: a long mtype followed by room for the text.
pub struct MsgBuf(Vec<u8>);

impl MsgBuf {
    pub fn new(text_capacity: usize) -> MsgBuf {
        MsgBuf(vec![0u8; 8 + text_capacity])
    }

    pub fn capacity(&self) -> usize {
        self.0.len() - 8
    }

    /// Make room for at least `text_capacity` bytes of text.
    pub fn grow_to(&mut self, text_capacity: usize) {
        let n = text_capacity.saturating_add(8);
        if n > self.0.len() {
            self.0.resize(n, 0);
        }
    }
}

/// msgrcv into `buf`: `(mtype, text)` of the message taken (or copied, with MSG_COPY).
pub fn msg_recv(id: i32, buf: &mut MsgBuf, mtype: i64, flags: i32) -> Result<(i64, Vec<u8>)> {
    let cap = buf.capacity();
    // SAFETY: buf.0 has room for a long mtype and cap bytes of text.
    let n = unsafe { libc::msgrcv(id, buf.0.as_mut_ptr().cast(), cap, mtype, flags) };
    let n = Errno::result(n)? as usize;
    let mut t = [0u8; 8];
    t.copy_from_slice(&buf.0[..8]);
    Ok((i64::from_ne_bytes(t), buf.0[8..8 + n.min(cap)].to_vec()))
}

/// One semctl value query (GETVAL, GETPID, GETNCNT, GETZCNT) of semaphore `index`.
#[derive(Debug, Clone, Copy)]
pub enum SemQuery {
    Value,
    Pid,
    NCount,
    ZCount,
}

pub fn sem_query(id: i32, index: u32, q: SemQuery) -> Result<i32> {
    let cmd = match q {
        SemQuery::Value => libc::GETVAL,
        SemQuery::Pid => libc::GETPID,
        SemQuery::NCount => libc::GETNCNT,
        SemQuery::ZCount => libc::GETZCNT,
    };
    // SAFETY: these commands take no fourth argument.
    Errno::result(unsafe { libc::semctl(id, index as libc::c_int, cmd) })
}

pub fn sem_setval(id: i32, index: u32, value: u16) -> Result<()> {
    // SAFETY: SETVAL takes an int (the union semun's first member).
    Errno::result(unsafe {
        libc::semctl(
            id,
            index as libc::c_int,
            libc::SETVAL,
            libc::c_int::from(value),
        )
    })
    .map(drop)
}

/// SETALL: `values` must have exactly as many entries as the set has semaphores.
pub fn sem_setall(id: i32, values: &[u16]) -> Result<()> {
    let n = sem_stat(id)?.nsems;
    if values.len() as u64 != n {
        return Err(Errno::EINVAL);
    }
    let mut v = values.to_vec();
    // SAFETY: SETALL reads nsems unsigned shorts through the union's `array` pointer; v has
    // exactly nsems of them (checked above) and lives for the call.
    Errno::result(unsafe { libc::semctl(id, 0, libc::SETALL, v.as_mut_ptr()) }).map(drop)
}

/// semop (or semtimedop with a relative `timeout`) of one operation on semaphore `num`.
pub fn sem_op(id: i32, num: u16, op: i16, nowait: bool, timeout: Option<Duration>) -> Result<()> {
    let mut sop = libc::sembuf {
        sem_num: num,
        sem_op: op,
        sem_flg: if nowait { libc::IPC_NOWAIT as i16 } else { 0 },
    };
    let rc = match timeout {
        Some(d) => {
            let ts = libc::timespec {
                tv_sec: d.as_secs().min(i64::MAX as u64) as libc::time_t,
                tv_nsec: libc::c_long::from(d.subsec_nanos() as i32),
            };
            // SAFETY: semtimedop(semid, sops, nsops, timeout) with one valid sembuf and a
            // relative timeout that live for the call; libc has no wrapper for it.
            unsafe {
                libc::syscall(
                    libc::SYS_semtimedop,
                    id,
                    &mut sop as *mut libc::sembuf,
                    1usize,
                    &ts as *const libc::timespec,
                ) as libc::c_int
            }
        }
        // SAFETY: one valid sembuf, alive for the call.
        None => unsafe { libc::semop(id, &mut sop, 1) },
    };
    Errno::result(rc).map(drop)
}

/// An attached System V segment, detached on drop. Reads and writes copy bytes in and out;
/// other processes may write concurrently, so a read is a snapshot.
pub struct Attached {
    addr: *mut libc::c_void,
    size: u64,
    writable: bool,
}

impl Attached {
    /// Attach segment `id` (read-only unless `writable`).
    pub fn new(id: i32, writable: bool) -> Result<Attached> {
        let size = shm_stat(id)?.size;
        let flags = if writable { 0 } else { libc::SHM_RDONLY };
        // SAFETY: the kernel chooses the address; the mapping is released by Drop.
        let addr = unsafe { libc::shmat(id, std::ptr::null(), flags) };
        if addr as isize == -1 {
            return Err(Errno::last());
        }
        Ok(Attached {
            addr,
            size,
            writable,
        })
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Copy `out.len()` bytes from `offset`; EINVAL (nothing copied) when the range does not
    /// lie inside the segment.
    pub fn read_at(&self, offset: u64, out: &mut [u8]) -> Result<()> {
        let end = offset.checked_add(out.len() as u64).ok_or(Errno::EINVAL)?;
        if end > self.size {
            return Err(Errno::EINVAL);
        }
        // SAFETY: [offset, end) lies inside the attached mapping (checked above) and out
        // has out.len() bytes; the regions cannot overlap (out is our own heap memory).
        unsafe {
            std::ptr::copy_nonoverlapping(
                (self.addr as *const u8).add(offset as usize),
                out.as_mut_ptr(),
                out.len(),
            );
        }
        Ok(())
    }

    /// Copy `data` to `offset`; EINVAL when it does not fit, EACCES when read-only.
    pub fn write_at(&self, offset: u64, data: &[u8]) -> Result<()> {
        if !self.writable {
            return Err(Errno::EACCES);
        }
        let end = offset.checked_add(data.len() as u64).ok_or(Errno::EINVAL)?;
        if end > self.size {
            return Err(Errno::EINVAL);
        }
        // SAFETY: [offset, end) lies inside a read-write attachment (checked above).
        unsafe {
            std::ptr::copy_nonoverlapping(
                data.as_ptr(),
                (self.addr as *mut u8).add(offset as usize),
                data.len(),
            );
        }
        Ok(())
    }
}

impl Drop for Attached {
    fn drop(&mut self) {
        // SAFETY: addr came from shmat and is detached exactly once.
        unsafe { libc::shmdt(self.addr) };
    }
}
