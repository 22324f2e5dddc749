//! The mechanisms. Each one is set up in the parent before the fork as a [`Pair`] of
//! [`End`]s; after the fork the parent drives the client end and the child the server end.
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
//! a size says so ([`SetupError::Skip`]); nothing is clamped.

use std::ffi::CString;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use nix::errno::Errno;

use super::Mechanism;
use super::sys::{self, retry};

/// One side of a mechanism.
pub trait End {
    /// This side's message buffer, exactly `size` bytes: filled before `send`, by `recv`.
    fn payload(&mut self) -> &mut [u8];
    /// Send the payload as one message.
    fn send(&mut self) -> Result<(), Errno>;
    /// Receive one message into the payload.
    fn recv(&mut self) -> Result<(), Errno>;
    /// Called after the fork with the other process's pid.
    fn connected(&mut self, _peer: libc::pid_t) {}
}

/// Both ends of a mechanism plus what the parent must remove at the end.
pub struct Pair<E> {
    pub client: E,
    pub server: E,
    /// Buffer settings and the like, reported with the result.
    pub note: String,
    pub cleanup: Vec<Cleanup>,
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
    MsgQueue(i32),
    MqName(CString),
    Dir(PathBuf),
    /// Restore this signal mask, after discarding a pending SIGUSR1.
    SigMask(libc::sigset_t),
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        match self {
            Cleanup::MsgQueue(id) => {
                // SAFETY: plain syscall on our own queue id.
                unsafe { libc::msgctl(*id, libc::IPC_RMID, std::ptr::null_mut()) };
            }
            Cleanup::MqName(name) => {
                // SAFETY: valid C string; ENOENT (already unlinked) is fine.
                unsafe { libc::mq_unlink(name.as_ptr()) };
            }
            Cleanup::Dir(p) => {
                let _ = std::fs::remove_dir_all(p);
            }
            Cleanup::SigMask(old) => {
                // SAFETY: sigset operations on local, initialized sets.
                unsafe {
                    let mut set: libc::sigset_t = std::mem::zeroed();
                    libc::sigemptyset(&mut set);
                    libc::sigaddset(&mut set, libc::SIGUSR1);
                    let zero = libc::timespec {
                        tv_sec: 0,
                        tv_nsec: 0,
                    };
                    while libc::sigtimedwait(&set, std::ptr::null_mut(), &zero) > 0 {}
                    libc::pthread_sigmask(libc::SIG_SETMASK, old, std::ptr::null_mut());
                }
            }
        }
    }
}

/// Receives a set-up pair of whatever concrete type (so the hot loops are monomorphized).
pub trait Visit {
    type Out;
    fn visit<E: End>(self, pair: Pair<E>) -> Self::Out;
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

fn cstring(s: &str) -> CString {
    CString::new(s).unwrap_or_default()
}

fn read_limit(path: &str) -> Option<usize> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// Header of a mailbox request: the NUL-padded name of the reply queue.
pub const MAILBOX_HEADER: usize = 48;

/// Set up `mech` for messages of `size` bytes and hand the pair to `v`.
pub fn setup<V: Visit>(mech: Mechanism, size: usize, v: V) -> Result<V::Out, SetupError> {
    Ok(match mech {
        Mechanism::Pipe => v.visit(pipe(size)?),
        Mechanism::Fifo => v.visit(fifo(size)?),
        Mechanism::UnixStream => v.visit(unix_stream(size)?),
        Mechanism::UnixDgram => v.visit(unix_dgram(size)?),
        Mechanism::Tcp => v.visit(tcp(size)?),
        Mechanism::Pmq => v.visit(pmq(size)?),
        Mechanism::Msg => v.visit(msg(size)?),
        Mechanism::ShmFutex => v.visit(slots::<Futex>(Region::sysv(size)?, size)?),
        Mechanism::PshmSem => v.visit(pshm_sem(size)?),
        Mechanism::ShmSpin => v.visit(slots::<Spin>(Region::sysv(size)?, size)?),
        Mechanism::MmapFile => v.visit(slots::<Futex>(Region::file(size)?, size)?),
        Mechanism::Mailbox => v.visit(mailbox(size)?),
        Mechanism::Signal => v.visit(signal(size)?),
    })
}

// ---------------------------------------------------------------------------------------
// Byte streams: pipe, fifo, unix-stream, tcp.

/// A byte stream: messages are written whole and read whole (looping over short transfers).
pub struct StreamEnd {
    r: RawFd,
    w: RawFd,
    _fds: Vec<OwnedFd>,
    buf: Vec<u8>,
}

impl StreamEnd {
    fn new(r: RawFd, w: RawFd, fds: Vec<OwnedFd>, size: usize) -> StreamEnd {
        StreamEnd {
            r,
            w,
            _fds: fds,
            buf: vec![0; size],
        }
    }
}

impl End for StreamEnd {
    fn payload(&mut self) -> &mut [u8] {
        &mut self.buf
    }

