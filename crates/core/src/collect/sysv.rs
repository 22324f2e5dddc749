//! System V objects, from the kernel's table (`*_STAT_ANY`, one call a slot: [`table`],
//! [`walk_into`]) on the live system when it is dense and no segment's resident or swapped
//! bytes are asked for, else from `/proc/sysvipc/{msg,shm,sem}`, mapped **by header name**
//! (kernels append columns such as `rss` and `swap`; wide values overflow the fixed widths),
//! and from the whole table, sparse or not, when that text cannot be read. Both readings
//! make the same objects (tests/it/listing.rs). Plus the read-only syscalls `show` needs for
//! what /proc does not say (semaphore values, msg_qbytes).

use std::io::BufRead;

use super::Source;
use crate::model::{Kind, Object, RowProblem, Semaphore, Warning};

/// The `dest` bit in shm perms: removed (IPC_RMID) while still attached.
pub const SHM_DEST: u32 = 0o1000;
/// The `locked` bit in shm perms (SHM_LOCK).
pub const SHM_LOCKED: u32 = 0o2000;

/// The whole text of one `/proc/sysvipc` file, or the warning that it cannot be read.
pub fn read(src: &Source, kind: Kind) -> Result<Vec<u8>, Warning> {
    let path = src.sysvipc(kind);
    let mut f = std::fs::File::open(&path).map_err(|e| Warning::SysvUnreadable {
        kind,
        path: path.display().to_string(),
        opened: false,
        error: crate::error::io_reason(&e),
    })?;
    read_all(&mut f, kind)
}

/// One read of the whole file: /proc/sysvipc is a seq_file, and many small reads each
/// re-walk the id table.
fn read_all(reader: &mut impl std::io::Read, kind: Kind) -> Result<Vec<u8>, Warning> {
    // Reserved, not touched: only the pages the text fills are faulted in, and a large
    // listing never pays for a grow-and-copy.
    let mut raw = Vec::with_capacity(8 << 20);
    match reader.read_to_end(&mut raw) {
        Ok(_) => Ok(raw),
        Err(e) => Err(Warning::SysvUnreadable {
            kind,
            path: format!("/proc/sysvipc/{kind}"),
            opened: true,
            error: crate::error::io_reason(&e),
        }),
    }
}

/// How many objects a file's text can hold at most (its lines, the header included: one
/// too many is never touched, so it costs nothing).
pub fn rows(raw: &[u8]) -> usize {
    raw.iter().filter(|b| **b == b'\n').count()
}

/// Parse the text of a `/proc/sysvipc/<kind>` file. Rows that do not fit the header are
/// reported in the warnings and skipped; the parse never fails as a whole.
pub fn parse<R: BufRead>(mut reader: R, kind: Kind) -> (Vec<Object>, Vec<Warning>) {
    let mut objects = Vec::new();
    let mut warnings = Vec::new();
    match read_all(&mut reader, kind) {
        Ok(raw) => {
            objects.reserve(rows(&raw));
            parse_into(&raw, kind, &mut objects, &mut warnings);
        }
        Err(w) => warnings.push(w),
    }
    (objects, warnings)
}

/// Parse a file's text, appending its objects to `objects` (sized by the caller: a
/// listing of several kinds fills one vector, never grown and copied).
pub fn parse_into(raw: &[u8], kind: Kind, objects: &mut Vec<Object>, warnings: &mut Vec<Warning>) {
    let file = format!("/proc/sysvipc/{kind}");
    // Byte-level: no UTF-8 pass and no per-field allocation (listings of thousands of objects
    // must cost well under a millisecond).
    let mut lines = raw.split(|b| *b == b'\n');
    let Some(header_line) = lines.next() else {
        return;
    };
    let header_text = String::from_utf8_lossy(header_line);
    let header: Vec<&str> = header_text.split_whitespace().collect();
    if header.is_empty() {
        return;
    }
    let cols = match Cols::new(kind, &header) {
        Ok(c) => c,
        Err(missing) => {
            warnings.push(Warning::SysvHeader {
                kind,
                path: file,
                missing,
            });
            return;
        }
    };
    let mut fields: Vec<&[u8]> = Vec::with_capacity(header.len() + 2);
    for (n, line) in lines.enumerate() {
        fields.clear();
        split_fields(line, &mut fields);
        if fields.is_empty() {
            continue;
        }
        if fields.len() < header.len() {
            warnings.push(Warning::SysvRow {
                path: file.clone(),
                line: n + 2,
                problem: RowProblem::Short {
                    fields: fields.len(),
                    columns: header.len(),
                },
            });
            continue;
        }
        match parse_row(kind, &cols, &fields) {
            Ok(o) => objects.push(o),
            Err(problem) => warnings.push(Warning::SysvRow {
                path: file.clone(),
                line: n + 2,
                problem,
            }),
        }
    }
}

