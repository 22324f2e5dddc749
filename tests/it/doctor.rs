//! `ipcctl doctor` on a child namespace whose semaphore limits were lowered and then filled
//! (limits are only ever filled inside a child namespace, never in the host's).

use crate::common::{BIN, ChildNs, require_root, stderr, stdout};

/// A uid with no process: sets it made and nobody uses are orphans. (Root's never are:
/// root always runs processes, and a set's users leave no trace between operations.)
const OWNER: &str = "2967";

#[test]
#[ignore = "needs root: private namespaces (unshare, setns)"]
fn doctor_explains_a_full_semaphore_table() {
    require_root();
    // SEMMSL SEMMNS SEMOPM SEMMNI: at most 4 sets.
    let (ns, _) = ChildNs::start("echo 250 32000 32 4 > /proc/sys/kernel/sem", None);
    let healthy = ns.run(&["doctor"]);
    assert_eq!(healthy.status.code(), Some(0), "{}", stderr(&healthy));
    assert!(stdout(&healthy).contains("every limit has room"));

    for _ in 0..4 {
        // Made by uid 967 inside the namespace (nsenter + setpriv), never used since.
        let o = std::process::Command::new("nsenter")
            .args(["--ipc", "--target", &ns.pid.to_string(), "setpriv"])
            .args([&format!("--reuid={OWNER}"), &format!("--regid={OWNER}")])
            .args(["--clear-groups", BIN, "create", "sem", "--nsems", "2"])
            .output()
            .expect("nsenter");
        assert!(o.status.success(), "{}", stderr(&o));
    }
    // The kernel agrees the table is full.
    let o = ns.run(&["create", "sem"]);
    assert_eq!(o.status.code(), Some(1));

    let o = ns.run(&["doctor", "--settle", "0"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    let want = format!(
        "SEMMNI: semget will fail with ENOSPC: 4/4 semaphore sets, 4 of them orphaned, owned by {OWNER} in ipc:[{}] pid {} (sleep) — `ipcctl --ns {} clean sem --owner {OWNER}`",
        ns.inode(),
        ns.pid,
        ns.pid
    );
    assert!(text.contains(&want), "{text}");

    let o = ns.run(&["doctor", "--json", "--settle", "0"]);
    assert_eq!(o.status.code(), Some(1));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let semmni = j["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["limit"] == "SEMMNI")
        .unwrap();
    assert_eq!(
        (semmni["used"].as_u64(), semmni["max"].as_u64()),
        (Some(4), Some(4))
    );
    assert_eq!(semmni["status"], "full");
    assert_eq!(semmni["orphaned"], 4);
    assert_eq!(semmni["by_owner"][0]["owner"], OWNER);
    assert_eq!(semmni["namespace"]["pid"], ns.pid);
    let semmns = j["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["limit"] == "SEMMNS")
        .unwrap();
    assert_eq!(semmns["used"], 8);
    assert_eq!(semmns["status"], "ok");

    // The suggested command really frees the table.
    let o = ns.run(&["clean", "sem", "--owner", OWNER, "--settle", "0", "--yes"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = ns.run(&["doctor", "--settle", "0"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // A lower threshold turns a half-full table into a warning.
    ns.create(&["sem"]);
    ns.create(&["sem"]);
    let o = ns.run(&["doctor", "--threshold", "40"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("SEMMNI: close to the limit (50%): 2/4 semaphore sets; after 2 more, semget will fail with ENOSPC"),
        "{}",
        stdout(&o)
    );
}
