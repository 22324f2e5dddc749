//! The mechanisms, one file per family: [`pipe`] (pipes and FIFOs: byte streams),
//! [`socket`] (Unix stream and datagram sockets, TCP), [`sysv`] (a System V message queue),
//! [`posix`] (POSIX queues, the mailbox, POSIX shm with named semaphores) and [`shm`]
//! (shared-memory slots woken by futex, busy-polling or signals).
//!
//! Each one is set up in the parent before the fork as a [`Pair`] of [`End`]s; after the
//! fork the parent drives the client end and the child the server end. An [`End`] is the
//! same for every family: a message [`Buf`] (header, then the payload the runner fills and
//! reads) and a [`Transport`] that sends and receives it.
//!
//! Nothing may outlive the run, even after SIGKILL: POSIX names are unlinked right after
//! opening, SysV shared memory is IPC_RMID'd right after attaching, files and FIFOs are
//! unlinked and their temporary directory removed as soon as both ends are open. The two
//! exceptions are a SysV message queue (it dies with IPC_RMID, so it lives until the parent
//! removes it) and the mailbox's reply queue (the server opens it by name from the first
//! request; the client unlinks it after the first reply). Both are listed in
//! [`Pair::cleanup`]: the parent removes them, or the peer does when the parent was killed.
//!
//! Every message is `size` bytes that are really copied through the mechanism: into the
//! kernel and out again, or into a shared slot and out again. A mechanism that cannot carry
//! a size says so ([`SetupError::Skip`]); nothing is clamped. The kernel is reached through
//! nix and `crate::sys::bench`.

pub mod pipe;
pub mod posix;
pub mod shm;
pub mod socket;
pub mod sysv;

use std::ffi::CString;
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use nix::errno::Errno;
use nix::unistd::Pid;

pub use crate::sys::bench::msg::Buf;
use crate::sys::bench::msg::QueueRemoval;
use crate::sys::bench::signals::Usr1Blocked;

use super::Mechanism;

/// How one family moves a message buffer between the two processes.
pub trait Transport {
    /// Bytes before the payload in this transport's messages (a multiple of 8).
    const HEADER: usize = 0;
    /// Send the message in `buf` whole.
    fn send(&mut self, buf: &mut Buf) -> Result<(), Errno>;
    /// Receive one whole message into `buf`.
    fn recv(&mut self, buf: &mut Buf) -> Result<(), Errno>;
    /// Called after the fork with the other process's pid.
    fn connected(&mut self, _peer: Pid) {}
}

/// One side of a mechanism: its message buffer and its transport.
pub struct End<T> {
    buf: Buf,
    t: T,
}

impl<T: Transport> End<T> {
    pub fn new(t: T, size: usize) -> End<T> {
        End {
            buf: Buf::new(T::HEADER, size),
            t,
        }
    }

    /// This side's payload, exactly `size` bytes: filled before `send`, by `recv`.
    #[inline]
    pub fn payload(&mut self) -> &mut [u8] {
        self.buf.payload_mut()
    }

    /// The header bytes before the payload (empty for most transports).
    pub fn header(&mut self) -> &mut [u8] {
        self.buf.header_mut()
    }

    /// Send the payload as one message.
    #[inline]
    pub fn send(&mut self) -> Result<(), Errno> {
        self.t.send(&mut self.buf)
    }

    /// Receive one message into the payload.
    #[inline]
    pub fn recv(&mut self) -> Result<(), Errno> {
        self.t.recv(&mut self.buf)
    }

    pub fn connected(&mut self, peer: Pid) {
        self.t.connected(peer);
    }
}

/// Both ends of a mechanism plus what the parent must remove at the end.
pub struct Pair<T> {
    pub client: End<T>,
    pub server: End<T>,
    /// Buffer settings and the like, reported with the result.
    pub note: String,
    pub cleanup: Vec<Cleanup>,
}

impl<T: Transport> Pair<T> {
    fn new(client: T, server: T, size: usize, note: String) -> Pair<T> {
        Pair {
            client: End::new(client, size),
            server: End::new(server, size),
            note,
            cleanup: Vec::new(),
        }
    }
}

/// Why a (mechanism, size) cannot be measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupError {
    /// The mechanism cannot carry this size (or this placement): say so, skip, carry on.
    Skip(String),
    /// Something failed (a limit, a permission).
    Fail(String),
}

fn fail(what: &str, e: Errno) -> SetupError {
    SetupError::Fail(format!("{what}: {}", e.desc().to_lowercase()))
}

/// Something only the parent removes, once, when the pair is dropped.
pub enum Cleanup {
    MsgQueue(QueueRemoval),
    MqName(CString),
    Dir(PathBuf),
    /// Restore the signal mask, after discarding a pending SIGUSR1.
    SigMask(Usr1Blocked),
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        match self {
            // Their own Drop does the work.
            Cleanup::MsgQueue(_) | Cleanup::SigMask(_) => {}
            Cleanup::MqName(name) => {
                // ENOENT (already unlinked) is fine.
                let _ = crate::sys::posix::mq_unlink(name.as_c_str());
            }
            Cleanup::Dir(p) => {
                let _ = std::fs::remove_dir_all(p);
            }
        }
    }
}

/// Receives a set-up pair of whatever concrete type (so the hot loops are monomorphized).
pub trait Visit {
    type Out;
    fn visit<T: Transport>(self, pair: Pair<T>) -> Self::Out;
}

/// Unique names for everything a run creates: `ipcctl-bench-<pid>-<n>`.
pub fn unique_name() -> String {
    use std::sync::atomic::AtomicU64;
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "ipcctl-bench-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

fn read_limit(path: &str) -> Option<usize> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// A private temporary directory `$TMPDIR/ipcctl-bench-<pid>-<n>` (mode 0700).
fn temp_dir() -> Result<PathBuf, SetupError> {
    use std::os::unix::fs::DirBuilderExt;
    let dir = std::env::temp_dir().join(unique_name());
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(&dir)
        .map_err(|e| SetupError::Fail(format!("{}: {e}", dir.display())))?;
    Ok(dir)
}

/// Set up `mech` for messages of `size` bytes and hand the pair to `v`.
pub fn setup<V: Visit>(mech: Mechanism, size: usize, v: V) -> Result<V::Out, SetupError> {
    use shm::{Futex, Spin};
    Ok(match mech {
        Mechanism::Pipe => v.visit(pipe::pipe(size)?),
        Mechanism::Fifo => v.visit(pipe::fifo(size)?),
        Mechanism::UnixStream => v.visit(socket::unix_stream(size)?),
        Mechanism::UnixDgram => v.visit(socket::unix_dgram(size)?),
        Mechanism::Tcp => v.visit(socket::tcp(size)?),
        Mechanism::Pmq => v.visit(posix::pmq(size)?),
        Mechanism::Msg => v.visit(sysv::msg(size)?),
        Mechanism::ShmFutex => v.visit(shm::slots::<Futex>(shm::sysv_region(size)?, size)?),
        Mechanism::PshmSem => v.visit(posix::pshm_sem(size)?),
        Mechanism::ShmSpin => v.visit(shm::slots::<Spin>(shm::sysv_region(size)?, size)?),
        Mechanism::MmapFile => v.visit(shm::slots::<Futex>(shm::file_region(size)?, size)?),
        Mechanism::Mailbox => v.visit(posix::mailbox(size)?),
        Mechanism::Signal => v.visit(shm::signal(size)?),
    })
}
