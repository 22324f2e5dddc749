//! Collectors against fixture trees (`--root`): malformed and unexpected entries are reported
//! and skipped, never fatal.

use std::os::unix::fs::symlink;
use std::path::Path;

use crate::common::{stderr, stdout};

const SHM: &str = "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n\
  43981          7   600                  4096   100   101      1 100000 100000 100000 100000 1700000001 1700000002 1700000000                  4096                     0\n\
-1239060614      8  1644               1048576   200     0      0     0     0     0     0          0          0 1700000100                     0                     0\n\
garbage row\n";
const MSG: &str = "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n\
  305419896          1   644          12          2  55    0     0     0     0     0 1700000005          0 1700000000\n";
const SEM: &str = "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n\
         -1          3   666          2     0     0     0     0          0 1700000000\n";

fn write(p: &Path, data: &[u8]) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, data).unwrap();
}

/// A fake root with /proc/sysvipc, /dev/shm (good and bad entries), /dev/mqueue, /etc.
fn tree() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    write(&r.join("proc/sysvipc/shm"), SHM.as_bytes());
    write(&r.join("proc/sysvipc/msg"), MSG.as_bytes());
    write(&r.join("proc/sysvipc/sem"), SEM.as_bytes());
    write(
        &r.join("etc/passwd"),
        b"root:x:0:0::/root:/bin/sh\nwide:x:100000:100000::/:/bin/sh\n",
    );
    write(&r.join("etc/group"), b"root:x:0:\nwide:x:100000:\n");
    let mut sem = vec![0u8; 32];
    sem[0] = 5;
    write(&r.join("dev/shm/sem.good"), &sem);
    write(&r.join("dev/shm/sem.short"), b"abc");
    let mut huge = vec![0u8; 32];
    huge[..4].copy_from_slice(&0xffff_fff0u32.to_ne_bytes());
    write(&r.join("dev/shm/sem.huge"), &huge);
    write(&r.join("dev/shm/frames"), &[7u8; 100]);
    write(&r.join("dev/shm/odd name\x1b[31m"), b"x");
    std::fs::create_dir_all(r.join("dev/shm/adir")).unwrap();
    write(&r.join("outside/secret"), b"keep");
    symlink(r.join("outside/secret"), r.join("dev/shm/link")).unwrap();
    symlink(r.join("outside/secret"), r.join("dev/shm/sem.link")).unwrap();
    nix::unistd::mkfifo(
        &r.join("dev/shm/fifo"),
        nix::sys::stat::Mode::from_bits_truncate(0o600),
    )
    .unwrap();
    write(
        &r.join("dev/mqueue/jobs"),
        b"QSIZE:12         NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n",
    );
    std::fs::create_dir_all(r.join("dev/mqueue/notaqueue")).unwrap();
    for (f, v) in [
        ("proc/sys/kernel/msgmni", "32000"),
        ("proc/sys/kernel/msgmax", "8192"),
        ("proc/sys/kernel/msgmnb", "16384"),
        ("proc/sys/kernel/shmmni", "4096"),
        ("proc/sys/kernel/shmmax", "18446744073692774399"),
        ("proc/sys/kernel/shmall", "18446744073692774399"),
        ("proc/sys/kernel/sem", "32000\t1024000000\t500\t4"),
        ("proc/sys/fs/mqueue/queues_max", "256"),
        ("proc/sys/fs/mqueue/msg_max", "10"),
        ("proc/sys/fs/mqueue/msgsize_max", "8192"),
        ("proc/sys/fs/mqueue/msg_default", "10"),
        ("proc/sys/fs/mqueue/msgsize_default", "8192"),
    ] {
        write(&r.join(f), v.as_bytes());
    }
    t
}