/// Column positions, found once from the header by name. Kind-specific columns that do
/// not apply to a kind hold `usize::MAX` (never read for that kind).
struct Cols {
    key: usize,
    id: usize,
    perms: usize,
    uid: usize,
    gid: usize,
    cuid: usize,
    cgid: usize,
    ctime: usize,
    // shm
    size: usize,
    cpid: usize,
    lpid: usize,
    nattch: usize,
    atime: usize,
    dtime: usize,
    rss: Option<usize>,
    swap: Option<usize>,
    // msg
    cbytes: usize,
    qnum: usize,
    lspid: usize,
    lrpid: usize,
    stime: usize,
    rtime: usize,
    // sem
    nsems: usize,
    otime: usize,
}

impl Cols {
    /// The positions, or the missing columns' names.
    fn new(kind: Kind, header: &[&str]) -> Result<Cols, Vec<String>> {
        let mut missing: Vec<String> = Vec::new();
        let pos = |name: &str| header.iter().position(|h| *h == name);
        let mut need = |name: &'static str, applies: bool| -> usize {
            if !applies {
                return usize::MAX;
            }
            pos(name).unwrap_or_else(|| {
                missing.push(name.into());
                usize::MAX
            })
        };
        let (shm, msg, sem) = (kind == Kind::Shm, kind == Kind::Msg, kind == Kind::Sem);
        let id_name = match kind {
            Kind::Msg => "msqid",
            Kind::Shm => "shmid",
            Kind::Sem => "semid",
            // No /proc/sysvipc file has it: the header is refused, no row is parsed.
            Kind::Pmq | Kind::Pshm | Kind::Psem => "id",
        };
        let c = Cols {
            key: need("key", true),
            id: need(id_name, true),
            perms: need("perms", true),
            uid: need("uid", true),
            gid: need("gid", true),
            cuid: need("cuid", true),
            cgid: need("cgid", true),
            ctime: need("ctime", true),
            size: need("size", shm),
            cpid: need("cpid", shm),
            lpid: need("lpid", shm),
            nattch: need("nattch", shm),
            atime: need("atime", shm),
            dtime: need("dtime", shm),
            rss: if shm { pos("rss") } else { None },
            swap: if shm { pos("swap") } else { None },
            cbytes: need("cbytes", msg),
            qnum: need("qnum", msg),
            lspid: need("lspid", msg),
            lrpid: need("lrpid", msg),
            stime: need("stime", msg),
            rtime: need("rtime", msg),
            nsems: need("nsems", sem),
            otime: need("otime", sem),
        };
        if missing.is_empty() {
            Ok(c)
        } else {
            Err(missing)
        }
    }
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t' || b == b'\r'
}

/// Split a line on blanks into `out`. This is the hot path of a listing: /proc/sysvipc pads
/// columns with long runs of spaces, which are skipped eight bytes at a time.
fn split_fields<'a>(line: &'a [u8], out: &mut Vec<&'a [u8]>) {
    const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
    let n = line.len();
    let mut i = 0;
    loop {
        // Skip blanks, a word at a time while the next eight bytes are all spaces.
        while i + 8 <= n {
            let mut w = [0u8; 8];
            w.copy_from_slice(&line[i..i + 8]);
            if u64::from_ne_bytes(w) != SPACES {
                break;
            }
            i += 8;
        }
        while i < n && is_blank(line[i]) {
            i += 1;
        }
        if i >= n {
            return;
        }
        let start = i;
        while i < n && !is_blank(line[i]) {
            i += 1;
        }
        out.push(&line[start..i]);
    }
}

