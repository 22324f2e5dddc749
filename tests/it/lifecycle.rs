//! Live lifecycle tests: create -> list -> send/recv, peek, read/write, sem -> rm -> gone,
//! for all six kinds, plus the error paths (exit codes and stderr wording). Every object is
//! guarded (common::Made or the raw guards) before or right after it is created.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::*;

fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert!(o.status.success(), "ipcctl {args:?}: {}", stderr(&o));
    stdout(&o)
}

/// Run, expect exit `code`, and check stderr contains every one of `words`.
fn fails(args: &[&str], code: i32, words: &[&str]) -> String {
    let o = run(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(code), "ipcctl {args:?}: {err}");
    for w in words {
        assert!(
            err.contains(w),
            "ipcctl {args:?}: stderr lacks '{w}': {err}"
        );
    }
    err
}

fn key_arg(k: u32) -> String {
    format!("0x{k:08x}")
}

fn listed(kind: &str, r: &str) -> Option<Value> {
    find(&run_json(&["list", kind]), r).cloned()
}

/// Messages printed by `recv --json`: one object per line.
fn messages(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn shm_create_write_read_rm() {
    let key = unique_key();
    let k = key_arg(key);
    let _g = Made::key("shm", key);
    let o = run_json(&[
        "create", "shm", "--key", &k, "--size", "4K", "--mode", "0640",
    ]);
    assert_eq!(o["kind"], "shm");
    assert_eq!(o["key"], k.as_str());
    assert_eq!(o["size_bytes"], 4096);
    assert_eq!(o["mode"], "0640");
    let r = o["ref"].as_str().unwrap().to_string();
    assert!(listed("shm", &r).is_some(), "{r} not listed");
    // The key reference works too.
    let by_key = format!("shm:{k}");

    // Binary round trip through stdin, at an offset.
    let data = [0u8, 1, 2, 0xff, b'\n', 0x80];
    let w = run_stdin(&["write", &by_key, "--offset", "100"], &data);
    assert!(w.status.success(), "{}", stderr(&w));
    let rd = run(&["read", &r, "--offset", "100", "--length", "6"]);
    assert!(rd.status.success());
    assert_eq!(rd.stdout, data);
    ok(&["write", &r, "hello"]);
    let hex = ok(&["read", &r, "--length", "16", "--hex"]);
    assert!(
        hex.starts_with("00000000  68 65 6c 6c 6f 00"),
        "hexdump: {hex}"
    );
    assert!(hex.contains("|hello...........|"), "{hex}");
    let whole = run(&["read", &r]);
    assert_eq!(whole.stdout.len(), 4096);

    fails(
        &["read", &r, "--offset", "4K"],
        1,
        &[&r, "past the end", "4096"],
    );
    fails(
        &["read", &r, "--offset", "4090", "--length", "7"],
        1,
        &["past the end"],
    );
    fails(
        &["write", &r, "--offset", "4094", "abc"],
        1,
        &[
            "larger than 2 bytes",
            "minus --offset 4094",
            "nothing sent or written",
        ],
    );

    let out = ok(&["rm", &r]);
    assert_eq!(out.trim(), format!("removed {r}"));
    assert!(listed("shm", &r).is_none(), "{r} still listed after rm");
    fails(&["show", &r], 1, &["no such object"]);
}

#[test]
fn create_existing_fails_unless_exist_ok() {
    let key = unique_key();
    let k = key_arg(key);
    let _g = Made::key("msg", key);
    let r = ok(&["create", "msg", "--key", &k]).trim().to_string();
    assert!(r.starts_with("msg:"), "{r}");
    fails(
        &["create", "msg", "--key", &k],
        1,
        &["already exists", &r, "--exist-ok"],
    );
    assert_eq!(ok(&["create", "msg", "--key", &k, "--exist-ok"]).trim(), r);

    let name = unique_name("exists");
    let _p = Made::name("pshm", &name);
    let slash = format!("/{name}");
    ok(&["create", "pshm", &slash, "--size", "1K"]);
    fails(
        &["create", "pshm", &slash, "--size", "1K"],
        1,
        &["already exists"],
    );
    ok(&["create", "pshm", &slash, "--size", "1K", "--exist-ok"]);
}

#[test]
fn msg_send_recv_types_binary_empty_and_peek() {
    let key = unique_key();
    let k = key_arg(key);
    let _g = Made::key("msg", key);
    let o = run_json(&["create", "msg", "--key", &k, "--max-bytes", "64"]);
    assert_eq!(o["max_bytes"], 64);
    let r = o["ref"].as_str().unwrap().to_string();

    ok(&["send", &r, "three", "--type", "3"]);
    let bin = [0xffu8, 0, b'x'];
    let s = run_stdin(&["send", &r, "--type", "1"], &bin);
    assert!(s.status.success(), "{}", stderr(&s));
    ok(&["send", &r, "", "--type", "2"]);
    ok(&["send", &r, "five", "--type", "5"]);
    assert_eq!(listed("msg", &r).unwrap()["messages"], 4);

    // Peek (MSG_COPY is available on this kernel) leaves every message in place.
    let peeked = messages(&ok(&["recv", &r, "--peek", "--count", "10", "--json"]));
    let types: Vec<i64> = peeked.iter().map(|m| m["type"].as_i64().unwrap()).collect();
    assert_eq!(types, vec![3, 1, 2, 5]);
    assert!(peeked.iter().all(|m| m["peeked"] == true));
    assert_eq!(listed("msg", &r).unwrap()["messages"], 4);

    // --type N > 0: the first of that type; binary body comes out raw.
    let raw = run(&["recv", &r, "--type", "1"]);
    assert!(raw.status.success());
    assert_eq!(raw.stdout, bin);
    // --type -N: the lowest type <= N (2, the empty message).
    let m = messages(&ok(&["recv", &r, "--type", "-4", "--json"]));
    assert_eq!(m[0]["type"], 2);
    assert_eq!(m[0]["size_bytes"], 0);
    assert_eq!(m[0]["body"], "");
    assert!(m[0]["priority"].is_null());
    // --type 0: queue order.
    let m = messages(&ok(&["recv", &r, "--count", "2", "--json"]));
    assert_eq!(
        (m[0]["body"].as_str(), m[1]["body"].as_str()),
        (Some("three"), Some("five"))
    );
    assert_eq!(m[0]["encoding"], "utf-8");

    // Base64 for a non-UTF-8 body.
    let s = run_stdin(&["send", &r], &bin);
    assert!(s.status.success());
    let m = messages(&ok(&["recv", &r, "--json"]));
    assert_eq!(m[0]["encoding"], "base64");
    assert_eq!(m[0]["body"], "/wB4");

    // Empty queue.
    fails(&["recv", &r, "--nowait"], 1, &[&r, "queue is empty"]);
    fails(&["recv", &r, "--peek", "--nowait"], 1, &["empty"]);
    let t = Instant::now();
    fails(&["recv", &r, "--timeout", "300ms"], 1, &["empty", "300ms"]);
    assert!(t.elapsed() >= Duration::from_millis(300));

    // Full queue (64 bytes) and too-large messages.
    let forty = "x".repeat(40);
    ok(&["send", &r, &forty]);
    fails(&["send", &r, &forty, "--nowait"], 1, &["queue is full"]);
    fails(
        &["send", &r, &forty, "--timeout", "200ms"],
        1,
        &["queue is full", "200ms"],
    );
    fails(&["send", &r, &"y".repeat(65)], 1, &["msg_qbytes", "65"]);
    let msgmax: usize = std::fs::read_to_string("/proc/sys/kernel/msgmax")
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let huge = vec![b'z'; msgmax + 1];
    let o = run_stdin(&["send", &r], &huge);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("msgmax"), "{}", stderr(&o));
    fails(&["send", &r, "x", "--type", "0"], 2, &["--type"]);

    ok(&["rm", &r]);
    assert!(listed("msg", &r).is_none());
}

