//! A glibc named semaphore reached through its file (`sem.NAME`, opened by the caller), safe
//! against the file's owner truncating it at any moment.
//!
//! glibc's `sem_*` calls cannot be made safe here: after a truncation every access to the
//! mapping raises SIGBUS (`sem wait` died with exit 135), and a futex call on it fails with
//! EFAULT, on which glibc aborts. A size check before each access cannot close the race. So
//! the semaphore's operations are done here, on the same memory layout and with the same
//! futex protocol as glibc (x86_64 and other 64-bit targets: one 64-bit word, the value in
//! its low 32 bits, the number of waiters in its high 32 bits, shared futex on the value
//! word), with every access *guarded*: a SIGBUS handler recognises a fault on a guarded page,
//! maps an anonymous page over it (so the faulting instruction completes, on memory nobody
//! else sees) and records the fault; the operation then reports EFAULT. A fault anywhere else
//! is handed to the previous handler (Rust's stack-overflow check, or the default action).
//!
//! EFAULT from every call here means exactly one thing: the file no longer covers the
//! semaphore (its owner truncated it).

use std::os::fd::{AsRawFd, BorrowedFd};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use nix::errno::Errno;

pub type Result<T> = std::result::Result<T, Errno>;

/// SEM_VALUE_MAX (INT_MAX on Linux).
const VALUE_MAX: u64 = i32::MAX as u64;
const VALUE_MASK: u64 = 0xffff_ffff;
const ONE_WAITER: u64 = 1 << 32;
/// Byte offset of the 32-bit value word (the futex word) within the 64-bit data word.
const VALUE_WORD: usize = if cfg!(target_endian = "little") { 0 } else { 4 };
/// How long one futex sleep lasts before the waiter looks again: a truncation wakes nobody,
/// so this bounds how late a waiter notices it (and a Ctrl-C that arrived between sleeps).
const SLICE: Duration = Duration::from_millis(50);

/// Pages currently guarded (0: free slot), and whether each has faulted.
const SLOTS: usize = 8;
static GUARDED: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
static FAULTED: [AtomicBool; SLOTS] = [const { AtomicBool::new(false) }; SLOTS];
static PAGE: AtomicUsize = AtomicUsize::new(0);
/// The SIGBUS action before ours, restored for faults that are not ours.
static PREVIOUS: OnceLock<libc::sigaction> = OnceLock::new();

extern "C" fn on_sigbus(_sig: libc::c_int, info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    let page = PAGE.load(Ordering::SeqCst);
    // SAFETY: the kernel passes a valid siginfo for an SA_SIGINFO handler; si_addr is the
    // faulting address for SIGBUS.
    let addr = unsafe { (*info).si_addr() } as usize;
    let base = addr & !(page.wrapping_sub(1));
    if page != 0 {
        for (slot, guarded) in GUARDED.iter().enumerate() {
            if guarded.load(Ordering::SeqCst) == base {
                // SAFETY: `base` is the start of a one-page mapping this module made and still
                // owns (the slot is cleared only after munmap); replacing it with an anonymous
                // page changes nothing else. mmap is a plain system call, safe in a handler.
                let p = unsafe {
                    libc::mmap(
                        base as *mut libc::c_void,
                        page,
                        libc::PROT_READ | libc::PROT_WRITE,
                        libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                        -1,
                        0,
                    )
                };
                if p != libc::MAP_FAILED {
                    FAULTED[slot].store(true, Ordering::SeqCst);
                    return;
                }
            }
        }
    }
    // Not ours: put the previous action back; the instruction faults again and gets it.
    let dfl = default_action();
    let prev = PREVIOUS.get().unwrap_or(&dfl);
    // SAFETY: `prev` is a valid sigaction (the one sigaction returned, or SIG_DFL).
    unsafe { libc::sigaction(libc::SIGBUS, prev, std::ptr::null_mut()) };
}

fn default_action() -> libc::sigaction {
    // SAFETY: sigaction is plain data; all-zero with sa_sigaction SIG_DFL is the default.
    let mut a: libc::sigaction = unsafe { std::mem::zeroed() };
    a.sa_sigaction = libc::SIG_DFL;
    a
}