/// Parse a decimal integer (optional leading '-') from bytes, without allocation.
fn int(s: &[u8]) -> Option<i128> {
    let (neg, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    if digits.is_empty() || digits.len() > 38 {
        return None;
    }
    let mut v: i128 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i128::from(d - b'0');
    }
    Some(if neg { -v } else { v })
}

/// Field accessor for one row.
struct Row<'a> {
    fields: &'a [&'a [u8]],
}

impl Row<'_> {
    fn field(&self, i: usize, name: &str) -> Result<&[u8], RowProblem> {
        self.fields
            .get(i)
            .copied()
            .ok_or_else(|| RowProblem::Missing {
                column: name.into(),
            })
    }

    fn num<T: TryFrom<i128>>(&self, i: usize, name: &str) -> Result<T, RowProblem> {
        let s = self.field(i, name)?;
        int(s)
            .and_then(|v| T::try_from(v).ok())
            .ok_or_else(|| RowProblem::NotANumber {
                column: name.into(),
                value: String::from_utf8_lossy(s).into_owned(),
            })
    }

    /// An optional column (e.g. `rss`, absent on older kernels).
    fn opt(&self, i: Option<usize>, name: &str) -> Result<Option<u64>, RowProblem> {
        i.map(|i| self.num(i, name)).transpose()
    }

    /// A key: signed decimal in /proc (`-1239060614` is 0xb6256f7a).
    fn key(&self, i: usize) -> Result<u32, RowProblem> {
        let k: i64 = self.num(i, "key")?;
        if k < i64::from(i32::MIN) || k > i64::from(u32::MAX) {
            return Err(RowProblem::KeyOutOfRange { key: k });
        }
        Ok(k as u32)
    }

    fn perms(&self, i: usize) -> Result<u32, RowProblem> {
        let s = self.field(i, "perms")?;
        let not_octal = || RowProblem::PermsNotOctal {
            value: String::from_utf8_lossy(s).into_owned(),
        };
        let mut v: u32 = 0;
        if s.is_empty() || s.len() > 10 {
            return Err(not_octal());
        }
        for &d in s {
            if !(b'0'..=b'7').contains(&d) {
                return Err(not_octal());
            }
            v = v * 8 + u32::from(d - b'0');
        }
        Ok(v)
    }
}

fn parse_row(kind: Kind, c: &Cols, fields: &[&[u8]]) -> Result<Object, RowProblem> {
    let r = Row { fields };
    let id: i32 = r.num(c.id, "id")?;
    if id < 0 {
        return Err(RowProblem::NegativeId { id });
    }
    let perms = r.perms(c.perms)?;
    let mut o = Object {
        kind,
        reference: Object::make_ref(kind, Some(id), None),
        id: Some(id),
        key: Some(r.key(c.key)?),
        mode: perms & 0o777,
        uid: r.num(c.uid, "uid")?,
        gid: r.num(c.gid, "gid")?,
        cuid: Some(r.num(c.cuid, "cuid")?),
        cgid: Some(r.num(c.cgid, "cgid")?),
        ctime: Some(r.num(c.ctime, "ctime")?),
        ..Default::default()
    };
    match kind {
        Kind::Shm => {
            o.size_bytes = Some(r.num(c.size, "size")?);
            o.cpid = Some(r.num(c.cpid, "cpid")?);
            o.lpid = Some(r.num(c.lpid, "lpid")?);
            o.nattch = Some(r.num(c.nattch, "nattch")?);
            o.atime = Some(r.num(c.atime, "atime")?);
            o.dtime = Some(r.num(c.dtime, "dtime")?);
            o.rss_bytes = r.opt(c.rss, "rss")?;
            o.swap_bytes = r.opt(c.swap, "swap")?;
            o.marked_for_deletion = perms & SHM_DEST != 0;
            o.locked = Some(perms & SHM_LOCKED != 0);
        }
        Kind::Msg => {
            o.size_bytes = Some(r.num(c.cbytes, "cbytes")?);
            o.messages = Some(r.num(c.qnum, "qnum")?);
            o.lspid = Some(r.num(c.lspid, "lspid")?);
            o.lrpid = Some(r.num(c.lrpid, "lrpid")?);
            o.stime = Some(r.num(c.stime, "stime")?);
            o.rtime = Some(r.num(c.rtime, "rtime")?);
        }
        Kind::Sem => {
            o.nsems = Some(r.num(c.nsems, "nsems")?);
            o.otime = Some(r.num(c.otime, "otime")?);
        }
        // Never reached: `Cols::new` refuses the header of any other kind.
        Kind::Pmq | Kind::Pshm | Kind::Psem => {}
    }
    Ok(o)
}

