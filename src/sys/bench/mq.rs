//! A POSIX message queue descriptor closed on drop (nix's `MqdT` is not).

use nix::errno::Errno;
use nix::mqueue::{MqdT, mq_close, mq_receive, mq_send};

pub struct Mq(Option<MqdT>);

impl Mq {
    pub fn new(q: MqdT) -> Mq {
        Mq(Some(q))
    }

    #[inline]
    fn q(&self) -> Result<&MqdT, Errno> {
        self.0.as_ref().ok_or(Errno::EBADF)
    }

    #[inline]
    pub fn send(&self, msg: &[u8]) -> Result<(), Errno> {
        mq_send(self.q()?, msg, 0)
    }

    /// Receive into `buf` (at least the queue's message size); returns the length.
    #[inline]
    pub fn receive(&self, buf: &mut [u8]) -> Result<usize, Errno> {
        let mut prio = 0;
        mq_receive(self.q()?, buf, &mut prio)
    }
}

impl Drop for Mq {
    fn drop(&mut self) {
        if let Some(q) = self.0.take() {
            let _ = mq_close(q);
        }
    }
}
