//! The proc connector (`NETLINK_CONNECTOR`, `CN_IDX_PROC`): the kernel's multicast of process
//! events. The recorder listens for exits (with the exit code or the killing signal) and
//! execs. Neither nix nor rustix wraps it. Subscribing needs CAP_NET_ADMIN before Linux 6.6.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

const NLMSG_HDRLEN: usize = 16;
const CN_MSG_LEN: usize = 20;
const NLMSG_DONE: u16 = 3;
const PROC_EVENT_EXEC: u32 = 0x0000_0002;
const PROC_EVENT_EXIT: u32 = 0x8000_0000;
const PROC_EVENT_UID: u32 = 0x0000_0004;
const PROC_EVENT_COMM: u32 = 0x0000_0200;
const CN_VAL_PROC: u32 = 1;

/// One process event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcEvent {
    /// A process (thread group leader) exited: `status` is the wait status (exit code in
    /// bits 8..16, or the killing signal in bits 0..7).
    Exit { pid: i32, status: u32 },
    /// A process called execve.
    Exec { pid: i32 },
    /// A process's comm changed (execve sets it too): the new comm, race-free even for a
    /// process gone before /proc could be read.
    Comm { pid: i32, comm: [u8; 16] },
    /// A process's real and effective uid changed.
    Uid { pid: i32, ruid: u32 },
}

impl ProcEvent {
    /// The exit code of an exit status, when the process exited normally.
    pub fn exit_code(status: u32) -> Option<i32> {
        (status & 0x7f == 0).then_some(((status >> 8) & 0xff) as i32)
    }
    /// The signal that killed it, when one did.
    pub fn exit_signal(status: u32) -> Option<i32> {
        let s = (status & 0x7f) as i32;
        (s != 0).then_some(s)
    }
}

/// A subscribed connector socket (closed on drop, which also ends the subscription).
#[derive(Debug)]
pub struct Connector {
    fd: OwnedFd,
}

/// What a read returned.
#[derive(Debug, Default)]
pub struct Batch {
    pub events: Vec<ProcEvent>,
    /// The socket's buffer overran (ENOBUFS): events were lost.
    pub lost: bool,
}