/// One System V kind's table, to be walked ([`walk_into`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// The highest index in use (0 when the table is empty).
    pub max_index: i32,
    /// How many objects to make room for before the walk ([`room`]).
    pub room: usize,
}

/// The kernel's table of one System V kind, when its objects are to be read from it
/// ([`walk_into`]): one call per slot, and the kernel formats nothing (making the /proc
/// text costs it ~1.2 µs an object, such a call ~0.4 µs a slot). Read in the calling
/// process's IPC namespace, as /proc/sysvipc is.
///
/// `None` when the text must be read instead: `fields` asks for segments' resident and
/// swapped bytes (only the text has them), or the kernel does not answer.
pub fn table(kind: Kind, fields: super::Fields) -> Option<Table> {
    use crate::sys::ipc;
    let (max_index, in_use) = match kind {
        Kind::Msg => ipc::msg_table().map(|(m, n)| (m, Some(n))),
        // Resident and swapped bytes are in the text only.
        Kind::Shm if fields == super::Fields::All => return None,
        // SHM_INFO counts the segments but sums every one's resident pages too: asked only
        // when the table is larger than the room made without a count (a listing that grew
        // its vector past that room took a third more memory at 100,000 objects).
        Kind::Shm => ipc::shm_max_index().map(|m| {
            let large = usize::try_from(m).is_ok_and(|m| m >= TABLE_ROOM);
            (m, large.then(|| ipc::shm_count().ok()).flatten())
        }),
        Kind::Sem => ipc::sem_table().map(|(m, n)| (m, Some(n))),
        Kind::Pmq | Kind::Pshm | Kind::Psem => return None,
    }
    .ok()
    .filter(|(max, _)| *max >= 0)?;
    Some(Table {
        max_index,
        room: room(max_index, in_use),
    })
}

/// How far [`walk_into`] goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Walk {
    /// Give the text the answer when it costs less (a sparse table) or when an object
    /// vanishes under the walk.
    Fast,
    /// Every slot: the text cannot be read (no /proc, or one mounted `subset=pid`, as
    /// systemd's `ProcSubset=pid` does, has no /proc/sysvipc). Up to [`WHOLE_SLOTS`] slots.
    Whole,
}

/// The most slots a [`Walk::Whole`] visits: a table of the kernel's default size (IPCMNI,
/// 32,768) is walked whole in ~15 ms; one booted with `ipcmni_extend` reaches 16,777,216
/// slots, ~7 s of calls: past this many, the kind is not listed (as the text's warning says).
pub const WHOLE_SLOTS: i32 = 1 << 16;

