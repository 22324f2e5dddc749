//! `ipcctl sem REF get|post|wait|set`: operate on a sem set or a psem.

use serde::Serialize;

use super::Ctx;
use crate::cli::{SemArgs, SemOp};
use crate::error::Result;
use crate::kinds::{self, info::Op};
use crate::model::Ref;
use crate::ops::Wait;
use crate::output;

#[derive(Serialize)]
struct Values<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    /// The index asked for with --index, else null (all values, from index 0).
    index: Option<u32>,
    values: Vec<i32>,
}

pub fn run(ctx: &Ctx, a: SemArgs) -> Result<i32> {
    let live = ctx.src.live()?;
    let r: Ref = ctx.resolve_ref(&a.reference)?;
    kinds::require(Op::Sem, &r)?;
    // The op, and the index whose value(s) to report afterwards (None: the whole set).
    let get = matches!(a.op, SemOp::Get { .. });
    let report = match a.op {
        SemOp::Get { index } => index,
        SemOp::Post { index } => {
            kinds::sem_post(live, &ctx.src, &r, index)?;
            Some(index)
        }
        SemOp::Wait {
            index,
            timeout,
            nowait,
        } => {
            crate::interrupt::install();
            kinds::sem_wait(live, &ctx.src, &r, index, Wait::new(nowait, timeout))?;
            Some(index)
        }
        SemOp::Set { values, index } => {
            kinds::sem_set(live, &ctx.src, &r, index, &values)?;
            index
        }
    };
    if get || ctx.out.json {
        // psem has no index (it is one semaphore, not a set): its one value is reported
        // as index null.
        // (An index other than 0 is refused by the psem backend.)
        let index = if !r.kind.info().supports(Op::SemSet) {
            report.filter(|i| *i != 0)
        } else {
            report
        };
        let values = kinds::sem_get(live, &ctx.src, &r, index)?;
        if ctx.out.json {
            output::print_json(&Values {
                reference: &r.to_string(),
                index,
                values,
            })?;
        } else {
            let text: Vec<String> = values.iter().map(i32::to_string).collect();
            output::print(&format!("{}\n", text.join(",")))?;
        }
    }
    Ok(0)
}