    #[inline]
    fn send(&mut self) -> Result<(), Errno> {
        let mut off = 0;
        let len = self.buf.len();
        while off < len {
            // SAFETY: the range off..len lies inside `buf`.
            off += retry(|| unsafe {
                libc::write(self.w, self.buf.as_ptr().add(off).cast(), len - off)
            })?;
        }
        Ok(())
    }

    #[inline]
    fn recv(&mut self) -> Result<(), Errno> {
        let mut off = 0;
        let len = self.buf.len();
        while off < len {
            // SAFETY: the range off..len lies inside `buf`, which we own mutably.
            let n = retry(|| unsafe {
                libc::read(self.r, self.buf.as_mut_ptr().add(off).cast(), len - off)
            })?;
            if n == 0 {
                return Err(Errno::EPIPE);
            }
            off += n;
        }
        Ok(())
    }
}

fn pipe_size(fd: RawFd) -> String {
    // SAFETY: F_GETPIPE_SZ takes no argument.
    let n = unsafe { libc::fcntl(fd, libc::F_GETPIPE_SZ) };
    if n > 0 {
        format!("pipe buffer {}", crate::render::human_size(n as u64))
    } else {
        String::new()
    }
}

/// Client and server ends over two one-way byte channels (requests, replies), with the
/// channel's buffer size as the note.
fn stream_pair(
    req_r: OwnedFd,
    req_w: OwnedFd,
    rep_r: OwnedFd,
    rep_w: OwnedFd,
    size: usize,
) -> Pair<StreamEnd> {
    let note = pipe_size(req_w.as_raw_fd());
    Pair {
        client: StreamEnd::new(
            rep_r.as_raw_fd(),
            req_w.as_raw_fd(),
            vec![rep_r, req_w],
            size,
        ),
        server: StreamEnd::new(
            req_r.as_raw_fd(),
            rep_w.as_raw_fd(),
            vec![req_r, rep_w],
            size,
        ),
        note,
        cleanup: Vec::new(),
    }
}

fn pipe(size: usize) -> Result<Pair<StreamEnd>, SetupError> {
    let (req_r, req_w) = nix::unistd::pipe().map_err(|e| fail("pipe", e))?;
    let (rep_r, rep_w) = nix::unistd::pipe().map_err(|e| fail("pipe", e))?;
    Ok(stream_pair(req_r, req_w, rep_r, rep_w, size))
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

fn open_fifo_pair(path: &std::path::Path) -> Result<(OwnedFd, OwnedFd), SetupError> {
    use nix::fcntl::{OFlag, open};
    use nix::sys::stat::Mode;
    let what = path.display().to_string();
    nix::unistd::mkfifo(path, Mode::S_IRUSR | Mode::S_IWUSR).map_err(|e| fail(&what, e))?;
    // Open the read end without blocking (no writer yet), then the write end, then make
    // reads blocking again.
    let r = open(
        path,
        OFlag::O_RDONLY | OFlag::O_NONBLOCK | OFlag::O_CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| fail(&what, e))?;
    let w = open(path, OFlag::O_WRONLY | OFlag::O_CLOEXEC, Mode::empty())
        .map_err(|e| fail(&what, e))?;
    nix::fcntl::fcntl(&r, nix::fcntl::FcntlArg::F_SETFL(OFlag::empty()))
        .map_err(|e| fail(&what, e))?;
    Ok((r, w))
}

fn fifo(size: usize) -> Result<Pair<StreamEnd>, SetupError> {
    let dir = temp_dir()?;
    let guard = Cleanup::Dir(dir.clone());
    let (req_r, req_w) = open_fifo_pair(&dir.join("request"))?;
    let (rep_r, rep_w) = open_fifo_pair(&dir.join("reply"))?;
    // Both ends are open: the names are no longer needed.
    drop(guard);
    Ok(stream_pair(req_r, req_w, rep_r, rep_w, size))
}

fn sndbuf(fd: RawFd) -> String {
    let mut v: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: v and len are valid out-pointers of the right size.
    let r = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_SNDBUF,
            (&mut v as *mut libc::c_int).cast(),
            &mut len,
        )
    };
    if r == 0 {
        format!("SO_SNDBUF {}", crate::render::human_size(v as u64))
    } else {
        String::new()
    }
}

fn unix_stream(size: usize) -> Result<Pair<StreamEnd>, SetupError> {
    let (a, b) = std::os::unix::net::UnixStream::pair()
        .map_err(|e| SetupError::Fail(format!("socketpair: {e}")))?;
    let (a, b): (OwnedFd, OwnedFd) = (a.into(), b.into());
    let note = sndbuf(a.as_raw_fd());
    let (ra, rb) = (a.as_raw_fd(), b.as_raw_fd());
    Ok(Pair {
        client: StreamEnd::new(ra, ra, vec![a], size),
        server: StreamEnd::new(rb, rb, vec![b], size),
        note,
        cleanup: Vec::new(),
    })
}

