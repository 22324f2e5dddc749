//! System V objects from `/proc/sysvipc/{msg,shm,sem}`, mapped **by header name** (kernels
//! append columns such as `rss` and `swap`; wide values overflow the fixed widths), plus the
//! read-only syscalls `show` needs for what /proc does not say (semaphore values, msg_qbytes).

use std::collections::HashMap;
use std::io::BufRead;

use super::{Inventory, Source};
use crate::model::{Kind, Object, Semaphore};

/// The `dest` bit in shm perms: removed (IPC_RMID) while still attached.
pub const SHM_DEST: u32 = 0o1000;
/// The `locked` bit in shm perms (SHM_LOCK).
pub const SHM_LOCKED: u32 = 0o2000;

/// Read one `/proc/sysvipc` file. An unreadable file is a warning, not a failure: the other
/// kinds are still listed.
pub fn collect(src: &Source, kind: Kind) -> Inventory {
    let path = src.sysvipc(kind);
    match std::fs::File::open(&path) {
        Ok(f) => {
            let (objects, warnings) = parse(std::io::BufReader::new(f), kind);
            Inventory { objects, warnings }
        }
        Err(e) => Inventory {
            objects: Vec::new(),
            warnings: vec![format!(
                "{}: cannot read ({e}); {kind} objects are not listed (is /proc mounted?)",
                path.display()
            )],
        },
    }
}

/// Parse the text of a `/proc/sysvipc/<kind>` file. Rows that do not fit the header are
/// reported in the warnings and skipped; the parse never fails as a whole.
pub fn parse<R: BufRead>(reader: R, kind: Kind) -> (Vec<Object>, Vec<String>) {
    let mut objects = Vec::new();
    let mut warnings = Vec::new();
    let file = format!("/proc/sysvipc/{kind}");
    let mut lines = reader.lines();
    let header: Vec<String> = match lines.next() {
        Some(Ok(h)) => h.split_whitespace().map(str::to_string).collect(),
        Some(Err(e)) => {
            warnings.push(format!("{file}: cannot read header: {e}"));
            return (objects, warnings);
        }
        None => return (objects, warnings),
    };
    let col: HashMap<&str, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();
    let id_col = match kind {
        Kind::Msg => "msqid",
        Kind::Shm => "shmid",
        _ => "semid",
    };
    let required: &[&str] = match kind {
        Kind::Shm => &[
            "key", "shmid", "perms", "size", "cpid", "lpid", "nattch", "uid", "gid", "cuid",
            "cgid", "atime", "dtime", "ctime",
        ],
        Kind::Msg => &[
            "key", "msqid", "perms", "cbytes", "qnum", "lspid", "lrpid", "uid", "gid", "cuid",
            "cgid", "stime", "rtime", "ctime",
        ],
        _ => &[
            "key", "semid", "perms", "nsems", "uid", "gid", "cuid", "cgid", "otime", "ctime",
        ],
    };
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !col.contains_key(c))
        .collect();
    if !missing.is_empty() {
        warnings.push(format!(
            "{file}: unexpected header, missing column(s) {}; {kind} objects are not listed",
            missing.join(", ")
        ));
        return (objects, warnings);
    }
    for (n, line) in lines.enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                warnings.push(format!("{file}: line {}: {e}", n + 2));
                break;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        match parse_row(kind, &col, &fields, id_col) {
            Ok(o) => objects.push(o),
            Err(why) => warnings.push(format!("{file}: line {}: {why}; skipped", n + 2)),
        }
    }
    (objects, warnings)
}

/// Field accessor for one row.
struct Row<'a> {
    col: &'a HashMap<&'a str, usize>,
    fields: &'a [&'a str],
}

impl Row<'_> {
    fn raw(&self, name: &str) -> Result<&str, String> {
        let i = *self
            .col
            .get(name)
            .ok_or_else(|| format!("no column '{name}'"))?;
        self.fields
            .get(i)
            .copied()
            .ok_or_else(|| format!("row too short, no '{name}'"))
    }

    fn num<T: std::str::FromStr>(&self, name: &str) -> Result<T, String> {
        let s = self.raw(name)?;
        s.parse()
            .map_err(|_| format!("'{name}' is not a number: '{s}'"))
    }

    /// An optional column (e.g. `rss`, absent on older kernels).
    fn opt(&self, name: &str) -> Result<Option<u64>, String> {
        if self.col.contains_key(name) {
            self.num(name).map(Some)
        } else {
            Ok(None)
        }
    }

    /// A key: signed decimal in /proc (`-1239060614` is 0xb6256f7a).
    fn key(&self) -> Result<u32, String> {
        let s = self.raw("key")?;
        let k: i64 = s.parse().map_err(|_| format!("bad key '{s}'"))?;
        if k < i64::from(i32::MIN) || k > i64::from(u32::MAX) {
            return Err(format!("key '{s}' out of range"));
        }
        Ok(k as u32)
    }

    fn perms(&self) -> Result<u32, String> {
        let s = self.raw("perms")?;
        u32::from_str_radix(s, 8).map_err(|_| format!("perms '{s}' is not octal"))
    }
}

