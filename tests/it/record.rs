//! `ipcctl record` with real processes: a recorder in private IPC and mount namespaces (its
//! own /dev/shm tmpfs and mqueue instance), creators of every kind (long- and short-lived,
//! another uid, a nested PID namespace), SIGKILLed creators, a restart, an overflowed queue;
//! and the readers (`list`, `show`, `history`) with a journal that cannot be read; planted
//! symlinks, a shared directory, a FIFO journal and a container's /dev/shm symlink.
//! Every wait polls the journal for the state it needs, with a timeout.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::common::{BIN, ChildNs, Reaped, require_root, stderr, stdout, unique_key, unique_name};

/// The orphan tests' helper (creates and holds objects of every kind).
fn helper() -> String {
    crate::orphans::helper_bin().to_string_lossy().into_owned()
}

/// A recorder running in `ns`'s namespaces, writing `journal`; its stderr goes to a file.
struct Recorder {
    child: Reaped,
    log: PathBuf,
}

impl Recorder {
    fn start(ns: &ChildNs, journal: &Path, log: &Path) -> Recorder {
        let pid = ns.pid.to_string();
        let child = Command::new("nsenter")
            .args(["-t", &pid, "-m", "-i", "--", BIN, "--journal"])
            .arg(journal)
            .args(["record", "--interval", "200ms"])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(log).expect("log"))
            .spawn()
            .expect("spawn recorder");
        let r = Recorder {
            child: Reaped(child),
            log: log.to_path_buf(),
        };
        // Ready once it watches the queues (the last watch it sets up).
        crate::common::wait_until("the recorder to start", || {
            std::fs::read_to_string(&r.log).is_ok_and(|l| l.contains("POSIX message queues in"))
        });
        r
    }

    fn pid(&self) -> i32 {
        self.child.0.id() as i32
    }

    /// SIGTERM, and wait for a clean exit.
    fn stop(mut self) -> String {
        signal(self.pid(), "TERM");
        let st = self.child.0.wait().expect("wait recorder");
        assert!(st.success(), "recorder exit: {st:?}");
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

fn signal(pid: i32, sig: &str) {
    let o = Command::new("kill")
        .args([&format!("-{sig}"), &pid.to_string()])
        .output()
        .expect("kill");
    assert!(o.status.success(), "kill -{sig} {pid}: {}", stderr(&o));
}

/// Run `args` inside `ns`'s IPC and mount namespaces.
fn in_ns(ns: &ChildNs, args: &[&str]) -> Command {
    let mut c = Command::new("nsenter");
    c.args(["-t", &ns.pid.to_string(), "-m", "-i", "--"])
        .args(args);
    c
}

/// Start a long-lived command and wait for its "ready" line.
fn start_ready(mut c: Command) -> (Reaped, String) {
    use std::io::BufRead;
    let mut child: Child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read");
    assert!(line.starts_with("ready"), "not ready: {line:?}");
    (Reaped(child), line)
}

/// `ready shm=5 msg=6` → the id of `kind`.
fn ready_id(line: &str, kind: &str) -> i32 {
    line.split_whitespace()
        .find_map(|kv| kv.strip_prefix(&format!("{kind}=")))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {kind} in {line:?}"))
}

/// The journal's events (`history --json`, one object per line).
fn history(journal: &Path) -> Vec<Value> {
    let o = Command::new(BIN)
        .arg("--journal")
        .arg(journal)
        .args(["--json", "history"])
        .output()
        .expect("history");
    assert!(o.status.success(), "history: {}", stderr(&o));
    stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// The `created` event of `reference`, once it has a creator pid.
fn created(journal: &Path, reference: &str) -> Option<Value> {
    history(journal)
        .into_iter()
        .rev()
        .find(|e| e["what"] == "created" && e["ref"] == reference && !e["creator"]["pid"].is_null())
}

fn wait_created(journal: &Path, reference: &str) -> Value {
    crate::common::wait_until(&format!("{reference} in the journal"), || {
        created(journal, reference).is_some()
    });
    created(journal, reference).expect("created")
}

/// An exit event of `pid`.
fn exit_of(journal: &Path, pid: i64) -> Option<Value> {
    history(journal)
        .into_iter()
        .find(|e| e["what"] == "exited" && e["creator"]["pid"] == pid)
}

fn proc_text(pid: i64, file: &str) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/{file}")).expect("read /proc")
}

/// The cgroup path as /proc shows it (v2 `0::PATH`).
fn cgroup_of(pid: i64) -> String {
    proc_text(pid, "cgroup")
        .lines()
        .find_map(|l| l.strip_prefix("0::"))
        .unwrap_or("")
        .to_string()
}

/// The `list --json` object `reference` as seen inside `ns`, reading `journal`.
fn listed(ns: &ChildNs, journal: &Path, reference: &str) -> Value {
    let o = in_ns(
        ns,
        &[
            BIN,
            "--journal",
            journal.to_str().expect("utf-8"),
            "--json",
            "list",
        ],
    )
    .output()
    .expect("list");
    assert!(o.status.success(), "list: {}", stderr(&o));
    let all: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    all.as_array()
        .expect("array")
        .iter()
        .find(|x| x["ref"] == reference)
        .cloned()
        .unwrap_or_else(|| panic!("{reference} not listed"))
}

fn show(ns: &ChildNs, journal: &Path, reference: &str) -> String {
    let o = in_ns(
        ns,
        &[
            BIN,
            "--journal",
            journal.to_str().expect("utf-8"),
            "show",
            reference,
        ],
    )
    .output()
    .expect("show");
    assert!(o.status.success(), "show: {}", stderr(&o));
    stdout(&o)
}

#[test]
#[ignore = "needs root: fanotify, the proc connector, private namespaces and mounts"]
fn record_knows_creators_of_every_kind_how_they_died_and_survives_a_restart() {
    require_root();
    let dir = tempfile::tempdir().expect("tempdir");
    let journal = dir.path().join("journal.db");
    let ns = ChildNs::start("mount -t mqueue none /dev/mqueue", None).0;
    let rec = Recorder::start(&ns, &journal, &dir.path().join("rec.log"));
    let h = helper();

    // Long-lived, as nobody: all six kinds.
    let (kl, ql, pl, sl) = (
        format!("0x{:08x}", unique_key()),
        unique_name("q"),
        unique_name("p"),
        unique_name("s"),
    );
    let (msg_key, sem_key) = (
        format!("0x{:08x}", unique_key()),
        format!("0x{:08x}", unique_key()),
    );
    let (long, line) = start_ready(in_ns(
        &ns,
        &[
            "setpriv",
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            &h,
            "shm",
            &kl,
            "msg",
            &msg_key,
            "sem",
            &sem_key,
            "pmq",
            &ql,
            "pshm",
            &pl,
            "psem",
            &sl,
        ],
    ));
    let long_pid = i64::from(long.0.id());
    let comm = proc_text(long_pid, "comm").trim().to_string();
    let cgroup = cgroup_of(long_pid);
    let refs = [
        format!("shm:{}", ready_id(&line, "shm")),
        format!("msg:{}", ready_id(&line, "msg")),
        format!("sem:{}", ready_id(&line, "sem")),
        format!("pmq:/{ql}"),
        format!("pshm:/{pl}"),
        format!("psem:/{sl}"),
    ];
    for r in &refs {
        let e = wait_created(&journal, r);
        let c = &e["creator"];
        assert_eq!(c["pid"], long_pid, "{r}: {e}");
        assert_eq!(c["comm"], comm.as_str(), "{r}: {e}");
        assert_eq!(c["uid"], 65534, "{r}: {e}");
        assert_eq!(c["cgroup"], cgroup.as_str(), "{r}: {e}");
        // The kernel records no creator of queues and sets: the first user is said as such.
        let role = if r.starts_with("msg:") || r.starts_with("sem:") {
            "first-user"
        } else {
            "creator"
        };
        assert_eq!(c["role"], role, "{r}: {e}");
    }

    // Short-lived: it exits at once, often before /proc can be read; its comm and uid come
    // with the proc connector's events, and its exit code is recorded.
    let (ps, ss) = (unique_name("p"), unique_name("s"));
    let o = in_ns(
        &ns,
        &[
            "setpriv",
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            &h,
            "pshm",
            &ps,
            "psem",
            &ss,
            "exit",
        ],
    )
    .output()
    .expect("short-lived helper");
    assert!(o.status.success(), "{}", stderr(&o));
    let e = wait_created(&journal, &format!("pshm:/{ps}"));
    let short_pid = e["creator"]["pid"].as_i64().expect("pid");
    assert_eq!(e["creator"]["uid"], 65534, "{e}");
    assert_eq!(e["creator"]["comm"], comm.as_str(), "{e}");
    crate::common::wait_until("the short-lived creator's exit", || {
        exit_of(&journal, short_pid).is_some()
    });
    let x = exit_of(&journal, short_pid).expect("exit");
    assert_eq!(x["creator"]["exit"]["code"], 0, "{x}");

    // A nested PID namespace: recorded with the pid the recorder sees (not 1 inside).
    let pn = unique_name("p");
    let (nested, _) = start_ready(in_ns(
        &ns,
        &[
            "unshare",
            "--pid",
            "--fork",
            "--kill-child",
            "--",
            &h,
            "pshm",
            &pn,
        ],
    ));
    let e = wait_created(&journal, &format!("pshm:/{pn}"));
    let npid = e["creator"]["pid"].as_i64().expect("pid");
    let nspid = proc_text(npid, "status");
    let levels = nspid
        .lines()
        .find_map(|l| l.strip_prefix("NSpid:"))
        .expect("NSpid");
    assert_eq!(
        levels.split_whitespace().collect::<Vec<_>>(),
        [npid.to_string().as_str(), "1"],
        "the nested creator is pid 1 inside, {npid} here"
    );
    drop(nested);

    // SIGKILL: the exit shows the signal, in history, in show and in list's JSON.
    signal(long_pid as i32, "KILL");
    drop(long);
    crate::common::wait_until("the SIGKILLed creator's exit", || {
        exit_of(&journal, long_pid).is_some()
    });
    let x = exit_of(&journal, long_pid).expect("exit");
    assert_eq!(x["creator"]["exit"]["signal"], 9, "{x}");
    let pshm = format!("pshm:/{pl}");
    let shown = show(&ns, &journal, &pshm);
    assert!(
        shown.contains(&format!("created by pid {long_pid} ("))
            && shown.contains("killed by SIGKILL"),
        "{shown}"
    );
    let o = listed(&ns, &journal, &pshm);
    assert_eq!(o["creator"]["pid"], long_pid, "{o}");
    assert_eq!(o["creator"]["exit"]["signal"], 9, "{o}");
    assert!(o["creator"]["exited_at"].is_string(), "{o}");
    // The verdict names the dead creator (the evidence carries how it died).
    let codes: Vec<&str> = o["evidence"]
        .as_array()
        .map(|v| v.iter().filter_map(|e| e["code"].as_str()).collect())
        .unwrap_or_default();
    let listed_orphans = in_ns(
        &ns,
        &[
            BIN,
            "--journal",
            journal.to_str().expect("utf-8"),
            "--json",
            "list",
            "--orphans",
            "pshm",
        ],
    )
    .output()
    .expect("list --orphans");
    let all: Value = serde_json::from_str(&stdout(&listed_orphans)).expect("JSON");
    let judged = all
        .as_array()
        .and_then(|a| a.iter().find(|x| x["ref"] == pshm.as_str()))
        .expect("judged");
    let codes_judged: Vec<&str> = judged["evidence"]
        .as_array()
        .map(|v| v.iter().filter_map(|e| e["code"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        codes_judged.contains(&"creator-dead") && codes_judged.contains(&"creator-exit"),
        "{codes:?} {judged}"
    );

    // A restart keeps what was recorded and goes on recording.
    let before = history(&journal).len();
    let log = rec.stop();
    assert!(log.contains("recording stopped"), "{log}");
    let rec = Recorder::start(&ns, &journal, &dir.path().join("rec2.log"));
    let pr = unique_name("p");
    let o = in_ns(&ns, &[&h, "pshm", &pr, "exit"])
        .output()
        .expect("helper");
    assert!(o.status.success(), "{}", stderr(&o));
    wait_created(&journal, &format!("pshm:/{pr}"));
    assert!(history(&journal).len() > before);
    assert_eq!(listed(&ns, &journal, &pshm)["creator"]["exit"]["signal"], 9);
    rec.stop();
}

#[test]
#[ignore = "needs root: fanotify, private namespaces and mounts, cc"]
fn record_overflow_is_a_gap_and_objects_made_in_it_have_an_unknown_creator() {
    require_root();
    let dir = tempfile::tempdir().expect("tempdir");
    let journal = dir.path().join("journal.db");
    let ns = ChildNs::start("mount -t mqueue none /dev/mqueue", None).0;
    let rec = Recorder::start(&ns, &journal, &dir.path().join("rec.log"));
    let churn = crate::orphans::compile_helper("churn");
    // Stopped, the recorder reads nothing: 40,000 events overflow fanotify's queue (16,384).
    signal(rec.pid(), "STOP");
    let o = in_ns(
        &ns,
        &[
            churn.to_str().expect("utf-8"),
            &unique_name("c"),
            "20000",
            "0",
        ],
    )
    .output()
    .expect("churn");
    assert!(o.status.success(), "{}", stderr(&o));
    let survivor = unique_name("p");
    let o = in_ns(&ns, &[&helper(), "pshm", &survivor, "exit"])
        .output()
        .expect("helper");
    assert!(o.status.success(), "{}", stderr(&o));
    signal(rec.pid(), "CONT");
    crate::common::wait_until("a gap in the journal", || {
        history(&journal).iter().any(|e| e["what"] == "gap")
    });
    let r = format!("pshm:/{survivor}");
    crate::common::wait_until("the survivor journaled", || {
        listed(&ns, &journal, &r)["creator"]["role"] == "unknown-gap"
    });
    let o = listed(&ns, &journal, &r);
    assert!(o["creator"]["gap_at"].is_string(), "{o}");
    assert!(o["creator"]["pid"].is_null(), "{o}");
    let shown = show(&ns, &journal, &r);
    assert!(
        shown.contains("creator unknown (recorder gap at "),
        "{shown}"
    );
    let log = rec.stop();
    assert!(log.contains("fanotify queue overflow"), "{log}");
}

/// With no mqueue mounted, the recorder watches a detached instance of its namespace's
/// mqueue fs: queues are recorded, and `list` (through its own private mount) finds them
/// with their creator.
#[test]
#[ignore = "needs root: fanotify, a detached mqueue mount, private namespaces"]
fn record_sees_queues_without_an_mqueue_mount() {
    require_root();
    let dir = tempfile::tempdir().expect("tempdir");
    let journal = dir.path().join("journal.db");
    // (A machine that mounts mqueue shows it here too, with the parent's queues: unmounted.)
    let ns = ChildNs::start("while umount /dev/mqueue 2>/dev/null; do :; done", None).0;
    let rec = Recorder::start(&ns, &journal, &dir.path().join("rec.log"));
    let q = unique_name("q");
    let (holder, _) = start_ready(in_ns(&ns, &[&helper(), "pmq", &q]));
    let r = format!("pmq:/{q}");
    let e = wait_created(&journal, &r);
    assert_eq!(e["creator"]["pid"], i64::from(holder.0.id()), "{e}");
    assert_eq!(
        listed(&ns, &journal, &r)["creator"]["pid"],
        i64::from(holder.0.id())
    );
    drop(holder);
    rec.stop();
}

#[test]
#[ignore = "needs root: setpriv to drop CAP_SYS_ADMIN"]
fn record_refuses_to_run_without_cap_sys_admin() {
    require_root();
    let dir = tempfile::tempdir().expect("tempdir");
    let journal = dir.path().join("journal.db");
    let o = Command::new("setpriv")
        .args([
            "--inh-caps=-all",
            "--bounding-set=-sys_admin",
            "--",
            BIN,
            "--journal",
        ])
        .arg(&journal)
        .arg("record")
        .output()
        .expect("setpriv");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("CAP_SYS_ADMIN") && err.lines().count() == 1,
        "one clear line: {err}"
    );
    assert!(
        !journal.exists(),
        "no journal is made by a refused recorder"
    );
}

/// A journal that is not a database (or cannot be read) changes nothing for `list`: the
/// same objects, exit 0; only asking for creator columns adds a note.
#[test]
fn list_with_an_unreadable_journal_works_as_without() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("journal.db");
    std::fs::write(
        &bad,
        b"this is not an SQLite database, but it is long enough to be read",
    )
    .expect("write");
    let missing = dir.path().join("none.db");
    let refs = |journal: &Path| -> Vec<String> {
        let o = Command::new(BIN)
            .arg("--journal")
            .arg(journal)
            .args(["--json", "list", "msg", "shm", "sem"])
            .output()
            .expect("list");
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(!stderr(&o).contains("journal"), "{}", stderr(&o));
        let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
        let mut r: Vec<String> = v
            .as_array()
            .expect("array")
            .iter()
            .map(|x| {
                assert!(x["creator"].is_null(), "{x}");
                x["ref"].as_str().unwrap_or("").to_string()
            })
            .collect();
        r.sort();
        r
    };
    // Objects of other tests may come and go between the two listings: compare ours only.
    let key = unique_key();
    let _m = crate::common::Made::key("msg", key);
    let o = Command::new(BIN)
        .args(["create", "msg", "--key", &format!("0x{key:08x}")])
        .output()
        .expect("create");
    assert!(o.status.success(), "{}", stderr(&o));
    let made = stdout(&o).trim().to_string();
    assert!(refs(&bad).contains(&made));
    assert!(refs(&missing).contains(&made));
    let o = Command::new(BIN)
        .arg("--journal")
        .arg(&bad)
        .args(["list", "msg", "-o", "ref,creator,unit,container"])
        .output()
        .expect("list");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("journal cannot be read"),
        "{}",
        stderr(&o)
    );
    let row = stdout(&o)
        .lines()
        .find(|l| l.starts_with(&format!("{made} ")))
        .map(str::to_string)
        .expect("our row");
    assert_eq!(
        row.split_whitespace().skip(1).collect::<Vec<_>>(),
        ["-", "-", "-"]
    );
    // history says so and succeeds.
    let o = Command::new(BIN)
        .arg("--journal")
        .arg(&bad)
        .arg("history")
        .output()
        .expect("history");
    assert!(
        o.status.success() && stdout(&o).is_empty(),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("journal cannot be read"),
        "{}",
        stderr(&o)
    );
}

