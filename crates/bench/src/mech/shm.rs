//! Shared memory: a ring of slots per direction, each ring with a head counter (messages
//! published), a tail counter (messages consumed) and a waiters word, each on its own cache
//! line. Round trips use one slot at a time; a stream fills the ring, so the producer copies
//! the next message while the consumer copies the previous one. A waiter sleeps on a futex
//! (`shm-futex`, `mmap-file`), busy-polls (`shm-spin`) or waits for SIGUSR1 (`signal`).
//! Also the regions the POSIX family maps (`pshm_region`).
//!
//! `bench/reference/pingpong.c` implements the same protocol; change both together.

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
/// Bit in the waiters word: the consumer sleeps (on `head`).
const CONS_WAITING: u32 = 1;
/// Bit in the waiters word: the producer sleeps (on `tail`).
const PROD_WAITING: u32 = 2;
/// Bytes of slots per ring: enough to overlap copies of up to 1 MiB messages.
const RING_BYTES: usize = 4 << 20;
/// Most slots per ring.
const RING_MAX_SLOTS: usize = 8;

pub(super) fn round_line(n: usize) -> usize {
    n.div_ceil(LINE) * LINE
}

/// Slots per ring for `size`-byte messages: the largest power of two (1 to
/// [`RING_MAX_SLOTS`]) that fits in [`RING_BYTES`]. A power of two divides 2^32, so the slot
/// of message `n % slots` stays right when the 32-bit counters wrap.
pub fn ring_slots(size: usize) -> usize {
    let fit = (RING_BYTES / round_line(size)).clamp(1, RING_MAX_SLOTS);
    1 << fit.ilog2()
}

/// One ring: three counter lines, then the slots.
fn ring_len(size: usize) -> usize {
    3 * LINE + ring_slots(size) * round_line(size)
}