fn tcp(size: usize) -> Result<Pair<StreamEnd>, SetupError> {
    use std::net::{Ipv4Addr, TcpListener, TcpStream};
    let io = |e: std::io::Error| SetupError::Fail(format!("tcp 127.0.0.1: {e}"));
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(io)?;
    let addr = listener.local_addr().map_err(io)?;
    let a = TcpStream::connect(addr).map_err(io)?;
    let (b, _) = listener.accept().map_err(io)?;
    a.set_nodelay(true).map_err(io)?;
    b.set_nodelay(true).map_err(io)?;
    let (a, b): (OwnedFd, OwnedFd) = (a.into(), b.into());
    let note = format!("loopback, TCP_NODELAY, {}", sndbuf(a.as_raw_fd()));
    let (ra, rb) = (a.as_raw_fd(), b.as_raw_fd());
    Ok(Pair {
        client: StreamEnd::new(ra, ra, vec![a], size),
        server: StreamEnd::new(rb, rb, vec![b], size),
        note,
        cleanup: Vec::new(),
    })
}

// ---------------------------------------------------------------------------------------
// Datagrams.

pub struct DgramEnd {
    fd: OwnedFd,
    buf: Vec<u8>,
}

impl End for DgramEnd {
    fn payload(&mut self) -> &mut [u8] {
        &mut self.buf
    }

    #[inline]
    fn send(&mut self) -> Result<(), Errno> {
        let fd = self.fd.as_raw_fd();
        // SAFETY: buf is valid for its length.
        retry(|| unsafe { libc::send(fd, self.buf.as_ptr().cast(), self.buf.len(), 0) })?;
        Ok(())
    }

    #[inline]
    fn recv(&mut self) -> Result<(), Errno> {
        let fd = self.fd.as_raw_fd();
        let len = self.buf.len();
        // SAFETY: buf is valid and writable for its length.
        let n = retry(|| unsafe { libc::recv(fd, self.buf.as_mut_ptr().cast(), len, 0) })?;
        if n != len {
            return Err(Errno::EMSGSIZE);
        }
        Ok(())
    }
}

fn unix_dgram(size: usize) -> Result<Pair<DgramEnd>, SetupError> {
    let (a, b) = std::os::unix::net::UnixDatagram::pair()
        .map_err(|e| SetupError::Fail(format!("socketpair: {e}")))?;
    let (a, b): (OwnedFd, OwnedFd) = (a.into(), b.into());
    let note = sndbuf(a.as_raw_fd());
    // Probe: a datagram larger than the socket buffer is refused (EMSGSIZE), never split.
    let probe = vec![0u8; size];
    // SAFETY: probe is valid for its length.
    let r = unsafe {
        libc::send(
            a.as_raw_fd(),
            probe.as_ptr().cast(),
            size,
            libc::MSG_DONTWAIT,
        )
    };
    if r < 0 {
        let e = Errno::last();
        return Err(
            if e == Errno::EMSGSIZE || e == Errno::ENOBUFS || e == Errno::EAGAIN {
                SetupError::Skip(format!(
                    "unix-dgram cannot carry {} in one datagram ({note})",
                    crate::render::human_size(size as u64)
                ))
            } else {
                fail("unix-dgram send", e)
            },
        );
    }
    let mut sink = vec![0u8; size];
    // SAFETY: sink is valid and writable for its length.
    unsafe { libc::recv(b.as_raw_fd(), sink.as_mut_ptr().cast(), size, 0) };
    Ok(Pair {
        client: DgramEnd {
            fd: a,
            buf: vec![0; size],
        },
        server: DgramEnd {
            fd: b,
            buf: vec![0; size],
        },
        note,
        cleanup: Vec::new(),
    })
}

// ---------------------------------------------------------------------------------------
// POSIX message queues.

/// A POSIX queue descriptor, closed on drop.
pub struct Mq(libc::mqd_t);

impl Drop for Mq {
    fn drop(&mut self) {
        // SAFETY: our own descriptor, closed once.
        unsafe { libc::mq_close(self.0) };
    }
}

const PMQ_MAXMSG: libc::c_long = 4;

/// Create a queue for messages of `msgsize` bytes; returns a read and a write descriptor.
/// Unless `keep_name`, the name is unlinked at once.
fn mq_create(name: &CString, msgsize: usize, keep_name: bool) -> Result<(Mq, Mq), SetupError> {
    // SAFETY: mq_attr is plain data.
    let mut attr: libc::mq_attr = unsafe { std::mem::zeroed() };
    attr.mq_maxmsg = PMQ_MAXMSG;
    attr.mq_msgsize = msgsize as libc::c_long;
    let what = format!("pmq:{}", name.to_string_lossy());
    // SAFETY: valid name and attr; the descriptor is owned by Mq.
    let r = unsafe {
        libc::mq_open(
            name.as_ptr(),
            libc::O_CREAT | libc::O_EXCL | libc::O_RDONLY | libc::O_CLOEXEC,
            0o600 as libc::mode_t,
            &attr as *const libc::mq_attr,
        )
    };
    if r < 0 {
        let e = Errno::last();
        return Err(match e {
            Errno::EMFILE => SetupError::Fail(format!(
                "{what}: mq_open: RLIMIT_MSGQUEUE exhausted (too many queues of this user)"
            )),
            e => fail(&format!("{what}: mq_open"), e),
        });
    }
    let rd = Mq(r);
    // SAFETY: valid name.
    let w = unsafe { libc::mq_open(name.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC) };
    let unlink = || {
        // SAFETY: valid name.
        unsafe { libc::mq_unlink(name.as_ptr()) };
    };
    if w < 0 {
        let e = Errno::last();
        unlink();
        return Err(fail(&format!("{what}: mq_open"), e));
    }
    if !keep_name {
        unlink();
    }
    Ok((rd, Mq(w)))
}

