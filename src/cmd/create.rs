//! `ipcctl create KIND [NAME]`: parse the options, create through `kinds::create`, print the
//! new reference (or the object as JSON).

use super::Ctx;
use crate::cli::CreateArgs;
use crate::collect;
use crate::error::{Error, Result};
use crate::kinds::info::{CreateParam, Listing};
use crate::kinds::{self, Outcome, Spec};
use crate::model::{Kind, Object, parse_key_option};
use crate::output;
use crate::units::parse_size;

/// Octal permission bits: `0600`, `600`, `0o600`.
pub fn parse_mode(s: &str, kind: Kind) -> Result<u32> {
    let digits = s.strip_prefix("0o").unwrap_or(s);
    let max = if kind.is_sysv() { 0o777 } else { 0o7777 };
    match u32::from_str_radix(digits, 8) {
        Ok(m) if m <= max && !digits.is_empty() => Ok(m),
        _ => Err(Error::usage(format!(
            "--mode '{s}' is not an octal mode (e.g. 0600; at most {max:o} for {kind})"
        ))),
    }
}

fn spec(a: &CreateArgs) -> Result<Spec> {
    let kind = a.kind;
    let only = |set: bool, flag: &str, kinds: &str| -> Result<()> {
        if set {
            Err(Error::usage(format!(
                "create {kind}: {flag} applies only to {kinds}"
            )))
        } else {
            Ok(())
        }
    };
    only(
        a.key.is_some() && !kind.is_sysv(),
        "--key",
        "msg, shm and sem (POSIX objects have names)",
    )?;
    only(
        a.name.is_some() && kind.is_sysv(),
        "NAME",
        "pmq, pshm and psem (System V objects get a key: use --key)",
    )?;
    // Which kind takes which option: the capability table says.
    let takes = |given: bool, p: CreateParam, flag: &str| -> Result<()> {
        let names: Vec<&str> = Kind::ALL
            .into_iter()
            .filter(|k| k.info().takes(p))
            .map(Kind::as_str)
            .collect();
        only(given && !kind.info().takes(p), flag, &names.join(" and "))
    };
    takes(a.size.is_some(), CreateParam::Size, "--size")?;
    takes(
        a.nsems.is_some() || !a.values.is_empty(),
        CreateParam::Sems,
        "--nsems/--values",
    )?;
    takes(a.value != 0, CreateParam::Value, "--value")?;
    takes(
        a.max_messages.is_some() || a.message_size.is_some(),
        CreateParam::QueueAttrs,
        "--max-messages/--message-size",
    )?;
    takes(a.max_bytes.is_some(), CreateParam::MaxBytes, "--max-bytes")?;

    only(
        a.ftok.is_some() && !kind.is_sysv(),
        "--ftok",
        "msg, shm and sem (POSIX objects have names)",
    )?;
    let key = match &a.ftok {
        Some(f) => Some(crate::filter::ftok_option(f)?),
        None => parse_key_option(a.key.as_deref())?,
    };
    let size = a
        .size
        .as_deref()
        .map(parse_size)
        .transpose()
        .map_err(|m| Error::usage(format!("--size {m}")))?;
    let nsems = a.nsems.unwrap_or(if a.values.is_empty() {
        1
    } else {
        a.values.len() as u32
    });
    if kind.info().takes(CreateParam::Sems) && nsems == 0 {
        return Err(Error::usage("--nsems must be at least 1"));
    }
    if !a.values.is_empty() && a.values.len() != nsems as usize {
        return Err(Error::usage(format!(
            "--values has {} value(s) but --nsems is {nsems}; give one value per semaphore",
            a.values.len()
        )));
    }
    let values = a
        .values
        .iter()
        .map(|&v| {
            u16::try_from(v)
                .ok()
                .filter(|v| i32::from(*v) <= crate::kinds::sem::SEMVMX)
                .ok_or_else(|| {
                    Error::usage(format!(
                        "--values: {v} is outside 0..{} (SEMVMX)",
                        crate::kinds::sem::SEMVMX
                    ))
                })
        })
        .collect::<Result<Vec<u16>>>()?;
    Ok(Spec {
        kind,
        name: a.name.clone(),
        key,
        mode: parse_mode(&a.mode, kind)?,
        size,
        nsems,
        values,
        value: a.value,
        max_messages: a.max_messages,
        message_size: a
            .message_size
            .map(|b| {
                i64::try_from(b)
                    .map_err(|_| Error::usage(format!("--message-size {b} is too large")))
            })
            .transpose()?,
        max_bytes: a.max_bytes,
        exist_ok: a.exist_ok,
    })
}

pub fn run(ctx: &Ctx, a: CreateArgs) -> Result<i32> {
    let live = ctx.src.live()?;
    let spec = spec(&a)?;
    // Measured before creating: a sparse object takes no space until written.
    // SysV segments live on the kernel's internal shm mount, bounded by SHMALL instead.
    let space = match spec.size {
        Some(size) if spec.kind.info().lives_in_dev_shm => {
            collect::limits::dev_shm_space(&ctx.src).filter(|(free, _)| size > *free)
        }
        Some(_) | None => None,
    };
    let outcome = kinds::create(live, &ctx.src, &spec)?;
    let r = outcome.reference();
    if let (Outcome::Created(_), Some((free, total)), Some(size)) = (&outcome, space, spec.size) {
        ctx.out.warn(&format!(
            "{r}: created with {} but the tmpfs behind /dev/shm has only {} free (of {}): a program that writes past the free space is killed with SIGBUS",
            crate::render::human_size(size),
            crate::render::human_size(free),
            crate::render::human_size(total),
        ));
    }
    if let Outcome::Existing(_) = outcome
        && !ctx.out.json
    {
        ctx.out.warn(&format!("{r}: already exists; left as it is"));
    }
    if ctx.out.json {
        // The queue's file too (its QSIZE): a queue just made has no age to lose.
        let (obj, warnings) = collect::lookup(&ctx.src, r, true, true);
        ctx.warn_all(&warnings);
        let o = match obj {
            Some(o) => o,
            // A pmq without a mounted (or privately mountable) mqueue fs cannot be listed.
            None if r.kind.info().listing == Listing::MqueueFs => Object {
                kind: r.kind,
                reference: r.to_string(),
                name: Some(r.to_string().trim_start_matches("pmq:").to_string()),
                ..Default::default()
            },
            None => {
                return Err(Error::object(
                    r,
                    "was created but cannot be found in the listing",
                ));
            }
        };
        output::print_json(&o)?;
    } else {
        // The reference as `list` prints it: a name given with escapes (`\x41`) is printed
        // as it was made (`A`), so the printed reference works as input again.
        let canonical = match &r.ident {
            crate::model::Ident::Name(n) => format!(
                "{}:/{}",
                r.kind,
                crate::model::name_from_bytes(&crate::model::name_to_bytes(n))
                    .trim_start_matches('/')
            ),
            _ => r.to_string(),
        };
        output::print(&format!("{}\n", crate::render::sanitize_ref(&canonical)))?;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes() {
        assert_eq!(parse_mode("0600", Kind::Shm).unwrap(), 0o600);
        assert_eq!(parse_mode("644", Kind::Pshm).unwrap(), 0o644);
        assert_eq!(parse_mode("0o1777", Kind::Pshm).unwrap(), 0o1777);
        for bad in ["", "0999", "rw", "01777"] {
            assert!(parse_mode(bad, Kind::Shm).is_err(), "{bad}");
        }
    }
}
