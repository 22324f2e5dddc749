//! POSIX message queues (the one wrapper: ipcctl never uses `nix::mqueue`, so every queue
//! descriptor is an [`Mq`]) and glibc named semaphores (every sem_* call): RAII handles
//! closed on drop, `Errno` on failure. POSIX shared memory needs nothing here
//! (`nix::sys::mman::shm_open` and friends are safe).

use std::ffi::CStr;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::time::Duration;

use nix::errno::Errno;

pub type Result<T> = std::result::Result<T, Errno>;

/// A queue's attributes (mq_getattr).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MqAttr {
    pub max_messages: i64,
    pub message_size: i64,
    pub messages: i64,
}

fn attr_of(a: &libc::mq_attr) -> MqAttr {
    MqAttr {
        max_messages: a.mq_maxmsg,
        message_size: a.mq_msgsize,
        messages: a.mq_curmsgs,
    }
}

/// An absolute CLOCK_REALTIME deadline `d` from now (for mq_timed*, sem_timedwait),
/// saturating instead of overflowing.
fn realtime_deadline(d: Duration) -> libc::timespec {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let t = now.saturating_add(d);
    libc::timespec {
        tv_sec: t.as_secs().min(i64::MAX as u64) as libc::time_t,
        tv_nsec: libc::c_long::from(t.subsec_nanos() as i32),
    }
}

/// An open message queue descriptor, closed on drop.
pub struct Mq(libc::mqd_t);

impl Mq {
    /// mq_open of an existing queue (`flags`: O_RDONLY/O_WRONLY/O_RDWR, O_NONBLOCK).
    pub fn open(name: &CStr, flags: i32) -> Result<Mq> {
        // SAFETY: valid NUL-terminated name; without O_CREAT no mode/attr arguments are read.
        let fd = unsafe { libc::mq_open(name.as_ptr(), flags | libc::O_CLOEXEC) };
        Errno::result(fd).map(Mq)
    }

    /// mq_open with O_CREAT|O_EXCL; `attr` is `(maxmsg, msgsize)` or the kernel defaults.
    pub fn create(name: &CStr, flags: i32, mode: u32, attr: Option<(i64, i64)>) -> Result<Mq> {
        // SAFETY: mq_attr is plain data; all-zero is valid.
        let mut a: libc::mq_attr = unsafe { std::mem::zeroed() };
        let ptr: *mut libc::mq_attr = match attr {
            Some((maxmsg, msgsize)) => {
                a.mq_maxmsg = maxmsg;
                a.mq_msgsize = msgsize;
                &mut a
            }
            None => std::ptr::null_mut(),
        };
        // SAFETY: valid name; mode and a pointer that is null or points to `a` (alive for the
        // call) are the variadic arguments O_CREAT requires.
        let fd = unsafe {
            libc::mq_open(
                name.as_ptr(),
                flags | libc::O_CREAT | libc::O_EXCL | libc::O_CLOEXEC,
                mode as libc::mode_t,
                ptr,
            )
        };
        Errno::result(fd).map(Mq)
    }

    pub fn attr(&self) -> Result<MqAttr> {
        mq_getattr_fd(self.fd())
    }

    /// The device of the mqueue instance this descriptor belongs to (that of the caller's
    /// IPC namespace, for a queue opened by name).
    pub fn dev(&self) -> Result<u64> {
        nix::sys::stat::fstat(self.fd()).map(|st| st.st_dev)
    }

    fn fd(&self) -> BorrowedFd<'_> {
        // SAFETY: on Linux an mqd_t is a file descriptor, open while self lives.
        unsafe { BorrowedFd::borrow_raw(self.0) }
    }

    /// Send, waiting at most `timeout` when given (mq_timedsend), else as the descriptor's
    /// O_NONBLOCK says.
    pub fn send(&self, data: &[u8], priority: u32, timeout: Option<Duration>) -> Result<()> {
        let rc = match timeout {
            Some(d) => {
                let ts = realtime_deadline(d);
                // SAFETY: data is valid for data.len() bytes; ts lives for the call.
                unsafe {
                    libc::mq_timedsend(self.0, data.as_ptr().cast(), data.len(), priority, &ts)
                }
            }
            // SAFETY: data is valid for data.len() bytes.
            None => unsafe { libc::mq_send(self.0, data.as_ptr().cast(), data.len(), priority) },
        };
        Errno::result(rc).map(drop)
    }

    /// Receive into `buf` (at least mq_msgsize bytes): the length and priority.
    pub fn receive(&self, buf: &mut [u8], timeout: Option<Duration>) -> Result<(usize, u32)> {
        let mut prio: libc::c_uint = 0;
        let n = match timeout {
            Some(d) => {
                let ts = realtime_deadline(d);
                // SAFETY: buf has buf.len() bytes; prio and ts live for the call.
                unsafe {
                    libc::mq_timedreceive(
                        self.0,
                        buf.as_mut_ptr().cast(),
                        buf.len(),
                        &mut prio,
                        &ts,
                    )
                }
            }
            // SAFETY: buf has buf.len() bytes; prio lives for the call.
            None => unsafe {
                libc::mq_receive(self.0, buf.as_mut_ptr().cast(), buf.len(), &mut prio)
            },
        };
        Errno::result(n).map(|n| (n as usize, prio))
    }
}

/// mq_unlink: remove the queue's name (the queue lives on while descriptors are open).
pub fn mq_unlink(name: &CStr) -> Result<()> {
    // SAFETY: valid NUL-terminated name.
    Errno::result(unsafe { libc::mq_unlink(name.as_ptr()) }).map(drop)
}

impl Drop for Mq {
    fn drop(&mut self) {
        // SAFETY: the descriptor came from mq_open and is closed exactly once.
        unsafe { libc::mq_close(self.0) };
    }
}