fn parse_row(
    kind: Kind,
    col: &HashMap<&str, usize>,
    fields: &[&str],
    id_col: &str,
) -> Result<Object, String> {
    if fields.len() < col.len() {
        return Err(format!(
            "{} fields where the header has {}",
            fields.len(),
            col.len()
        ));
    }
    let r = Row { col, fields };
    let id: i32 = r.num(id_col)?;
    if id < 0 {
        return Err(format!("negative id {id}"));
    }
    let perms = r.perms()?;
    let mut o = Object {
        kind,
        reference: Object::make_ref(kind, Some(id), None),
        id: Some(id),
        key: Some(r.key()?),
        mode: perms & 0o777,
        uid: r.num("uid")?,
        gid: r.num("gid")?,
        cuid: Some(r.num("cuid")?),
        cgid: Some(r.num("cgid")?),
        ctime: Some(r.num("ctime")?),
        ..Default::default()
    };
    match kind {
        Kind::Shm => {
            o.size_bytes = Some(r.num("size")?);
            o.cpid = Some(r.num("cpid")?);
            o.lpid = Some(r.num("lpid")?);
            o.nattch = Some(r.num("nattch")?);
            o.atime = Some(r.num("atime")?);
            o.dtime = Some(r.num("dtime")?);
            o.rss_bytes = r.opt("rss")?;
            o.swap_bytes = r.opt("swap")?;
            o.marked_for_deletion = perms & SHM_DEST != 0;
        }
        Kind::Msg => {
            o.size_bytes = Some(r.num("cbytes")?);
            o.messages = Some(r.num("qnum")?);
            o.lspid = Some(r.num("lspid")?);
            o.lrpid = Some(r.num("lrpid")?);
            o.stime = Some(r.num("stime")?);
            o.rtime = Some(r.num("rtime")?);
        }
        _ => {
            o.nsems = Some(r.num("nsems")?);
            o.otime = Some(r.num("otime")?);
        }
    }
    Ok(o)
}

/// Each semaphore of a set: value, pid of the last operation, waiters for increase (ncount)
/// and for zero (zcount). Read-only semctl calls; needs read permission on the set.
pub fn semaphores(semid: i32, nsems: u64) -> Result<Vec<Semaphore>, nix::errno::Errno> {
    use nix::errno::Errno;
    let mut out = Vec::with_capacity(nsems as usize);
    for index in 0..nsems.min(u64::from(u32::MAX)) as u32 {
        let get = |cmd: libc::c_int| -> Result<i32, Errno> {
            // SAFETY: GETVAL/GETPID/GETNCNT/GETZCNT take no fourth argument.
            let r = unsafe { libc::semctl(semid, index as libc::c_int, cmd) };
            Errno::result(r)
        };
        out.push(Semaphore {
            index,
            value: get(libc::GETVAL)?,
            pid: get(libc::GETPID)?,
            ncount: get(libc::GETNCNT)?,
            zcount: get(libc::GETZCNT)?,
        });
    }
    Ok(out)
}

