//! Issue 21.7: `list` reads System V objects from the kernel's table (`*_STAT_ANY`, one call
//! a slot) rather than its /proc/sysvipc text when no column needs what only the text has.
//! Both readings must give the same objects: the table's is compared here with the text's
//! (`--root /proc/self/root`, a test hook, makes ipcctl read the live text as if it were a
//! fixture tree), on real objects in every state the kernel records.

use std::process::Command;

use crate::common::BIN;

/// Run `script` (Python) with `args` under `unshare UNSHARE -- python3 -c`, and return what
/// it printed; fails the test when it fails.
fn python_in(unshare: &[&str], script: &str, args: &[String]) -> String {
    let o = Command::new("unshare")
        .args(unshare)
        .args(["--", "python3", "-c", script])
        .args(args)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        o.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// Creates, in the private IPC namespace it runs in, queues (empty, with messages, one
/// received from), segments (idle, attached, attached and detached, removed while attached,
/// locked) and sets (of three, one operated on), holds them, and runs each argument with a
/// shell, printing its output and a separator line. With `sparse` first, it makes 400 more
/// segments and removes all but three, far apart (a table the walk gives up on).
const MAKE_AND_RUN: &str = r#"
import ctypes, subprocess, sys
sparse = sys.argv[1] == "sparse"
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
libc.shmdt.argtypes = [ctypes.c_void_p]
C, RMID, SHM_LOCK = 0o1000, 0, 11
def ok(r, what):
    if r is None or r < 0: sys.exit(f"{what}: errno {ctypes.get_errno()}")
    return r
qs = [ok(libc.msgget(k, C | 0o640), "msgget") for k in (0x7a110001, 0, 0x7a110002)]
buf = ctypes.create_string_buffer(8 + 16)
ctypes.memmove(buf, (1).to_bytes(8, "little") + b"hello", 13)
for _ in range(3): ok(libc.msgsnd(qs[1], buf, 5, 0), "msgsnd")
ok(libc.msgsnd(qs[2], buf, 5, 0), "msgsnd")
ok(libc.msgrcv(qs[2], buf, 16, 0, 0), "msgrcv")
keys = (0x7a110003, 0, 0x7a110004, 0x7a110005, 0x7a110006)
ss = [ok(libc.shmget(k, 4096 * (i + 1), C | 0o600), "shmget") for i, k in enumerate(keys)]
ok(libc.shmat(ss[1], None, 0), "shmat")
ok(libc.shmdt(ctypes.c_void_p(ok(libc.shmat(ss[2], None, 0), "shmat"))), "shmdt")
ok(libc.shmat(ss[3], None, 0), "shmat")
ok(libc.shmctl(ss[3], RMID, None), "rmid")
ok(libc.shmctl(ss[4], SHM_LOCK, None), "lock")
sems = [ok(libc.semget(k, n, C | 0o666), "semget") for k, n in ((0x7a110007, 3), (0, 1))]
class Sembuf(ctypes.Structure):
    _fields_ = [("num", ctypes.c_ushort), ("op", ctypes.c_short), ("flg", ctypes.c_short)]
ok(libc.semop(sems[1], ctypes.byref(Sembuf(0, 2, 0)), 1), "semop")
if sparse:
    more = [ok(libc.shmget(0, 4096, C | 0o600), "shmget") for _ in range(400)]
    for i, id in enumerate(more):
        if i not in (0, 200, 399): ok(libc.shmctl(id, RMID, None), "rmid")
for cmd in sys.argv[2:]:
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    if r.returncode != 0: sys.exit(f"{cmd}: {r.stderr}")
    print(r.stdout, end="")
    print("=====")
"#;

/// Every column a System V object fills from the kernel, holders aside (the fixture root
/// reads no processes the way a live run does).
const COLUMNS: &str = "ref,id,key,owner,group,perms,size,use,cpid,lpid,lrpid,cuid,cgid,\
                       ctime,atime,dtime,stime,rtime,otime";

/// Runs MAKE_AND_RUN (`dense` or `sparse`) with the live and the text listings, table and
/// JSON, and which files `list shm` and `list shm --json` open; returns the seven outputs.
fn listings(layout: &str) -> Vec<String> {
    // System V only: /dev/shm is the host's here, and other tests make objects in it.
    let live = format!("{BIN} list msg shm sem -o {COLUMNS}");
    let text = format!("{BIN} --root /proc/self/root list msg shm sem -o {COLUMNS}");
    // JSON carries every field (segments then come from the text in both runs, for their
    // resident and swapped bytes; queues and sets still from the table).
    let live_json = format!("{BIN} list msg shm sem --json");
    let text_json = format!("{BIN} --root /proc/self/root list msg shm sem --json");
    // Which files each reading opens.
    let opens = |args: &str| format!("strace -f -e trace=openat {BIN} {args} 2>&1 >/dev/null");
    let out = python_in(
        &["--ipc"],
        MAKE_AND_RUN,
        &[
            layout.to_string(),
            live,
            text,
            live_json,
            text_json,
            opens("list shm"),
            opens("list shm --json"),
        ],
    );
    let parts: Vec<String> = out.split("=====\n").map(str::to_string).collect();
    assert_eq!(parts.len(), 7, "{out}");
    parts
}

#[test]
#[ignore = "needs root (unshare --ipc, SHM_LOCK) and strace"]
fn the_kernel_table_and_the_proc_text_give_the_same_objects() {
    crate::common::require_root();
    for (layout, objects) in [("dense", 10), ("sparse", 13)] {
        let parts = listings(layout);
        // The objects and a header, in every state made above.
        assert_eq!(parts[0].lines().count(), objects + 1, "{}", parts[0]);
        for word in ["dest", "locked", "msg:2", "sem:1"] {
            assert!(parts[0].contains(word), "{word}:\n{}", parts[0]);
        }
        assert_eq!(
            parts[0], parts[1],
            "{layout}: the table's listing differs from the text's"
        );
        let (mut a, b): (serde_json::Value, serde_json::Value) = (
            serde_json::from_str(&parts[2]).unwrap(),
            serde_json::from_str(&parts[3]).unwrap(),
        );
        assert_eq!(a.as_array().map(Vec::len), Some(objects), "{a}");
        // The table also tells a queue's msg_qbytes (the namespace's default, 16384 bytes),
        // which the text does not; everything else is the same.
        for o in a.as_array_mut().unwrap() {
            if o["kind"] == "msg" {
                assert_eq!(o["max_bytes"], 16384, "{o}");
                o["max_bytes"] = serde_json::Value::Null;
            }
        }
        assert_eq!(a, b, "{layout}: the table's objects differ from the text's");
        // A dense table is walked and its text never opened; a sparse one is read from the
        // text. JSON wants segments' memory: the text.
        let opened = parts[4].contains("/proc/sysvipc/shm");
        assert_eq!(opened, layout == "sparse", "{layout}: {}", parts[4]);
        assert!(parts[5].contains("/proc/sysvipc/shm"), "{}", parts[5]);
    }
}

/// Makes one queue, segment and set at the top index of their tables (32767, through the
/// private namespace's `*_next_id` sysctls), then prints the least address space (RLIMIT_AS,
/// MiB) each argument's command runs in, found by bisection, and its output.
const AT_THE_TOP_INDEX: &str = r#"
import ctypes, resource, subprocess, sys
libc = ctypes.CDLL(None, use_errno=True)
C = 0o1000
def ok(r, what):
    if r < 0: sys.exit(f"{what}: errno {ctypes.get_errno()}")
    return r
for kind, make in (("msg", lambda: libc.msgget(0, C | 0o600)),
                   ("shm", lambda: libc.shmget(0, 4096, C | 0o600)),
                   ("sem", lambda: libc.semget(0, 1, C | 0o600))):
    with open(f"/proc/sys/kernel/{kind}_next_id", "w") as f: f.write("32767")
    ok(make(), kind)
def run(cmd, mib):
    lim = lambda: resource.setrlimit(resource.RLIMIT_AS, (mib << 20, mib << 20))
    return subprocess.run(cmd.split(), capture_output=True, text=True, preexec_fn=lim)
for cmd in sys.argv[1:]:
    r = run(cmd, 4096)
    if r.returncode != 0: sys.exit(f"{cmd}: {r.stderr}")
    lo, hi = 1, 4096
    while lo < hi:
        mid = (lo + hi) // 2
        if run(cmd, mid).returncode == 0: hi = mid
        else: lo = mid + 1
    print(lo)
    print(r.stdout, end="")
    print("=====")
"#;

/// One object at the top index of each table said nothing of how many there are, yet the
/// walk made room for an object a slot (3 x 32,768 x 672 bytes: 66 MB of address space, and
/// on a kernel booted with `ipcmni_extend`, whose indices reach 16,777,215, 34 GB, an abort
/// on allocation failure). The table's listing must fit in about the address space the
/// text's does.
#[test]
#[ignore = "needs root: unshare --ipc and the namespace's *_next_id sysctls"]
fn objects_at_the_top_index_cost_the_walk_no_room_for_every_slot() {
    crate::common::require_root();
    let live = format!("{BIN} list msg shm sem -o ref,key,owner --no-headings");
    let text =
        format!("{BIN} --root /proc/self/root list msg shm sem -o ref,key,owner --no-headings");
    let out = python_in(&["--ipc"], AT_THE_TOP_INDEX, &[live, text]);
    let parts: Vec<&str> = out.split("=====\n").collect();
    assert_eq!(parts.len(), 3, "{out}");
    let least = |p: &str| -> (u64, String) {
        let (n, listing) = p.split_once('\n').unwrap();
        (n.trim().parse().unwrap(), listing.to_string())
    };
    let ((table_mib, table), (text_mib, text)) = (least(parts[0]), least(parts[1]));
    for r in ["msg:32767", "shm:32767", "sem:32767"] {
        assert!(table.contains(r), "{r}:\n{table}");
    }
    assert_eq!(table, text);
    assert!(
        table_mib <= text_mib + 16,
        "the table's listing needs {table_mib} MiB of address space, the text's {text_mib} MiB"
    );
}

/// Makes a sparse queue table (one queue at index 0, one at 500) and a segment, mounts a /proc that has no
/// sysvipc directory (`subset=pid`, what systemd's `ProcSubset=pid` gives a service) in the
/// private mount namespace, and runs each argument with a shell.
const SPARSE_WITHOUT_SYSVIPC: &str = r#"
import ctypes, subprocess, sys
libc = ctypes.CDLL(None, use_errno=True)
def ok(r, what):
    if r < 0: sys.exit(f"{what}: errno {ctypes.get_errno()}")
    return r
ok(libc.msgget(0x7a110011, 0o1600), "msgget")
with open("/proc/sys/kernel/msg_next_id", "w") as f: f.write("500")
ok(libc.msgget(0x7a110012, 0o1600), "msgget")
ok(libc.shmget(0x7a110013, 4096, 0o1600), "shmget")
subprocess.run(["mount", "-t", "proc", "-o", "subset=pid", "proc", "/proc"], check=True)
for cmd in sys.argv[1:]:
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    print(r.stdout + r.stderr, end="")
    print("=====")
"#;

/// The walk leaves a sparse table to the text, which costs less; when there is no text to
/// read (/proc mounted `subset=pid`, or not at all), the table still answers: which queues
/// are listed, counted and judged must not depend on how sparse their table is.
#[test]
#[ignore = "needs root: unshare --ipc --mount, the namespace's msg_next_id, a procfs mount"]
fn a_sparse_table_is_listed_when_the_proc_text_cannot_be_read() {
    crate::common::require_root();
    let out = python_in(
        &["--ipc", "--mount", "--propagation", "private"],
        SPARSE_WITHOUT_SYSVIPC,
        &[
            "test -e /proc/sysvipc && echo sysvipc-present".to_string(),
            format!("{BIN} list msg -o ref,key --no-headings"),
            format!("{BIN} list msg shm --json 2>/dev/null"),
            format!("{BIN} list msg shm --json 2>&1 >/dev/null"),
        ],
    );
    let parts: Vec<&str> = out.split("=====\n").collect();
    assert_eq!(parts.len(), 5, "{out}");
    assert_eq!(parts[0], "", "the mounted /proc must have no sysvipc");
    assert!(!parts[1].contains("not listed"), "{}", parts[1]);
    let listed: Vec<Vec<&str>> = parts[1]
        .lines()
        .filter(|l| l.starts_with("msg:"))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        listed,
        [["msg:0", "0x7a110011"], ["msg:500", "0x7a110012"]],
        "{}",
        parts[1]
    );
    // Segments' resident bytes are in the text only; the rest of a segment is in the
    // table, which answers for every kind when the text cannot.
    assert!(!parts[3].contains("not listed"), "{}", parts[3]);
    let json = parts[2];
    let objects: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
    let refs: Vec<&str> = objects.iter().map(|o| o["ref"].as_str().unwrap()).collect();
    assert_eq!(refs, ["msg:0", "msg:500", "shm:0"], "{json}");
    assert_eq!(objects[2]["key"], "0x7a110013", "{json}");
    assert_eq!(objects[2]["rss_bytes"], serde_json::Value::Null, "{json}");
}