fn mq_limit_check(mech: &str, msgsize: usize, size: usize) -> Result<(), SetupError> {
    let max = read_limit("/proc/sys/fs/mqueue/msgsize_max").unwrap_or(8192);
    if msgsize > max {
        return Err(SetupError::Skip(format!(
            "{mech} cannot carry {}: messages of {msgsize} bytes exceed \
             /proc/sys/fs/mqueue/msgsize_max ({max})",
            crate::render::human_size(size as u64)
        )));
    }
    Ok(())
}

pub struct PmqEnd {
    rq: Mq,
    wq: Mq,
    buf: Vec<u8>,
}

impl End for PmqEnd {
    fn payload(&mut self) -> &mut [u8] {
        &mut self.buf
    }

    #[inline]
    fn send(&mut self) -> Result<(), Errno> {
        let q = self.wq.0;
        // SAFETY: buf is valid for its length.
        retry(|| unsafe {
            libc::mq_send(q, self.buf.as_ptr().cast(), self.buf.len(), 0) as isize
        })?;
        Ok(())
    }

    #[inline]
    fn recv(&mut self) -> Result<(), Errno> {
        let q = self.rq.0;
        let len = self.buf.len();
        // SAFETY: buf is valid and writable for its length (= the queue's msgsize).
        let n = retry(|| unsafe {
            libc::mq_receive(q, self.buf.as_mut_ptr().cast(), len, std::ptr::null_mut())
        })?;
        if n != len {
            return Err(Errno::EMSGSIZE);
        }
        Ok(())
    }
}

fn pmq(size: usize) -> Result<Pair<PmqEnd>, SetupError> {
    mq_limit_check("pmq", size, size)?;
    let (req_r, req_w) = mq_create(&cstring(&format!("/{}", unique_name())), size, false)?;
    let (rep_r, rep_w) = mq_create(&cstring(&format!("/{}", unique_name())), size, false)?;
    Ok(Pair {
        client: PmqEnd {
            rq: rep_r,
            wq: req_w,
            buf: vec![0; size],
        },
        server: PmqEnd {
            rq: req_r,
            wq: rep_w,
            buf: vec![0; size],
        },
        note: format!("mq_maxmsg {PMQ_MAXMSG}"),
        cleanup: Vec::new(),
    })
}

// ---------------------------------------------------------------------------------------
// Mailbox: request/reply over POSIX queues, the request names the reply queue.

pub struct MailboxClient {
    server: Mq,
    reply: Mq,
    /// Reply-queue name, unlinked after the first reply (the server has opened it by then).
    unlink: Option<CString>,
    /// Request message: header (reply queue name) then payload.
    msg: Vec<u8>,
}

pub struct MailboxServer {
    requests: Mq,
    /// The reply queue of the last client: (name header, descriptor).
    reply: Option<(Vec<u8>, Mq)>,
    msg: Vec<u8>,
}

pub enum MailboxEnd {
    Client(MailboxClient),
    Server(MailboxServer),
}

impl End for MailboxEnd {
    fn payload(&mut self) -> &mut [u8] {
        match self {
            MailboxEnd::Client(c) => &mut c.msg[MAILBOX_HEADER..],
            MailboxEnd::Server(s) => &mut s.msg[MAILBOX_HEADER..],
        }
    }

    #[inline]
    fn send(&mut self) -> Result<(), Errno> {
        match self {
            MailboxEnd::Client(c) => {
                let q = c.server.0;
                // SAFETY: msg is valid for its length.
                retry(|| unsafe {
                    libc::mq_send(q, c.msg.as_ptr().cast(), c.msg.len(), 0) as isize
                })?;
            }
            MailboxEnd::Server(s) => {
                let q = s.reply.as_ref().ok_or(Errno::ENOENT)?.1.0;
                let body = &s.msg[MAILBOX_HEADER..];
                // SAFETY: body is valid for its length.
                retry(|| unsafe {
                    libc::mq_send(q, body.as_ptr().cast(), body.len(), 0) as isize
                })?;
            }
        }
        Ok(())
    }

