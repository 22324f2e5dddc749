//! `ipcctl recv REF`: receive (or peek at) messages; bodies go to stdout raw, or one JSON
//! object per line with `--json`.

use std::time::Instant;

use super::Ctx;
use crate::cli::RecvArgs;
use crate::error::{Error, Result};
use crate::kinds::{self, msg, pmq};
use crate::model::Message;
use crate::model::{Kind, Ref};
use crate::ops::Wait;
use crate::output;
use crate::render::message::{MessageJson, header};

fn emit(ctx: &Ctx, r: &str, m: &Message, peeked: bool) -> Result<()> {
    if ctx.out.json {
        let line = serde_json::to_string(&MessageJson::new(r, m, peeked))
            .map_err(|e| Error::Failed(format!("cannot encode JSON: {e}")))?;
        output::print(&format!("{line}\n"))
    } else {
        if ctx.out.verbose {
            eprintln!("{}", output::sanitize(&header(r, m)));
        }
        output::write_bytes(&m.body)
    }
}

pub fn run(ctx: &Ctx, a: RecvArgs) -> Result<i32> {
    let live = ctx.src.live()?;
    let r: Ref = a.reference.parse()?;
    super::require_kind("recv", &r, &[Kind::Msg, Kind::Pmq], "msg and pmq queues")?;
    if r.kind == Kind::Pmq && a.msg_type != 0 {
        return Err(Error::usage(format!(
            "{r}: --type is for System V queues; POSIX queues deliver the highest priority first"
        )));
    }
    if r.kind == Kind::Pmq && a.peek {
        return Err(Error::usage(format!(
            "{r}: POSIX message queues cannot be peeked at: mq_receive always removes the message, and POSIX has no non-destructive read (`ipcctl show {r}` shows how many messages are queued)"
        )));
    }
    crate::interrupt::install();
    let rs = r.to_string();
    let count = usize::try_from(a.count).unwrap_or(usize::MAX);
    let wait = Wait::new(a.nowait, a.timeout);
    if a.peek {
        for m in msg::peek(live, &r, a.msg_type, count, wait)? {
            emit(ctx, &rs, &m, true)?;
        }
        return Ok(0);
    }
    // A message taken from a queue must reach stdout or go back: refuse to start when stdout
    // is already closed or its reader gone, and never exit 0 having lost one.
    output::stdout_usable()
        .map_err(|why| Error::object(&r, format!("nothing received: standard output {why}")))?;
    // Where MSG_COPY works, a System V message is copied, written, and only then removed.
    let copy_first = r.kind == Kind::Msg && matches!(msg::copy_supported(), Ok(true));
    // One deadline for all --count messages (a deadline too far to represent never comes).
    let deadline = a.timeout.and_then(|d| Instant::now().checked_add(d));
    for _ in 0..count {
        let w = match (wait, deadline) {
            (Wait::Timeout(_), Some(d)) => {
                Wait::Timeout(d.saturating_duration_since(Instant::now()))
            }
            (w, _) => w,
        };
        let got = if copy_first {
            msg::peek(live, &r, a.msg_type, 1, w).map(|mut v| v.remove(0))
        } else {
            kinds::recv(live, &r, a.msg_type, w)
        };
        let m = match (got, wait) {
            // Report the whole timeout, not the remainder of the last wait.
            (Err(Error::Timeout { object, what, .. }), Wait::Timeout(d)) => {
                return Err(Error::Timeout {
                    object,
                    what,
                    waited: d,
                });
            }
            (m, _) => m?,
        };
        if let Err(e) = emit(ctx, &rs, &m, false) {
            let fate = if copy_first {
                "it was left in the queue".to_string()
            } else {
                match put_back(live, &r, &m) {
                    Ok(()) => "it was put back into the queue (its position among messages of the same type or priority may have changed)".to_string(),
                    Err(pe) => format!("putting it back failed too ({pe}); the message is lost"),
                }
            };
            let why = match e {
                Error::BrokenPipe => "the reader of standard output went away".to_string(),
                other => other.to_string(),
            };
            return Err(Error::object(
                &r,
                format!("a received message could not be written ({why}); {fate}"),
            ));
        }
        if copy_first {
            msg::take_copied(live, &r, &m)?;
        }
    }
    Ok(0)
}

/// Return an undelivered message to its queue, with the same type or priority.
fn put_back(live: crate::collect::Live, r: &Ref, m: &Message) -> Result<()> {
    match r.kind {
        Kind::Msg => msg::put_back(live, r, m),
        Kind::Pmq => pmq::put_back(live, r, m),
        Kind::Shm | Kind::Sem | Kind::Pshm | Kind::Psem => {
            Err(Error::usage(format!("{r}: not a queue")))
        }
    }
}