fn ipcctl(root: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(crate::common::BIN)
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn fixture_list_json_has_every_kind_and_skips_junk() {
    let t = tree();
    let o = ipcctl(t.path(), &["list", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let refs: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["ref"].as_str().unwrap())
        .collect();
    for want in [
        "msg:1",
        "shm:7",
        "shm:8",
        "sem:3",
        "pmq:/jobs",
        "pshm:/frames",
        "psem:/good",
        "psem:/short",
        "psem:/huge",
    ] {
        assert!(refs.contains(&want), "{want} missing from {refs:?}");
    }
    for junk in ["psem:/link", "pmq:/notaqueue"] {
        assert!(!refs.contains(&junk), "{junk} should be skipped");
    }
    // Directories, symlinks and FIFOs in /dev/shm (issue 22.4): listed as what they are,
    // never followed, not warned about on every run; a `sem.` symlink is no semaphore.
    for (r, t) in [
        ("pshm:/link", "symlink"),
        ("pshm:/sem.link", "symlink"),
        ("pshm:/adir", "directory"),
        ("pshm:/fifo", "fifo"),
    ] {
        let o = crate::common::find(&v, r).unwrap_or_else(|| panic!("{r} not listed"));
        assert_eq!(o["file_type"], t, "{o}");
        assert!(o["size_bytes"].is_null(), "{o}");
        assert!(
            o["problem"]
                .as_str()
                .unwrap()
                .ends_with("left in /dev/shm, not shared memory"),
            "{o}"
        );
    }
    let err = stderr(&o);
    assert!(!err.contains("not a regular file"), "{err}");
    for warned in [
        "notaqueue: not a message queue",
        "psem:/short: malformed",
        "psem:/huge: malformed",
        "line 4",
    ] {
        assert!(
            err.contains(warned),
            "no warning containing '{warned}' in:\n{err}"
        );
    }
    // The symlink's target is untouched.
    assert_eq!(
        std::fs::read(t.path().join("outside/secret")).unwrap(),
        b"keep"
    );

    let shm7 = crate::common::find(&v, "shm:7").unwrap();
    assert_eq!(shm7["key"], "0x0000abcd");
    assert_eq!(shm7["uid"], 100_000);
    assert_eq!(shm7["user"], "wide");
    assert_eq!(shm7["group"], "wide");
    assert_eq!(shm7["nattch"], 1);
    assert_eq!(shm7["cpid"], 100);
    assert_eq!(shm7["lpid"], 101);
    assert_eq!(shm7["ctime"], "2023-11-14T22:13:20Z");
    assert_eq!(shm7["mode"], "0600");
    let shm8 = crate::common::find(&v, "shm:8").unwrap();
    assert_eq!(shm8["key"], "0xb6256f7a");
    assert_eq!(shm8["marked_for_deletion"], true);
    assert_eq!(shm8["mode"], "0644");
    let sem3 = crate::common::find(&v, "sem:3").unwrap();
    assert_eq!(sem3["key"], "0xffffffff");
    assert_eq!(sem3["nsems"], 2);
    let msg1 = crate::common::find(&v, "msg:1").unwrap();
    assert_eq!(
        (msg1["messages"].as_u64(), msg1["lspid"].as_i64()),
        (Some(2), Some(55))
    );
    assert_eq!(msg1["size_bytes"], 12);
    let good = crate::common::find(&v, "psem:/good").unwrap();
    assert_eq!(good["value"], 5);
    assert_eq!(good["name"], "/good");
    assert!(good["id"].is_null() && good["key"].is_null());
    let short = crate::common::find(&v, "psem:/short").unwrap();
    assert!(short["value"].is_null());
    assert!(short["problem"].as_str().unwrap().contains("3 bytes"));
    let frames = crate::common::find(&v, "pshm:/frames").unwrap();
    assert_eq!(frames["size_bytes"], 100);
}

#[test]
fn fixture_table_sanitizes_names_and_sorts() {
    let t = tree();
    let o = ipcctl(
        t.path(),
        &[
            "list", "pshm", "-o", "ref,size", "--sort", "size", "--bytes",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        !out.contains('\x1b'),
        "escape reached the terminal: {out:?}"
    );
    // One word per ref (issue 19.7): the space is escaped too.
    assert!(out.contains("odd\\x20name\\u{1b}[31m"), "{out}");
    // Directories, symlinks and FIFOs have no size: they sort first, with `-`.
    let lines: Vec<&str> = out.lines().filter(|l| !l.ends_with(" -")).collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["REF", "SIZE"]
    );
    // Sorted by size: the 1-byte file before the 100-byte one.
    assert!(
        lines[1].ends_with(" 1") && lines[2].ends_with(" 100"),
        "{out}"
    );
}

#[test]
fn fixture_refs_only_for_xargs() {
    let t = tree();
    let o = ipcctl(
        t.path(),
        &["list", "shm", "sem", "-o", "ref", "--no-headings"],
    );
    assert!(o.status.success());
    assert_eq!(stdout(&o), "shm:7\nshm:8\nsem:3\n");
}

#[test]
fn fixture_filters() {
    let t = tree();
    let o = ipcctl(
        t.path(),
        &["list", "--owner", "wide", "-o", "ref", "--no-headings"],
    );
    assert_eq!(stdout(&o), "shm:7\n", "{}", stderr(&o));
    let o = ipcctl(
        t.path(),
        &["list", "--key", "0xffffffff", "-o", "ref", "--no-headings"],
    );
    assert_eq!(stdout(&o), "sem:3\n");
    let o = ipcctl(
        t.path(),
        &["list", "--name", "g*", "-o", "ref", "--no-headings"],
    );
    assert_eq!(stdout(&o), "psem:/good\n");
    let o = ipcctl(
        t.path(),
        &[
            "list",
            "shm",
            "--older-than",
            "1h",
            "-o",
            "ref",
            "--no-headings",
        ],
    );
    assert_eq!(stdout(&o), "shm:7\nshm:8\n");
    let o = ipcctl(t.path(), &["list", "--owner", "nosuchuser"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such user 'nosuchuser'"));
    let o = ipcctl(t.path(), &["list", "--key", "0x0"]);
    assert_eq!(o.status.code(), Some(2));
    let o = ipcctl(t.path(), &["list", "-o", "ref,bogus"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown column 'bogus'"));
}

#[test]
fn fixture_show_and_limits() {
    let t = tree();
    let o = ipcctl(t.path(), &["show", "shm:0x0000abcd", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["id"], 7);
    assert_eq!(v["rss_bytes"], 4096);
    let o = ipcctl(t.path(), &["show", "pmq:/jobs", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v["size_bytes"].is_null(),
        "QSIZE read without --queued-bytes"
    );
    assert!(v["notify_pid"].is_null());
    let o = ipcctl(t.path(), &["show", "pmq:/jobs", "--queued-bytes", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["size_bytes"], 12, "QSIZE read by show --queued-bytes");
    assert_eq!(v["notify_pid"], 0);
    let o = ipcctl(t.path(), &["show", "psem:/short"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("malformed"));

    let o = ipcctl(t.path(), &["limits", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let get = |n: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|l| l["name"] == n)
            .unwrap()
            .clone()
    };
    assert_eq!(get("SHMMNI")["limit"], 4096);
    assert_eq!(get("SHMMNI")["used"], 2);
    assert_eq!(get("SEMMNI")["limit"], 4);
    assert_eq!(get("SEMMNI")["used"], 1);
    assert_eq!(get("SEMMNI")["percent"], 25.0);
    assert_eq!(get("SEMMNS")["used"], 2);
    assert_eq!(get("MSGMNI")["used"], 1);
    assert_eq!(get("MQ_QUEUES_MAX")["used"], 1);
    let o = ipcctl(t.path(), &["limits"]);
    assert!(stdout(&o).contains("SEMMNI"));
}

#[test]
fn fixture_missing_sources_are_warnings() {
    let t = tempfile::tempdir().unwrap();
    let o = ipcctl(t.path(), &["list"]);
    assert!(o.status.success(), "a missing source is not fatal");
    // Without -v, one warning line (issue 20.10): the first gaps in full, the rest counted.
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/proc/sysvipc/shm: cannot read"), "{err}");
    assert!(
        err.contains("and 2 more warning(s) (-v shows each)"),
        "{err}"
    );
    // -v: each on its own line.
    let o = ipcctl(t.path(), &["-v", "list"]);
    let err = stderr(&o);
    assert!(err.lines().count() >= 5, "{err}");
    assert!(
        err.contains("no mqueue filesystem is mounted; mount one with"),
        "{err}"
    );
    assert!(err.contains("dev/shm: does not exist"), "{err}");
    let o = ipcctl(t.path(), &["list", "--quiet"]);
    assert_eq!(stderr(&o), "", "--quiet silences warnings");
}

#[test]
fn fixture_doctor_warns_about_logind_remove_ipc() {
    let t = tree();
    let r = t.path();
    write(&r.join("lib/systemd/systemd-logind"), b"");
    write(
        &r.join("etc/systemd/logind.conf"),
        b"[Login]\n#RemoveIPC=yes\n",
    );
    // Installed but not running: RemoveIPC does nothing, so no warning.
    let o = ipcctl(r, &["doctor"]);
    assert!(!stdout(&o).contains("RemoveIPC"), "{}", stdout(&o));
    std::fs::create_dir_all(r.join("run/systemd/seats")).unwrap();
    // systemd is init (sd_booted): a seats directory alone may be stale.
    std::fs::create_dir_all(r.join("run/systemd/system")).unwrap();
    let o = ipcctl(r, &["doctor"]);
    let out = stdout(&o);
    assert!(
        out.contains("RemoveIPC=yes (systemd's default)") && out.contains("wide (1)"),
        "default yes and a regular user's object: {out}{}",
        stderr(&o)
    );
    write(
        &r.join("etc/systemd/logind.conf.d/ipc.conf"),
        b"[Login]\nRemoveIPC=no\n",
    );
    let o = ipcctl(r, &["doctor"]);
    assert!(!stdout(&o).contains("RemoveIPC"), "{}", stdout(&o));
}

#[test]
fn fixture_sort_descending_and_ipcs_columns() {
    let t = tree();
    let asc = ipcctl(
        t.path(),
        &[
            "list",
            "-o",
            "ref,size",
            "--sort",
            "size",
            "--bytes",
            "--no-headings",
        ],
    );
    let desc = ipcctl(
        t.path(),
        &[
            "list",
            "-o",
            "ref,size",
            "--sort",
            "-size",
            "--bytes",
            "--no-headings",
        ],
    );
    assert_eq!(desc.status.code(), Some(0), "{}", stderr(&desc));
    let sizes = |o: &std::process::Output| -> Vec<u64> {
        stdout(o)
            .lines()
            .filter_map(|l| l.split_whitespace().nth(1)?.parse().ok())
            .collect()
    };
    let (a, d) = (sizes(&asc), sizes(&desc));
    assert!(a.len() >= 2, "{a:?}");
    assert!(a.windows(2).all(|w| w[0] <= w[1]), "{a:?}");
    assert!(d.windows(2).all(|w| w[0] >= w[1]), "{d:?}");
    // ipcs -t/-p/-c columns exist and render.
    let o = ipcctl(
        t.path(),
        &["list", "msg", "-o", "ref,stime,rtime,lrpid,cuid,cgid"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("STIME"), "{}", stdout(&o));
    let o = ipcctl(t.path(), &["list", "-o", ""]);
    assert_eq!(o.status.code(), Some(2), "an empty column list is refused");
}

/// Newcomer pass: with POSIX queues not listed (no mqueue mount a normal user may read),
/// doctor said `MQ_QUEUES_MAX 0/256 OK` and "every limit has room" while the user's queue
/// budget was used up. Their use is unknown: not judged, and said so; limits shows `-`.
#[test]
fn fixture_doctor_does_not_judge_limits_whose_objects_were_not_listed() {
    let t = tree();
    let r = t.path();
    std::fs::remove_dir_all(r.join("dev/mqueue")).unwrap();
    let o = ipcctl(r, &["doctor"]);
    let out = stdout(&o);
    assert!(!out.contains("every limit has room."), "{out}");
    assert!(
        out.contains("not judged: MQ_QUEUES_MAX, RLIMIT_MSGQUEUE"),
        "{out}"
    );
    assert!(!out.contains("MQ_QUEUES_MAX   0/256"), "{out}");
    let j: serde_json::Value =
        serde_json::from_slice(&ipcctl(r, &["doctor", "--json"]).stdout).unwrap();
    assert_eq!(
        j["unjudged"],
        serde_json::json!(["MQ_QUEUES_MAX", "RLIMIT_MSGQUEUE"]),
        "{j}"
    );
    let limits: serde_json::Value =
        serde_json::from_slice(&ipcctl(r, &["limits", "--json"]).stdout).unwrap();
    let q = limits
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "MQ_QUEUES_MAX")
        .unwrap_or_else(|| panic!("{limits}"));
    assert!(q["used"].is_null(), "{q}");
}