/// Append the objects in slots 0..=`max_index` of the kernel's table ([`table`]) to
/// `out`: the objects `parse_into` makes of the text, except that a segment's `rss_bytes`
/// and `swap_bytes` are `None` and a queue's `max_bytes` (msg_qbytes) is known. False, with `out` as it was, when the text must answer
/// instead:
/// - a call was refused (a security module);
/// - the table is sparse: past 64 empty slots and three for each object found, the text
///   costs less (the kernel hands out indices cyclically below max(1.5 × in use, 64), so
///   that happens only after far more objects than remain were removed);
/// - nothing was found where the table says something is (a kernel before 4.17 answers
///   EINVAL to `*_STAT_ANY` for every slot: the table's highest index, or a slot 0 that
///   the older `*_STAT` finds, gives it away).
///
/// Objects created or removed during the walk may be missed or seen, as with the text.
///
/// With [`Walk::Whole`] (the text cannot be read) a sparse table is walked to its end and
/// an object removed meanwhile (EIDRM) is an empty slot: the table answers whenever it can.
pub fn walk_into(kind: Kind, max_index: i32, walk: Walk, out: &mut Vec<Object>) -> bool {
    use crate::sys::ipc;
    use nix::errno::Errno;
    if walk == Walk::Whole && max_index >= WHOLE_SLOTS {
        return false;
    }
    let start = out.len();
    let give_up = |out: &mut Vec<Object>| {
        out.truncate(start);
        false
    };
    let mut empty: usize = 0;
    for index in 0..=max_index {
        let made = match kind {
            Kind::Msg => ipc::msg_stat_index(index).map(|(id, st)| {
                let mut o = object(kind, id, &st.perm, st.ctime);
                o.size_bytes = Some(st.bytes);
                o.messages = Some(st.messages);
                // msg_qbytes: the text lacks it (limits and show ask IPC_STAT then, which
                // needs read permission).
                o.max_bytes = Some(st.max_bytes);
                o.lspid = Some(st.lspid);
                o.lrpid = Some(st.lrpid);
                o.stime = Some(st.stime);
                o.rtime = Some(st.rtime);
                o
            }),
            Kind::Shm => ipc::shm_stat_index(index).map(|(id, st)| {
                let mut o = object(kind, id, &st.perm, st.ctime);
                o.size_bytes = Some(st.size);
                o.cpid = Some(st.cpid);
                o.lpid = Some(st.lpid);
                o.nattch = Some(st.nattch);
                o.atime = Some(st.atime);
                o.dtime = Some(st.dtime);
                o.marked_for_deletion = st.perm.mode & SHM_DEST != 0;
                o.locked = Some(st.perm.mode & SHM_LOCKED != 0);
                o
            }),
            Kind::Sem => ipc::sem_stat_index(index).map(|(id, st)| {
                let mut o = object(kind, id, &st.perm, st.ctime);
                o.nsems = Some(st.nsems);
                o.otime = Some(st.otime);
                o
            }),
            Kind::Pmq | Kind::Pshm | Kind::Psem => Err(Errno::ENOSYS),
        };
        match made {
            Ok(o) => out.push(o),
            // An unused slot.
            Err(Errno::EINVAL) => {
                empty += 1;
                if walk == Walk::Fast && too_sparse(empty, out.len() - start) {
                    return give_up(out);
                }
            }
            // Removed since the slot was looked up.
            Err(Errno::EIDRM) if walk == Walk::Whole => {}
            Err(_) => return give_up(out),
        }
    }
    if out.len() == start {
        let slot_0_used = match kind {
            Kind::Msg => ipc::msg_slot_used(0),
            Kind::Shm => ipc::shm_slot_used(0),
            Kind::Sem => ipc::sem_slot_used(0),
            Kind::Pmq | Kind::Pshm | Kind::Psem => true,
        };
        if max_index > 0 || slot_0_used {
            return give_up(out);
        }
    }
    true
}

/// How many objects to make room for before walking a table whose highest index in use is
/// `max_index` and which holds `in_use` objects (queues and sets always, segments when the
/// table has more than [`TABLE_ROOM`] slots): that many, else one a slot, which is then at
/// most `TABLE_ROOM`. The highest index does not count the objects: one queue at index 32767 made room
/// for 32,768 objects of 672 bytes (22 MB of address space a table; ipcctl aborted under an
/// address-space limit the text path fits in), and on a kernel booted with `ipcmni_extend`,
/// whose indices reach 16,777,215, for 11 GB a table.
pub fn room(max_index: i32, in_use: Option<u32>) -> usize {
    let slots = usize::try_from(max_index).map_or(0, |m| m.saturating_add(1));
    match in_use {
        Some(n) => slots.min(usize::try_from(n).unwrap_or(usize::MAX)),
        None => slots.min(TABLE_ROOM),
    }
}

/// The most objects made room for before a table whose objects are not counted is walked
/// ([`room`]): 2.7 MB, shmmni's default.
pub const TABLE_ROOM: usize = 4096;