    #[inline]
    fn recv(&mut self) -> Result<(), Errno> {
        match self {
            MailboxEnd::Client(c) => {
                let q = c.reply.0;
                let body = &mut c.msg[MAILBOX_HEADER..];
                let len = body.len();
                // SAFETY: body is valid and writable for its length (= msgsize).
                let n = retry(|| unsafe {
                    libc::mq_receive(q, body.as_mut_ptr().cast(), len, std::ptr::null_mut())
                })?;
                if n != len {
                    return Err(Errno::EMSGSIZE);
                }
                if let Some(name) = c.unlink.take() {
                    // SAFETY: valid name.
                    unsafe { libc::mq_unlink(name.as_ptr()) };
                }
            }
            MailboxEnd::Server(s) => {
                let q = s.requests.0;
                let len = s.msg.len();
                // SAFETY: msg is valid and writable for its length (= msgsize).
                let n = retry(|| unsafe {
                    libc::mq_receive(q, s.msg.as_mut_ptr().cast(), len, std::ptr::null_mut())
                })?;
                if n != len {
                    return Err(Errno::EMSGSIZE);
                }
                let header = &s.msg[..MAILBOX_HEADER];
                if s.reply.as_ref().is_none_or(|(h, _)| h != header) {
                    let end = header.iter().position(|&b| b == 0).unwrap_or(header.len());
                    let name = CString::new(&header[..end]).map_err(|_| Errno::EINVAL)?;
                    // SAFETY: valid name; the descriptor is owned by Mq.
                    let w =
                        unsafe { libc::mq_open(name.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC) };
                    if w < 0 {
                        return Err(Errno::last());
                    }
                    s.reply = Some((header.to_vec(), Mq(w)));
                }
            }
        }
        Ok(())
    }
}

fn mailbox(size: usize) -> Result<Pair<MailboxEnd>, SetupError> {
    mq_limit_check("mailbox", size + MAILBOX_HEADER, size)?;
    let (req_r, req_w) = mq_create(
        &cstring(&format!("/{}", unique_name())),
        size + MAILBOX_HEADER,
        false,
    )?;
    let reply_name = format!("/{}", unique_name());
    let reply_c = cstring(&reply_name);
    let (rep_r, rep_w) = mq_create(&reply_c, size, true)?;
    // The client only reads its reply queue; the server opens its own write descriptor.
    drop(rep_w);
    let mut msg = vec![0u8; MAILBOX_HEADER + size];
    msg[..reply_name.len()].copy_from_slice(reply_name.as_bytes());
    Ok(Pair {
        client: MailboxEnd::Client(MailboxClient {
            server: req_w,
            reply: rep_r,
            unlink: Some(reply_c.clone()),
            msg,
        }),
        server: MailboxEnd::Server(MailboxServer {
            requests: req_r,
            reply: None,
            msg: vec![0u8; MAILBOX_HEADER + size],
        }),
        note: format!("mq_maxmsg {PMQ_MAXMSG}, {MAILBOX_HEADER}-byte reply-address header"),
        cleanup: vec![Cleanup::MqName(reply_c)],
    })
}

// ---------------------------------------------------------------------------------------
// System V message queue.

pub struct MsgEnd {
    id: i32,
    rtype: libc::c_long,
    wtype: libc::c_long,
    size: usize,
    /// `struct msgbuf`: mtype, then the payload (u64 words keep mtype aligned).
    words: Vec<u64>,
}

impl MsgEnd {
    fn new(id: i32, rtype: libc::c_long, wtype: libc::c_long, size: usize) -> MsgEnd {
        MsgEnd {
            id,
            rtype,
            wtype,
            size,
            words: vec![0; 1 + size.div_ceil(8)],
        }
    }
}

impl End for MsgEnd {
    fn payload(&mut self) -> &mut [u8] {
        // SAFETY: the words hold 8 + size bytes; any byte pattern is a valid u8.
        unsafe {
            std::slice::from_raw_parts_mut(self.words.as_mut_ptr().cast::<u8>().add(8), self.size)
        }
    }

    #[inline]
    fn send(&mut self) -> Result<(), Errno> {
        self.words[0] = self.wtype as u64;
        let (id, p, n) = (self.id, self.words.as_ptr(), self.size);
        // SAFETY: p points to an mtype followed by `n` bytes.
        retry(|| unsafe { libc::msgsnd(id, p.cast(), n, 0) as isize })?;
        Ok(())
    }

    #[inline]
    fn recv(&mut self) -> Result<(), Errno> {
        let (id, t, n) = (self.id, self.rtype, self.size);
        let p = self.words.as_mut_ptr();
        // SAFETY: p points to room for an mtype and `n` bytes.
        let got = retry(|| unsafe { libc::msgrcv(id, p.cast(), n, t, 0) })?;
        if got != n {
            return Err(Errno::EMSGSIZE);
        }
        Ok(())
    }
}

fn msg(size: usize) -> Result<Pair<MsgEnd>, SetupError> {
    let max = read_limit("/proc/sys/kernel/msgmax").unwrap_or(8192);
    let mnb = read_limit("/proc/sys/kernel/msgmnb").unwrap_or(16384);
    if size > max || size > mnb {
        return Err(SetupError::Skip(format!(
            "msg cannot carry {}: /proc/sys/kernel/msgmax is {max} bytes (msgmnb {mnb})",
            crate::render::human_size(size as u64)
        )));
    }
    // SAFETY: plain syscall; IPC_PRIVATE always creates a new queue.
    let id = unsafe { libc::msgget(libc::IPC_PRIVATE, libc::IPC_CREAT | 0o600) };
    if id < 0 {
        return Err(fail("msgget", Errno::last()));
    }
    Ok(Pair {
        client: MsgEnd::new(id, 2, 1, size),
        server: MsgEnd::new(id, 1, 2, size),
        note: format!("msgmnb {mnb}"),
        cleanup: vec![Cleanup::MsgQueue(id)],
    })
}

