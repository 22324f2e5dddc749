//! Issue 25: what removal would lose is kept by `clean` whatever the verdict — queues that
//! hold messages (even zero-length ones), System V sets with a value someone set — and leaks
//! are selected by idleness (`--idle-for`), not by ctime.

use std::collections::BTreeSet;
use std::process::Command;

use serde_json::Value;

use crate::common::{self, BIN, in_own_pid_ns, run_json, unique_key, unique_name};

/// A regular uid of these tests alone: no passwd entry, no crontab, no linger.
const UID_WRITER: u32 = 2970;

/// Run ipcctl as the writer's uid (it exits at once: no process of that uid is left).
fn as_writer(args: &[&str]) -> String {
    let uid = UID_WRITER.to_string();
    let o = Command::new("setpriv")
        .args([
            &format!("--reuid={uid}"),
            &format!("--regid={uid}"),
            "--clear-groups",
        ])
        .arg(BIN)
        .args(args)
        .output()
        .expect("setpriv");
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

fn judged(args: &[&str]) -> Value {
    let mut a = vec!["--complete-view", "--settle", "0"];
    a.extend_from_slice(args);
    run_json(&a)
}

fn codes(o: &Value) -> Vec<String> {
    o["evidence"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn entry<'a>(v: &'a Value, r: &str) -> &'a Value {
    v.as_array()
        .and_then(|a| a.iter().find(|o| o["ref"] == r))
        .unwrap_or_else(|| panic!("{r} not in {v}"))
}

fn removed(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "removed")
        .filter_map(|r| r["ref"].as_str().map(str::to_string))
        .collect()
}

/// A job of a regular user leaves work in a System V and a POSIX queue (one of them holding
/// a zero-length token) and exits; nobody of that user is left. The queues are orphans by the
/// premises, but `clean --yes` keeps them (their messages are the point), says why, and
/// `--include-queued` removes them. An empty queue of the same user goes by default.
#[test]
#[ignore = "needs root: another uid, unshare --pid --ipc --mount"]
fn queued_messages_are_kept_unless_asked() {
    if !in_own_pid_ns("persistence::queued_messages_are_kept_unless_asked") {
        return;
    }
    let key = format!("0x{:08x}", unique_key());
    let msg = as_writer(&["create", "msg", "--key", &key, "--mode", "0600"]);
    as_writer(&["send", &msg, "work for the next run"]);
    let token = format!("/{}", unique_name("token"));
    let pmq = as_writer(&[
        "create",
        "pmq",
        &token,
        "--mode",
        "0600",
        "--max-messages",
        "4",
        "--message-size",
        "64",
    ]);
    as_writer(&["send", &pmq, ""]);
    let empty_key = format!("0x{:08x}", unique_key());
    let empty = as_writer(&["create", "msg", "--key", &empty_key, "--mode", "0600"]);

    let v = judged(&["orphans", "--all"]);
    for r in [&msg, &pmq] {
        let o = entry(&v, r);
        assert_eq!(o["state"], "orphan", "{o}");
        assert!(codes(o).contains(&"queued-messages".to_string()), "{o}");
    }
    let q = entry(&v, &pmq)["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == "queued-messages")
        .unwrap()
        .clone();
    assert_eq!(q["messages"], 1, "a zero-length message counts: {q}");

    let plan = judged(&["clean", "--yes"]);
    for r in [&msg, &pmq] {
        let row = entry(&plan, r);
        assert_eq!(row["action"], "kept", "{row}");
        assert!(
            row["action_reason"]
                .as_str()
                .unwrap()
                .contains("--include-queued"),
            "{row}"
        );
    }
    assert_eq!(removed(&plan), BTreeSet::from([empty.clone()]), "{plan}");
    assert!(common::pmq_exists(&token), "the token's queue was removed");

    let done = judged(&["clean", "--yes", "--include-queued"]);
    assert_eq!(removed(&done), BTreeSet::from([msg, pmq]), "{done}");
}

/// A System V set a job initialised to 1 (a mutex the next run takes) keeps its value as
/// state: kept without `--include-state`, removed with it.
#[test]
#[ignore = "needs root: another uid, unshare --pid --ipc --mount"]
fn a_semaphore_value_someone_set_is_kept_unless_asked() {
    if !in_own_pid_ns("persistence::a_semaphore_value_someone_set_is_kept_unless_asked") {
        return;
    }
    let set = as_writer(&[
        "create", "sem", "--nsems", "2", "--values", "1,0", "--mode", "0600",
    ]);
    let zero = as_writer(&["create", "sem", "--nsems", "1", "--mode", "0600"]);
    let v = judged(&["orphans", "--all", "sem"]);
    let o = entry(&v, &set);
    assert!(codes(o).contains(&"semaphore-state".to_string()), "{o}");
    let plan = judged(&["clean", "--yes", "sem"]);
    let row = entry(&plan, &set);
    assert_eq!(row["action"], "kept", "{row}");
    assert!(
        row["action_reason"]
            .as_str()
            .unwrap()
            .contains("--include-state"),
        "{row}"
    );
    assert_eq!(removed(&plan), BTreeSet::from([zero]), "{plan}");
    let done = judged(&["clean", "--yes", "--include-state", "sem"]);
    assert_eq!(removed(&done), BTreeSet::from([set]), "{done}");
}

/// `--idle-for` selects by the last use, `--older-than` by ctime: a queue made a week ago
/// and used a minute ago is old but not idle (a fixture tree holds the times).
#[test]
fn idle_for_selects_by_last_use_not_by_age() {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    std::fs::create_dir_all(r.join("proc/sysvipc")).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let week = now - 7 * 86_400;
    let minute = now - 60;
    std::fs::write(
        r.join("proc/sysvipc/msg"),
        format!(
            "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n\
             4660 1 600 5 1 77 0 3000 3000 3000 3000 {minute} 0 {week}\n\
             4661 2 600 0 0 78 79 3000 3000 3000 3000 {week} {week} {week}\n"
        ),
    )
    .unwrap();
    let root = r.to_str().unwrap();
    let refs = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["--root", root, "list", "msg"];
        a.extend_from_slice(args);
        run_json(&a)
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|o| o["ref"].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(refs(&["--older-than", "1d"]), ["msg:1", "msg:2"]);
    assert_eq!(refs(&["--idle-for", "1d"]), ["msg:2"]);
    assert_eq!(refs(&["--idle-for", "30s"]), ["msg:1", "msg:2"]);
}
