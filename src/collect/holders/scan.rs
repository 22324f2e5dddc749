//! The pass over every process: read what `Needs` asks for and record it in a `HolderScan`.

use std::io::ErrorKind;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::parse::{clock_ticks, parse_maps_line, parse_stat, parse_syscall, read_btime};
use super::{HolderScan, Needs, Proc, Unlinked};
use crate::collect::Source;

/// Scan every process once for everything. Never fails: what cannot be read is skipped and
/// recorded.
pub fn scan(src: &Source) -> HolderScan {
    scan_for(src, Needs::ALL)
}

/// Scan every process once, reading only what `needs` asks for.
pub fn scan_for(src: &Source, needs: Needs) -> HolderScan {
    let proc_dir = src.path("proc");
    let mut s = HolderScan::default();
    if !needs.any() {
        // Nothing any object could be held through: every holder list is empty.
        s.available = true;
        s.complete = true;
        return s;
    }
    let Ok(entries) = std::fs::read_dir(&proc_dir) else {
        return s;
    };
    s.available = true;
    s.complete = true;
    let btime = read_btime(&proc_dir.join("stat"));
    let tck = clock_ticks();
    // After `--ns PID` (setns), /proc/self/ns/ipc is the target's namespace: holders are
    // compared with it.
    let my_ns = std::fs::metadata(proc_dir.join("self/ns/ipc"))
        .ok()
        .map(|m| m.ino());
    let env = Env {
        btime,
        tck,
        my_ns,
        needs,
    };
    let mut buf = ProcBuf::new();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = std::str::from_utf8(name.as_bytes())
            .ok()
            .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<i32>().ok())
        else {
            continue;
        };
        scan_process(&mut s, &mut buf, &e.path(), pid, &env);
    }
    for v in s
        .shm
        .values_mut()
        .chain(s.files.values_mut())
        .chain(s.waiters.values_mut())
    {
        v.sort_unstable();
        v.dedup();
    }
    for u in s.unlinked.values_mut() {
        u.pids.sort_unstable();
        u.pids.dedup();
    }
    s.index_unreadable();
    s
}

/// A buffer reused for every /proc file of the scan: zeroed once, grown when a file does not
/// fit, and never re-zeroed (`std::fs::read` probes the size with statx and allocates per
/// file).
struct ProcBuf {
    buf: Vec<u8>,
    len: usize,
}

impl ProcBuf {
    fn new() -> ProcBuf {
        ProcBuf {
            buf: vec![0; 64 * 1024],
            len: 0,
        }
    }