#[test]
fn msg_with_random_key() {
    let r = ok(&["create", "msg"]).trim().to_string();
    let id: i32 = r.strip_prefix("msg:").unwrap().parse().unwrap();
    let _g = Made::sysv_id("msg", id);
    let o = run_json(&["show", &r]);
    assert_ne!(o["key"], "0x00000000");
    assert_eq!(o["mode"], "0600");
    ok(&["rm", &r]);
}

#[test]
#[ignore = "needs root or an mqueue mount (POSIX queues)"]
fn pmq_send_recv_priorities_and_limits() {
    ensure_mqueue();
    let name = unique_name("pmq");
    let _g = Made::name("pmq", &name);
    let r = format!("pmq:/{name}");
    let o = run_json(&[
        "create",
        "pmq",
        &name,
        "--max-messages",
        "3",
        "--message-size",
        "64",
    ]);
    assert_eq!(o["ref"], r.as_str());
    assert_eq!(o["max_messages"], 3);
    assert_eq!(o["message_size"], 64);
    assert!(listed("pmq", &r).is_some());

    ok(&["send", &r, "low", "--priority", "1"]);
    ok(&["send", &r, "high", "--priority", "9"]);
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("msg.bin");
    std::fs::write(&f, [1u8, 0, 0xfe]).unwrap();
    ok(&["send", &r, "--file", f.to_str().unwrap(), "--priority", "5"]);
    fails(
        &["send", &r, "more", "--nowait"],
        1,
        &["queue is full", "3 of 3"],
    );
    fails(
        &["send", &r, "more", "--timeout", "100ms"],
        1,
        &["queue is full"],
    );

    fails(&["recv", &r, "--peek"], 2, &["cannot be peeked", "POSIX"]);
    let m = messages(&ok(&["recv", &r, "--count", "2", "--json"]));
    assert_eq!(m[0]["priority"], 9);
    assert_eq!(m[0]["body"], "high");
    assert!(m[0]["type"].is_null());
    assert_eq!(m[1]["priority"], 5);
    assert_eq!(m[1]["encoding"], "base64");
    let v = run(&["recv", &r, "-v"]);
    assert_eq!(v.stdout, b"low");
    assert!(stderr(&v).contains("priority 1"), "{}", stderr(&v));

    ok(&["send", &r, ""]);
    let m = messages(&ok(&["recv", &r, "--json"]));
    assert_eq!(m[0]["size_bytes"], 0);

    fails(&["recv", &r, "--nowait"], 1, &["queue is empty"]);
    fails(&["recv", &r, "--timeout", "150ms"], 1, &["queue is empty"]);
    fails(&["send", &r, &"q".repeat(65)], 1, &["mq_msgsize", "64"]);
    fails(
        &["send", &r, "x", "--priority", "40000"],
        2,
        &["priority", "32767"],
    );

    ok(&["rm", &r]);
    assert!(listed("pmq", &r).is_none());
    fails(&["send", &r, "x"], 1, &["no such object"]);
}