const RECORD_CAPS: [&str; 4] = [
    "CAP_SYS_ADMIN",
    "CAP_NET_ADMIN",
    "CAP_SYS_PTRACE",
    "CAP_IPC_OWNER",
];

fn unit_text() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/systemd/ipcctl-record.service"),
    )
    .expect("unit")
}

fn unit_value(text: &str, key: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix(&format!("{key}=")))
        .map(str::to_string)
        .collect()
}

#[test]
#[ignore = "needs systemd-analyze (Debian package systemd); run by .ci/run"]
fn record_unit_verifies_and_is_hardened() {
    let text = unit_text();
    assert!(
        !text.contains("[Install]") || text.contains("WantedBy="),
        "{text}"
    );
    let caps = unit_value(&text, "CapabilityBoundingSet");
    let mut got: Vec<&str> = caps[0].split_whitespace().collect();
    got.sort_unstable();
    let mut want = RECORD_CAPS.to_vec();
    want.sort_unstable();
    assert_eq!(got, want, "the capabilities the test below shows necessary");
    assert_eq!(unit_value(&text, "NoNewPrivileges"), ["yes"]);
    assert_eq!(unit_value(&text, "ProtectSystem"), ["strict"]);
    // The proc connector only multicasts in the initial network namespace.
    assert!(unit_value(&text, "PrivateNetwork").is_empty());
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("ipcctl-record.service");
    std::fs::write(&p, text.replace("/usr/bin/ipcctl", BIN)).expect("write");
    let o = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&p)
        .output()
        .expect("systemd-analyze");
    assert!(
        o.status.success() && o.stderr.is_empty(),
        "verify: {}{}",
        stdout(&o),
        stderr(&o)
    );
    let o = Command::new("systemd-analyze")
        .args(["security", "--offline=yes", "--threshold=30"])
        .arg(&p)
        .output()
        .expect("systemd-analyze security");
    assert!(o.status.success(), "exposure above 3.0: {}", stdout(&o));
}