    fn data(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// Open `path` and read it to the end.
    fn read(&mut self, path: &Path) -> std::io::Result<()> {
        use std::io::Read;
        let mut f = std::fs::File::open(path)?;
        self.len = 0;
        loop {
            if self.buf.len() - self.len < 4096 {
                self.buf.resize(self.buf.len() * 2, 0);
            }
            match f.read(&mut self.buf[self.len..]) {
                Ok(0) => return Ok(()),
                Ok(n) => self.len += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

fn vanished(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::NotFound) || e.raw_os_error() == Some(libc::ESRCH)
}

/// What every process of one scan is read with.
#[derive(Clone, Copy)]
struct Env {
    btime: Option<i64>,
    tck: i64,
    my_ns: Option<u64>,
    needs: Needs,
}

fn scan_process(s: &mut HolderScan, buf: &mut ProcBuf, dir: &Path, pid: i32, env: &Env) {
    let Env {
        btime,
        tck,
        my_ns,
        needs,
    } = *env;
    if buf.read(&dir.join("stat")).is_err() {
        return; // vanished (stat is readable by everyone)
    }
    let Some(st) = parse_stat(&String::from_utf8_lossy(buf.data())) else {
        return;
    };
    let start = btime.map(|b| b + (st.starttime / tck.max(1) as u64) as i64);
    let same_ipc_ns = match std::fs::metadata(dir.join("ns/ipc")) {
        Ok(m) => my_ns.map(|mine| m.ino() == mine),
        Err(e) if vanished(&e) => return,
        Err(_) => None,
    };
    let mut p = Proc {
        pid,
        comm: st.comm,
        zombie: st.state == 'Z',
        start,
        same_ipc_ns,
        uid: 0,
        unreadable: false,
    };
    // SysV attachments and waiters only count in our IPC namespace; unknown counts as ours
    // (over-reporting a holder is safe, under-reporting is not).
    let sysv_ok = same_ipc_ns != Some(false);
    match if needs.maps {
        buf.read(&dir.join("maps"))
    } else {
        buf.len = 0;
        Ok(())
    } {
        Ok(()) => {
            for line in buf.data().split(|b| *b == b'\n') {
                record_mapping(s, pid, line, sysv_ok);
            }
        }
        Err(e) if vanished(&e) => return,
        Err(_) => p.unreadable = true,
    }
    if !p.unreadable && needs.fds {
        match std::fs::read_dir(dir.join("fd")) {
            Ok(fds) => {
                for fd in fds.flatten() {
                    record_fd(s, pid, &fd.path());
                }
            }
            Err(e) if vanished(&e) => return,
            Err(_) => p.unreadable = true,
        }
    }
    if needs.waiters && sysv_ok && !p.unreadable && !p.zombie {
        record_waiter(s, buf, pid, dir);
    }
    // The owner: for uninspected processes (whose objects they could hold), and for every
    // process when judging (liveness hints name an application's processes of one uid).
    if p.unreadable || needs.procs {
        p.uid = std::fs::metadata(dir).map(|m| m.uid()).unwrap_or(0);
    }
    if p.unreadable {
        s.complete = false;
    }
    s.procs.insert(pid, p);
}

/// One line of `/proc/PID/maps`; only `/SYSV` and `/dev/shm/` mappings matter.
fn record_mapping(s: &mut HolderScan, pid: i32, line: &[u8], sysv_ok: bool) {
    let has = |needle: &[u8]| line.windows(needle.len()).any(|w| w == needle);
    if !has(b"/SYSV") && !has(b"/dev/shm/") {
        return;
    }
    let text = String::from_utf8_lossy(line);
    let Some(m) = parse_maps_line(&text) else {
        return;
    };
    if m.path.starts_with("/SYSV") {
        if sysv_ok && let Ok(id) = i32::try_from(m.inode) {
            s.shm.entry(id).or_default().push(pid);
        }
        return;
    }
    let key = (m.dev, m.inode);
    s.files.entry(key).or_default().push(pid);
    if let Some(p) = m.path.strip_suffix(" (deleted)")
        && p.starts_with("/dev/shm/")
    {
        let file = p.rsplit('/').next().unwrap_or(p).to_string();
        let u = s.unlinked.entry(key).or_insert(Unlinked {
            file,
            size: 0,
            pids: Vec::new(),
            meta: None,
            probe: None,
        });
        u.size = u.size.max(m.len);
        u.pids.push(pid);
        if u.probe.is_none()
            && let Some(range) = text.split(' ').next()
        {
            u.probe = Some(format!("{pid}/map_files/{range}"));
        }
    }
}

/// One `/proc/PID/fd/N`: /dev/shm files and mqueue queues (which read as `/NAME`).
fn record_fd(s: &mut HolderScan, pid: i32, link: &Path) {
    let Ok(target) = std::fs::read_link(link) else {
        return;
    };
    let t = target.as_os_str().as_bytes();
    let in_dev_shm = t.starts_with(b"/dev/shm/");
    let mq_like = t.len() > 1 && t[0] == b'/' && !t[1..].contains(&b'/');
    if !in_dev_shm && !mq_like {
        return;
    }
    // stat follows the magic link to the open file itself.
    let Ok(m) = std::fs::metadata(link) else {
        return;
    };
    if !m.file_type().is_file() {
        return;
    }
    let key = (m.dev(), m.ino());
    s.files.entry(key).or_default().push(pid);
    if in_dev_shm
        && m.nlink() == 0
        && let Some(p) = String::from_utf8_lossy(t).strip_suffix(" (deleted)")
    {
        let file = p.rsplit('/').next().unwrap_or(p).to_string();
        let u = s.unlinked.entry(key).or_insert(Unlinked {
            file,
            size: 0,
            pids: Vec::new(),
            meta: None,
            probe: None,
        });
        u.size = u.size.max(m.len());
        u.pids.push(pid);
        u.meta = Some((m.uid(), m.gid(), m.mode() & 0o7777, m.ctime()));
    }
}

/// A process blocked in msgsnd/msgrcv/semop/semtimedop waits on that id.
fn record_waiter(s: &mut HolderScan, buf: &mut ProcBuf, pid: i32, dir: &Path) {
    if buf.read(&dir.join("syscall")).is_err() {
        return;
    }
    if let Some((kind, id)) = parse_syscall(&String::from_utf8_lossy(buf.data())) {
        s.waiters.entry((kind, id)).or_default().push(pid);
    }
}
