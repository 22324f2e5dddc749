//! `--ns PID` and `--all-namespaces` against real namespaces: every object is created inside
//! a child made with `unshare --ipc --mount` (own /dev/shm tmpfs), so nothing leaks into the
//! host namespace the other tests share, and everything vanishes when the child is killed.

use serde_json::Value;

use crate::common::{
    ChildNs, find, require_root, run, run_as_nobody, run_json, stderr, unique_key, unique_name,
};

fn refs_in(list: &Value, ns_inode: u64) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .filter(|o| o["namespace"]["inode"] == ns_inode)
        .map(|o| o["ref"].as_str().unwrap().to_string())
        .collect()
}

#[test]
#[ignore = "needs root: private namespaces (unshare, setns)"]
fn ns_objects_are_invisible_without_ns_and_visible_with_it() {
    require_root();
    let ns = ChildNs::empty();
    let key = format!("0x{:08x}", unique_key());
    let mkey = format!("0x{:08x}", unique_key());
    let q = unique_name("nsq");
    let p = unique_name("nsp");
    let s = unique_name("nss");
    let shm = ns.create(&["shm", "--key", &key, "--size", "4K"]);
    let msg = ns.create(&["msg", "--key", &mkey]);
    ns.create(&["pmq", &q, "--max-messages", "4", "--message-size", "64"]);
    ns.create(&["pshm", &p, "--size", "4K"]);
    ns.create(&["psem", &s, "--value", "2"]);

    // The host namespace sees none of them (not the keys, not the POSIX names).
    let host = run_json(&["list"]);
    for o in host.as_array().unwrap() {
        assert_ne!(o["key"], key.as_str(), "host sees the child's shm: {o}");
        assert_ne!(o["key"], mkey.as_str(), "host sees the child's msg: {o}");
        let name = o["name"].as_str().unwrap_or("");
        assert!(
            !name.contains(&q) && !name.contains(&p) && !name.contains(&s),
            "host sees the child's POSIX object: {o}"
        );
        assert!(o["namespace"].is_null());
    }
    assert!(!std::path::Path::new(&format!("/dev/shm/{p}")).exists());

    // --ns sees all five, stamped with the child's namespace.
    let inside = ns.json(&["list"]);
    let want = [
        shm.clone(),
        msg.clone(),
        format!("pmq:/{q}"),
        format!("pshm:/{p}"),
        format!("psem:/{s}"),
    ];
    for r in &want {
        let o = find(&inside, r).unwrap_or_else(|| panic!("--ns list lacks {r}: {inside}"));
        assert_eq!(o["namespace"]["inode"], ns.inode(), "{o}");
        assert_eq!(o["namespace"]["pid"], ns.pid, "{o}");
    }
    assert_eq!(find(&inside, &shm).unwrap()["key"], key.as_str());
    assert_eq!(find(&inside, &format!("psem:/{s}")).unwrap()["value"], 2);
    assert_eq!(inside.as_array().unwrap().len(), 5, "{inside}");

    // show and send/recv work through --ns too.
    let shown = ns.json(&["show", &format!("pmq:/{q}")]);
    assert_eq!(shown["max_messages"], 4);
    let o = ns.run(&["send", &format!("pmq:/{q}"), "hello"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = ns.run(&["recv", &format!("pmq:/{q}"), "--nowait"]);
    assert_eq!(o.stdout, b"hello", "{}", stderr(&o));

    // --all-namespaces sees them as well, with the child's namespace.
    let all = run_json(&["list", "--all-namespaces"]);
    let mut got = refs_in(&all, ns.inode());
    got.sort();
    let mut want_sorted = want.to_vec();
    want_sorted.sort();
    assert_eq!(got, want_sorted);

    // rm through --ns removes inside the child only.
    let o = ns.run(&["rm", &format!("pshm:/{p}"), &shm]);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = ns.json(&["list"]);
    assert!(find(&after, &shm).is_none());
    assert!(find(&after, &format!("pshm:/{p}")).is_none());
    assert!(find(&after, &msg).is_some());
}

#[test]
#[ignore = "needs root: private namespaces (unshare, setns)"]
fn same_ids_in_two_namespaces_stay_apart() {
    require_root();
    let a = ChildNs::empty();
    let b = ChildNs::empty();
    let ka = format!("0x{:08x}", unique_key());
    let kb = format!("0x{:08x}", unique_key());
    // A fresh namespace hands out id 0 first: both segments are shm:0.
    assert_eq!(a.create(&["shm", "--key", &ka, "--size", "4K"]), "shm:0");
    assert_eq!(b.create(&["shm", "--key", &kb, "--size", "8K"]), "shm:0");
    let all = run_json(&["list", "shm", "--all-namespaces"]);
    let in_ns = |inode: u64| -> Vec<&Value> {
        all.as_array()
            .unwrap()
            .iter()
            .filter(|o| o["namespace"]["inode"] == inode)
            .collect()
    };
    let (oa, ob) = (in_ns(a.inode()), in_ns(b.inode()));
    assert_eq!(oa.len(), 1, "{all}");
    assert_eq!(ob.len(), 1, "{all}");
    assert_eq!(
        (&oa[0]["key"], &oa[0]["size_bytes"]),
        (&ka.as_str().into(), &4096.into())
    );
    assert_eq!(
        (&ob[0]["key"], &ob[0]["size_bytes"]),
        (&kb.as_str().into(), &8192.into())
    );

    // The table has a NAMESPACE column naming each child's pid.
    let o = run(&["list", "shm", "--all-namespaces"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with("NAMESPACE"), "{text}");
    for ns in [&a, &b] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(&format!("{} {}/", ns.inode(), ns.pid))),
            "{text}"
        );
    }
}

