//! What the three System V kinds share: looking a key up, the identity that is re-checked
//! before a mutation (id + key + ctime + creator uid, key 0 included), the checked IPC_RMID,
//! and the IPC_CREAT|IPC_EXCL loop that never reuses an existing object.

use nix::errno::Errno;

use super::{Outcome, exists_error};
use crate::error::Error;
use crate::model::{Ident, Kind, Object, Ref};
use crate::ops::{Gone, from_errno};
use crate::sys::ipc::{self, Perm};

/// What the kernel records of a System V object now (key, ctime, creator uid), compared
/// with the listing before a mutation (its identity proper is `model::Identity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    pub key: u32,
    pub ctime: i64,
    pub cuid: u32,
}

impl Recorded {
    pub fn new(perm: Perm, ctime: i64) -> Recorded {
        Recorded {
            key: perm.key,
            ctime,
            cuid: perm.cuid,
        }
    }
}

/// The System V id a reference names: ids are used as given (the syscall itself reports a
/// missing id), keys are looked up with `get(key)` (the kind's `*get(key, 0)`).
pub fn id_of(r: &Ref, get: impl FnOnce(u32) -> ipc::Result<i32>) -> Result<i32, Error> {
    match &r.ident {
        Ident::Id(id) => Ok(*id),
        Ident::Key(k) => get(*k).map_err(|e| crate::ops::fail(r, e)),
        Ident::Name(_) => Err(Error::usage(format!("{r}: System V objects have no names"))),
    }
}

fn fail(o: &Object, e: Errno) -> Error {
    from_errno(&o.reference, e, Gone::SysvId)
}

/// Compare the listed object with what the kernel says now. Every recorded part must agree:
/// key, ctime and creator uid, for IPC_PRIVATE (key 0) objects too, since a private object
/// can be removed and its id handed to a new private one between listing and removal. The
/// one allowed difference: a segment removed while attached reads key 0 from then on (its
/// ctime and creator still have to agree).
pub fn same_object(o: &Object, now: Recorded) -> bool {
    let key_ok = o
        .key
        .is_none_or(|k| k == now.key || (o.kind == Kind::Shm && now.key == 0));
    let ctime_ok = o.ctime.is_none_or(|t| t == now.ctime);
    let cuid_ok = o.cuid.is_none_or(|u| u == now.cuid);
    key_ok && ctime_ok && cuid_ok
}

/// Re-check identity with `stat`, then remove with `rmid`.
pub fn remove_checked(
    o: &Object,
    stat: impl FnOnce(i32) -> ipc::Result<Recorded>,
    rmid: impl FnOnce(i32) -> ipc::Result<()>,
) -> Result<(), Error> {
    let id = o.id.ok_or_else(|| Error::object(&o.reference, "no id"))?;
    let now = stat(id).map_err(|e| fail(o, e))?;
    if !same_object(o, now) {
        return Err(Error::Changed {
            object: o.reference.clone(),
            reason: format!(
                "changed since it was listed (now key {}, ctime {}, creator uid {}): the id was reused or the object modified; not removed",
                crate::model::fmt_key(now.key),
                now.ctime,
                now.cuid
            ),
        });
    }
    rmid(id).map_err(|e| fail(o, e))
}

/// A random key that is not IPC_PRIVATE, from /dev/urandom (time and pid if that fails;
/// IPC_EXCL still protects against collisions).
fn random_key() -> u32 {
    use std::io::Read;
    loop {
        let mut b = [0u8; 4];
        let k = match std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut b)) {
            Ok(()) => u32::from_ne_bytes(b),
            Err(_) => {
                let t = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.subsec_nanos())
                    .unwrap_or(0);
                t ^ std::process::id().rotate_left(16)
            }
        };
        if k != 0 {
            return k;
        }
    }
}

/// Create with IPC_CREAT|IPC_EXCL: at `key`, or at fresh random keys until one is free.
/// `get(key, flags)` is the kind's *get; `lookup(key)` finds an existing id for the message
/// and for `--exist-ok`; `why(errno)` explains a refusal in the kind's terms.
pub fn create(
    kind: Kind,
    key: Option<u32>,
    mode: u32,
    exist_ok: bool,
    get: impl Fn(u32, i32) -> ipc::Result<i32>,
    lookup: impl Fn(u32) -> ipc::Result<i32>,
    why: impl Fn(Errno) -> String,
) -> Result<Outcome, Error> {
    let flags = ipc::IPC_CREAT | ipc::IPC_EXCL | (mode & 0o777) as i32;
    let as_ref = |ident| Ref { kind, ident };
    let id = match key {
        Some(key) => match get(key, flags) {
            Ok(id) => id,
            Err(Errno::EEXIST) => {
                let what = as_ref(Ident::Key(key));
                let old = lookup(key).ok();
                let existing = old.map_or(what.clone(), |id| as_ref(Ident::Id(id)));
                if exist_ok && old.is_some() {
                    return Ok(Outcome::Existing(existing));
                }
                return Err(exists_error(&what, &existing));
            }
            Err(e) => {
                return Err(Error::object(
                    as_ref(Ident::Key(key)),
                    format!("cannot create: {}", why(e)),
                ));
            }
        },
        None => loop {
            let key = random_key();
            match get(key, flags) {
                Ok(id) => break id,
                Err(Errno::EEXIST) => continue,
                Err(e) => {
                    return Err(Error::object(
                        as_ref(Ident::Key(key)),
                        format!("cannot create: {}", why(e)),
                    ));
                }
            }
        },
    };
    Ok(Outcome::Created(as_ref(Ident::Id(id))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(kind: Kind, key: u32, ctime: i64) -> Object {
        Object {
            kind,
            id: Some(7),
            key: Some(key),
            ctime: Some(ctime),
            cuid: Some(0),
            ..Default::default()
        }
    }

    #[test]
    fn private_objects_are_checked_by_ctime_too() {
        let now = Recorded {
            key: 0,
            ctime: 200,
            cuid: 0,
        };
        assert!(same_object(&listed(Kind::Msg, 0, 200), now));
        // Regression (issue 10.4): key 0 used to skip the ctime comparison.
        assert!(!same_object(&listed(Kind::Msg, 0, 100), now));
        assert!(!same_object(&listed(Kind::Shm, 0, 100), now));
    }

    #[test]
    fn a_segment_marked_for_deletion_keeps_its_identity() {
        let mut o = listed(Kind::Shm, 0x1234, 100);
        let now = Recorded {
            key: 0,
            ctime: 100,
            cuid: 0,
        };
        assert!(same_object(&o, now));
        assert!(!same_object(&o, Recorded { ctime: 101, ..now }));
        o.kind = Kind::Msg;
        assert!(!same_object(&o, now));
    }

    #[test]
    fn creator_uid_is_part_of_the_identity() {
        let o = listed(Kind::Sem, 0x1234, 100);
        let now = Recorded {
            key: 0x1234,
            ctime: 100,
            cuid: 1000,
        };
        assert!(!same_object(&o, now));
    }
}