#[test]
fn pmq_limits_are_named_before_the_kernel_refuses() {
    let read = |f: &str| -> u64 {
        std::fs::read_to_string(format!("/proc/sys/fs/mqueue/{f}"))
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    let name = unique_name("limits");
    let _g = Made::name("pmq", &name);
    let too_many = (read("msg_max") + 1).to_string();
    fails(
        &[
            "create",
            "pmq",
            &name,
            "--max-messages",
            &too_many,
            "--message-size",
            "64",
        ],
        1,
        &["msg_max", &too_many],
    );
    let too_big = (read("msgsize_max") + 1).to_string();
    fails(
        &[
            "create",
            "pmq",
            &name,
            "--max-messages",
            "2",
            "--message-size",
            &too_big,
        ],
        1,
        &["msgsize_max"],
    );
    fails(
        &["create", "pmq", &name, "--max-messages", "0"],
        2,
        &["at least 1"],
    );

    // RLIMIT_MSGQUEUE is named before mq_open would fail with a misleading EMFILE.
    let o = std::process::Command::new("prlimit")
        .args(["--msgqueue=1000", "--", BIN, "create", "pmq", &name])
        .args(["--max-messages", "4", "--message-size", "1024"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("RLIMIT_MSGQUEUE (1000 bytes"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn pshm_create_write_read_rm() {
    let name = unique_name("pshm");
    let _g = Made::name("pshm", &name);
    let r = format!("pshm:/{name}");
    let o = run_json(&[
        "create",
        "pshm",
        &format!("/{name}"),
        "--size",
        "1K",
        "--mode",
        "0640",
    ]);
    assert_eq!(o["size_bytes"], 1024);
    assert_eq!(o["mode"], "0640");
    assert!(listed("pshm", &r).is_some());

    let data = [9u8, 0, 0xff, 7];
    let w = run_stdin(&["write", &r, "--offset", "1020"], &data);
    assert!(w.status.success(), "{}", stderr(&w));
    let rd = run(&["read", &r, "--offset", "1020"]);
    assert_eq!(rd.stdout, data);
    let hex = ok(&["read", &r, "--offset", "1016", "--hex"]);
    assert!(
        hex.starts_with("000003f8  00 00 00 00 09 00 ff 07"),
        "{hex}"
    );
    fails(
        &["read", &r, "--offset", "1024"],
        1,
        &["past the end", "1024"],
    );
    fails(
        &["write", &r, "--offset", "1021", "abcd"],
        1,
        &["larger than 3 bytes"],
    );
    // The object was not grown by the refused write.
    assert_eq!(listed("pshm", &r).unwrap()["size_bytes"], 1024);

    ok(&["rm", &r]);
    assert!(listed("pshm", &r).is_none());
}

#[test]
fn psem_post_wait_get_rm() {
    let name = unique_name("psem");
    let _g = Made::name("psem", &name);
    let r = format!("psem:/{name}");
    assert_eq!(ok(&["create", "psem", &name, "--value", "1"]).trim(), r);
    assert_eq!(listed("psem", &r).unwrap()["value"], 1);
    ok(&["sem", &r, "wait"]);
    fails(&["sem", &r, "wait", "--nowait"], 1, &["value is 0"]);
    let t = Instant::now();
    fails(&["sem", &r, "wait", "--timeout", "200ms"], 1, &["200ms"]);
    assert!(t.elapsed() >= Duration::from_millis(200));
    ok(&["sem", &r, "post"]);
    ok(&["sem", &r, "post"]);
    assert_eq!(ok(&["sem", &r, "get"]).trim(), "2");
    assert_eq!(run_json(&["show", &r])["value"], 2);
    fails(&["sem", &r, "set", "5"], 2, &["cannot be set"]);
    ok(&["rm", &r]);
    assert!(listed("psem", &r).is_none());
}

#[test]
fn sem_values_post_wait_set_visible_in_show() {
    let key = unique_key();
    let k = key_arg(key);
    let _g = Made::key("sem", key);
    let r = ok(&["create", "sem", "--key", &k, "--values", "1,0,5"])
        .trim()
        .to_string();
    let vals = |r: &str| -> Vec<i64> {
        run_json(&["show", r])["semaphores"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["value"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(vals(&r), vec![1, 0, 5]);
    assert_eq!(listed("sem", &r).unwrap()["nsems"], 3);
    ok(&["sem", &r, "post", "--index", "1"]);
    ok(&["sem", &r, "wait", "--index", "0"]);
    ok(&["sem", &r, "set", "7", "--index", "2"]);
    assert_eq!(vals(&r), vec![0, 1, 7]);
    fails(
        &["sem", &r, "wait", "--index", "0", "--nowait"],
        1,
        &["is 0"],
    );
    fails(&["sem", &r, "wait", "--timeout", "150ms"], 1, &["150ms"]);
    ok(&["sem", &format!("sem:{k}"), "set", "1,2,3"]);
    assert_eq!(ok(&["sem", &r, "get"]).trim(), "1,2,3");
    assert_eq!(ok(&["sem", &r, "get", "--index", "2"]).trim(), "3");
    fails(&["sem", &r, "set", "1,2"], 2, &["3 semaphore"]);
    fails(&["sem", &r, "post", "--index", "3"], 1, &["out of range"]);
    fails(&["sem", &r, "set", "40000", "--index", "0"], 2, &["SEMVMX"]);
    ok(&["rm", &r]);
    assert!(listed("sem", &r).is_none());
}

#[test]
fn rm_attached_segment_needs_force() {
    let shm = Shm::new(4096, 0o600);
    let r = format!("shm:{}", shm.id);
    // SAFETY: attach our own segment; detached below.
    let addr = unsafe { libc::shmat(shm.id, std::ptr::null(), 0) };
    assert_ne!(addr as isize, -1);
    fails(
        &["rm", &r],
        1,
        &[&r, "in use", "nattch 1", "marked for deletion", "--force"],
    );
    let dry = ok(&["rm", "--dry-run", "--force", &r]);
    assert!(dry.contains("would remove"), "{dry}");
    assert!(listed("shm", &r).is_some(), "refused rm removed it");
    let out = ok(&["rm", "--force", &r]);
    assert!(
        out.contains("removed") && out.contains("last detach"),
        "{out}"
    );
    let o = run_json(&["show", &r]);
    assert_eq!(o["marked_for_deletion"], true);
    // Drop the guard (IPC_RMID again, harmless) while still attached, then detach: the
    // segment goes away and the guard cannot hit a reused id later.
    drop(shm);
    // SAFETY: addr came from shmat above.
    unsafe { libc::shmdt(addr) };
}

#[test]
fn rm_mixed_refs_continue_past_failures() {
    let shm = Shm::new(4096, 0o600);
    let msg = Msg::new(0o600);
    let pshm = Pshm::new("rm", 64);
    let psem = Psem::new("rm", 0);
    let missing = format!("pshm:/{}", unique_name("missing"));
    let refs = [
        format!("shm:{}", key_arg(shm.key)),
        format!("msg:{}", msg.id),
        format!("pshm:/{}", pshm.name),
        missing.clone(),
        format!("psem:{}", psem.name),
    ];
    let args: Vec<&str> = std::iter::once("rm")
        .chain(refs.iter().map(String::as_str))
        .collect();

    let mut dry = args.clone();
    dry.push("--dry-run");
    let o = run(&dry);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o).matches("would remove").count(),
        4,
        "{}",
        stdout(&o)
    );
    assert!(listed("msg", &format!("msg:{}", msg.id)).is_some());

    let o = run(&args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{missing}: no such object")),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o).matches("removed").count(), 4, "{}", stdout(&o));
    assert!(listed("shm", &format!("shm:{}", shm.id)).is_none());
    assert!(listed("pshm", &format!("pshm:/{}", pshm.name)).is_none());
    assert!(listed("psem", &format!("psem:/{}", psem.name)).is_none());
    // Guards drop after: the objects are gone, their keys and names were unique.
    std::mem::forget(shm); // its id may be reused by now; never IPC_RMID it by id
    std::mem::forget(msg);
}

#[test]
fn rm_all_needs_a_filter() {
    let a = Pshm::new("all", 64);
    let b = Psem::new("all", 0);
    fails(&["rm", "--all", "pshm"], 2, &["filter", "--yes"]);
    // A glob only this test's objects match (the counter part is unique to `a` and `b`).
    let prefix = format!("ipcctl-test-{}-", std::process::id());
    let glob_a = format!("{prefix}*-all");
    let out = ok(&[
        "rm",
        "--all",
        "pshm",
        "psem",
        "--name",
        &glob_a,
        "--dry-run",
        "--json",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let refs: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["ref"].as_str().unwrap())
        .collect();
    assert!(
        refs.contains(&format!("pshm:/{}", a.name).as_str()),
        "{refs:?}"
    );
    assert!(
        refs.contains(&format!("psem:/{}", b.name).as_str()),
        "{refs:?}"
    );
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|o| o["action"] == "would-remove")
    );
    ok(&["rm", "--all", "pshm", "--name", &a.name]);
    assert!(listed("pshm", &format!("pshm:/{}", a.name)).is_none());
    assert!(listed("psem", &format!("psem:/{}", b.name)).is_some());
}

#[test]
fn usage_errors_and_not_found() {
    // Wrong kind for the command.
    fails(&["send", "shm:1", "x"], 2, &["send works on msg and pmq"]);
    fails(&["recv", "sem:1"], 2, &["recv works on"]);
    fails(&["read", "msg:1"], 2, &["read works on shm and pshm"]);
    fails(&["write", "pmq:/x", "y"], 2, &["write works on"]);
    fails(&["sem", "pshm:/x", "get"], 2, &["sem works on"]);
    // Key 0 is IPC_PRIVATE.
    fails(
        &["create", "shm", "--key", "0x0", "--size", "4K"],
        2,
        &["IPC_PRIVATE"],
    );
    fails(&["rm", "msg:0x00000000"], 2, &["IPC_PRIVATE"]);
    // Sizes.
    fails(&["create", "shm", "--size", "0"], 2, &["at least 1 byte"]);
    fails(
        &["create", "shm", "--size", "99999999999999G"],
        2,
        &["too large"],
    );
    fails(&["create", "shm"], 2, &["--size is required"]);
    fails(
        &["create", "pshm", "--size", "4K"],
        2,
        &["NAME is required"],
    );
    fails(
        &["create", "msg", "--size", "4K"],
        2,
        &["--size applies only"],
    );
    fails(
        &["create", "sem", "--nsems", "2", "--values", "1,2,3"],
        2,
        &["one value per"],
    );
    // Not found (unique keys and names nobody created).
    let k = format!("msg:{}", key_arg(unique_key()));
    fails(&["recv", &k, "--nowait"], 1, &[&k, "no such object"]);
    let n = format!("pshm:/{}", unique_name("nothere"));
    fails(&["read", &n], 1, &["no such object"]);
    fails(&["rm", &n], 1, &["no such object"]);
    let s = format!("psem:/{}", unique_name("nothere"));
    fails(&["sem", &s, "post"], 1, &["no such object"]);
    let q = format!("pmq:/{}", unique_name("nothere"));
    fails(&["recv", &q, "--nowait"], 1, &["no such object"]);
}

#[test]
#[ignore = "needs root: creates root-owned objects and switches to the user nobody"]
fn permission_denied_for_unprivileged_user() {
    require_root();
    let msg = Msg::new(0o600);
    msg.send(1, b"secret");
    let shm = Shm::new(4096, 0o600);
    let pshm = Pshm::new("perm", 64); // 0640 root:root: nothing for nobody
    let m = format!("msg:{}", msg.id);
    let s = format!("shm:{}", shm.id);
    let p = format!("pshm:/{}", pshm.name);
    for args in [
        vec!["recv", m.as_str(), "--nowait"],
        vec!["send", m.as_str(), "x", "--nowait"],
        vec!["read", s.as_str()],
        vec!["read", p.as_str()],
        vec!["write", p.as_str(), "x"],
        vec!["rm", m.as_str()],
        vec!["rm", p.as_str()],
    ] {
        let o = run_as_nobody(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("permission denied"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    // Nothing was consumed or removed.
    assert_eq!(listed("msg", &m).unwrap()["messages"], 1);
    assert!(listed("pshm", &p).is_some());
}

#[test]
fn ctrl_c_while_blocked_exits_130() {
    let msg = Msg::new(0o600);
    let child = std::process::Command::new(BIN)
        .args(["recv", &format!("msg:{}", msg.id)])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the state that matters: ipcctl has its SIGINT handler (bit 2 of SigCgt in
    // /proc/PID/status). From then on Ctrl-C ends the wait, whether it came before the
    // receive blocked or during it; before, it would kill the process with no exit code.
    let pid = child.id();
    wait_until("recv to catch SIGINT", || {
        std::fs::read_to_string(format!("/proc/{pid}/status")).is_ok_and(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("SigCgt:"))
                .and_then(|m| u64::from_str_radix(m.trim(), 16).ok())
                .is_some_and(|m| m & (1 << (libc::SIGINT - 1)) != 0)
        })
    });
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    assert!(stderr(&o).contains("interrupted"));
}

#[test]
fn json_from_send_write_and_read() {
    let q = Msg::new(0o600);
    let r = format!("msg:{}", q.id);
    let v = run_json(&["send", &r, "hi", "--type", "3"]);
    assert_eq!(
        (
            v["ref"].as_str(),
            v["size_bytes"].as_u64(),
            v["type"].as_i64()
        ),
        (Some(r.as_str()), Some(2), Some(3))
    );
    assert!(v.get("priority").is_none());
    let p = Pshm::new("json", 16);
    let pr = format!("pshm:/{}", p.name);
    let v = run_json(&["write", &pr, "abc", "--offset", "4"]);
    assert_eq!(
        (v["size_bytes"].as_u64(), v["offset"].as_u64()),
        (Some(3), Some(4))
    );
    let v = run_json(&["read", &pr, "--offset", "4", "--length", "3"]);
    assert_eq!(v["body"], "abc");
    assert_eq!(v["encoding"], "utf-8");
    let bin = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(bin.path(), [0xffu8, 0xfe]).unwrap();
    let f = bin.path().to_str().unwrap();
    run_json(&["write", &pr, "--file", f]);
    let v = run_json(&["read", &pr, "--length", "2"]);
    assert_eq!(v["encoding"], "base64", "not UTF-8");
    assert_eq!(v["body"], "//4=");
}

#[test]
fn sem_ops_report_values_with_json() {
    let s = Sem::new(3, 0o600);
    let r = format!("sem:{}", s.id);
    let v = run_json(&["sem", &r, "post", "--index", "2"]);
    assert_eq!(
        (v["index"].as_u64(), v["values"][0].as_i64()),
        (Some(2), Some(1))
    );
    let v = run_json(&["sem", &r, "set", "4,5,6"]);
    assert!(v["index"].is_null());
    assert_eq!(v["values"], serde_json::json!([4, 5, 6]));
    let v = run_json(&["sem", &r, "wait", "--index", "0", "--nowait"]);
    assert_eq!(v["values"], serde_json::json!([3]));
    let p = Psem::new("json", 0);
    let v = run_json(&["sem", &format!("psem:/{}", p.name), "post"]);
    assert_eq!(v["values"], serde_json::json!([1]));
}
