//! Operations on System V semaphore sets (`sem`: semop, semtimedop, SETVAL, SETALL) and
//! glibc named semaphores (`psem`: sem_post, sem_timedwait, sem_getvalue). No SEM_UNDO: a
//! post or wait from the command line must outlive the command.

use nix::errno::Errno;

use super::{Wait, fail, fmt_duration, posix_cname, sysv_id};
use crate::error::Error;
use crate::model::{Kind, Ref};

/// SEMVMX: the largest value of a System V semaphore.
pub const SEMVMX: i32 = 32767;

fn nsems(r: &Ref, id: i32) -> Result<u32, Error> {
    // SAFETY: semid_ds is plain data; IPC_STAT writes it through the union's `buf` pointer.
    let mut ds: libc::semid_ds = unsafe { std::mem::zeroed() };
    // SAFETY: ds lives for the call; semun's `buf` member is this pointer.
    let rc = unsafe { libc::semctl(id, 0, libc::IPC_STAT, &mut ds as *mut libc::semid_ds) };
    Errno::result(rc).map_err(|e| fail(r, e))?;
    Ok(ds.sem_nsems as u32)
}

fn check_index(r: &Ref, index: u32, n: u32) -> Result<(), Error> {
    if index >= n {
        return Err(Error::object(
            r,
            format!(
                "--index {index} is out of range: the set has {n} semaphore(s), indexes 0..{}",
                n.saturating_sub(1)
            ),
        ));
    }
    Ok(())
}

fn check_value(r: &Ref, v: i32) -> Result<u16, Error> {
    if !(0..=SEMVMX).contains(&v) {
        return Err(Error::usage(format!(
            "{r}: value {v} is outside 0..{SEMVMX} (SEMVMX)"
        )));
    }
    Ok(v as u16)
}

/// A named semaphore handle, closed on drop.
struct Psem(*mut libc::sem_t);

impl Drop for Psem {
    fn drop(&mut self) {
        // SAFETY: the handle came from sem_open and is closed once.
        unsafe { libc::sem_close(self.0) };
    }
}

fn psem_open(r: &Ref) -> Result<Psem, Error> {
    let c = posix_cname(r)?;
    // SAFETY: valid name; no O_CREAT, so no mode/value arguments.
    let s = unsafe { libc::sem_open(c.as_ptr(), 0) };
    if s == libc::SEM_FAILED {
        return Err(fail(r, Errno::last()));
    }
    Ok(Psem(s))
}

/// Values of the semaphores: all of a set, one (`index`), or a psem's single value.
pub fn get(r: &Ref, index: Option<u32>) -> Result<Vec<i32>, Error> {
    match r.kind {
        Kind::Sem => {
            let id = sysv_id(r)?;
            let n = nsems(r, id)?;
            let range = match index {
                Some(i) => {
                    check_index(r, i, n)?;
                    i..i + 1
                }
                None => 0..n,
            };
            range
                .map(|i| {
                    // SAFETY: GETVAL takes no fourth argument.
                    let v = unsafe { libc::semctl(id, i as i32, libc::GETVAL) };
                    Errno::result(v).map_err(|e| fail(r, e))
                })
                .collect()
        }
        _ => {
            if index.is_some_and(|i| i != 0) {
                return Err(Error::usage(format!(
                    "{r}: a POSIX semaphore has one value; --index does not apply"
                )));
            }
            let s = psem_open(r)?;
            let mut v: libc::c_int = 0;
            // SAFETY: s is an open semaphore; v lives for the call.
            Errno::result(unsafe { libc::sem_getvalue(s.0, &mut v) }).map_err(|e| fail(r, e))?;
            Ok(vec![v])
        }
    }
}

/// Increment (V) one semaphore.
pub fn post(r: &Ref, index: u32) -> Result<(), Error> {
    match r.kind {
        Kind::Sem => semop(r, index, 1, Wait::NoWait),
        _ => {
            if index != 0 {
                return Err(Error::usage(format!(
                    "{r}: a POSIX semaphore has one value; --index does not apply"
                )));
            }
            let s = psem_open(r)?;
            // SAFETY: s is an open semaphore.
            Errno::result(unsafe { libc::sem_post(s.0) }).map_err(|e| match e {
                Errno::EOVERFLOW => Error::object(r, "value is already at SEM_VALUE_MAX"),
                e => fail(r, e),
            })?;
            Ok(())
        }
    }
}