/// Two rings, one per direction.
fn slots_len(size: usize) -> usize {
    2 * ring_len(size)
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

/// One direction: the ring at `base` (head, tail, waiters, then `slots` slots of `slot`
/// bytes) and this side's own count of messages sent into it or taken from it.
#[derive(Clone, Copy)]
struct Ring {
    base: usize,
    slots: u32,
    slot: usize,
    count: u32,
}

impl Ring {
    fn new(base: usize, size: usize) -> Ring {
        Ring {
            base,
            slots: ring_slots(size) as u32,
            slot: round_line(size),
            count: 0,
        }
    }

    fn head(self) -> usize {
        self.base
    }

    fn tail(self) -> usize {
        self.base + LINE
    }

    fn waiters(self) -> usize {
        self.base + 2 * LINE
    }

    /// Offset of the slot of message number `n`.
    #[inline]
    fn data(self, n: u32) -> usize {
        self.base + 3 * LINE + (n % self.slots) as usize * self.slot
    }
}

pub struct Slots<N: Notify> {
    tx: Ring,
    rx: Ring,
    notify: N,
    region: Rc<Region>,
}

/// Wait until `ready(word)`; a blocking notifier first sets `bit` in `waiters` and looks
/// again, so the other side (which stores `word`, then reads `waiters`) only pays for a
/// wake-up when someone may sleep (both orders are SeqCst: one side sees the other).
#[inline]
fn wait_until<N: Notify>(
    notify: &mut N,
    word: &AtomicU32,
    waiters: &AtomicU32,
    bit: u32,
    ready: impl Fn(u32) -> bool,
) -> Result<(), Errno> {
    let mut spins: u32 = 0;
    loop {
        let v = word.load(Ordering::Acquire);
        if ready(v) {
            return Ok(());
        }
        if N::BLOCKS {
            waiters.fetch_or(bit, Ordering::SeqCst);
            let v = word.load(Ordering::SeqCst);
            if ready(v) {
                waiters.fetch_and(!bit, Ordering::SeqCst);
                return Ok(());
            }
            if aborting() {
                return Err(Errno::EINTR);
            }
            notify.wait(word, v)?;
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

/// After storing `word`: wake the other side if it announced (with `bit`) that it sleeps.
#[inline]
fn wake_if<N: Notify>(
    notify: &mut N,
    word: &AtomicU32,
    waiters: &AtomicU32,
    bit: u32,
) -> Result<(), Errno> {
    if N::BLOCKS && waiters.load(Ordering::SeqCst) & bit != 0 {
        waiters.fetch_and(!bit, Ordering::SeqCst);
        notify.wake(word)?;
    }
    Ok(())
}

impl<N: Notify> Transport for Slots<N> {
    #[inline]
    fn send(&mut self, buf: &mut Buf) -> Result<(), Errno> {
        let r = self.tx;
        let (head, tail, waiters) = (
            self.region.word(r.head()),
            self.region.word(r.tail()),
            self.region.word(r.waiters()),
        );
        let h = r.count;
        // Room in the ring: fewer than `slots` messages not yet consumed.
        wait_until(&mut self.notify, tail, waiters, PROD_WAITING, |t| {
            h.wrapping_sub(t) < r.slots
        })?;
        self.region.write(r.data(h), buf.payload());
        head.store(h.wrapping_add(1), Ordering::SeqCst);
        self.tx.count = h.wrapping_add(1);
        wake_if(&mut self.notify, head, waiters, CONS_WAITING)
    }

    #[inline]
    fn recv(&mut self, buf: &mut Buf) -> Result<(), Errno> {
        let r = self.rx;
        let (head, tail, waiters) = (
            self.region.word(r.head()),
            self.region.word(r.tail()),
            self.region.word(r.waiters()),
        );
        let t = r.count;
        wait_until(&mut self.notify, head, waiters, CONS_WAITING, |h| h != t)?;
        self.region.read(r.data(t), buf.payload_mut());
        tail.store(t.wrapping_add(1), Ordering::SeqCst);
        self.rx.count = t.wrapping_add(1);
        wake_if(&mut self.notify, tail, waiters, PROD_WAITING)
    }

    fn connected(&mut self, peer: Pid) {
        self.notify.connected(peer);
    }
}

fn slot_pair<N: Notify>(region: Region, size: usize, client: N, server: N) -> (Slots<N>, Slots<N>) {
    let region = Rc::new(region);
    let a = Ring::new(0, size);
    let b = Ring::new(ring_len(size), size);
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

/// `ring of 8 slots per direction, <how>`.
pub(super) fn ring_note(size: usize, how: &str) -> String {
    match ring_slots(size) {
        1 => format!("one slot per direction, {how}"),
        n => format!("ring of {n} slots per direction, {how}"),
    }
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
        "futex wait/wake"
    }
}

impl NewNotify for Spin {
    fn make() -> Self {
        Spin
    }
    fn note() -> &'static str {
        "busy-polling"
    }
}

pub(super) fn slots<N: NewNotify>(
    region: Region,
    size: usize,
) -> Result<Pair<Slots<N>>, SetupError> {
    let (client, server) = slot_pair(region, size, N::make(), N::make());
    Ok(Pair::new(client, server, size, ring_note(size, N::note())))
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
        ring_note(size, "SIGUSR1 + sigwaitinfo"),
    );
    pair.cleanup.push(Cleanup::SigMask(blocked));
    Ok(pair)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_slots_are_powers_of_two() {
        assert_eq!(ring_slots(64), 8);
        assert_eq!(ring_slots(64 << 10), 8);
        assert_eq!(ring_slots(700 << 10), 4);
        assert_eq!(ring_slots(1 << 20), 4);
        assert_eq!(ring_slots(3 << 20), 1);
        assert_eq!(ring_slots(64 << 20), 1);
        for size in [1, 100, 5000, 300_000, 1 << 22] {
            assert!(ring_slots(size).is_power_of_two());
            assert!(ring_slots(size) * round_line(size) <= RING_BYTES.max(round_line(size)));
        }
    }
}
