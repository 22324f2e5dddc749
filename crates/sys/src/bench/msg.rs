//! A private System V message queue, and the message buffer every benchmark end uses.

use std::ffi::c_long;

use nix::errno::Errno;

/// A message buffer: `head` header bytes (a multiple of 8), then the payload, 8-byte
/// aligned as `struct msgbuf` needs (its header is the `long mtype`).
pub struct Buf {
    words: Vec<u64>,
    head: usize,
    size: usize,
}

impl Buf {
    /// A zeroed buffer for a payload of `size` bytes after `head` header bytes (rounded up
    /// to a multiple of 8).
    pub fn new(head: usize, size: usize) -> Buf {
        let head = head.div_ceil(8) * 8;
        Buf {
            words: vec![0; (head + size).div_ceil(8)],
            head,
            size,
        }
    }

    /// Header and payload.
    #[inline]
    pub fn message(&self) -> &[u8] {
        // SAFETY: the words hold at least head + size bytes; any byte pattern is a valid u8
        // and u8 has no alignment requirement.
        unsafe {
            std::slice::from_raw_parts(self.words.as_ptr().cast::<u8>(), self.head + self.size)
        }
    }

    #[inline]
    pub fn message_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `message`, borrowed mutably through `self`.
        unsafe {
            std::slice::from_raw_parts_mut(
                self.words.as_mut_ptr().cast::<u8>(),
                self.head + self.size,
            )
        }
    }

    #[inline]
    pub fn header_mut(&mut self) -> &mut [u8] {
        let h = self.head;
        &mut self.message_mut()[..h]
    }

    #[inline]
    pub fn payload(&self) -> &[u8] {
        &self.message()[self.head..]
    }

    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        let h = self.head;
        &mut self.message_mut()[h..]
    }
}

/// A System V message queue id. It is removed only by [`QueueRemoval`] (the queue outlives
/// both processes otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MsgQueue {
    id: i32,
}

impl MsgQueue {
    /// A new private queue (IPC_PRIVATE, mode 0600) and the guard that removes it.
    pub fn create_private() -> Result<(MsgQueue, QueueRemoval), Errno> {
        // SAFETY: plain syscall; IPC_PRIVATE always creates a new queue.
        let id = unsafe { libc::msgget(libc::IPC_PRIVATE, libc::IPC_CREAT | 0o600) };
        if id < 0 {
            return Err(Errno::last());
        }
        let q = MsgQueue { id };
        Ok((q, QueueRemoval(q)))
    }

    pub fn id(&self) -> i32 {
        self.id
    }

    fn check(buf: &Buf) -> Result<(), Errno> {
        if buf.head == std::mem::size_of::<c_long>() {
            Ok(())
        } else {
            Err(Errno::EINVAL)
        }
    }

    /// Send the payload of `buf` (its header must be one `long`) as a message of `mtype`.
    #[inline]
    pub fn send(&self, mtype: i64, buf: &mut Buf) -> Result<(), Errno> {
        Self::check(buf)?;
        buf.words[0] = mtype as u64;
        // SAFETY: the buffer is an 8-byte aligned `long mtype` followed by `size` bytes.
        let r = unsafe { libc::msgsnd(self.id, buf.words.as_ptr().cast(), buf.size, 0) };
        if r < 0 { Err(Errno::last()) } else { Ok(()) }
    }

    /// Receive a message of `mtype` into `buf`; returns the payload length.
    #[inline]
    pub fn recv(&self, mtype: i64, buf: &mut Buf) -> Result<usize, Errno> {
        Self::check(buf)?;
        // SAFETY: room for an aligned `long mtype` and `size` bytes; the kernel writes no
        // more than `size` payload bytes.
        let r = unsafe {
            libc::msgrcv(
                self.id,
                buf.words.as_mut_ptr().cast(),
                buf.size,
                mtype as c_long,
                0,
            )
        };
        if r < 0 {
            Err(Errno::last())
        } else {
            Ok(r as usize)
        }
    }
}

/// Removes the queue (IPC_RMID) on drop; `std::mem::forget` it in a process that must not.
pub struct QueueRemoval(MsgQueue);

impl Drop for QueueRemoval {
    fn drop(&mut self) {
        // SAFETY: plain syscall on our own queue id; EINVAL (already gone) is fine.
        unsafe { libc::msgctl(self.0.id, libc::IPC_RMID, std::ptr::null_mut()) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffer_layout() {
        let mut b = Buf::new(5, 3);
        assert_eq!(b.header_mut().len(), 8, "header rounded up to 8");
        b.payload_mut().copy_from_slice(b"abc");
        assert_eq!(b.message(), b"\0\0\0\0\0\0\0\0abc");
        assert_eq!(b.payload(), b"abc");
        assert_eq!(Buf::new(0, 0).message().len(), 0);
    }

    #[test]
    fn a_private_queue_carries_typed_messages_and_is_removed() {
        let (q, removal) = MsgQueue::create_private().unwrap();
        let mut tx = Buf::new(8, 4);
        tx.payload_mut().copy_from_slice(b"ping");
        q.send(2, &mut tx).unwrap();
        tx.payload_mut().copy_from_slice(b"pong");
        q.send(1, &mut tx).unwrap();
        let mut rx = Buf::new(8, 4);
        // By type, not by order.
        assert_eq!(q.recv(1, &mut rx), Ok(4));
        assert_eq!(rx.payload(), b"pong");
        assert_eq!(q.recv(2, &mut rx), Ok(4));
        assert_eq!(rx.payload(), b"ping");
        // A buffer without the `long mtype` header is refused, not misread.
        assert_eq!(q.send(1, &mut Buf::new(0, 4)), Err(Errno::EINVAL));
        // Read-only checks (the id is never sent to again: once removed it may belong to
        // someone else); the kernel gives a removed id back only after its sequence wraps.
        let listed = |id: i32| {
            let text = std::fs::read_to_string("/proc/sysvipc/msg").unwrap();
            let mut lines = text.lines();
            let head: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
            let col = head.iter().position(|&c| c == "msqid").unwrap();
            lines.any(|l| l.split_whitespace().nth(col) == Some(id.to_string().as_str()))
        };
        assert!(listed(q.id()));
        drop(removal);
        assert!(!listed(q.id()), "queue {} survived its removal", q.id());
    }
}