/// What a recorder with only `caps` recorded of a creator (as nobody, stopped by SIGTERM) of
/// a 0600 semaphore set and a POSIX object: `None` when it refused to run.
#[derive(Debug, PartialEq)]
struct Seen {
    exe: bool,
    exit_status: bool,
    sem_first_user: bool,
}

fn record_with_caps(caps: &[&str]) -> Option<Seen> {
    let dir = tempfile::tempdir().expect("tempdir");
    let journal = dir.path().join("journal.db");
    let log = dir.path().join("rec.log");
    let ns = ChildNs::start("mount -t mqueue none /dev/mqueue", None).0;
    let set: Vec<String> = caps
        .iter()
        .map(|c| format!(",+{}", c.trim_start_matches("CAP_").to_lowercase()))
        .collect();
    let bounding = format!("--bounding-set=-all{}", set.concat());
    let mut child = Reaped(
        in_ns(
            &ns,
            &[
                "setpriv",
                "--inh-caps=-all",
                &bounding,
                "--",
                BIN,
                "--journal",
                journal.to_str().expect("utf-8"),
                "record",
                "--interval",
                "200ms",
            ],
        )
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("recorder"),
    );
    crate::common::wait_until("the recorder to start or refuse", || {
        std::fs::read_to_string(&log)
            .is_ok_and(|l| l.contains("POSIX message queues in") || l.contains("ipcctl: record: "))
    });
    if std::fs::read_to_string(&log).is_ok_and(|l| l.contains("ipcctl: record: ")) {
        let st = child.0.wait().expect("wait");
        assert_eq!(
            st.code(),
            Some(1),
            "{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        return None;
    }
    let h = helper();
    let (sem_key, msg_key, p) = (
        format!("0x{:08x}", unique_key()),
        format!("0x{:08x}", unique_key()),
        unique_name("p"),
    );
    let nobody = [
        "setpriv",
        "--reuid=nobody",
        "--regid=nogroup",
        "--clear-groups",
    ];
    let mut a: Vec<&str> = nobody.to_vec();
    a.extend([h.as_str(), "sem", &sem_key, "pshm", &p]);
    let (holder, line) = start_ready(in_ns(&ns, &a));
    let sem_id = ready_id(&line, "sem");
    let e = wait_created(&journal, &format!("pshm:/{p}"));
    let pid = e["creator"]["pid"].as_i64().expect("pid");
    signal(pid as i32, "TERM");
    drop(holder);
    crate::common::wait_until("the creator's exit", || exit_of(&journal, pid).is_some());
    // A later object proves a System V poll after the set's semop: its first user is
    // decided by then.
    let mut a: Vec<&str> = nobody.to_vec();
    a.extend([h.as_str(), "msg", &msg_key, "exit"]);
    let o = in_ns(&ns, &a).output().expect("helper");
    assert!(o.status.success(), "{}", stderr(&o));
    wait_created(&journal, &format!("msg:{}", ready_id(&stdout(&o), "msg")));
    let sem = history(&journal)
        .into_iter()
        .find(|e| e["what"] == "created" && e["ref"] == format!("sem:{sem_id}").as_str())
        .expect("the set journaled");
    let exit = exit_of(&journal, pid).expect("exit");
    signal(child.0.id() as i32, "TERM");
    let _ = child.0.wait();
    Some(Seen {
        exe: e["creator"]["exe"].is_string(),
        exit_status: exit["creator"]["exit"]["signal"] == 15,
        sem_first_user: sem["creator"]["pid"] == pid,
    })
}

/// The unit's capabilities are enough for the full record, and each is needed: without it
/// the recorder refuses or records less.
#[test]
#[ignore = "needs root: setpriv, fanotify, the proc connector, private namespaces"]
fn record_unit_capabilities_are_each_necessary() {
    require_root();
    let full = Seen {
        exe: true,
        exit_status: true,
        sem_first_user: true,
    };
    assert_eq!(record_with_caps(&RECORD_CAPS), Some(full));
    for missing in RECORD_CAPS {
        let fewer: Vec<&str> = RECORD_CAPS
            .iter()
            .copied()
            .filter(|c| *c != missing)
            .collect();
        let seen = record_with_caps(&fewer);
        let want = match missing {
            "CAP_SYS_ADMIN" => None,
            // Linux 6.6 lets anyone listen to the proc connector (commit "connector/cn_proc:
            // Allow non-root users access"); before, CAP_NET_ADMIN was needed (Debian 12's
            // own kernel is 6.1).
            "CAP_NET_ADMIN" if kernel_at_least(6, 6) => Some(full_seen()),
            "CAP_NET_ADMIN" => Some(Seen {
                exit_status: false,
                ..full_seen()
            }),
            "CAP_SYS_PTRACE" => Some(Seen {
                exe: false,
                ..full_seen()
            }),
            _ => Some(Seen {
                sem_first_user: false,
                ..full_seen()
            }),
        };
        assert_eq!(seen, want, "without {missing}");
    }
}

fn full_seen() -> Seen {
    Seen {
        exe: true,
        exit_status: true,
        sem_first_user: true,
    }
}

/// Is the running kernel at least MAJOR.MINOR?
fn kernel_at_least(major: u32, minor: u32) -> bool {
    let r = std::fs::read_to_string("/proc/sys/kernel/osrelease").expect("osrelease");
    let mut v = r
        .trim()
        .split(['.', '-'])
        .map(|x| x.parse::<u32>().unwrap_or(0));
    (v.next().unwrap_or(0), v.next().unwrap_or(0)) >= (major, minor)
}

/// Run `c` with a deadline: the output, or a panic naming `what` if it hangs (killed).
fn output_within(what: &str, mut c: Command, secs: u64) -> std::process::Output {
    let child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let pid = child.id() as i32;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(std::time::Duration::from_secs(secs)) {
        Ok(o) => o.expect("wait"),
        Err(_) => {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            panic!("{what} hung (killed after {secs} s)");
        }
    }
}

/// A `--journal` that is a FIFO (or any non-regular file) is a note for every reader, at
/// once: opening it must not wait for a writer that never comes.
#[test]
fn readers_given_a_fifo_for_a_journal_say_so_and_do_not_hang() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("journal.db");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).expect("mkfifo");
    for args in [&["history"][..], &["list", "msg", "-o", "ref,creator"][..]] {
        let mut c = Command::new(BIN);
        c.arg("--journal").arg(&fifo).args(args);
        let o = output_within(&format!("ipcctl {}", args.join(" ")), c, 20);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("not a regular file"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

/// `record` refuses a journal, a lock or a WAL file planted as a symbolic link, and a
/// directory others may write, in one line naming the path, and makes nothing elsewhere.
#[test]
#[ignore = "needs root: record needs CAP_SYS_ADMIN (private namespaces)"]
fn record_refuses_planted_symlinks_and_a_shared_directory() {
    use std::os::unix::fs::PermissionsExt;
    require_root();
    let ns = ChildNs::empty();
    let dir = tempfile::tempdir().expect("tempdir");
    let journal = dir.path().join("j.db");
    let elsewhere = dir.path().join("elsewhere");
    let record = |journal: &Path| {
        let mut c = in_ns(
            &ns,
            &[BIN, "--journal", &journal.to_string_lossy(), "record"],
        );
        c.args(["--interval", "200ms"]);
        output_within("record", c, 20)
    };
    for (planted, why) in [
        ("j.db", "symbolic link"),
        ("j.db.lock", "symbolic link"),
        ("j.db-wal", "symbolic link"),
    ] {
        let link = dir.path().join(planted);
        std::os::unix::fs::symlink(&elsewhere, &link).expect("symlink");
        let o = record(&journal);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{planted}: {err}");
        assert!(
            err.contains(&link.display().to_string()) && err.contains(why),
            "{planted}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(!elsewhere.exists(), "{planted}: made a file elsewhere");
        std::fs::remove_file(&link).expect("rm");
        for f in ["j.db", "j.db.lock"] {
            let _ = std::fs::remove_file(dir.path().join(f));
        }
    }
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).expect("mkdir");
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let o = record(&shared.join("j.db"));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("writable by other users"), "{err}");
    assert_eq!(std::fs::read_dir(&shared).expect("ls").count(), 0);
}

/// `record -A`: a container whose /dev/shm is an absolute symbolic link (to a tmpfs of the
/// recorder's own mount namespace, "the host") is not watched through it; one note says so.
#[test]
#[ignore = "needs root: fanotify, private namespaces, mounts and chroot"]
fn record_all_namespaces_never_follows_a_containers_dev_shm_symlink() {
    require_root();
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().display().to_string();
    let journal = dir.path().join("journal.db");
    // In the recorder's namespaces: a "host" tmpfs; a container root whose dev/shm links to
    // it, and a process chrooted there in a mount namespace of its own.
    let setup = format!(
        "mkdir -p {d}/host {d}/croot/dev {d}/croot/usr; mount -t tmpfs -o size=1M tmpfs {d}/host; \
         ln -s {d}/host {d}/croot/dev/shm; for l in bin lib lib64 sbin; do ln -s usr/$l {d}/croot/$l; done; \
         unshare --mount sh -c 'mount --bind /usr {d}/croot/usr && exec chroot {d}/croot /usr/bin/sleep 600' & CPID=$!"
    );
    let (ns, line) = ChildNs::start(&setup, Some("sh -c \"echo ready $CPID; exec sleep 600\""));
    let cpid: i32 = line
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .expect("container pid");
    struct Kill(i32);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = Command::new("kill")
                .args(["-KILL", &self.0.to_string()])
                .status();
        }
    }
    let _container = Kill(cpid);
    crate::common::wait_until("the container to chroot", || {
        std::fs::read_link(format!("/proc/{cpid}/root")).is_ok_and(|r| r.ends_with("croot"))
    });
    let log = dir.path().join("rec.log");
    let child = in_ns(
        &ns,
        &[BIN, "--journal", &journal.to_string_lossy(), "record", "-A"],
    )
    .args(["--interval", "200ms"])
    .stdout(Stdio::null())
    .stderr(std::fs::File::create(&log).expect("log"))
    .spawn()
    .expect("spawn recorder");
    let rec = Recorder {
        child: Reaped(child),
        log: log.clone(),
    };
    let cshm = format!("/proc/{cpid}/root/dev/shm");
    crate::common::wait_until("the recorder to pass the container", || {
        std::fs::read_to_string(&log).is_ok_and(|l| l.contains(&cshm))
    });
    let text = rec.stop();
    let lines: Vec<&str> = text.lines().filter(|l| l.contains(&cshm)).collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(
        lines[0].contains("symbolic link") && lines[0].contains("not followed"),
        "{text}"
    );
    assert!(
        !text.contains(&format!("{d}/host")),
        "the host tmpfs was watched: {text}"
    );
}

/// Regression (review): under a umask of 002 (a common user default) the recorder made the
/// journal's directory group-writable, then refused it as "writable by other users".
#[test]
#[ignore = "needs root: fanotify, private namespaces and mounts"]
fn a_new_journal_directory_is_made_0755_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    require_root();
    let dir = tempfile::tempdir_in(crate::common::scratch()).unwrap();
    let journal = dir.path().join("new/journal.db");
    let o = Command::new("unshare")
        .args([
            "--ipc",
            "--mount",
            "--propagation",
            "private",
            "--",
            "sh",
            "-c",
        ])
        .arg(format!(
            "mount -t tmpfs none /dev/shm && umask 002 && \
             timeout -s INT 2 {BIN} --journal {} record",
            journal.display()
        ))
        .output()
        .unwrap();
    assert!(
        !stderr(&o).contains("writable by other users"),
        "{}",
        stderr(&o)
    );
    let mode = std::fs::metadata(dir.path().join("new"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o755, "{}", stderr(&o));
    assert!(journal.is_file(), "{}", stderr(&o));
}
