//! Byte streams: two anonymous pipes or two FIFOs, one per direction. [`Stream`] is also
//! the transport of the stream sockets (`socket.rs`).

use std::os::fd::{AsFd, OwnedFd};
use std::path::Path;

use nix::errno::Errno;

use super::{Buf, Cleanup, Pair, SetupError, Transport, fail, temp_dir};
use crate::sys::bench::signals::retry;

/// A byte stream: messages are written whole and read whole (looping over short
/// transfers). `r` and `w` index `fds` (the same descriptor for a socket).
pub struct Stream {
    fds: Vec<OwnedFd>,
    r: usize,
    w: usize,
}

impl Stream {
    /// Read from `r`, write to `w`.
    pub fn split(r: OwnedFd, w: OwnedFd) -> Stream {
        Stream {
            fds: vec![r, w],
            r: 0,
            w: 1,
        }
    }

    /// Read and write the same descriptor (a socket).
    pub fn socket(fd: OwnedFd) -> Stream {
        Stream {
            fds: vec![fd],
            r: 0,
            w: 0,
        }
    }
}

impl Transport for Stream {
    #[inline]
    fn send(&mut self, buf: &mut Buf) -> Result<(), Errno> {
        let fd = self.fds[self.w].as_fd();
        let msg = buf.payload();
        let mut off = 0;
        while off < msg.len() {
            off += retry(|| nix::unistd::write(fd, &msg[off..]))?;
        }
        Ok(())
    }

    #[inline]
    fn recv(&mut self, buf: &mut Buf) -> Result<(), Errno> {
        let fd = self.fds[self.r].as_fd();
        let msg = buf.payload_mut();
        let mut off = 0;
        while off < msg.len() {
            let n = retry(|| nix::unistd::read(fd, &mut msg[off..]))?;
            if n == 0 {
                return Err(Errno::EPIPE);
            }
            off += n;
        }
        Ok(())
    }
}

/// The capacity of a pipe, as a note.
fn pipe_size(fd: impl AsFd) -> String {
    match nix::fcntl::fcntl(fd, nix::fcntl::FcntlArg::F_GETPIPE_SZ) {
        Ok(n) if n > 0 => format!("pipe buffer {}", crate::render::human_size(n as u64)),
        _ => String::new(),
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
) -> Pair<Stream> {
    let note = pipe_size(&req_w);
    Pair::new(
        Stream::split(rep_r, req_w),
        Stream::split(req_r, rep_w),
        size,
        note,
    )
}

pub(super) fn pipe(size: usize) -> Result<Pair<Stream>, SetupError> {
    let (req_r, req_w) = nix::unistd::pipe().map_err(|e| fail("pipe", e))?;
    let (rep_r, rep_w) = nix::unistd::pipe().map_err(|e| fail("pipe", e))?;
    Ok(stream_pair(req_r, req_w, rep_r, rep_w, size))
}

fn open_fifo_pair(path: &Path) -> Result<(OwnedFd, OwnedFd), SetupError> {
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

pub(super) fn fifo(size: usize) -> Result<Pair<Stream>, SetupError> {
    let dir = temp_dir()?;
    let guard = Cleanup::Dir(dir.clone());
    let (req_r, req_w) = open_fifo_pair(&dir.join("request"))?;
    let (rep_r, rep_w) = open_fifo_pair(&dir.join("reply"))?;
    // Both ends are open: the names are no longer needed.
    drop(guard);
    Ok(stream_pair(req_r, req_w, rep_r, rep_w, size))
}