/// mq_getattr on a descriptor of a file in a mounted mqueue fs (or an open queue).
pub fn mq_getattr_fd(fd: BorrowedFd<'_>) -> Result<MqAttr> {
    // SAFETY: mq_attr is plain data; on Linux mq_getattr accepts any queue file descriptor,
    // and fd is open for the call.
    unsafe {
        let mut a: libc::mq_attr = std::mem::zeroed();
        Errno::result(libc::mq_getattr(fd.as_raw_fd(), &mut a))?;
        Ok(attr_of(&a))
    }
}

/// MQ_PRIO_MAX (32768 on Linux).
pub fn mq_prio_max() -> u32 {
    nix::unistd::sysconf(nix::unistd::SysconfVar::MQ_PRIO_MAX)
        .ok()
        .flatten()
        .and_then(|v| u32::try_from(v).ok())
        .filter(|v| *v > 0)
        .unwrap_or(32768)
}

/// How long `NamedSem::wait` may block.
#[derive(Debug, Clone, Copy)]
pub enum SemWait {
    Try,
    Forever,
    For(Duration),
}

/// The bytes of a fresh process-shared glibc `sem_t` holding `value`: what `sem_open(O_CREAT)`
/// writes into `sem.NAME` before linking it in (64-bit glibc: the value in the low half of the
/// first 8 bytes, no waiters, then `private` = FUTEX_SHARED (128); checked against sem_init
/// in a test). 32 bytes, `collect::posix_shm::SEM_T_SIZE`.
pub fn sem_t_image(value: u32) -> [u8; 32] {
    let mut b = [0u8; 32];
    b[..8].copy_from_slice(&u64::from(value).to_ne_bytes());
    b[8..12].copy_from_slice(&128i32.to_ne_bytes());
    b
}

/// A glibc named semaphore (`/dev/shm/sem.NAME`) made by ipcctl (the benchmark's), closed
/// on drop. Existing semaphores, whose owners may truncate them, are operated through
/// `sys::psem` instead.
pub struct NamedSem {
    sem: *mut libc::sem_t,
}

impl NamedSem {
    /// sem_open with O_CREAT|O_EXCL.
    pub fn create(name: &CStr, mode: u32, value: u32) -> Result<NamedSem> {
        // SAFETY: valid name; mode and value are the variadic arguments O_CREAT requires.
        let s = unsafe {
            libc::sem_open(
                name.as_ptr(),
                libc::O_CREAT | libc::O_EXCL,
                mode as libc::c_uint,
                value as libc::c_uint,
            )
        };
        if s == libc::SEM_FAILED {
            return Err(Errno::last());
        }
        Ok(NamedSem { sem: s })
    }

    /// Create `name` (which must not exist) with `value`, mode 0600, and unlink it at once:
    /// the handle stays valid, in children forked later too, and nothing is left behind.
    pub fn create_unlinked(name: &CStr, value: u32) -> Result<NamedSem> {
        let s = NamedSem::create(name, 0o600, value)?;
        // SAFETY: valid NUL-terminated name; the open handle keeps the semaphore alive.
        unsafe { libc::sem_unlink(name.as_ptr()) };
        Ok(s)
    }

    pub fn value(&self) -> Result<i32> {
        let mut v: libc::c_int = 0;
        // SAFETY: self.sem is an open semaphore; v lives for the call.
        Errno::result(unsafe { libc::sem_getvalue(self.sem, &mut v) })?;
        Ok(v)
    }

    pub fn post(&self) -> Result<()> {
        // SAFETY: self.sem is an open semaphore.
        Errno::result(unsafe { libc::sem_post(self.sem) }).map(drop)
    }

    pub fn wait(&self, how: SemWait) -> Result<()> {
        // SAFETY: self.sem is an open semaphore; ts lives for the call.
        let rc = unsafe {
            match how {
                SemWait::Try => libc::sem_trywait(self.sem),
                SemWait::Forever => libc::sem_wait(self.sem),
                SemWait::For(d) => {
                    let ts = realtime_deadline(d);
                    libc::sem_timedwait(self.sem, &ts)
                }
            }
        };
        Errno::result(rc).map(drop)
    }
}

impl Drop for NamedSem {
    fn drop(&mut self) {
        // SAFETY: the handle came from sem_open and is closed exactly once.
        unsafe { libc::sem_close(self.sem) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sem_t_image_is_what_sem_init_writes() {
        for value in [0u32, 1, 7, i32::MAX as u32] {
            let mut s = std::mem::MaybeUninit::<libc::sem_t>::zeroed();
            // SAFETY: a zeroed sem_t buffer; pshared 1 as for a named semaphore.
            assert_eq!(unsafe { libc::sem_init(s.as_mut_ptr(), 1, value) }, 0);
            // SAFETY: sem_init filled the (zeroed) buffer.
            let bytes: [u8; 32] = unsafe { std::mem::transmute(s.assume_init()) };
            assert_eq!(bytes, sem_t_image(value), "value {value}");
        }
    }

    #[test]
    fn an_unlinked_named_semaphore_counts() {
        let name = format!("/ipcctl-test-{}-sem", std::process::id());
        let c = std::ffi::CString::new(name.clone()).unwrap();
        let s = NamedSem::create_unlinked(&c, 1).unwrap();
        // Unlinked at once: the name is free again, nothing is left in /dev/shm.
        assert!(!std::path::Path::new(&format!("/dev/shm/sem.{}", &name[1..])).exists());
        s.wait(SemWait::Forever).unwrap();
        s.post().unwrap();
        s.wait(SemWait::Try).unwrap();
        assert_eq!(s.wait(SemWait::Try).err(), Some(Errno::EAGAIN));
    }
}
