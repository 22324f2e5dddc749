//! Live tests: real objects of all six kinds, the binary's JSON and tables asserted against
//! what was created and against /proc/sysvipc; exit codes and stderr wording.

use std::process::{Command, Stdio};

use crate::common::*;

/// The /proc/sysvipc row of one id, as header -> value.
fn sysvipc_row(kind: &str, id: i32) -> std::collections::HashMap<String, String> {
    let text = std::fs::read_to_string(format!("/proc/sysvipc/{kind}")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    let idcol = header.iter().position(|h| h.ends_with("id")).unwrap();
    for l in lines {
        let f: Vec<&str> = l.split_whitespace().collect();
        if f[idcol] == id.to_string() {
            return header
                .iter()
                .zip(f)
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
        }
    }
    panic!("{kind} {id} not in /proc/sysvipc");
}

fn me() -> (u32, u32) {
    // SAFETY: no preconditions.
    unsafe { (libc::geteuid(), libc::getegid()) }
}

fn rfc3339_to_epoch(s: &str) -> i64 {
    humantime::parse_rfc3339(s)
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn live_sysv_objects_match_what_was_created_and_proc() {
    let shm = Shm::new(12345, 0o640);
    let msg = Msg::new(0o600);
    msg.send(3, b"hello");
    msg.send(4, b"");
    let sem = Sem::new(3, 0o604);
    sem.set(1, 7);

    let list = run_json(&["list", "msg", "shm", "sem"]);
    let (uid, gid) = me();
    let s = find(&list, &format!("shm:{}", shm.id)).expect("shm listed");
    let row = sysvipc_row("shm", shm.id);
    assert_eq!(s["kind"], "shm");
    assert_eq!(s["id"], shm.id);
    assert_eq!(s["key"], format!("0x{:08x}", shm.key));
    assert_eq!(s["mode"], "0640");
    assert_eq!(s["size_bytes"], 12345);
    assert_eq!(s["nattch"], 0);
    assert_eq!(s["uid"], uid);
    assert_eq!(s["gid"], gid);
    assert_eq!(s["cuid"], uid);
    assert_eq!(s["cpid"].as_i64().unwrap().to_string(), row["cpid"]);
    assert_eq!(s["lpid"].as_i64().unwrap().to_string(), row["lpid"]);
    assert_eq!(
        rfc3339_to_epoch(s["ctime"].as_str().unwrap()).to_string(),
        row["ctime"]
    );
    assert_eq!(s["uid"].as_u64().unwrap().to_string(), row["uid"]);
    assert!(s["name"].is_null() && s["messages"].is_null() && s["value"].is_null());
    assert!(s["user"].is_string());

    let m = find(&list, &format!("msg:{}", msg.id)).expect("msg listed");
    let row = sysvipc_row("msg", msg.id);
    assert_eq!(m["key"], format!("0x{:08x}", msg.key));
    assert_eq!(m["messages"], 2);
    assert_eq!(m["size_bytes"], 5);
    assert_eq!(m["mode"], "0600");
    assert_eq!(m["lspid"], std::process::id());
    assert_eq!(m["lrpid"].as_i64().unwrap().to_string(), row["lrpid"]);
    assert!(m["nattch"].is_null());

    let e = find(&list, &format!("sem:{}", sem.id)).expect("sem listed");
    assert_eq!(e["key"], format!("0x{:08x}", sem.key));
    assert_eq!(e["nsems"], 3);
    assert_eq!(e["mode"], "0604");
    assert_eq!(
        e["gid"].as_u64().unwrap().to_string(),
        sysvipc_row("sem", sem.id)["gid"]
    );

    // show: by id and by key; semaphores with values and last pid.
    let v = run_json(&["show", &format!("sem:0x{:08x}", sem.key)]);
    assert_eq!(v["id"], sem.id);
    let sems = v["semaphores"].as_array().unwrap();
    assert_eq!(sems.len(), 3);
    assert_eq!(sems[1]["index"], 1);
    assert_eq!(sems[1]["value"], 7);
    assert_eq!(sems[1]["pid"], std::process::id());
    assert_eq!(sems[0]["value"], 0);
    assert_eq!(sems[2]["ncount"], 0);
    let v = run_json(&["show", &format!("msg:{}", msg.id)]);
    assert_eq!(v["messages"], 2);
    assert!(
        v["max_bytes"].as_u64().unwrap() > 0,
        "msg_qbytes from IPC_STAT"
    );

    // The human table has every object, with its key and a human size.
    let o = run(&["list", "shm", "msg", "sem"]);
    let out = stdout(&o);
    for r in [
        format!("shm:{}", shm.id),
        format!("msg:{}", msg.id),
        format!("sem:{}", sem.id),
    ] {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(r.as_str()));
        assert!(line.is_some(), "{r} not in table:\n{out}");
    }
    let line = out
        .lines()
        .find(|l| l.contains(&format!("shm:{} ", shm.id)))
        .unwrap();
    assert!(
        line.contains("12.1 KiB") && line.contains(&format!("0x{:08x}", shm.key)),
        "{line}"
    );
    let o = run(&["show", &format!("sem:{}", sem.id)]);
    assert!(stdout(&o).contains("LAST PID"));
}

#[test]
#[ignore = "needs root or an mqueue mount (POSIX queues)"]
fn live_posix_objects_match_what_was_created() {
    let q = Pmq::with("q", 3, 32);
    q.send(2, b"abc");
    let p = Pshm::new("p", 8192);
    let s = Psem::new("s", 4);
    let list = run_json(&["list", "pmq", "pshm", "psem", "--name", "ipcctl-test-*"]);
    let (uid, gid) = me();

    let qo = find(&list, &format!("pmq:/{}", q.name)).expect("pmq listed");
    assert_eq!(qo["kind"], "pmq");
    assert_eq!(qo["name"], format!("/{}", q.name));
    assert_eq!(qo["mode"], "0600");
    assert_eq!(qo["messages"], 1);
    assert_eq!(qo["max_messages"], 3);
    assert_eq!(qo["message_size"], 32);
    assert_eq!(qo["uid"], uid);
    assert!(qo["id"].is_null() && qo["key"].is_null());

    let po = find(&list, &format!("pshm:/{}", p.name)).expect("pshm listed");
    assert_eq!(po["size_bytes"], 8192);
    assert_eq!(po["mode"], "0640");
    assert_eq!(po["gid"], gid);
    let age = rfc3339_to_epoch(po["ctime"].as_str().unwrap());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!((now - age).abs() < 120, "ctime is recent");

    let so = find(&list, &format!("psem:/{}", s.name)).expect("psem listed");
    assert_eq!(so["value"], 4);
    assert_eq!(so["mode"], "0600");
    assert!(so["size_bytes"].is_null());

    // Listing changed nothing: the queue still has its message, times unchanged.
    let again = run_json(&["list", "pmq", "--name", &q.name]);
    assert_eq!(again[0]["messages"], 1);
    assert_eq!(again[0]["ctime"], qo["ctime"]);

    let v = run_json(&["show", &format!("pmq:{}", q.name), "--queued-bytes"]);
    assert_eq!(v["size_bytes"], 3, "QSIZE");
    assert_eq!(v["notify_pid"], 0);
    let o = run(&["list", "--name", &p.name]);
    assert!(stdout(&o).contains(&format!("pshm:/{}", p.name)));
    assert!(stdout(&o).contains("8.0 KiB"));
}

#[test]
#[ignore = "needs root: unshare --mount"]
fn live_pmq_listed_without_a_mounted_mqueue() {
    require_root();
    let q = Pmq::new("nomount");
    // In a private mount namespace without /dev/mqueue, ipcctl mounts its own instance in a
    // child namespace; the host's mounts are not touched.
    let o = without_mqueue(&format!("{BIN} list pmq --name '{}' --json", q.name));
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["ref"], format!("pmq:/{}", q.name));
    assert_eq!(v[0]["max_messages"], 4);
}

