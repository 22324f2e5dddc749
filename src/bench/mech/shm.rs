//! Shared memory: one slot per direction, each with a state word (FULL bit, WAITING bit).
//! A waiter sleeps on a futex (`shm-futex`, `mmap-file`), busy-polls (`shm-spin`) or waits
//! for SIGUSR1 (`signal`). Also the regions the POSIX family maps (`pshm_region`).

use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use nix::errno::Errno;
use nix::fcntl::OFlag;
use nix::sys::signal::SigSet;
use nix::sys::stat::Mode;
use nix::unistd::Pid;

use super::{Buf, Cleanup, Pair, SetupError, Transport, fail, temp_dir, unique_name};
use crate::sys::bench::region::Region;
use crate::sys::bench::signals::{self, Usr1Blocked, aborting};
use crate::sys::bench::{CallError, futex};

const LINE: usize = 64;
const FULL: u32 = 1;
const WAITING: u32 = 2;

pub(super) fn round_line(n: usize) -> usize {
    n.div_ceil(LINE) * LINE
}

/// Two state words on their own cache lines, then the two data slots.
fn slots_len(size: usize) -> usize {
    2 * LINE + 2 * round_line(size)
}

fn call_fail(what: &str, e: CallError) -> SetupError {
    fail(
        &format!(
            "{what}{}{}",
            if what.is_empty() { "" } else { ": " },
            e.call
        ),
        e.errno,
    )
}

/// A SysV segment for the slots of `size`-byte messages, IPC_RMID'd right after attaching.
pub(super) fn sysv_region(size: usize) -> Result<Region, SetupError> {
    Region::sysv_private(slots_len(size)).map_err(|e| call_fail("", e))
}

/// A POSIX shm object of `len` bytes, unlinked right after opening.
pub(super) fn pshm_region(len: usize) -> Result<Region, SetupError> {
    let name = format!("/{}", unique_name());
    let what = format!("pshm:{name}");
    let fd = nix::sys::mman::shm_open(
        name.as_str(),
        OFlag::O_CREAT | OFlag::O_EXCL | OFlag::O_RDWR | OFlag::O_CLOEXEC,
        Mode::S_IRUSR | Mode::S_IWUSR,
    )
    .map_err(|e| fail(&format!("{what}: shm_open"), e))?;
    let _ = nix::sys::mman::shm_unlink(name.as_str());
    nix::unistd::ftruncate(&fd, len as i64).map_err(|e| fail(&what, e))?;
    Region::map(&fd, len).map_err(|e| call_fail(&what, e))
}

/// A file in a private temporary directory for the slots of `size`-byte messages; file and
/// directory are removed right after mapping.
pub(super) fn file_region(size: usize) -> Result<Region, SetupError> {
    let len = slots_len(size);
    let dir = temp_dir()?;
    let _guard = Cleanup::Dir(dir.clone());
    let path = dir.join("buffer");
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| SetupError::Fail(format!("{}: {e}", path.display())))?;
    f.set_len(len as u64)
        .map_err(|e| SetupError::Fail(format!("{}: {e}", path.display())))?;
    Region::map(&f, len).map_err(|e| call_fail(&path.display().to_string(), e))
}

/// How a slot waiter sleeps and is woken.
pub trait Notify {
    /// false: busy-poll, never sleep.
    const BLOCKS: bool;
    fn wait(&mut self, word: &AtomicU32, val: u32) -> Result<(), Errno>;
    fn wake(&mut self, word: &AtomicU32) -> Result<(), Errno>;
    fn connected(&mut self, _peer: Pid) {}
}

pub struct Futex;

impl Notify for Futex {
    const BLOCKS: bool = true;
    #[inline]
    fn wait(&mut self, word: &AtomicU32, val: u32) -> Result<(), Errno> {
        futex::wait(word, val)
    }
    #[inline]
    fn wake(&mut self, word: &AtomicU32) -> Result<(), Errno> {
        futex::wake(word)
    }
}

pub struct Spin;

impl Notify for Spin {
    const BLOCKS: bool = false;
    fn wait(&mut self, _: &AtomicU32, _: u32) -> Result<(), Errno> {
        Ok(())
    }
    fn wake(&mut self, _: &AtomicU32) -> Result<(), Errno> {
        Ok(())
    }
}

/// Wake-ups by SIGUSR1 (blocked in both processes, taken with sigwaitinfo).
pub struct Sig {
    peer: Pid,
    set: SigSet,
}

impl Notify for Sig {
    const BLOCKS: bool = true;
    #[inline]
    fn wait(&mut self, _: &AtomicU32, _: u32) -> Result<(), Errno> {
        signals::wait_usr1(&self.set)
    }
    #[inline]
    fn wake(&mut self, _: &AtomicU32) -> Result<(), Errno> {
        signals::send_usr1(self.peer)
    }
    fn connected(&mut self, peer: Pid) {
        self.peer = peer;
    }
}

