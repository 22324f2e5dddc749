//! Parsers for the /proc files the holder scan reads: pure functions over text.

use std::path::Path;

use crate::model::Kind;
use crate::sys::ipc;

/// `/proc/PID/syscall`: `NR ARG1 ...` with hex arguments, or `running`. Both ABIs count:
/// the number does not say whether the task is 32-bit, so an i386 IPC call (the `ipc()`
/// multiplexer, the direct calls, time64 semtimedop) is read as one too (over-reporting a
/// waiter keeps an object; missing one would remove it under a live task).
pub fn parse_syscall(text: &str) -> Option<(Kind, i32)> {
    let mut it = text.split_whitespace();
    let nr: i64 = it.next()?.parse().ok()?;
    let mut arg = || -> Option<i64> {
        let a = it.next()?;
        i64::from_str_radix(a.strip_prefix("0x").unwrap_or(a), 16).ok()
    };
    let first = arg()?;
    let (kind, id) = match nr {
        n if n == ipc::SYSCALL_MSGSND
            || n == ipc::SYSCALL_MSGRCV
            || n == ipc::SYSCALL_I386_MSGSND
            || n == ipc::SYSCALL_I386_MSGRCV =>
        {
            (Kind::Msg, first)
        }
        n if n == ipc::SYSCALL_SEMOP
            || n == ipc::SYSCALL_SEMTIMEDOP
            || n == ipc::SYSCALL_I386_SEMTIMEDOP_TIME64 =>
        {
            (Kind::Sem, first)
        }
        n if n == ipc::SYSCALL_I386_IPC => {
            // The call number may carry a version in its high 16 bits.
            let call = first & 0xffff;
            let kind = match call {
                c if c == ipc::I386_IPC_MSGSND || c == ipc::I386_IPC_MSGRCV => Kind::Msg,
                c if c == ipc::I386_IPC_SEMOP || c == ipc::I386_IPC_SEMTIMEDOP => Kind::Sem,
                _ => return None,
            };
            (kind, arg()?)
        }
        _ => return None,
    };
    Some((kind, i32::try_from(id).ok()?))
}

/// The fields of `/proc/PID/stat` the scan needs.
#[derive(Debug, PartialEq, Eq)]
pub struct Stat {
    pub comm: String,
    pub state: char,
    /// Field 9: the kernel's PF_* flags (PF_KTHREAD marks kernel threads).
    pub flags: u64,
    /// Field 20: number of threads.
    pub threads: u32,
    /// Field 22: start time in clock ticks after boot.
    pub starttime: u64,
}

/// Parse `/proc/PID/stat`. The comm is between the first `(` and the **last** `)`: it may
/// itself contain spaces and parentheses.
pub fn parse_stat(text: &str) -> Option<Stat> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let comm = text.get(open + 1..close)?.to_string();
    let mut rest = text.get(close + 1..)?.split_whitespace();
    let state = rest.next()?.chars().next()?;
    // After the state (field 3), field 9 is the 6th further field and field 22 the 13th
    // after that.
    let flags = rest.nth(5)?.parse().ok()?;
    let threads = rest.nth(10)?.parse().ok()?;
    let starttime = rest.nth(1)?.parse().ok()?;
    Some(Stat {
        comm,
        state,
        flags,
        threads,
        starttime,
    })
}

/// One parsed line of `/proc/PID/maps`.
#[derive(Debug, PartialEq, Eq)]
pub struct MapsLine<'a> {
    pub len: u64,
    pub dev: u64,
    pub inode: u64,
    pub path: &'a str,
}

fn token(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start_matches(' ');
    if s.is_empty() {
        return None;
    }
    let end = s.find(' ').unwrap_or(s.len());
    Some((&s[..end], &s[end..]))
}