#[test]
fn live_not_found_and_bad_refs() {
    let shm = Shm::new(4096, 0o600);
    let id = shm.id;
    drop(shm);
    let r = format!("shm:{id}");
    let o = run(&["show", &r]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), format!("ipcctl: {r}: no such object\n"));
    assert!(o.stdout.is_empty());

    let name = unique_name("gone");
    let o = run(&["show", &format!("pshm:{name}")]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!("ipcctl: pshm:/{name}: no such object\n")
    );

    for (arg, needle) in [
        ("shm:0x0", "IPC_PRIVATE"),
        ("shm:0x00000000", "IPC_PRIVATE"),
        ("shm:0x123456789", "32-bit"),
        ("pmq:123", "by name"),
        ("shm:/x", "no names"),
        ("shm:abc", "neither an id"),
        ("nope:1", "unknown kind"),
        ("shm", "not a reference"),
        ("pmq:/a/b", "no other"),
    ] {
        let o = run(&["show", arg]);
        assert_eq!(o.status.code(), Some(2), "{arg}");
        let err = stderr(&o);
        assert!(
            err.starts_with("ipcctl: ") && err.contains(needle),
            "{arg}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "one line: {err}");
    }
    let o = run(&["list", "nosuchkind"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn live_broken_pipe_exits_quietly() {
    let _shm = Shm::new(4096, 0o600);
    let mut child = Command::new(BIN)
        .args(["list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked") && !stderr(&o).contains("Broken pipe"));
}

#[test]
#[ignore = "needs root: switches to the user nobody (setpriv)"]
fn live_unprivileged_user_lists_too() {
    require_root();
    let shm = Shm::new(4096, 0o600);
    let o = Command::new("setpriv")
        .args([
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            BIN,
            "list",
            "shm",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        find(&v, &format!("shm:{}", shm.id)).is_some(),
        "/proc/sysvipc is readable by everyone"
    );
}

#[test]
fn live_colour_only_when_asked_or_on_a_terminal() {
    let p = Pshm::new("colour", 64);
    let piped = run(&["list", "--orphans", "--name", &p.name]);
    assert!(piped.status.success());
    assert!(!stdout(&piped).contains('\x1b'), "no colour into a pipe");
    let forced = run(&["list", "--orphans", "--color", "always", "--name", &p.name]);
    let out = stdout(&forced);
    assert!(out.contains("\x1b[1mKIND\x1b[0m"), "bold headers: {out:?}");
    // orphan where every process can be inspected, unknown where some cannot (issue 15).
    assert!(
        out.contains("orphan\x1b[0m") || out.contains("unknown\x1b[0m"),
        "coloured state: {out:?}"
    );
    let never = run(&["list", "--color", "never", "--name", &p.name]);
    assert!(!stdout(&never).contains('\x1b'));
}

#[test]
#[ignore = "needs root: unshare --mount, then the user nobody (setpriv)"]
fn live_without_mqueue_a_normal_user_gets_one_warning_and_the_rest() {
    require_root();
    let p = Pshm::new("nomq", 64);
    // No mqueue mount, and a user who may not create mount namespaces: one warning line
    // saying how to mount it, and every other kind still listed.
    let o = without_mqueue(&format!(
        "setpriv --reuid=nobody --regid=nogroup --clear-groups {BIN} list --json"
    ));
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let mq_lines: Vec<&str> = err.lines().filter(|l| l.contains("mqueue")).collect();
    assert_eq!(mq_lines.len(), 1, "{err}");
    assert!(
        mq_lines[0].contains("mount -t mqueue none /dev/mqueue"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        find(&v, &format!("pshm:/{}", p.name)).is_some(),
        "the rest is listed"
    );
}

/// The name libtest gives the test below, to re-run it alone in a private namespace.
const NO_MOUNT_TEST: &str = "live::live_pmq_needs_no_mqueue_mount_and_the_suite_mounts_none";

/// POSIX queue tests need no mqueue mount, and neither the test helpers nor ipcctl mount
/// one where the test runs: the test binary re-runs this test in a private mount namespace
/// with every mqueue mount detached (`IPCCTL_TEST_INNER=1`), where it makes, lists, sends to
/// and removes queues, then compares the mount table with the one it started with.
#[test]
#[ignore = "needs root: unshare --mount"]
fn live_pmq_needs_no_mqueue_mount_and_the_suite_mounts_none() {
    require_root();
    if std::env::var_os("IPCCTL_TEST_INNER").is_none() {
        let exe = std::env::current_exe().unwrap();
        let o = without_mqueue(&format!(
            "env IPCCTL_TEST_INNER=1 '{}' --ignored --exact {NO_MOUNT_TEST}",
            exe.display()
        ));
        let out = stdout(&o);
        assert!(o.status.success(), "{out}\n{}", stderr(&o));
        assert!(
            out.contains("1 passed"),
            "the inner run ran no test:\n{out}"
        );
        return;
    }
    // Inside: a private mount namespace without any mqueue fs.
    assert!(!mqueue_mounted());
    let before = mountinfo();

    let q = Pmq::with("nomount", 2, 16);
    q.send(1, b"hi");
    assert!(pmq_exists(&q.name));
    let v = run_json(&["list", "pmq", "--name", &q.name]);
    assert_eq!(v[0]["ref"], format!("pmq:/{}", q.name));
    assert_eq!(v[0]["messages"], 1);

    let name = unique_name("nomount-made");
    let _g = Made::name("pmq", &name);
    let r = format!("pmq:/{name}");
    let o = run(&[
        "create",
        "pmq",
        &name,
        "--max-messages",
        "2",
        "--message-size",
        "16",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(pmq_exists(&name));
    let o = run(&["rm", &r]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!pmq_exists(&name));
    drop(q);

    assert!(!mqueue_mounted(), "something mounted an mqueue fs");
    assert_eq!(mountinfo(), before, "the mount table changed");
}

/// A queue's (atime, mtime, ctime) in ns, stat'ed through the namespace's root (stat reads
/// no queue text, so it changes none of them).
fn queue_times(ns: &ChildNs, name: &str) -> [(i64, i64); 3] {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(format!("/proc/{}/root/dev/mqueue/{name}", ns.pid))
        .expect("stat the queue's file");
    [
        (m.atime(), m.atime_nsec()),
        (m.mtime(), m.mtime_nsec()),
        (m.ctime(), m.ctime_nsec()),
    ]
}

#[test]
#[ignore = "needs root: unshare --ipc --mount, mount -t mqueue"]
fn show_and_list_leave_a_queues_times_as_they_were() {
    require_root();
    let (ns, _) = ChildNs::start(
        "mkdir -p /dev/mqueue; mount -t mqueue none /dev/mqueue",
        None,
    );
    let name = unique_name("times");
    let r = ns.create(&["pmq", &format!("/{name}")]);
    let o = ns.run(&["send", &r, "hello"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The mqueue fs keeps whole seconds: let a second pass, so that any touch would show.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let before = queue_times(&ns, &name);
    for args in [
        vec!["show", r.as_str()],
        vec!["show", r.as_str(), "--json"],
        vec!["list"],
        vec!["list", "pmq", "--json"],
        vec!["list", "--orphans"],
        vec!["orphans", "--all"],
    ] {
        let o = ns.run(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert_eq!(
            queue_times(&ns, &name),
            before,
            "{args:?} touched the queue"
        );
    }
    let shown = stdout(&ns.run(&["show", &r]));
    assert!(shown.contains("not read (--queued-bytes"), "{shown}");
    // The control: reading the file (show --queued-bytes) is seen, and says what it read.
    let v = ns.json(&["show", &r, "--queued-bytes"]);
    assert_eq!(v["size_bytes"], 5, "{v}");
    let after = queue_times(&ns, &name);
    assert_ne!(after[0], before[0], "atime");
    assert_ne!(after[2], before[2], "ctime");
}