/// One direction of shared-memory transfer: offsets of a state word and a data slot.
#[derive(Clone, Copy)]
struct Slot {
    state: usize,
    data: usize,
}

pub struct Slots<N: Notify> {
    tx: Slot,
    rx: Slot,
    notify: N,
    region: Rc<Region>,
}

/// Wait until the slot's FULL bit equals `full`. Blocking notifiers first announce
/// themselves with the WAITING bit, so the other side only pays for a wake-up (a syscall)
/// when someone sleeps.
#[inline]
fn wait_for<N: Notify>(notify: &mut N, state: &AtomicU32, full: bool) -> Result<(), Errno> {
    let mut spins: u32 = 0;
    loop {
        let s = state.load(Ordering::Acquire);
        if (s & FULL != 0) == full {
            return Ok(());
        }
        if N::BLOCKS {
            if s & WAITING == 0
                && state
                    .compare_exchange(s, s | WAITING, Ordering::AcqRel, Ordering::Acquire)
                    .is_err()
            {
                continue;
            }
            if aborting() {
                return Err(Errno::EINTR);
            }
            notify.wait(state, s | WAITING)?;
            if aborting() {
                return Err(Errno::EINTR);
            }
        } else {
            std::hint::spin_loop();
            spins = spins.wrapping_add(1);
            if spins.is_multiple_of(4096) && aborting() {
                return Err(Errno::EINTR);
            }
        }
    }
}

impl<N: Notify> Transport for Slots<N> {
    #[inline]
    fn send(&mut self, buf: &mut Buf) -> Result<(), Errno> {
        let state = self.region.word(self.tx.state);
        wait_for(&mut self.notify, state, false)?;
        // The slot is ours until we set FULL.
        self.region.write(self.tx.data, buf.payload());
        let prev = state.swap(FULL, Ordering::AcqRel);
        if N::BLOCKS && prev & WAITING != 0 {
            self.notify.wake(state)?;
        }
        Ok(())
    }

    #[inline]
    fn recv(&mut self, buf: &mut Buf) -> Result<(), Errno> {
        let state = self.region.word(self.rx.state);
        wait_for(&mut self.notify, state, true)?;
        // The slot is ours until we clear FULL.
        self.region.read(self.rx.data, buf.payload_mut());
        let prev = state.swap(0, Ordering::AcqRel);
        if N::BLOCKS && prev & WAITING != 0 {
            self.notify.wake(state)?;
        }
        Ok(())
    }

    fn connected(&mut self, peer: Pid) {
        self.notify.connected(peer);
    }
}

fn slot_pair<N: Notify>(region: Region, size: usize, client: N, server: N) -> (Slots<N>, Slots<N>) {
    let region = Rc::new(region);
    let a = Slot {
        state: 0,
        data: 2 * LINE,
    };
    let b = Slot {
        state: LINE,
        data: 2 * LINE + round_line(size),
    };
    let c = Slots {
        tx: a,
        rx: b,
        notify: client,
        region: region.clone(),
    };
    let s = Slots {
        tx: b,
        rx: a,
        notify: server,
        region,
    };
    (c, s)
}

pub trait NewNotify: Notify + Sized {
    fn make() -> Self;
    fn note() -> &'static str;
}

impl NewNotify for Futex {
    fn make() -> Self {
        Futex
    }
    fn note() -> &'static str {
        "one slot per direction, futex wait/wake"
    }
}

impl NewNotify for Spin {
    fn make() -> Self {
        Spin
    }
    fn note() -> &'static str {
        "one slot per direction, busy-polling"
    }
}

pub(super) fn slots<N: NewNotify>(
    region: Region,
    size: usize,
) -> Result<Pair<Slots<N>>, SetupError> {
    let (client, server) = slot_pair(region, size, N::make(), N::make());
    Ok(Pair::new(client, server, size, N::note().into()))
}

pub(super) fn signal(size: usize) -> Result<Pair<Slots<Sig>>, SetupError> {
    let region = Region::anonymous(slots_len(size)).map_err(|e| call_fail("shared memory", e))?;
    // Block SIGUSR1 before the fork, so that the peer inherits the mask and no wake-up can
    // arrive before someone waits for it.
    let blocked = Usr1Blocked::block().map_err(|e| fail("pthread_sigmask", e))?;
    let sig = || Sig {
        peer: Pid::from_raw(0),
        set: signals::usr1_set(),
    };
    let (client, server) = slot_pair(region, size, sig(), sig());
    let mut pair = Pair::new(
        client,
        server,
        size,
        "payload in shared memory, SIGUSR1 + sigwaitinfo".into(),
    );
    pair.cleanup.push(Cleanup::SigMask(blocked));
    Ok(pair)
}
