//! `ipcctl show REF`: everything known about one object, with its holders and its orphan
//! state and evidence.

use super::Ctx;
use crate::analysis::orphans;
use crate::analysis::profiles;
use crate::cli::ShowArgs;
use crate::collect::{self, holders};
use crate::error::{Error, Result};
use crate::model::{Kind, Ref};
use crate::output;
use crate::render::{self, objects};

pub fn run(ctx: &Ctx, a: ShowArgs) -> Result<i32> {
    let r: Ref = a.reference.parse()?;
    // lookup reads the semaphore pids (details), before the process scan as classify wants.
    let (obj, warnings) = collect::lookup(&ctx.src, &r, true);
    ctx.warn_all(&warnings);
    let mut o = obj.ok_or_else(|| Error::NotFound(r.to_string()))?;
    if let (Kind::Pshm | Kind::Psem, Some(name)) = (o.kind, o.name.as_deref()) {
        let file = match o.kind {
            Kind::Psem => format!("sem.{}", name.trim_start_matches('/')),
            _ => name.trim_start_matches('/').to_string(),
        };
        o.btime = crate::sys::proc::birth_time(&ctx.src.dev_shm().join(file));
    }
    let mut scan = holders::scan(&ctx.src);
    if let Some(g) = scan.gap() {
        ctx.out.warn(&render::evidence::scan_gap(&g));
    }
    o.holders = scan.holders_of(&o);
    // Profiles may match on holders: name the object once they are known.
    let mut profile_warnings = Vec::new();
    profiles::annotate_active(
        &ctx.src,
        std::slice::from_mut(&mut o),
        &mut profile_warnings,
    );
    ctx.warn_all(&profile_warnings);
    let (state, why) = orphans::judge_one(&ctx.src, &o, &mut scan, &ctx.policy());
    o.state = Some(state);
    o.orphan_reasons = Some(why);
    if ctx.out.json {
        output::print_json(&o)?;
    } else {
        output::print(&objects::details(&o, a.bytes))?;
    }
    Ok(0)
}
