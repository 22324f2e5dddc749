//! One System V message queue, one message type per direction.

use nix::errno::Errno;

use super::{Buf, Cleanup, Pair, SetupError, Transport, fail, read_limit};
use crate::sys::bench::msg::MsgQueue;
use crate::sys::bench::signals::retry;

pub struct Msg {
    q: MsgQueue,
    rtype: i64,
    wtype: i64,
}

impl Transport for Msg {
    /// `struct msgbuf`: the `long mtype`, then the payload.
    const HEADER: usize = 8;

    #[inline]
    fn send(&mut self, buf: &mut Buf) -> Result<(), Errno> {
        retry(|| self.q.send(self.wtype, buf))
    }

    #[inline]
    fn recv(&mut self, buf: &mut Buf) -> Result<(), Errno> {
        let got = retry(|| self.q.recv(self.rtype, buf))?;
        if got != buf.payload().len() {
            return Err(Errno::EMSGSIZE);
        }
        Ok(())
    }
}

pub(super) fn msg(size: usize) -> Result<Pair<Msg>, SetupError> {
    let max = read_limit("/proc/sys/kernel/msgmax").unwrap_or(8192);
    let mnb = read_limit("/proc/sys/kernel/msgmnb").unwrap_or(16384);
    if size > max || size > mnb {
        return Err(SetupError::Skip(format!(
            "msg cannot carry {}: /proc/sys/kernel/msgmax is {max} bytes (msgmnb {mnb})",
            crate::render::human_size(size as u64)
        )));
    }
    let (q, removal) = MsgQueue::create_private().map_err(|e| fail("msgget", e))?;
    let mut pair = Pair::new(
        Msg {
            q,
            rtype: 2,
            wtype: 1,
        },
        Msg {
            q,
            rtype: 1,
            wtype: 2,
        },
        size,
        format!("msgmnb {mnb}"),
    );
    pair.cleanup.push(Cleanup::MsgQueue(removal));
    Ok(pair)
}
