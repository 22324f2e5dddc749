//! Sockets: a Unix stream pair and a loopback TCP connection (both byte streams, carried
//! by [`Stream`]), and a Unix datagram pair (one datagram per message).

use std::os::fd::{AsFd, AsRawFd, OwnedFd};

use nix::errno::Errno;
use nix::sys::socket::{MsgFlags, getsockopt, sockopt};

use super::pipe::Stream;
use super::{Buf, Pair, SetupError, Transport, fail};
use crate::sys::bench::signals::retry;

/// SO_SNDBUF of a socket, as a note.
fn sndbuf(fd: impl AsFd) -> String {
    match getsockopt(&fd, sockopt::SndBuf) {
        Ok(v) => format!("SO_SNDBUF {}", crate::render::human_size(v as u64)),
        Err(_) => String::new(),
    }
}

pub(super) fn unix_stream(size: usize) -> Result<Pair<Stream>, SetupError> {
    let (a, b) = std::os::unix::net::UnixStream::pair()
        .map_err(|e| SetupError::Fail(format!("socketpair: {e}")))?;
    let (a, b): (OwnedFd, OwnedFd) = (a.into(), b.into());
    let note = sndbuf(&a);
    Ok(Pair::new(Stream::socket(a), Stream::socket(b), size, note))
}

pub(super) fn tcp(size: usize) -> Result<Pair<Stream>, SetupError> {
    use std::net::{Ipv4Addr, TcpListener, TcpStream};
    let io = |e: std::io::Error| SetupError::Fail(format!("tcp 127.0.0.1: {e}"));
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(io)?;
    let addr = listener.local_addr().map_err(io)?;
    let a = TcpStream::connect(addr).map_err(io)?;
    let (b, _) = listener.accept().map_err(io)?;
    a.set_nodelay(true).map_err(io)?;
    b.set_nodelay(true).map_err(io)?;
    let (a, b): (OwnedFd, OwnedFd) = (a.into(), b.into());
    let note = format!("loopback, TCP_NODELAY, {}", sndbuf(&a));
    Ok(Pair::new(Stream::socket(a), Stream::socket(b), size, note))
}

/// One datagram per message.
pub struct Dgram {
    fd: OwnedFd,
}

impl Transport for Dgram {
    #[inline]
    fn send(&mut self, buf: &mut Buf) -> Result<(), Errno> {
        let fd = self.fd.as_raw_fd();
        let msg = buf.payload();
        retry(|| nix::sys::socket::send(fd, msg, MsgFlags::empty()))?;
        Ok(())
    }

    #[inline]
    fn recv(&mut self, buf: &mut Buf) -> Result<(), Errno> {
        let fd = self.fd.as_raw_fd();
        let msg = buf.payload_mut();
        let len = msg.len();
        let n = retry(|| nix::sys::socket::recv(fd, msg, MsgFlags::empty()))?;
        if n != len {
            return Err(Errno::EMSGSIZE);
        }
        Ok(())
    }
}

pub(super) fn unix_dgram(size: usize) -> Result<Pair<Dgram>, SetupError> {
    let (a, b) = std::os::unix::net::UnixDatagram::pair()
        .map_err(|e| SetupError::Fail(format!("socketpair: {e}")))?;
    let (a, b): (OwnedFd, OwnedFd) = (a.into(), b.into());
    let note = sndbuf(&a);
    // Probe: a datagram larger than the socket buffer is refused (EMSGSIZE), never split.
    let probe = vec![0u8; size];
    if let Err(e) = nix::sys::socket::send(a.as_raw_fd(), &probe, MsgFlags::MSG_DONTWAIT) {
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
    let _ = nix::sys::socket::recv(b.as_raw_fd(), &mut sink, MsgFlags::empty());
    Ok(Pair::new(Dgram { fd: a }, Dgram { fd: b }, size, note))
}