/// Decrement (P) one semaphore, waiting while it is 0 as `wait` allows.
pub fn wait(r: &Ref, index: u32, wait: Wait) -> Result<(), Error> {
    match r.kind {
        Kind::Sem => semop(r, index, -1, wait),
        _ => {
            if index != 0 {
                return Err(Error::usage(format!(
                    "{r}: a POSIX semaphore has one value; --index does not apply"
                )));
            }
            let s = psem_open(r)?;
            // SAFETY: s is an open semaphore; ts lives for the call.
            let rc = unsafe {
                match wait {
                    Wait::NoWait => libc::sem_trywait(s.0),
                    Wait::Forever => libc::sem_wait(s.0),
                    Wait::Timeout(d) => {
                        let ts = super::realtime_deadline(d);
                        libc::sem_timedwait(s.0, &ts)
                    }
                }
            };
            if rc == 0 {
                return Ok(());
            }
            Err(match (Errno::last(), wait) {
                (Errno::EAGAIN, _) => Error::object(r, "value is 0 (would block)"),
                (Errno::ETIMEDOUT, Wait::Timeout(d)) => {
                    Error::object(r, format!("value stayed 0 for {}", fmt_duration(d)))
                }
                (e, _) => fail(r, e),
            })
        }
    }
}

fn semop(r: &Ref, index: u32, delta: i16, wait: Wait) -> Result<(), Error> {
    let id = sysv_id(r)?;
    let n = nsems(r, id)?;
    check_index(r, index, n)?;
    let mut op = libc::sembuf {
        sem_num: index as u16,
        sem_op: delta,
        sem_flg: if wait == Wait::NoWait && delta < 0 {
            libc::IPC_NOWAIT as i16
        } else {
            0
        },
    };
    let rc = match wait {
        Wait::Timeout(d) if delta < 0 => {
            let ts = libc::timespec {
                tv_sec: d.as_secs().min(i64::MAX as u64) as libc::time_t,
                tv_nsec: libc::c_long::from(d.subsec_nanos() as i32),
            };
            // SAFETY: semtimedop(semid, sops, nsops, timeout) with one valid sembuf and a
            // relative timeout that live for the call; libc has no wrapper here.
            unsafe {
                libc::syscall(
                    libc::SYS_semtimedop,
                    id,
                    &mut op as *mut libc::sembuf,
                    1usize,
                    &ts as *const libc::timespec,
                ) as libc::c_int
            }
        }
        // SAFETY: one valid sembuf.
        _ => unsafe { libc::semop(id, &mut op, 1) },
    };
    if rc == 0 {
        return Ok(());
    }
    Err(match (Errno::last(), wait) {
        (Errno::EAGAIN, Wait::Timeout(d)) => Error::object(
            r,
            format!("semaphore {index} stayed 0 for {}", fmt_duration(d)),
        ),
        (Errno::EAGAIN, _) => Error::object(r, format!("semaphore {index} is 0 (would block)")),
        (Errno::ERANGE, _) => Error::object(
            r,
            format!("semaphore {index} is already at SEMVMX ({SEMVMX})"),
        ),
        (e, _) => fail(r, e),
    })
}

/// Set values of a set: one (`index`), or all of them (SETALL, one value per semaphore).
pub fn set(r: &Ref, index: Option<u32>, values: &[i32]) -> Result<(), Error> {
    if r.kind != Kind::Sem {
        return Err(Error::usage(format!(
            "{r}: POSIX semaphores cannot be set; use 'post' and 'wait' to change the value"
        )));
    }
    if values.is_empty() {
        return Err(Error::usage(format!(
            "{r}: set needs a value (or 1,0,5 for every semaphore)"
        )));
    }
    let id = sysv_id(r)?;
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
            // SAFETY: SETVAL takes an int (the union's first member).
            let rc = unsafe { libc::semctl(id, i as i32, libc::SETVAL, libc::c_int::from(v)) };
            Errno::result(rc).map(drop).map_err(|e| fail(r, e))
        }
        None => {
            if values.len() != n as usize {
                return Err(Error::usage(format!(
                    "{r}: the set has {n} semaphore(s) but {} value(s) were given; give one per semaphore, or one value with --index",
                    values.len()
                )));
            }
            let mut arr = values
                .iter()
                .map(|v| check_value(r, *v))
                .collect::<Result<Vec<u16>, Error>>()?;
            // SAFETY: SETALL reads nsems unsigned shorts; arr has exactly n of them.
            let rc = unsafe { libc::semctl(id, 0, libc::SETALL, arr.as_mut_ptr()) };
            Errno::result(rc).map(drop).map_err(|e| fail(r, e))
        }
    }
}