/// Makes N objects of each System V kind in the private IPC namespace it runs in (the
/// namespace's own limits raised), then prints the peak resident memory of each argument
/// run as a command (its own, from wait4), one per line.
const MANY_AND_PEAK: &str = r#"
import ctypes, os, subprocess, sys
n = int(sys.argv[1])
def sysctl(name, value):
    with open("/proc/sys/kernel/" + name, "w") as f: f.write(value)
sysctl("shmmni", str(n + 10)); sysctl("msgmni", str(n + 10))
sysctl("sem", f"250 {250 * (n + 10)} 32 {n + 10}")
libc = ctypes.CDLL(None, use_errno=True)
for _ in range(n):
    for r in (libc.shmget(0, 1, 0o1600), libc.msgget(0, 0o1600), libc.semget(0, 1, 0o1600)):
        if r < 0: sys.exit(f"create: errno {ctypes.get_errno()}")
for cmd in sys.argv[2:]:
    p = subprocess.Popen(cmd.split(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    if status != 0: sys.exit(f"{cmd}: status {status}")
    print(usage.ru_maxrss)
"#;

/// Regression: the room made before walking a segment table was capped at 4,096 objects
/// whatever the count, so a listing of 20,000 segments, queues and sets grew its vector past
/// it, and peaked ~17 MiB (a third) above the same listing read from the /proc text. The
/// table's reading never needs more memory than the text's.
#[test]
#[ignore = "needs root: unshare --ipc and the namespace's shmmni/msgmni/sem"]
fn a_large_table_listing_peaks_no_higher_than_the_texts() {
    crate::common::require_root();
    let out = python_in(
        &["--ipc"],
        MANY_AND_PEAK,
        &[
            "20000".to_string(),
            format!("{BIN} list msg shm sem"),
            format!("{BIN} --root /proc/self/root list msg shm sem"),
        ],
    );
    let kib: Vec<u64> = out.lines().map(|l| l.trim().parse().unwrap()).collect();
    let [table, text] = kib[..] else {
        panic!("{out}")
    };
    assert!(
        table <= text,
        "the table's listing peaked at {table} KiB, the text's at {text} KiB"
    );
}

/// Regression (review): the table's answer carries each queue's msg_qbytes, but it was
/// dropped and `limits` asked IPC_STAT per queue, which needs read permission: a normal user
/// saw no bound for root's 0600 queue (MSGMNB's largest was left empty).
#[test]
#[ignore = "needs root: unshare --ipc, then the user nobody (setpriv)"]
fn a_normal_user_sees_the_bound_of_a_queue_it_cannot_read() {
    use std::os::unix::fs::PermissionsExt;
    crate::common::require_root();
    // The binary where nobody can run it (the build directory may be closed to others).
    let bin = crate::common::scratch().join(format!("ipcctl-nobody-{}", std::process::id()));
    std::fs::copy(BIN, &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let o = Command::new("unshare")
        .args(["--ipc", "--", "sh", "-c"])
        .arg(format!(
            "{b} create msg --max-bytes 8K --mode 600 >/dev/null && \
             setpriv --reuid=65534 --regid=65534 --clear-groups {b} limits --json",
            b = bin.display()
        ))
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&bin);
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        o.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let limits: serde_json::Value = serde_json::from_str(&out).unwrap();
    let msgmnb = limits
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "MSGMNB")
        .unwrap();
    assert_eq!(msgmnb["largest"], 8192, "{msgmnb}");
}