/// `start-end perms offset MAJ:MIN inode   path` (device numbers in hex; the path may
/// contain spaces and ends with ` (deleted)` when unlinked).
pub fn parse_maps_line(line: &str) -> Option<MapsLine<'_>> {
    let (range, rest) = token(line)?;
    let (_perms, rest) = token(rest)?;
    let (_offset, rest) = token(rest)?;
    let (dev, rest) = token(rest)?;
    let (inode, rest) = token(rest)?;
    let (start, end) = range.split_once('-')?;
    let start = u64::from_str_radix(start, 16).ok()?;
    let end = u64::from_str_radix(end, 16).ok()?;
    let (maj, min) = dev.split_once(':')?;
    let maj = u32::from_str_radix(maj, 16).ok()?;
    let min = u32::from_str_radix(min, 16).ok()?;
    Some(MapsLine {
        len: end.saturating_sub(start),
        dev: nix::sys::stat::makedev(u64::from(maj), u64::from(min)),
        inode: inode.parse().ok()?,
        path: rest.trim_start_matches(' ').trim_end(),
    })
}

pub(super) fn read_btime(path: &Path) -> Option<i64> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("btime "))
        .and_then(|v| v.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_lines() {
        let l = parse_maps_line(
            "7f1c2c000000-7f1c2c001000 rw-s 00000000 00:01 32768                      /SYSV0000abcd (deleted)",
        )
        .unwrap();
        assert_eq!((l.len, l.inode, l.dev), (4096, 32768, libc::makedev(0, 1)));
        assert_eq!(l.path, "/SYSV0000abcd (deleted)");
        let l = parse_maps_line("7f00-8f00 rw-s 00000000 00:1a 17 /dev/shm/my frames (deleted)")
            .unwrap();
        assert_eq!(l.dev, libc::makedev(0, 0x1a));
        assert_eq!(l.path, "/dev/shm/my frames (deleted)");
        let l = parse_maps_line("7f00-8f00 r--p 00000000 00:00 0 ").unwrap();
        assert_eq!((l.inode, l.path), (0, ""));
        assert!(parse_maps_line("garbage").is_none());
        assert!(parse_maps_line("").is_none());
        assert!(parse_maps_line("zz-10 rw-s 0 00:01 1 /x").is_none());
    }

    #[test]
    fn stat_with_odd_comm() {
        let text = "4242 (a) b (c)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 123456 1000 10 18446744073709551615";
        let s = parse_stat(text).unwrap();
        assert_eq!(s.comm, "a) b (c)");
        assert_eq!(s.state, 'S');
        assert_eq!(s.starttime, 123_456);
        assert_eq!(s.flags, 4_194_560);
        assert_eq!(s.threads, 1);
        let z = "7 (sh) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99 0 0";
        assert_eq!(parse_stat(z).unwrap().state, 'Z');
        assert!(parse_stat("7 (sh) S 1").is_none());
        assert!(parse_stat("nothing").is_none());
    }

    #[test]
    fn syscall_lines() {
        let rcv = format!(
            "{} 0x8001 0x7ffd 0x40 0x0 0x0 0x0 0x7ffd 0x7f00",
            libc::SYS_msgrcv
        );
        assert_eq!(parse_syscall(&rcv), Some((Kind::Msg, 0x8001)));
        let sop = format!(
            "{} 0x5 0x7ffd 0x1 0x0 0x0 0x0 0x7ffd 0x7f00",
            libc::SYS_semop
        );
        assert_eq!(parse_syscall(&sop), Some((Kind::Sem, 5)));
        assert_eq!(parse_syscall("running"), None);
        // A 32-bit task: ipc(MSGRCV, 0x9, ...) and the direct i386 msgrcv.
        assert_eq!(
            parse_syscall("117 0xc 0x9 0x40 0x0 0xffd0 0x1 0x0 0x0"),
            Some((Kind::Msg, 9))
        );
        assert_eq!(
            parse_syscall("401 0x9 0xffd0 0x40 0x0 0x0"),
            Some((Kind::Msg, 9))
        );
        assert_eq!(
            parse_syscall("420 0x6 0xffd0 0x1 0x0"),
            Some((Kind::Sem, 6))
        );
        assert_eq!(
            parse_syscall("117 0x15 0x9 0x0"),
            None,
            "shmat is no waiter"
        );
        assert_eq!(parse_syscall("0 0x3 0x0"), None);
    }
}
