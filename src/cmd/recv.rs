//! `ipcctl recv REF`: receive (or peek at) messages; bodies go to stdout raw, or one JSON
//! object per line with `--json`.

use std::time::Instant;

use super::Ctx;
use crate::cli::RecvArgs;
use crate::error::{Error, Result};
use crate::model::{Kind, Ref};
use crate::ops::msgq::{self, Message, RecvSpec};
use crate::ops::{self, Wait};
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
    ctx.require_live("recv")?;
    let r: Ref = a.reference.parse()?;
    ops::require_kind("recv", &r, &[Kind::Msg, Kind::Pmq], "msg and pmq queues")?;
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
        for m in msgq::msg_peek(&r, a.msg_type, count, wait)? {
            emit(ctx, &rs, &m, true)?;
        }
        return Ok(0);
    }
    // One deadline for all --count messages.
    let deadline = a.timeout.map(|d| Instant::now() + d);
    for _ in 0..count {
        let w = match (wait, deadline) {
            (Wait::Timeout(_), Some(d)) => {
                Wait::Timeout(d.saturating_duration_since(Instant::now()))
            }
            (w, _) => w,
        };
        let m = match r.kind {
            Kind::Msg => msgq::msg_recv(
                &r,
                &RecvSpec {
                    mtype: a.msg_type,
                    wait: w,
                },
            ),
            _ => msgq::mq_recv(&r, w),
        };
        let m = match (m, wait) {
            // Report the whole timeout, not the remainder of the last wait.
            (Err(Error::Object { object, reason }), Wait::Timeout(d))
                if reason.contains("waited") =>
            {
                let cut = reason.find(" (waited").unwrap_or(reason.len());
                return Err(Error::Object {
                    object,
                    reason: format!(
                        "{} (waited {})",
                        &reason[..cut],
                        humantime::format_duration(d)
                    ),
                });
            }
            (m, _) => m?,
        };
        emit(ctx, &rs, &m, false)?;
    }
    Ok(0)
}