#[test]
#[ignore = "needs root: private namespaces (unshare, setns)"]
fn holders_in_another_namespace_do_not_count() {
    require_root();
    let helper = crate::orphans::helper_bin().display().to_string();
    // A: a helper attached to its own shm:0. B: an unattached shm:0 made by ipcctl.
    let ka = format!("0x{:08x}", unique_key());
    let (a, ready) = ChildNs::start("true", Some(&format!("{helper} shm {ka}")));
    assert!(ready.contains("shm=0"), "{ready}");
    let b = ChildNs::empty();
    assert_eq!(b.create(&["shm", "--size", "4K"]), "shm:0");

    let la = a.json(&["list", "shm"]);
    let holders_a: Vec<i64> = find(&la, "shm:0").unwrap()["holders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["pid"].as_i64().unwrap())
        .collect();
    assert_eq!(holders_a, vec![i64::from(a.pid)]);

    let lb = b.json(&["list", "shm"]);
    assert_eq!(
        find(&lb, "shm:0").unwrap()["holders"],
        serde_json::json!([])
    );
    // B's shm:0 is root's (never proven an orphan), but A's holder does not make it used.
    let ob = b.json(&["orphans", "shm", "--settle", "0"]);
    let o = find(&ob, "shm:0").expect("B's shm:0 is listed");
    assert_ne!(o["state"], "in-use", "{o}");
    assert_eq!(o["holders"], serde_json::json!([]), "{o}");
    assert!(
        o["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["code"] == "no-holder"),
        "{o}"
    );
    // And A's is in use, by its helper.
    let oa = a.json(&["orphans", "shm", "--all"]);
    assert_eq!(find(&oa, "shm:0").unwrap()["state"], "in-use");
}

#[test]
#[ignore = "needs root: private namespaces (unshare, setns)"]
fn limits_follow_the_target_namespace() {
    require_root();
    let (ns, _) = ChildNs::start("echo 250 32000 32 7 > /proc/sys/kernel/sem", None);
    let l = ns.json(&["limits"]);
    let semmni = l
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "SEMMNI")
        .unwrap();
    assert_eq!(semmni["limit"], 7);
    assert_eq!(semmni["used"], 0);
    let host = run_json(&["limits"]);
    let host_semmni = host
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "SEMMNI")
        .unwrap();
    assert_ne!(host_semmni["limit"], 7);
}

#[test]
fn bad_ns_pids_are_named() {
    let mut pid = 3_999_999;
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        pid -= 1;
    }
    let p = pid.to_string();
    let o = run(&["--ns", &p, "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), format!("ipcctl: --ns {p}: no such process\n"));
    let o = run(&["--ns", "1", "list", "--all-namespaces"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = run(&["--ns", "0", "list"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
#[ignore = "needs root: switches to the user nobody (setpriv)"]
fn another_users_ns_is_permission_denied() {
    require_root();
    let o = run_as_nobody(&["--ns", "1", "list"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.starts_with("ipcctl: --ns 1: permission denied"), "{e}");
}

/// Issue 20.3: `-A` as a normal user cannot read other users' namespaces; it says so instead
/// of silently showing only the user's own.
#[test]
#[ignore = "needs root: runs ipcctl as another uid (setpriv)"]
fn all_namespaces_as_a_normal_user_says_what_it_could_not_read() {
    crate::common::require_root();
    let o = std::process::Command::new("setpriv")
        .args(["--reuid=2981", "--regid=2981", "--clear-groups"])
        .args([crate::common::BIN, "list", "-A", "--json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.lines().any(|l| l.contains("--all-namespaces")
            && l.contains("could not be read")
            && l.contains("needs root")),
        "{e}"
    );
}
