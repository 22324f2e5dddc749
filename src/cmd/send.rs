//! `ipcctl send REF [DATA]`: one message to a msg or pmq queue.

use super::Ctx;
use crate::cli::SendArgs;
use crate::error::Result;
use crate::kinds::{self, SendSpec, info::Op};
use crate::model::Ref;
use crate::ops::Wait;

pub fn run(ctx: &Ctx, a: SendArgs) -> Result<i32> {
    let live = ctx.src.live()?;
    let r: Ref = ctx.resolve_ref(&a.reference)?;
    kinds::require(Op::Send, &r)?;
    let info = r.kind.info();
    if !info.message_types && a.msg_type != 1 {
        return Err(crate::Error::usage(format!(
            "{r}: --type is for System V queues; POSIX queues have --priority"
        )));
    }
    if !info.message_priorities && a.priority != 0 {
        return Err(crate::Error::usage(format!(
            "{r}: --priority is for POSIX queues; System V queues have --type"
        )));
    }
    let limit = kinds::input_limit(live, &ctx.src, &r)?;
    let from_stdin = a.data.is_none() && a.file.is_none();
    let data = if a.empty {
        Vec::new()
    } else {
        super::input_bytes(a.data, a.file.as_deref(), &r, limit)?
    };
    if from_stdin && !a.empty && data.is_empty() {
        // An empty pipe or a hung-up terminal is more often a mistake than a message.
        return Err(crate::Error::usage(format!(
            "{r}: nothing to send: stdin was empty; nothing sent (--empty or DATA \"\" sends an empty message)"
        )));
    }
    crate::interrupt::install();
    let spec = SendSpec {
        mtype: a.msg_type,
        priority: a.priority,
        wait: Wait::new(a.nowait, a.timeout),
    };
    kinds::send(live, &ctx.src, &r, &data, &spec)?;
    if ctx.out.json {
        let me = r.to_string();
        crate::output::print_json(&crate::render::message::Sent {
            reference: &me,
            size_bytes: data.len(),
            mtype: info.message_types.then_some(a.msg_type),
            priority: info.message_priorities.then_some(a.priority),
            offset: None,
        })?;
    } else if ctx.out.verbose {
        ctx.out.warn(&format!("{r}: sent {} bytes", data.len()));
    }
    Ok(0)
}