// ---------------------------------------------------------------------------------------
// Shared memory: one slot per direction, a state word per slot.

/// A shared mapping, unmapped (or detached) when the last end drops it.
pub enum Region {
    Mmap { ptr: *mut u8, len: usize },
    SysV { ptr: *mut u8 },
}

impl Region {
    fn ptr(&self) -> *mut u8 {
        match self {
            Region::Mmap { ptr, .. } | Region::SysV { ptr } => *ptr,
        }
    }

    /// SysV segment, IPC_RMID'd right after attaching: it dies with the last detach.
    fn sysv(size: usize) -> Result<Region, SetupError> {
        let len = slots_len(size);
        // SAFETY: plain syscall; IPC_PRIVATE always creates a new segment.
        let id = unsafe { libc::shmget(libc::IPC_PRIVATE, len, libc::IPC_CREAT | 0o600) };
        if id < 0 {
            return Err(fail("shmget", Errno::last()));
        }
        // SAFETY: attach anywhere; checked below.
        let p = unsafe { libc::shmat(id, std::ptr::null(), 0) };
        let err = Errno::last();
        // SAFETY: plain syscall on our segment; an attached segment survives IPC_RMID.
        unsafe { libc::shmctl(id, libc::IPC_RMID, std::ptr::null_mut()) };
        if p as isize == -1 {
            return Err(fail("shmat", err));
        }
        Ok(Region::SysV { ptr: p.cast() })
    }

    fn map_fd(fd: Option<RawFd>, len: usize, what: &str) -> Result<Region, SetupError> {
        let (flags, fd) = match fd {
            Some(fd) => (libc::MAP_SHARED, fd),
            None => (libc::MAP_SHARED | libc::MAP_ANONYMOUS, -1),
        };
        // SAFETY: a fresh shared mapping; checked below.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                flags,
                fd,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(fail(&format!("{what}: mmap"), Errno::last()));
        }
        Ok(Region::Mmap { ptr: p.cast(), len })
    }

    fn anonymous(len: usize) -> Result<Region, SetupError> {
        Region::map_fd(None, len, "shared memory")
    }

    /// POSIX shm object, unlinked right after opening.
    fn pshm(len: usize) -> Result<Region, SetupError> {
        let name = format!("/{}", unique_name());
        let c = cstring(&name);
        let what = format!("pshm:{name}");
        // SAFETY: valid name; the fd is owned below.
        let fd = unsafe {
            libc::shm_open(
                c.as_ptr(),
                libc::O_CREAT | libc::O_EXCL | libc::O_RDWR | libc::O_CLOEXEC,
                0o600,
            )
        };
        if fd < 0 {
            return Err(fail(&format!("{what}: shm_open"), Errno::last()));
        }
        // SAFETY: fd is ours; valid name.
        let fd = unsafe {
            libc::shm_unlink(c.as_ptr());
            OwnedFd::from_raw_fd(fd)
        };
        nix::unistd::ftruncate(&fd, len as libc::off_t).map_err(|e| fail(&what, e))?;
        Region::map_fd(Some(fd.as_raw_fd()), len, &what)
    }

    /// A file in a private temporary directory; file and directory are removed right after
    /// mapping.
    fn file(size: usize) -> Result<Region, SetupError> {
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
        Region::map_fd(Some(f.as_raw_fd()), len, &path.display().to_string())
    }
}

impl Drop for Region {
    fn drop(&mut self) {
        match self {
            // SAFETY: our own mapping, unmapped once, when no end uses it any more.
            Region::Mmap { ptr, len } => unsafe {
                libc::munmap(ptr.cast(), *len);
            },
            // SAFETY: our own attachment, detached once.
            Region::SysV { ptr } => unsafe {
                libc::shmdt(ptr.cast());
            },
        }
    }
}

const LINE: usize = 64;
const FULL: u32 = 1;
const WAITING: u32 = 2;

fn round_line(n: usize) -> usize {
    n.div_ceil(LINE) * LINE
}

/// Two state words on their own cache lines, then the two data slots.
fn slots_len(size: usize) -> usize {
    2 * LINE + 2 * round_line(size)
}

/// How a slot waiter sleeps and is woken.
pub trait Notify {
    /// false: busy-poll, never sleep.
    const BLOCKS: bool;
    fn wait(&mut self, word: &AtomicU32, val: u32) -> Result<(), Errno>;
    fn wake(&mut self, word: &AtomicU32) -> Result<(), Errno>;
    fn connected(&mut self, _peer: libc::pid_t) {}
}

pub struct Futex;