impl Connector {
    /// Open, bind to the proc group and send `PROC_CN_MCAST_LISTEN`.
    pub fn listen() -> io::Result<Connector> {
        // SAFETY: socket takes three ints and returns a new fd or -1.
        let fd = unsafe {
            libc::socket(
                libc::AF_NETLINK,
                libc::SOCK_DGRAM | libc::SOCK_CLOEXEC | libc::SOCK_NONBLOCK,
                libc::NETLINK_CONNECTOR,
            )
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: fd was just returned by socket and is owned by nobody else.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        // SAFETY: sockaddr_nl is plain old data; all-zero is a valid value.
        let mut sa: libc::sockaddr_nl = unsafe { std::mem::zeroed() };
        sa.nl_family = libc::AF_NETLINK as libc::sa_family_t;
        sa.nl_groups = libc::CN_IDX_PROC;
        sa.nl_pid = 0;
        // SAFETY: `sa` is a valid sockaddr_nl and its size is passed with it.
        let r = unsafe {
            libc::bind(
                fd.as_raw_fd(),
                &sa as *const libc::sockaddr_nl as *const libc::sockaddr,
                std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t,
            )
        };
        if r != 0 {
            return Err(io::Error::last_os_error());
        }
        // A larger receive buffer rides out bursts of exits (best effort).
        let big: libc::c_int = 4 << 20;
        // SAFETY: SO_RCVBUF takes an int, passed with its size.
        unsafe {
            libc::setsockopt(
                fd.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_RCVBUF,
                &big as *const libc::c_int as *const libc::c_void,
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        };
        let mut msg = Vec::with_capacity(NLMSG_HDRLEN + CN_MSG_LEN + 4);
        let total = (NLMSG_HDRLEN + CN_MSG_LEN + 4) as u32;
        msg.extend(total.to_ne_bytes());
        msg.extend(NLMSG_DONE.to_ne_bytes());
        msg.extend(0u16.to_ne_bytes()); // flags
        msg.extend(0u32.to_ne_bytes()); // seq
        msg.extend(std::process::id().to_ne_bytes());
        msg.extend(libc::CN_IDX_PROC.to_ne_bytes());
        msg.extend(CN_VAL_PROC.to_ne_bytes());
        msg.extend(0u32.to_ne_bytes()); // seq
        msg.extend(0u32.to_ne_bytes()); // ack
        msg.extend(4u16.to_ne_bytes()); // len
        msg.extend(0u16.to_ne_bytes()); // flags
        msg.extend(1u32.to_ne_bytes()); // PROC_CN_MCAST_LISTEN
        // SAFETY: `msg` is a readable buffer of msg.len() bytes.
        let n = unsafe {
            libc::send(
                fd.as_raw_fd(),
                msg.as_ptr() as *const libc::c_void,
                msg.len(),
                0,
            )
        };
        if n < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Connector { fd })
    }

    /// Read every datagram queued now (without blocking).
    pub fn read(&self, buf: &mut [u8]) -> io::Result<Batch> {
        let mut batch = Batch::default();
        loop {
            // SAFETY: `buf` is writable for buf.len() bytes.
            let n = unsafe {
                libc::recv(
                    self.fd.as_raw_fd(),
                    buf.as_mut_ptr() as *mut libc::c_void,
                    buf.len(),
                    0,
                )
            };
            if n < 0 {
                let e = io::Error::last_os_error();
                match e.raw_os_error() {
                    Some(libc::EAGAIN) => return Ok(batch),
                    Some(libc::ENOBUFS) => {
                        batch.lost = true;
                        continue;
                    }
                    Some(libc::EINTR) => continue,
                    _ => return Err(e),
                }
            }
            parse(&buf[..n as usize], &mut batch.events);
        }
    }
}

impl AsFd for Connector {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Parse one datagram (netlink messages, each a cn_msg carrying a proc_event).
pub fn parse(buf: &[u8], out: &mut Vec<ProcEvent>) {
    let mut at = 0;
    while let Some(len) = u32_at(buf, at).map(|l| l as usize) {
        if len < NLMSG_HDRLEN || at + len > buf.len() {
            break;
        }
        let msg = &buf[at..at + len];
        at += (len + 3) & !3;
        // proc_event: what u32, cpu u32, timestamp u64, then the union.
        let ev = NLMSG_HDRLEN + CN_MSG_LEN;
        let Some(what) = u32_at(msg, ev) else {
            continue;
        };
        let data = ev + 16;
        match what {
            PROC_EVENT_EXIT => {
                // process_pid, process_tgid, exit_code, exit_signal, ...
                if let (Some(pid), Some(tgid), Some(code)) = (
                    u32_at(msg, data),
                    u32_at(msg, data + 4),
                    u32_at(msg, data + 8),
                ) && pid == tgid
                {
                    out.push(ProcEvent::Exit {
                        pid: pid as i32,
                        status: code,
                    });
                }
            }
            PROC_EVENT_COMM => {
                if let (Some(pid), Some(tgid), Some(raw)) = (
                    u32_at(msg, data),
                    u32_at(msg, data + 4),
                    msg.get(data + 8..data + 24),
                ) && pid == tgid
                {
                    let mut comm = [0u8; 16];
                    comm.copy_from_slice(raw);
                    out.push(ProcEvent::Comm {
                        pid: pid as i32,
                        comm,
                    });
                }
            }
            PROC_EVENT_UID => {
                if let (Some(pid), Some(tgid), Some(ruid)) = (
                    u32_at(msg, data),
                    u32_at(msg, data + 4),
                    u32_at(msg, data + 8),
                ) && pid == tgid
                {
                    out.push(ProcEvent::Uid {
                        pid: pid as i32,
                        ruid,
                    });
                }
            }
            PROC_EVENT_EXEC => {
                if let (Some(pid), Some(tgid)) = (u32_at(msg, data), u32_at(msg, data + 4))
                    && pid == tgid
                {
                    out.push(ProcEvent::Exec { pid: pid as i32 });
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn datagram(what: u32, fields: &[u32]) -> Vec<u8> {
        let mut body = Vec::new();
        body.extend(what.to_ne_bytes());
        body.extend(0u32.to_ne_bytes());
        body.extend(0u64.to_ne_bytes());
        for f in fields {
            body.extend(f.to_ne_bytes());
        }
        let mut m = Vec::new();
        m.extend(((NLMSG_HDRLEN + CN_MSG_LEN + body.len()) as u32).to_ne_bytes());
        m.extend([0u8; NLMSG_HDRLEN - 4]);
        m.extend([0u8; CN_MSG_LEN]);
        m.extend(body);
        m
    }

    #[test]
    fn exit_by_signal_and_by_code() {
        let mut out = Vec::new();
        parse(&datagram(PROC_EVENT_EXIT, &[10, 10, 9, 17, 1, 1]), &mut out);
        parse(&datagram(PROC_EVENT_EXIT, &[11, 10, 0, 17, 1, 1]), &mut out); // a thread
        parse(
            &datagram(PROC_EVENT_EXIT, &[12, 12, 3 << 8, 17, 1, 1]),
            &mut out,
        );
        parse(&datagram(PROC_EVENT_EXEC, &[13, 13]), &mut out);
        let name = u32::from_ne_bytes(*b"abc\0");
        parse(
            &datagram(PROC_EVENT_COMM, &[14, 14, name, 0, 0, 0]),
            &mut out,
        );
        parse(&datagram(PROC_EVENT_UID, &[15, 15, 65534, 65534]), &mut out);
        parse(&[1, 2, 3], &mut out);
        assert_eq!(
            out,
            vec![
                ProcEvent::Exit { pid: 10, status: 9 },
                ProcEvent::Exit {
                    pid: 12,
                    status: 3 << 8
                },
                ProcEvent::Exec { pid: 13 },
                ProcEvent::Comm {
                    pid: 14,
                    comm: *b"abc\0\0\0\0\0\0\0\0\0\0\0\0\0"
                },
                ProcEvent::Uid {
                    pid: 15,
                    ruid: 65534
                },
            ]
        );
        assert_eq!(ProcEvent::exit_signal(9), Some(9));
        assert_eq!(ProcEvent::exit_code(9), None);
        assert_eq!(ProcEvent::exit_code(3 << 8), Some(3));
        assert_eq!(ProcEvent::exit_signal(3 << 8), None);
    }
}
