//! `ipcctl metrics` parsed by a real Prometheus parser (the `prometheus_client` Python
//! package, installed by .ci/run) and checked against `list --json` of the same namespace.

use std::collections::HashMap;
use std::process::Command;

use serde_json::Value;

use crate::common::{ChildNs, require_root, run, stderr, unique_key, unique_name};

const PARSE: &str = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for fam in text_string_to_metric_families(sys.stdin.read()):
    for s in fam.samples:
        out.append({"family": fam.name, "type": fam.type, "name": s.name,
                    "labels": s.labels, "value": s.value})
print(json.dumps(out))
"#;

/// Fail (never skip) when the parser is missing: the check would otherwise pass unchecked.
fn require_parser() {
    let ok = Command::new("python3")
        .args(["-c", "import prometheus_client.parser"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "the Prometheus parser is not installed: python3 -m pip install prometheus_client \
         (or apt-get install python3-prometheus-client; .ci/run does this)"
    );
}

/// Parse exposition text with prometheus_client; panics when the parser rejects it.
fn parse(text: &[u8]) -> Vec<Value> {
    use std::io::Write;
    let mut child = Command::new("python3")
        .args(["-c", PARSE])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    child.stdin.take().unwrap().write_all(text).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(
        o.status.success(),
        "prometheus_client rejected the output: {}\n{}",
        String::from_utf8_lossy(&o.stderr),
        String::from_utf8_lossy(text)
    );
    serde_json::from_slice::<Value>(&o.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn value(samples: &[Value], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples
        .iter()
        .filter(|s| s["name"] == name)
        .find(|s| labels.iter().all(|(k, v)| s["labels"][k] == *v))
        .map(|s| s["value"].as_f64().unwrap())
}

fn sum(samples: &[Value], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|s| s["name"] == name)
        .filter(|s| labels.iter().all(|(k, v)| s["labels"][k] == *v))
        .map(|s| s["value"].as_f64().unwrap())
        .sum()
}

#[test]
#[ignore = "needs root (a private IPC namespace) and python3's prometheus_client"]
fn metrics_parse_and_match_list() {
    require_root();
    require_parser();
    let ns = ChildNs::empty();
    // The segments belong to a regular user with no process (root's objects are never
    // proven orphans): made by ipcctl run as that user inside the namespace.
    for size in ["8K", "4K"] {
        let o = std::process::Command::new("nsenter")
            .args(["--ipc", "--target", &ns.pid.to_string(), "setpriv"])
            .args(["--reuid=2968", "--regid=2968", "--clear-groups"])
            .args([crate::common::BIN, "create", "shm", "--size", size])
            .output()
            .expect("nsenter");
        assert!(o.status.success(), "{}", stderr(&o));
    }
    ns.create(&["sem", "--nsems", "3"]);
    let m = ns.create(&["msg", "--key", &format!("0x{:08x}", unique_key())]);
    let o = ns.run(&["send", &m, "12345"]);
    assert!(o.status.success(), "{}", stderr(&o));
    ns.create(&[
        "pmq",
        &unique_name("mq"),
        "--max-messages",
        "4",
        "--message-size",
        "64",
    ]);
    ns.create(&["pshm", &unique_name("m"), "--size", "12K"]);

    let o = ns.run(&["metrics", "--settle", "0"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let samples = parse(&o.stdout);
    for s in &samples {
        assert_eq!(s["type"], "gauge");
        assert!(s["name"].as_str().unwrap().starts_with("ipcctl_"));
    }

    // Counts and bytes per kind equal what list --json says about the same namespace.
    let list = ns.json(&["list"]);
    let mut count: HashMap<String, (f64, f64)> = HashMap::new();
    for o in list.as_array().unwrap() {
        let e = count.entry(o["kind"].as_str().unwrap().into()).or_default();
        e.0 += 1.0;
        e.1 += o["size_bytes"].as_f64().unwrap_or(0.0);
    }
    assert_eq!(count["shm"], (2.0, 12288.0));
    for kind in ["msg", "shm", "sem", "pmq", "pshm", "psem"] {
        let (n, b) = count.get(kind).copied().unwrap_or_default();
        assert_eq!(
            sum(&samples, "ipcctl_objects", &[("kind", kind)]),
            n,
            "{kind}"
        );
        assert_eq!(
            sum(&samples, "ipcctl_objects_size_bytes", &[("kind", kind)]),
            b,
            "{kind}"
        );
    }
    assert_eq!(
        value(
            &samples,
            "ipcctl_objects",
            &[("kind", "msg"), ("owner", "root")]
        ),
        Some(1.0)
    );
    assert_eq!(
        value(&samples, "ipcctl_objects_size_bytes", &[("kind", "msg")]),
        Some(5.0)
    );
    // Limits: use of SEMMNI and SHMMNI, SHMALL in bytes.
    assert_eq!(
        value(&samples, "ipcctl_limit_used", &[("limit", "SEMMNI")]),
        Some(1.0)
    );
    assert_eq!(
        value(&samples, "ipcctl_limit_used", &[("limit", "SEMMNS")]),
        Some(3.0)
    );
    assert_eq!(
        value(&samples, "ipcctl_limit_used", &[("limit", "SHMMNI")]),
        Some(2.0)
    );
    assert_eq!(
        value(&samples, "ipcctl_limit_used_bytes", &[("limit", "SHMALL")]),
        Some(12288.0)
    );
    let r = value(&samples, "ipcctl_limit_usage_ratio", &[("limit", "SEMMNI")]).unwrap();
    let lim = value(&samples, "ipcctl_limit", &[("limit", "SEMMNI")]).unwrap();
    assert!((r - 1.0 / lim).abs() < 1e-9, "{r} vs 1/{lim}");
    // /dev/shm of the child is its own 1 MiB tmpfs; a fresh pshm is sparse (nothing used).
    assert_eq!(
        value(&samples, "ipcctl_dev_shm_size_bytes", &[]),
        Some(1048576.0)
    );
    assert_eq!(value(&samples, "ipcctl_dev_shm_used_bytes", &[]), Some(0.0));
    // ipcctl (as uid 2968) created and left the shm segments: dead creator, no process of
    // their owner, settled with --settle 0: orphans.
    assert_eq!(
        value(
            &samples,
            "ipcctl_orphans",
            &[("kind", "shm"), ("state", "orphan")]
        ),
        Some(2.0)
    );
    assert!(
        value(
            &samples,
            "ipcctl_oldest_orphan_age_seconds",
            &[("kind", "shm")]
        )
        .is_some()
    );

    // --all-namespaces: the same numbers under the child's namespace label, and an info
    // series naming its pid.
    let o = run(&["metrics", "--all-namespaces"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let all = parse(&o.stdout);
    let inode = ns.inode().to_string();
    assert_eq!(
        sum(
            &all,
            "ipcctl_objects",
            &[("namespace", &inode), ("kind", "shm")]
        ),
        2.0
    );
    assert_eq!(
        value(
            &all,
            "ipcctl_limit_used",
            &[("namespace", &inode), ("limit", "SEMMNI")]
        ),
        Some(1.0)
    );
    let pid = ns.pid.to_string();
    assert_eq!(
        value(
            &all,
            "ipcctl_namespace_info",
            &[("namespace", &inode), ("pid", &pid)]
        ),
        Some(1.0)
    );
    // Every sample of --all-namespaces carries the label.
    assert!(all.iter().all(|s| s["labels"]["namespace"].is_string()));

    // --textfile writes the same kind of text atomically.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("ipcctl.prom");
    let o = ns.run(&["metrics", "--textfile", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let written = parse(&std::fs::read(&f).unwrap());
    assert_eq!(sum(&written, "ipcctl_objects", &[("kind", "shm")]), 2.0);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// Per-object limits (a queue's length, a segment's size) are not used up by objects: one
/// default-sized queue sits at MQ_MSG_MAX, and a thousand could. `limits` and `metrics` give
/// them no use and no ratio, only the largest object; the bytes in a POSIX queue are unknown
/// (reading them changes the queue's times), so they are left out, not reported as 0; and
/// integers are printed exactly.
#[test]
#[ignore = "needs root (a private IPC namespace) and python3's prometheus_client"]
fn per_object_limits_have_no_usage_ratio_and_unknown_bytes_are_left_out() {
    require_root();
    require_parser();
    let ns = ChildNs::empty();
    // A fresh IPC namespace has fs.mqueue.msg_max = 10: this queue sits at it.
    let q = ns.create(&[
        "pmq",
        &unique_name("full"),
        "--max-messages",
        "10",
        "--message-size",
        "64",
    ]);
    let o = ns.run(&["send", &q, "hello"]);
    assert!(o.status.success(), "{}", stderr(&o));
    ns.create(&["shm", "--size", "4K"]);

    let limits = ns.json(&["limits"]);
    let get = |n: &str| {
        limits
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["name"] == n)
            .unwrap_or_else(|| panic!("no {n} in {limits}"))
            .clone()
    };
    let per_object = [
        "MSGMAX",
        "MSGMNB",
        "SHMMAX",
        "SEMMSL",
        "SEMOPM",
        "MQ_MSG_MAX",
        "MQ_MSGSIZE_MAX",
    ];
    for n in per_object {
        let l = get(n);
        assert_eq!(l["scope"], "per-object", "{l}");
        assert!(l["used"].is_null() && l["percent"].is_null(), "{l}");
    }
    let mq = get("MQ_MSG_MAX");
    assert_eq!(
        (mq["limit"].as_u64(), mq["largest"].as_u64()),
        (Some(10), Some(10))
    );
    assert_eq!(get("SHMMAX")["largest"], 4096);
    assert_eq!(get("MQ_MSGSIZE_MAX")["largest"], 64);
    let queues = get("MQ_QUEUES_MAX");
    assert_eq!(queues["scope"], "total");
    assert_eq!(queues["used"], 1);
    assert!(queues["percent"].as_f64().unwrap() > 0.0);

    let table = String::from_utf8(ns.run(&["limits"]).stdout).unwrap();
    let row = table
        .lines()
        .find(|l| l.starts_with("MQ_MSG_MAX "))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(!row.contains('%') && row.contains("largest 10"), "{row}");

    let o = ns.run(&["metrics"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let samples = parse(&o.stdout);
    for n in per_object {
        assert_eq!(
            value(&samples, "ipcctl_limit_usage_ratio", &[("limit", n)]),
            None,
            "{n} has a usage ratio"
        );
        assert_eq!(value(&samples, "ipcctl_limit_used", &[("limit", n)]), None);
        assert_eq!(
            value(&samples, "ipcctl_limit_used_bytes", &[("limit", n)]),
            None
        );
    }
    assert_eq!(
        value(
            &samples,
            "ipcctl_limit_largest_object",
            &[("limit", "MQ_MSG_MAX")]
        ),
        Some(10.0)
    );
    assert_eq!(
        value(
            &samples,
            "ipcctl_limit_largest_object_bytes",
            &[("limit", "SHMMAX")]
        ),
        Some(4096.0)
    );
    assert!(
        value(
            &samples,
            "ipcctl_limit_usage_ratio",
            &[("limit", "MQ_QUEUES_MAX")]
        )
        .is_some()
    );
    assert!(
        !samples
            .iter()
            .any(|s| s["name"] == "ipcctl_objects_size_bytes" && s["labels"]["kind"] == "pmq"),
        "a pmq byte count that ipcctl cannot know was reported"
    );
    assert_eq!(
        value(&samples, "ipcctl_objects_messages", &[("kind", "pmq")]),
        Some(1.0)
    );
    // Integers exactly as the kernel has them (SHMMAX is 2^64 - 2^24 - 1 by default).
    let shmmax = get("SHMMAX")["limit"].as_u64().unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    let line = format!("ipcctl_limit_bytes{{limit=\"SHMMAX\"}} {shmmax}");
    assert!(text.lines().any(|l| l == line), "no {line:?} in\n{text}");
}
