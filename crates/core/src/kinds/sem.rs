//! System V semaphore sets (`sem`).
//!
//! - Identity: id + key + ctime + creator uid, re-checked with IPC_STAT right before
//!   IPC_RMID.
//! - Removal: IPC_RMID destroys the set at once; waiters wake with EIDRM.
//! - Holders: a set's users leave no trace in /proc between operations; only processes
//!   blocked in semop/semtimedop on it are seen (`/proc/PID/task/*/syscall`).
//! - Operations: semop/semtimedop without SEM_UNDO (a post or wait from the command line must
//!   outlive the command), SETVAL/SETALL with values checked against SEMVMX.

use std::time::Duration;

use nix::errno::Errno;

use super::sysv::{self, Recorded};
use super::{Outcome, Spec};
use crate::collect::Live;
use crate::error::{Error, errno_reason};
use crate::model::{Object, Ref};
use crate::ops::{Wait, fail};
use crate::sys::ipc::{self, SemQuery};

/// SEMVMX: the largest value of a System V semaphore.
pub const SEMVMX: i32 = 32767;

pub const REMOVAL_MEANS: &str =
    "the set is destroyed at once; processes waiting on it wake with EIDRM";

pub fn identity(id: i32) -> ipc::Result<Recorded> {
    ipc::sem_stat(id).map(|s| Recorded::new(s.perm, s.ctime))
}

/// Destroy the set after re-checking id, key, ctime and creator.
pub fn remove(_live: Live, o: &Object) -> Result<(), Error> {
    sysv::remove_checked(o, identity, ipc::sem_rmid)
}

fn id_of(r: &Ref) -> Result<i32, Error> {
    sysv::id_of(r, |k| ipc::sem_get(k, 0, 0))
}

pub fn create(_live: Live, s: &Spec) -> Result<Outcome, Error> {
    let nsems = i32::try_from(s.nsems)
        .map_err(|_| Error::usage(format!("--nsems {} is too large", s.nsems)))?;
    let out = sysv::create(
        s.kind,
        s.key,
        s.mode,
        s.exist_ok,
        |k, flags| ipc::sem_get(k, nsems, flags),
        |k| ipc::sem_get(k, 0, 0),
        |e| match e {
            Errno::EINVAL => format!(
                "--nsems {} is outside 1..SEMMSL (SEMMSL is the first field of /proc/sys/kernel/sem)",
                s.nsems
            ),
            Errno::ENOSPC => {
                "no room: SEMMNI sets or SEMMNS semaphores (/proc/sys/kernel/sem) are used up"
                    .into()
            }
            other => errno_reason(other),
        },
    )?;
    if let (Outcome::Created(r), false) = (&out, s.values.is_empty()) {
        let id = id_of(r)?;
        if let Err(e) = ipc::sem_setall(id, &s.values) {
            // Do not leave a half-made set behind.
            let _ = ipc::sem_rmid(id);
            return Err(Error::object(
                r,
                format!("cannot set values: {}; not created", errno_reason(e)),
            ));
        }
    }
    Ok(out)
}

fn nsems(r: &Ref, id: i32) -> Result<u32, Error> {
    let n = ipc::sem_stat(id).map_err(|e| fail(r, e))?.nsems;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

fn check_index(r: &Ref, index: u32, n: u32) -> Result<u16, Error> {
    if index >= n {
        return Err(Error::object(
            r,
            format!(
                "--index {index} is out of range: the set has {n} semaphore(s), indexes 0..{}",
                n.saturating_sub(1)
            ),
        ));
    }
    u16::try_from(index).map_err(|_| Error::object(r, format!("--index {index} is too large")))
}

fn check_value(r: &Ref, v: i32) -> Result<u16, Error> {
    if !(0..=SEMVMX).contains(&v) {
        return Err(Error::usage(format!(
            "{r}: value {v} is outside 0..{SEMVMX} (SEMVMX)"
        )));
    }
    Ok(v as u16)
}

/// Values of all semaphores of the set, or of one (`index`).
pub fn get(_live: Live, r: &Ref, index: Option<u32>) -> Result<Vec<i32>, Error> {
    let id = id_of(r)?;
    let n = nsems(r, id)?;
    let range = match index {
        Some(i) => {
            check_index(r, i, n)?;
            i..i + 1
        }
        None => 0..n,
    };
    range
        .map(|i| ipc::sem_query(id, i, SemQuery::Value).map_err(|e| fail(r, e)))
        .collect()
}

/// Increment (V) one semaphore.
pub fn post(_live: Live, r: &Ref, index: u32) -> Result<(), Error> {
    semop(r, index, 1, Wait::NoWait)
}

/// Decrement (P) one semaphore, waiting while it is 0 as `wait` allows.
pub fn wait(_live: Live, r: &Ref, index: u32, wait: Wait) -> Result<(), Error> {
    semop(r, index, -1, wait)
}

fn semop(r: &Ref, index: u32, delta: i16, wait: Wait) -> Result<(), Error> {
    let id = id_of(r)?;
    let n = nsems(r, id)?;
    let num = check_index(r, index, n)?;
    let nowait = wait == Wait::NoWait && delta < 0;
    let timeout: Option<Duration> = match wait {
        Wait::Timeout(d) if delta < 0 => Some(d),
        Wait::Timeout(_) | Wait::Forever | Wait::NoWait => None,
    };
    match (ipc::sem_op(id, num, delta, nowait, timeout), wait) {
        (Ok(()), _) => Ok(()),
        (Err(Errno::EAGAIN), Wait::Timeout(d)) => Err(Error::Timeout {
            object: r.to_string(),
            what: format!("semaphore {index} stayed 0"),
            waited: d,
        }),
        (Err(Errno::EAGAIN), _) => Err(Error::object(
            r,
            format!("semaphore {index} is 0 (would block)"),
        )),
        (Err(Errno::ERANGE), _) => Err(Error::object(
            r,
            format!("semaphore {index} is already at SEMVMX ({SEMVMX})"),
        )),
        (Err(e), _) => Err(fail(r, e)),
    }
}

/// Set values: one (`index`), or all of them (SETALL, one value per semaphore).
pub fn set(_live: Live, r: &Ref, index: Option<u32>, values: &[i32]) -> Result<(), Error> {
    if values.is_empty() {
        return Err(Error::usage(format!(
            "{r}: set needs a value (or 1,0,5 for every semaphore)"
        )));
    }
    let id = id_of(r)?;
    let n = nsems(r, id)?;
    match index {
        Some(i) => {
            if values.len() != 1 {
                return Err(Error::usage(format!(
                    "{r}: with --index, give exactly one value"
                )));
            }
            check_index(r, i, n)?;
            let v = check_value(r, values[0])?;
            ipc::sem_setval(id, i, v).map_err(|e| fail(r, e))
        }
        None => {
            if values.len() != n as usize {
                return Err(Error::usage(format!(
                    "{r}: the set has {n} semaphore(s) but {} value(s) were given; give one per semaphore, or one value with --index",
                    values.len()
                )));
            }
            let arr = values
                .iter()
                .map(|v| check_value(r, *v))
                .collect::<Result<Vec<u16>, Error>>()?;
            ipc::sem_setall(id, &arr).map_err(|e| fail(r, e))
        }
    }
}