impl Notify for Futex {
    const BLOCKS: bool = true;
    #[inline]
    fn wait(&mut self, word: &AtomicU32, val: u32) -> Result<(), Errno> {
        sys::futex_wait(word, val)
    }
    #[inline]
    fn wake(&mut self, word: &AtomicU32) -> Result<(), Errno> {
        sys::futex_wake(word)
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
    peer: libc::pid_t,
    set: libc::sigset_t,
}

impl Sig {
    fn new() -> Sig {
        // SAFETY: sigset operations on a local set.
        let set = unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGUSR1);
            set
        };
        Sig { peer: 0, set }
    }
}

impl Notify for Sig {
    const BLOCKS: bool = true;
    #[inline]
    fn wait(&mut self, _: &AtomicU32, _: u32) -> Result<(), Errno> {
        // SAFETY: set is initialized; no siginfo wanted.
        match retry(|| unsafe { libc::sigwaitinfo(&self.set, std::ptr::null_mut()) as isize }) {
            Ok(_) => Ok(()),
            Err(e) => Err(e),
        }
    }
    #[inline]
    fn wake(&mut self, _: &AtomicU32) -> Result<(), Errno> {
        let peer = self.peer;
        // SAFETY: plain syscall.
        retry(|| unsafe { libc::kill(peer, libc::SIGUSR1) as isize })?;
        Ok(())
    }
    fn connected(&mut self, peer: libc::pid_t) {
        self.peer = peer;
    }
}

/// One direction of shared-memory transfer: a state word and a data slot.
struct Slot {
    state: *const AtomicU32,
    data: *mut u8,
}

pub struct SlotEnd<N: Notify> {
    tx: Slot,
    rx: Slot,
    buf: Vec<u8>,
    notify: N,
    _region: Rc<Region>,
}

impl<N: Notify> SlotEnd<N> {
    /// Wait until the slot's FULL bit equals `full`. Blocking notifiers first announce
    /// themselves with the WAITING bit, so the other side only pays for a wake-up (a
    /// syscall) when someone sleeps.
    #[inline]
    fn wait_for(notify: &mut N, state: &AtomicU32, full: bool) -> Result<(), Errno> {
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
                if sys::aborting() {
                    return Err(Errno::EINTR);
                }
                notify.wait(state, s | WAITING)?;
                if sys::aborting() {
                    return Err(Errno::EINTR);
                }
            } else {
                std::hint::spin_loop();
                spins = spins.wrapping_add(1);
                if spins.is_multiple_of(4096) && sys::aborting() {
                    return Err(Errno::EINTR);
                }
            }
        }
    }
}

impl<N: Notify> End for SlotEnd<N> {
    fn payload(&mut self) -> &mut [u8] {
        &mut self.buf
    }

    #[inline]
    fn send(&mut self) -> Result<(), Errno> {
        // SAFETY: the state word lives in the shared region, which `_region` keeps mapped.
        let state = unsafe { &*self.tx.state };
        Self::wait_for(&mut self.notify, state, false)?;
        // SAFETY: the slot holds `buf.len()` bytes and is ours until we set FULL.
        unsafe { std::ptr::copy_nonoverlapping(self.buf.as_ptr(), self.tx.data, self.buf.len()) };
        let prev = state.swap(FULL, Ordering::AcqRel);
        if N::BLOCKS && prev & WAITING != 0 {
            self.notify.wake(state)?;
        }
        Ok(())
    }

    #[inline]
    fn recv(&mut self) -> Result<(), Errno> {
        // SAFETY: as in send.
        let state = unsafe { &*self.rx.state };
        Self::wait_for(&mut self.notify, state, true)?;
        // SAFETY: the slot holds `buf.len()` bytes and is ours until we clear FULL.
        unsafe {
            std::ptr::copy_nonoverlapping(self.rx.data, self.buf.as_mut_ptr(), self.buf.len())
        };
        let prev = state.swap(0, Ordering::AcqRel);
        if N::BLOCKS && prev & WAITING != 0 {
            self.notify.wake(state)?;
        }
        Ok(())
    }

    fn connected(&mut self, peer: libc::pid_t) {
        self.notify.connected(peer);
    }
}

fn slot_pair<N: Notify>(
    region: Region,
    size: usize,
    client: N,
    server: N,
) -> (SlotEnd<N>, SlotEnd<N>) {
    let base = region.ptr();
    let region = Rc::new(region);
    // SAFETY: all offsets lie inside the region of slots_len(size) bytes.
    let (a_state, b_state, a_data, b_data) = unsafe {
        (
            base.cast::<AtomicU32>(),
            base.add(LINE).cast::<AtomicU32>(),
            base.add(2 * LINE),
            base.add(2 * LINE + round_line(size)),
        )
    };
    let c = SlotEnd {
        tx: Slot {
            state: a_state,
            data: a_data,
        },
        rx: Slot {
            state: b_state,
            data: b_data,
        },
        buf: vec![0; size],
        notify: client,
        _region: region.clone(),
    };
    let s = SlotEnd {
        tx: Slot {
            state: b_state,
            data: b_data,
        },
        rx: Slot {
            state: a_state,
            data: a_data,
        },
        buf: vec![0; size],
        notify: server,
        _region: region,
    };
    (c, s)
}