/// Install the SIGBUS handler once.
fn install() -> Result<()> {
    static DONE: OnceLock<std::result::Result<(), Errno>> = OnceLock::new();
    *DONE.get_or_init(|| {
        PAGE.store(super::process::page_size() as usize, Ordering::SeqCst);
        let mut new = default_action();
        new.sa_sigaction = on_sigbus as *const () as libc::sighandler_t;
        new.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
        let mut old = default_action();
        // SAFETY: both structs are valid; the handler only makes system calls and touches
        // atomics and a OnceLock that is set before it can run (below, before any page is
        // guarded).
        Errno::result(unsafe { libc::sigaction(libc::SIGBUS, &new, &mut old) })?;
        let _ = PREVIOUS.set(old);
        Ok(())
    })
}

/// How long `SemFile::wait` may block.
#[derive(Debug, Clone, Copy)]
pub enum Wait {
    Try,
    Until(Option<Instant>),
}

/// A named semaphore's file mapped for its operations; unmapped on drop.
pub struct SemFile {
    base: usize,
    len: usize,
    slot: usize,
}

impl SemFile {
    /// Map the semaphore in the open file `fd` (a regular file the caller has checked holds
    /// a whole `sem_t`, 32 bytes; a shorter one just faults: EFAULT). `writable`: mapped
    /// read-write (post, wait) or read-only (value only; a read-only descriptor will do).
    pub fn map(fd: BorrowedFd<'_>, writable: bool) -> Result<SemFile> {
        install()?;
        let len = PAGE.load(Ordering::SeqCst);
        // SAFETY: a fresh shared mapping of the file's first page; nothing else refers to it.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                if writable {
                    libc::PROT_READ | libc::PROT_WRITE
                } else {
                    libc::PROT_READ
                },
                libc::MAP_SHARED,
                fd.as_raw_fd(),
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(Errno::last());
        }
        let base = p as usize;
        let Some(slot) = GUARDED.iter().position(|g| {
            g.compare_exchange(0, base, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
        }) else {
            // SAFETY: the mapping made above, not yet shared with anything.
            unsafe { libc::munmap(p, len) };
            return Err(Errno::EBUSY);
        };
        FAULTED[slot].store(false, Ordering::SeqCst);
        Ok(SemFile { base, len, slot })
    }

    fn data(&self) -> &AtomicU64 {
        // SAFETY: `base` is page-aligned and mapped read-write for `len` >= 8 bytes while
        // self lives (a fault on it is guarded); other processes access it atomically too.
        unsafe { AtomicU64::from_ptr(self.base as *mut u64) }
    }

    fn value_word(&self) -> *mut u32 {
        (self.base + VALUE_WORD) as *mut u32
    }

    /// EFAULT once any access since `map` faulted (the file was truncated).
    fn checked<T>(&self, v: T) -> Result<T> {
        if FAULTED[self.slot].load(Ordering::SeqCst) {
            return Err(Errno::EFAULT);
        }
        Ok(v)
    }

    /// The value (sem_getvalue).
    pub fn value(&self) -> Result<i32> {
        let d = self.data().load(Ordering::Relaxed);
        self.checked(((d & VALUE_MASK).min(VALUE_MAX)) as i32)
    }

    /// Increment, waking one waiter if there is one (sem_post); EOVERFLOW at SEM_VALUE_MAX.
    pub fn post(&self) -> Result<()> {
        let data = self.data();
        let mut d = data.load(Ordering::Relaxed);
        loop {
            self.checked(())?;
            if d & VALUE_MASK >= VALUE_MAX {
                return Err(Errno::EOVERFLOW);
            }
            match data.compare_exchange_weak(d, d + 1, Ordering::Release, Ordering::Relaxed) {
                Ok(_) => break,
                Err(now) => d = now,
            }
        }
        self.checked(())?;
        if d >> 32 > 0 {
            self.futex_wake()?;
        }
        Ok(())
    }

    /// Take one (decrement) if the value is above 0.
    fn try_take(&self, waiting: bool) -> Result<bool> {
        let data = self.data();
        let mut d = data.load(Ordering::Relaxed);
        loop {
            self.checked(())?;
            if d & VALUE_MASK == 0 {
                return Ok(false);
            }
            // A registered waiter unregisters in the same step.
            let new = d - 1 - if waiting { ONE_WAITER } else { 0 };
            match data.compare_exchange_weak(d, new, Ordering::Acquire, Ordering::Relaxed) {
                Ok(_) => return self.checked(true),
                Err(now) => d = now,
            }
        }
    }

    /// Decrement, waiting while the value is 0 as `how` allows (sem_trywait, sem_wait,
    /// sem_timedwait on the monotonic clock). EAGAIN: 0 with `Try`; ETIMEDOUT: the deadline
    /// passed; EINTR: a signal arrived and `stop` says to give up (it is asked between sleeps
    /// too); EFAULT: truncated.
    pub fn wait(&self, how: Wait, stop: &dyn Fn() -> bool) -> Result<()> {
        if self.try_take(false)? {
            return Ok(());
        }
        let Wait::Until(deadline) = how else {
            return Err(Errno::EAGAIN);
        };
        // Register as a waiter, so posters wake us (glibc's protocol).
        self.data().fetch_add(ONE_WAITER, Ordering::Relaxed);
        let out = self.wait_registered(deadline, stop);
        if !matches!(out, Ok(())) && !FAULTED[self.slot].load(Ordering::SeqCst) {
            self.data().fetch_sub(ONE_WAITER, Ordering::Relaxed);
        }
        self.checked(())?;
        out
    }

    fn wait_registered(&self, deadline: Option<Instant>, stop: &dyn Fn() -> bool) -> Result<()> {
        loop {
            if self.try_take(true)? {
                return Ok(());
            }
            if stop() {
                return Err(Errno::EINTR);
            }
            let now = Instant::now();
            let slice = match deadline {
                Some(d) if now >= d => return Err(Errno::ETIMEDOUT),
                Some(d) => SLICE.min(d - now),
                None => SLICE,
            };
            match self.futex_wait_zero(slice) {
                Ok(()) | Err(Errno::EAGAIN | Errno::ETIMEDOUT) => {}
                Err(Errno::EINTR) if stop() => return Err(Errno::EINTR),
                Err(Errno::EINTR) => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Sleep while the value word is 0, at most `d` (FUTEX_WAIT, shared: the file's other
    /// users are other processes).
    fn futex_wait_zero(&self, d: Duration) -> Result<()> {
        let ts = libc::timespec {
            tv_sec: d.as_secs() as libc::time_t,
            tv_nsec: libc::c_long::from(d.subsec_nanos() as i32),
        };
        // SAFETY: the word lies in our mapping (a truncated file makes the kernel return
        // EFAULT, it raises no signal); ts lives for the call.
        let rc = unsafe {
            libc::syscall(
                libc::SYS_futex,
                self.value_word(),
                libc::FUTEX_WAIT,
                0u32,
                &ts as *const libc::timespec,
                std::ptr::null::<u32>(),
                0u32,
            )
        };
        Errno::result(rc).map(drop)
    }

    fn futex_wake(&self) -> Result<()> {
        // SAFETY: the word lies in our mapping; FUTEX_WAKE reads no other argument.
        let rc = unsafe { libc::syscall(libc::SYS_futex, self.value_word(), libc::FUTEX_WAKE, 1) };
        Errno::result(rc).map(drop)
    }
}

impl Drop for SemFile {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `map` (or the anonymous page the handler put over it),
        // unmapped exactly once; the slot is freed only afterwards.
        unsafe { libc::munmap(self.base as *mut libc::c_void, self.len) };
        GUARDED[self.slot].store(0, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CString;

    fn never() -> bool {
        false
    }

    /// glibc and this module agree on the layout and the protocol.
    #[test]
    fn agrees_with_glibc() {
        let name = format!("/ipcctl-unit-{}-semfile", std::process::id());
        let c = CString::new(name.clone()).unwrap();
        let g = super::super::posix::NamedSem::create(&c, 0o600, 2).unwrap();
        let path = format!("/dev/shm/sem.{}", &name[1..]);
        let f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .unwrap();
        std::fs::remove_file(&path).unwrap();
        let s = SemFile::map(std::os::fd::AsFd::as_fd(&f), true).unwrap();
        assert_eq!(s.value().unwrap(), 2);
        s.wait(Wait::Try, &never).unwrap();
        assert_eq!(g.value().unwrap(), 1);
        g.post().unwrap();
        s.post().unwrap();
        assert_eq!(s.value().unwrap(), 3);
        for _ in 0..3 {
            s.wait(Wait::Until(None), &never).unwrap();
        }
        assert_eq!(s.wait(Wait::Try, &never), Err(Errno::EAGAIN));
        let soon = Instant::now() + Duration::from_millis(20);
        assert_eq!(
            s.wait(Wait::Until(Some(soon)), &never),
            Err(Errno::ETIMEDOUT)
        );
        assert_eq!(g.value().unwrap(), 0);
        // A truncated file: EFAULT, no signal death.
        f.set_len(0).unwrap();
        assert_eq!(s.value(), Err(Errno::EFAULT));
        drop(s);
        let s = SemFile::map(std::os::fd::AsFd::as_fd(&f), true).unwrap();
        assert_eq!(s.post(), Err(Errno::EFAULT));
    }
}
