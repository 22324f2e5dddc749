//! A detached mount of this IPC namespace's mqueue filesystem through the new mount API
//! (`fsopen`, `fsconfig`, `fsmount`; Linux >= 5.2). The mount is attached to no directory
//! of any mount namespace: it exists while its descriptor is open, and changes nothing the
//! host or any other process can see. Needs CAP_SYS_ADMIN (root).

use std::os::fd::{FromRawFd, OwnedFd};

use nix::errno::Errno;

const FSOPEN_CLOEXEC: libc::c_uint = 0x1;
const FSCONFIG_CMD_CREATE: libc::c_uint = 6;
const FSMOUNT_CLOEXEC: libc::c_uint = 0x1;

/// A raw syscall that returns a new descriptor (or -1 and errno).
fn fd_result(ret: libc::c_long) -> Result<OwnedFd, Errno> {
    if ret < 0 {
        return Err(Errno::last());
    }
    let fd = libc::c_int::try_from(ret).map_err(|_| Errno::EBADF)?;
    // SAFETY: the kernel just returned this descriptor to us; nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// The root of a fresh, detached instance of the mqueue fs of the calling thread's IPC
/// namespace (it shows that namespace's queues). Read it through `/proc/self/fd/N`.
pub fn detached_mqueue() -> Result<OwnedFd, Errno> {
    use std::os::fd::AsRawFd;
    // SAFETY: fsopen takes a NUL-terminated fs type name and flags.
    let fs =
        fd_result(unsafe { libc::syscall(libc::SYS_fsopen, c"mqueue".as_ptr(), FSOPEN_CLOEXEC) })?;
    // SAFETY: FSCONFIG_CMD_CREATE takes no key, value or aux argument.
    let ret = unsafe {
        libc::syscall(
            libc::SYS_fsconfig,
            fs.as_raw_fd(),
            FSCONFIG_CMD_CREATE,
            std::ptr::null::<libc::c_char>(),
            std::ptr::null::<libc::c_void>(),
            0 as libc::c_int,
        )
    };
    if ret < 0 {
        return Err(Errno::last());
    }
    // SAFETY: fsmount takes the fs context descriptor, flags and mount attributes.
    fd_result(unsafe {
        libc::syscall(
            libc::SYS_fsmount,
            fs.as_raw_fd(),
            FSMOUNT_CLOEXEC,
            0 as libc::c_uint,
        )
    })
}