trait NewNotify: Notify + Sized {
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

fn slots<N: NewNotify>(region: Region, size: usize) -> Result<Pair<SlotEnd<N>>, SetupError> {
    let (client, server) = slot_pair(region, size, N::make(), N::make());
    Ok(Pair {
        client,
        server,
        note: N::note().into(),
        cleanup: Vec::new(),
    })
}

fn signal(size: usize) -> Result<Pair<SlotEnd<Sig>>, SetupError> {
    let region = Region::anonymous(slots_len(size))?;
    // Block SIGUSR1 before the fork, so that the peer inherits the mask and no wake-up can
    // arrive before someone waits for it.
    // SAFETY: sigset operations on local sets; pthread_sigmask on the only thread.
    let old = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        let mut old: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGUSR1);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old);
        old
    };
    let (client, server) = slot_pair(region, size, Sig::new(), Sig::new());
    Ok(Pair {
        client,
        server,
        note: "payload in shared memory, SIGUSR1 + sigwaitinfo".into(),
        cleanup: vec![Cleanup::SigMask(old)],
    })
}

// ---------------------------------------------------------------------------------------
// POSIX shared memory + named semaphores.

/// Named semaphores (unlinked right after creation), closed on drop.
pub struct Sems(Vec<*mut libc::sem_t>);

impl Drop for Sems {
    fn drop(&mut self) {
        for s in &self.0 {
            // SAFETY: our own handles, closed once.
            unsafe { libc::sem_close(*s) };
        }
    }
}

fn named_sem(value: u32) -> Result<*mut libc::sem_t, SetupError> {
    let name = format!("/{}", unique_name());
    let c = cstring(&name);
    // SAFETY: valid name; the handle is checked below.
    let s = unsafe {
        libc::sem_open(
            c.as_ptr(),
            libc::O_CREAT | libc::O_EXCL,
            0o600 as libc::c_uint,
            value,
        )
    };
    if s == libc::SEM_FAILED {
        return Err(fail(&format!("psem:{name}: sem_open"), Errno::last()));
    }
    // SAFETY: valid name; the open handle keeps the semaphore alive.
    unsafe { libc::sem_unlink(c.as_ptr()) };
    Ok(s)
}

pub struct SemEnd {
    /// Per direction: (full, empty) semaphores and the data slot.
    tx: (*mut libc::sem_t, *mut libc::sem_t, *mut u8),
    rx: (*mut libc::sem_t, *mut libc::sem_t, *mut u8),
    buf: Vec<u8>,
    _sems: Rc<Sems>,
    _region: Rc<Region>,
}

#[inline]
fn sem_wait(s: *mut libc::sem_t) -> Result<(), Errno> {
    // SAFETY: s is an open semaphore kept alive by `_sems`.
    retry(|| unsafe { libc::sem_wait(s) as isize })?;
    Ok(())
}

#[inline]
fn sem_post(s: *mut libc::sem_t) -> Result<(), Errno> {
    // SAFETY: as above.
    retry(|| unsafe { libc::sem_post(s) as isize })?;
    Ok(())
}

impl End for SemEnd {
    fn payload(&mut self) -> &mut [u8] {
        &mut self.buf
    }

    #[inline]
    fn send(&mut self) -> Result<(), Errno> {
        let (full, empty, data) = self.tx;
        sem_wait(empty)?;
        // SAFETY: the slot holds buf.len() bytes and is ours between wait(empty) and post(full).
        unsafe { std::ptr::copy_nonoverlapping(self.buf.as_ptr(), data, self.buf.len()) };
        sem_post(full)
    }

    #[inline]
    fn recv(&mut self) -> Result<(), Errno> {
        let (full, empty, data) = self.rx;
        sem_wait(full)?;
        // SAFETY: the slot holds buf.len() bytes and is ours between wait(full) and post(empty).
        unsafe { std::ptr::copy_nonoverlapping(data, self.buf.as_mut_ptr(), self.buf.len()) };
        sem_post(empty)
    }
}

fn pshm_sem(size: usize) -> Result<Pair<SemEnd>, SetupError> {
    let slot = round_line(size);
    let region = Rc::new(Region::pshm(2 * slot)?);
    let sems = Rc::new(Sems(vec![
        named_sem(0)?,
        named_sem(1)?,
        named_sem(0)?,
        named_sem(1)?,
    ]));
    let base = region.ptr();
    let (a_full, a_empty, b_full, b_empty) = (sems.0[0], sems.0[1], sems.0[2], sems.0[3]);
    // SAFETY: both slots lie inside the 2 * slot bytes mapped.
    let (a, b) = unsafe { (base, base.add(slot)) };
    Ok(Pair {
        client: SemEnd {
            tx: (a_full, a_empty, a),
            rx: (b_full, b_empty, b),
            buf: vec![0; size],
            _sems: sems.clone(),
            _region: region.clone(),
        },
        server: SemEnd {
            tx: (b_full, b_empty, b),
            rx: (a_full, a_empty, a),
            buf: vec![0; size],
            _sems: sems,
            _region: region,
        },
        note: "one slot per direction, sem_wait/sem_post".into(),
        cleanup: Vec::new(),
    })
}