/// A walk that has met `empty` unused slots and `found` objects costs more than the text
/// would: past 64 empty slots and three for each object.
fn too_sparse(empty: usize, found: usize) -> bool {
    empty > found.saturating_mul(3).saturating_add(64)
}

/// The fields every System V object has, from a `*_STAT` answer.
fn object(kind: Kind, id: i32, perm: &crate::sys::ipc::Perm, ctime: i64) -> Object {
    Object {
        kind,
        reference: Object::make_ref(kind, Some(id), None),
        id: Some(id),
        key: Some(perm.key),
        mode: perm.mode & 0o777,
        uid: perm.uid,
        gid: perm.gid,
        cuid: Some(perm.cuid),
        cgid: Some(perm.cgid),
        ctime: Some(ctime),
        ..Default::default()
    }
}

/// Each semaphore of a set: value, pid of the last operation, waiters for increase (ncount)
/// and for zero (zcount). Read-only semctl calls; needs read permission on the set.
pub fn semaphores(semid: i32, nsems: u64) -> Result<Vec<Semaphore>, nix::errno::Errno> {
    use crate::sys::ipc::{SemQuery, sem_query};
    let n = nsems.min(u64::from(u32::MAX)) as u32;
    let mut out = Vec::with_capacity(n.min(65536) as usize);
    for index in 0..n {
        out.push(Semaphore {
            index,
            value: sem_query(semid, index, SemQuery::Value)?,
            pid: sem_query(semid, index, SemQuery::Pid)?,
            ncount: sem_query(semid, index, SemQuery::NCount)?,
            zcount: sem_query(semid, index, SemQuery::ZCount)?,
        });
    }
    Ok(out)
}

/// msg_qbytes of a queue (the byte limit; /proc does not show it).
pub fn msg_qbytes(msqid: i32) -> Result<u64, nix::errno::Errno> {
    crate::sys::ipc::msg_stat(msqid).map(|s| s.max_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_made_before_a_walk_is_bounded_whatever_the_highest_index() {
        assert_eq!(room(0, None), 1);
        assert_eq!(room(99, None), 100);
        assert_eq!(room(-1, None), 0);
        // One object at the top of a table (32767; 16,777,215 with ipcmni_extend) says
        // nothing of how many there are.
        assert_eq!(room(32_767, None), TABLE_ROOM);
        assert_eq!(room(16_777_215, None), TABLE_ROOM);
        assert_eq!(room(i32::MAX, None), TABLE_ROOM);
        // A count the kernel gave is the room, never more than the slots.
        assert_eq!(room(16_777_215, Some(3)), 3);
        assert_eq!(room(32_767, Some(20_000)), 20_000);
        assert_eq!(room(9, Some(20_000)), 10);
    }

    #[test]
    fn the_table_is_walked_only_where_it_is_dense() {
        assert!(!too_sparse(64, 0), "64 empty slots before the first object");
        assert!(too_sparse(65, 0));
        assert!(!too_sparse(3 * 2000 + 64, 2000));
        assert!(too_sparse(3 * 2000 + 65, 2000));
        assert!(!too_sparse(0, usize::MAX), "no overflow");
    }

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
        assert_eq!(o[1].locked, Some(false));
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
    fn fields_split_on_any_blank_run() {
        let mut v = Vec::new();
        split_fields(b"  a\tbb                  ccc \r d", &mut v);
        assert_eq!(v, [&b"a"[..], b"bb", b"ccc", b"d"]);
        v.clear();
        split_fields(b"                ", &mut v);
        assert!(v.is_empty());
        split_fields(b"x", &mut v);
        assert_eq!(v, [&b"x"[..]]);
    }

    #[test]
    fn missing_header_columns() {
        let (o, w) = parse("key shmid perms\n1 2 600\n".as_bytes(), Kind::Shm);
        assert!(o.is_empty());
        assert!(
            matches!(&w[0], Warning::SysvHeader { kind: Kind::Shm, missing, .. } if !missing.is_empty())
        );
        assert_eq!(w[0].kinds_not_listed(), [Kind::Shm]);
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
