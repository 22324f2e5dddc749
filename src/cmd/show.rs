//! `ipcctl show REF`: everything known about one object, with its holders and its orphan
//! state and evidence.

use super::Ctx;
use crate::analysis::orphans;
use crate::cli::ShowArgs;
use crate::collect::{self, holders};
use crate::error::{Error, Result};
use crate::kinds::info::Listing;
use crate::model::{Ident, Ref, Warning};
use crate::output;
use crate::render::objects;

pub fn run(ctx: &Ctx, a: ShowArgs) -> Result<i32> {
    let r: Ref = ctx.resolve_ref(&a.reference)?;
    // lookup reads the semaphore pids (details), before the process scan as classify wants.
    let (obj, warnings) = collect::lookup(&ctx.src, &r, true, a.queued_bytes);
    ctx.warn_all(&warnings);
    let Some(mut o) = obj else {
        return Err(not_found(ctx, &r, &warnings));
    };
    ctx.attach_creators(std::slice::from_mut(&mut o), true);
    let mut scan = holders::scan(&ctx.src, std::slice::from_ref(&o));
    if let Some(g) = scan.gap() {
        ctx.warn_gap(&g);
    }
    o.holders = scan.holders_of(&o);
    // Profiles may match on holders: name the object once they are known.
    let mut profile_warnings = Vec::new();
    ctx.profiles.annotate(
        &ctx.src,
        std::slice::from_mut(&mut o),
        &mut profile_warnings,
    );
    ctx.warn_all(&profile_warnings);
    ctx.name_ftok_origins(std::slice::from_mut(&mut o));
    let (state, why) = orphans::judge_one(&ctx.src, &o, &mut scan, &ctx.policy());
    o.state = Some(state);
    o.orphan_reasons = crate::model::Reasons(Some(why));
    if ctx.out.json {
        output::print_json(&o)?;
    } else {
        output::print(&objects::details(&o, a.bytes))?;
    }
    Ok(0)
}

/// The error for an object that was not found. When its whole kind could not be listed,
/// "no such object" would be a guess: a queue is then asked of the kernel by name, and
/// otherwise the answer says it cannot tell.
fn not_found(ctx: &Ctx, r: &Ref, warnings: &[Warning]) -> Error {
    let kind_unlisted = warnings
        .iter()
        .any(|w| w.kinds_not_listed().contains(&r.kind));
    if !kind_unlisted {
        return Error::NotFound(r.to_string());
    }
    let hint = crate::render::warnings::MOUNT_HINT;
    let cannot_tell = || {
        Error::object(
            r,
            format!(
                "cannot tell whether it exists: {} objects could not be listed (see the warning above)",
                r.kind
            ),
        )
    };
    match r.kind.info().listing {
        // A queue can be asked for by name without any mount.
        Listing::MqueueFs => match &r.ident {
            Ident::Name(n) if ctx.src.is_live() => match collect::posix_mq::exists(n) {
                Ok(false) => Error::NotFound(r.to_string()),
                Ok(true) => Error::object(
                    r,
                    format!(
                        "exists, but POSIX message queues cannot be listed here (no mqueue filesystem is mounted, and mounting a private one needs root), so its details cannot be shown; {hint}"
                    ),
                ),
                Err(e) => Error::object(
                    r,
                    format!(
                        "cannot tell whether it exists ({}): POSIX message queues cannot be listed here; {hint}",
                        crate::error::errno_reason(e)
                    ),
                ),
            },
            Ident::Name(_) | Ident::Id(_) | Ident::Key(_) => cannot_tell(),
        },
        Listing::SysvProc | Listing::DevShm => cannot_tell(),
    }
}