/// msg_qbytes of a queue (the byte limit; /proc does not show it).
pub fn msg_qbytes(msqid: i32) -> Result<u64, nix::errno::Errno> {
    // SAFETY: msqid_ds is plain data, zero is a valid bit pattern; IPC_STAT fills it.
    let mut ds: libc::msqid_ds = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::msgctl(msqid, libc::IPC_STAT, &mut ds) };
    nix::errno::Errno::result(r)?;
    Ok(ds.msg_qbytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHM_NEW: &str = "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n\
         0          3  1600                  4096  1234  1234      1     0     0     0     0 1700000001 1700000002 1700000000                  4096                     0\n\
-1239060614      32769   644               1048576  4242     0      0 100000 100000 100000 100000          0          0 1700000100                     0                     0\n";

    const SHM_OLD: &str = "       key      shmid perms       size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime\n\
     43981          0   600       8192   100   101      2  1000  1000  1000  1000 1700000001 1700000002 1700000000\n";

    #[test]
    fn shm_with_rss_and_swap() {
        let (o, w) = parse(SHM_NEW.as_bytes(), Kind::Shm);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(o.len(), 2);
        assert_eq!(o[0].id, Some(3));
        assert_eq!(o[0].key, Some(0));
        assert!(o[0].marked_for_deletion);
        assert_eq!(o[0].mode, 0o600);
        assert_eq!(o[0].rss_bytes, Some(4096));
        assert_eq!(o[0].nattch, Some(1));
        assert_eq!(o[1].key, Some(0xb6256f7a));
        assert_eq!(o[1].uid, 100_000);
        assert_eq!(o[1].size_bytes, Some(1 << 20));
        assert!(!o[1].marked_for_deletion);
        assert_eq!(o[1].mode, 0o644);
        assert_eq!(o[1].reference, "shm:32769");
    }

    #[test]
    fn shm_without_rss_and_swap() {
        let (o, w) = parse(SHM_OLD.as_bytes(), Kind::Shm);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(o[0].id, Some(0));
        assert_eq!(o[0].key, Some(0xabcd));
        assert_eq!(o[0].rss_bytes, None);
        assert_eq!((o[0].cpid, o[0].lpid), (Some(100), Some(101)));
        assert_eq!(o[0].dtime, Some(1_700_000_002));
    }

    #[test]
    fn columns_found_by_name_in_any_order() {
        let text = "semid key nsems perms uid gid cuid cgid ctime otime extra\n7 -1 3 666 1 2 3 4 1700000000 0 9\n";
        let (o, w) = parse(text.as_bytes(), Kind::Sem);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(o[0].id, Some(7));
        assert_eq!(o[0].key, Some(0xffff_ffff));
        assert_eq!(o[0].nsems, Some(3));
        assert_eq!(o[0].mode, 0o666);
        assert_eq!(o[0].cgid, Some(4));
    }

    #[test]
    fn msg_rows() {
        let text = "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n\
        305419896          1   644          12          2  55    0     0     0     0     0 1700000005          0 1700000000\n";
        let (o, w) = parse(text.as_bytes(), Kind::Msg);
        assert!(w.is_empty());
        assert_eq!(o[0].key, Some(0x12345678));
        assert_eq!(o[0].messages, Some(2));
        assert_eq!(o[0].size_bytes, Some(12));
        assert_eq!(o[0].lspid, Some(55));
        assert_eq!(o[0].stime, Some(1_700_000_005));
    }

    #[test]
    fn bad_rows_are_skipped_with_a_warning() {
        let text = "key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime\n\
                    1 2 999 0 0 0 0 0 0 0 0 0 0 0\n\
                    1 2\n\
                    x 3 600 0 0 0 0 0 0 0 0 0 0 0\n\
                    5 4 600 0 0 0 0 0 0 0 0 0 0 0\n";
        let (o, w) = parse(text.as_bytes(), Kind::Msg);
        assert_eq!(o.len(), 1);
        assert_eq!(o[0].id, Some(4));
        assert_eq!(w.len(), 3, "{w:?}");
    }

    #[test]
    fn missing_header_columns() {
        let (o, w) = parse("key shmid perms\n1 2 600\n".as_bytes(), Kind::Shm);
        assert!(o.is_empty());
        assert!(w[0].contains("missing column"));
        let (o, w) = parse("".as_bytes(), Kind::Shm);
        assert!(o.is_empty() && w.is_empty());
    }

    /// Deterministic pseudo-random inputs (a tiny xorshift, no extra crate): no input panics.
    #[test]
    fn no_input_panics() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let alphabet: &[u8] = b"0123456789 -\n\tabcdefkeyshmidpermsx\xff";
        let base = SHM_NEW.as_bytes();
        for round in 0..3000 {
            let mut buf: Vec<u8> = if round % 2 == 0 {
                base.to_vec()
            } else {
                Vec::new()
            };
            for _ in 0..(round % 64) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let c = alphabet[(x % alphabet.len() as u64) as usize];
                if buf.is_empty() {
                    buf.push(c);
                } else {
                    let at = (x >> 8) as usize % buf.len();
                    if x & 1 == 0 {
                        buf[at] = c;
                    } else {
                        buf.insert(at, c);
                    }
                }
            }
            for kind in [Kind::Shm, Kind::Msg, Kind::Sem] {
                let _ = parse(&buf[..], kind);
            }
        }
    }
}
