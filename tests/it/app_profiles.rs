//! Issue 22: every application that uses IPC. Real applications (JACK, Fast DDS, Squid,
//! LTTng, PHP-FPM, Qt, iceoryx, gpsd, Open MPI) in private namespaces: their objects are
//! named by their profiles, kept while they run, and proven left over by the profiles' own
//! rules once they are gone; JACK's directory and socket in /dev/shm are listed as what they
//! are and removed by `clean` as that. The held-out corpus
//! (crates/core/tests/fixtures/app-names.tsv) is made for real in a private /dev/shm and IPC
//! namespace. Objects no profile knows are named by their holders when they all run one
//! program, and by nobody when they run different ones.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::common::{self, run_json};
use crate::orphans::{helper_bin, in_namespaces, json};

const NS: &[&str] = &["--pid", "--fork", "--mount-proc", "--ipc", "--mount"];

/// A holder helper that keeps `op arg` (e.g. `pshm NAME`) until dropped.
struct Holding(Child);

impl Holding {
    fn start(program: &std::path::Path, args: &[&str]) -> Holding {
        let mut c = Command::new(program)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn holder");
        let mut line = String::new();
        BufReader::new(c.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.starts_with("ready"), "{line}");
        Holding(c)
    }
}

impl Drop for Holding {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The kernel's comm of a program file (its name cut to 15 bytes).
fn comm_of(path: &std::path::Path) -> String {
    let n = path.file_name().unwrap().to_string_lossy().into_owned();
    n.chars().take(15).collect()
}

#[test]
fn objects_no_profile_knows_are_named_by_holders_running_one_program_only() {
    let name = common::unique_name("held");
    let p = Holding::start(helper_bin(), &["pshm", &name]);
    let r = format!("pshm:/{name}");
    let list = run_json(&["list", "pshm"]);
    let o = common::find(&list, &r).expect("listed");
    assert_eq!(o["app"]["name"], comm_of(helper_bin()), "{o}");
    assert_eq!(o["app"]["source"], "holder", "{o}");
    assert!(o["app"]["profile"].is_null(), "{o}");
    assert_eq!(o["app"]["pids"], serde_json::json!([p.0.id()]), "{o}");
    // `-v` says how it was known; the plain table shows the name alone.
    let plain = common::run(&["list", "pshm", "-o", "ref,app", "--no-headings"]);
    let row = common::stdout(&plain)
        .lines()
        .find(|l| l.starts_with(&r))
        .map(str::to_string)
        .expect("row");
    assert!(row.trim_end().ends_with(&comm_of(helper_bin())), "{row}");
    let verbose = common::run(&["list", "pshm", "-o", "ref,app", "--no-headings", "-v"]);
    let row = common::stdout(&verbose)
        .lines()
        .find(|l| l.starts_with(&r))
        .map(str::to_string)
        .expect("row");
    assert!(row.trim_end().ends_with("(holder)"), "{row}");

    // A second program maps it too: holders of different programs name nothing.
    let other = crate::common::scratch().join(format!("other-prog-{}", std::process::id()));
    std::fs::copy(helper_bin(), &other).unwrap();
    let _q = Holding::start(&other, &["mapfile", &format!("/dev/shm/{name}")]);
    let list = run_json(&["list", "pshm"]);
    let o = common::find(&list, &r).expect("listed");
    assert_eq!(o["holders"].as_array().map(Vec::len), Some(2), "{o}");
    assert!(o["app"].is_null(), "{o}");
    drop(p);
    let _ = std::fs::remove_file(&other);
    let _ = std::fs::remove_file(format!("/dev/shm/{name}"));
}

/// Each line of the held-out corpus that names a POSIX object or a keyed System V object
/// is made for real in a private /dev/shm and IPC namespace; `list --json` must name it as
/// the corpus says (objects of no known application: `app` null or named by holders only).
#[test]
#[ignore = "needs root: a private /dev/shm and IPC namespace"]
fn objects_made_in_each_applications_format_are_named_by_its_profile() {
    assert!(common::is_root(), "needs root");
    let corpus = include_str!("../../crates/core/tests/fixtures/app-names.tsv");
    let mut script = String::from("set -e\nmount -t tmpfs tmpfs /dev/shm\n");
    let mut expect: Vec<(String, String)> = Vec::new();
    for line in corpus
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        let (kind, ident, attrs, app) = (f[0], f[1], f[2], f[3]);
        // Owner, group, nsems and holders need users and programs: the unit test covers them.
        if attrs != "-" && !attrs.starts_with("type=") {
            continue;
        }
        let q = ident.replace('\'', "'\\''");
        let r = match (kind, attrs) {
            ("pshm", "type=directory") => {
                script.push_str(&format!("mkdir '/dev/shm/{q}'\n"));
                format!("pshm:/{ident}")
            }
            ("pshm", "type=socket") => {
                script.push_str(&format!(
                    "python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' '/dev/shm/{q}'\n"
                ));
                format!("pshm:/{ident}")
            }
            ("pshm", _) => {
                script.push_str(&format!("head -c 4096 /dev/zero > '/dev/shm/{q}'\n"));
                format!("pshm:/{ident}")
            }
            ("psem", _) => {
                // A glibc sem_t: 32 bytes, value 1.
                script.push_str(&format!(
                    "printf '\\001\\000\\000\\000\\000\\000\\000\\000' > '/dev/shm/sem.{q}'; head -c 24 /dev/zero >> '/dev/shm/sem.{q}'\n"
                ));
                format!("psem:/{ident}")
            }
            (k @ ("shm" | "sem"), _) => {
                if ident == "0x00000000" {
                    continue; // IPC_PRIVATE objects are told apart by owner or holder only
                }
                let made = format!("{k}{ident}");
                let extra = if k == "shm" {
                    "--size 4096"
                } else {
                    "--nsems 1"
                };
                script.push_str(&format!(
                    "\"$IPCCTL\" create {k} --key {ident} {extra} > /dev/null\n"
                ));
                expect.push((made, app.to_string()));
                continue;
            }
            _ => continue,
        };
        expect.push((r, app.to_string()));
    }
    script.push_str("\"$IPCCTL\" list --json\n");
    let out = in_namespaces(NS, &script);
    let list = json(&out[0]);
    let objs = list.as_array().unwrap();
    let mut checked = 0;
    for (r, app) in &expect {
        let o: &Value = if let Some(key) = r
            .strip_prefix("shm0x")
            .map(|k| ("shm", k))
            .or_else(|| r.strip_prefix("sem0x").map(|k| ("sem", k)))
        {
            objs.iter()
                .find(|o| o["kind"] == key.0 && o["key"] == format!("0x{}", key.1))
                .unwrap_or_else(|| panic!("{r} not listed: {list}"))
        } else {
            objs.iter()
                .find(|o| o["ref"] == r.as_str())
                .unwrap_or_else(|| panic!("{r} not listed: {list}"))
        };
        if app == "-" {
            assert!(
                o["app"].is_null() || o["app"]["source"] != "profile",
                "{r} must be no application's: {o}"
            );
        } else if app == "steam" || app == "envoy" {
            assert!(o["app"].is_null(), "{r}: no profile knows {app}: {o}");
        } else {
            assert_eq!(o["app"]["name"], app.as_str(), "{r}: {o}");
            assert_eq!(o["app"]["source"], "profile", "{r}: {o}");
        }
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} objects checked");
}

/// JACK (jackd2, dummy driver) as root in private namespaces: while it runs, its directory
/// and socket in /dev/shm are listed (with owner and age, no warning) and nothing of it is an
/// orphan; after `kill -9`, JACK's profile proves them left over (no jackd of uid 0 runs) and
/// `clean --yes` removes them with everything else JACK left, and JACK starts again.
#[test]
#[ignore = "needs root and jackd2 (installed by .ci/run)"]
fn jack_leaves_a_directory_and_a_socket_that_clean_keeps_and_only_rm_force_removes() {
    assert!(common::is_root(), "needs root");
    let script = r#"set -e
mount -t tmpfs tmpfs /dev/shm
export JACK_NO_AUDIO_RESERVATION=1
start_jack() {
  jackd --no-realtime -d dummy -r 48000 -p 1024 > "$D/jackd.log" 2>&1 &
  J=$!
  for i in $(seq 400); do [ -S /dev/shm/jack_default_0_0 ] && return 0; sleep 0.025; done
  cat "$D/jackd.log" >&2; exit 1
}
start_jack
"$IPCCTL" list --json 2> "$D/list.err"
echo; echo ---
cat "$D/list.err"
echo; echo ---
"$IPCCTL" --settle 0 --complete-view orphans --all --json
echo; echo ---
"$IPCCTL" --settle 0 --complete-view clean --owner root --include-likely --include-state --yes --json
echo; echo ---
kill -9 $J; wait $J 2>/dev/null || true
"$IPCCTL" --settle 0 --complete-view orphans --all --json
echo; echo ---
"$IPCCTL" --settle 0 --complete-view clean --owner root --include-likely --include-state --yes --json
echo; echo ---
"$IPCCTL" --settle 0 --complete-view rm --json pshm:/jack_default_0_0 pshm:/jack_db-0 || true
echo; echo ---
"$IPCCTL" --settle 0 --complete-view rm --force --json pshm:/jack_default_0_0 pshm:/jack_db-0 || true
echo; echo ---
ls -A /dev/shm
echo; echo ---
start_jack
ls -A /dev/shm | grep -c jack_default_0_0
kill -9 $J
"#;
    let out = in_namespaces(NS, script);
    let running = json(&out[0]);
    let find = |v: &Value, r: &str| -> Value {
        v.as_array()
            .unwrap()
            .iter()
            .find(|o| o["ref"] == r)
            .cloned()
            .unwrap_or_else(|| panic!("{r} not in {v}"))
    };
    let dir = find(&running, "pshm:/jack_db-0");
    assert_eq!(dir["file_type"], "directory", "{dir}");
    assert_eq!(dir["app"]["profile"], "jack/metadata", "{dir}");
    assert_eq!(dir["uid"], 0);
    assert!(dir["ctime"].is_string(), "{dir}");
    let sock = find(&running, "pshm:/jack_default_0_0");
    assert_eq!(sock["file_type"], "socket", "{sock}");
    assert_eq!(sock["app"]["profile"], "jack/socket", "{sock}");
    let lock = running
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "sem" && o["key"] == "0x00282929")
        .unwrap_or_else(|| panic!("no JACK registry lock: {running}"));
    assert_eq!(lock["app"]["profile"], "jack/registry-lock", "{lock}");
    assert!(
        !out[1].contains("not a regular file"),
        "non-regular entries are listed, not warned about: {}",
        out[1]
    );
    // Running: nothing of JACK's is an orphan, and clean removes nothing.
    for o in json(&out[2]).as_array().unwrap() {
        let s = o["state"].as_str().unwrap_or("");
        assert!(s != "orphan" && s != "likely-orphan", "running: {o}");
    }
    for r in json(&out[3]).as_array().unwrap() {
        assert_ne!(r["action"], "removed", "removed while running: {r}");
    }
    // Killed: the profile proves JACK gone and says so, but a directory or socket is used
    // through what /proc does not show (files inside, a listener): likely-orphan at most.
    let after = json(&out[4]);
    for r in ["pshm:/jack_db-0", "pshm:/jack_default_0_0"] {
        let o = find(&after, r);
        assert_eq!(o["state"], "likely-orphan", "{o}");
        let codes: Vec<&str> = o["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["code"].as_str())
            .collect();
        assert!(codes.contains(&"profile-proof"), "{o}");
        assert!(codes.contains(&"not-regular-file"), "{o}");
        let proof = o["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["code"] == "profile-proof")
            .unwrap();
        assert_eq!(proof["uid"], 0, "{proof}");
        assert!(
            proof["text"]
                .as_str()
                .unwrap()
                .contains("no jackd or jackdbus of uid 0 runs"),
            "{proof}"
        );
    }
    // clean (even --include-likely) keeps them and says why; the regular segment goes.
    let cleaned = json(&out[5]);
    let action = |v: &Value, r: &str| -> String {
        v.as_array()
            .unwrap()
            .iter()
            .find(|x| x["ref"] == r)
            .map(|x| x["action"].as_str().unwrap_or("").to_string())
            .unwrap_or_else(|| panic!("{r} not in {v}"))
    };
    assert_eq!(
        action(&cleaned, "pshm:/jack-shm-registry"),
        "removed",
        "{}",
        out[5]
    );
    for r in ["pshm:/jack_db-0", "pshm:/jack_default_0_0"] {
        assert_eq!(action(&cleaned, r), "kept", "{}", out[5]);
    }
    // rm refuses them without --force; with it the socket goes, and the directory only if
    // empty (JACK keeps its metadata files in it).
    let refused = json(&out[6]);
    for r in ["pshm:/jack_db-0", "pshm:/jack_default_0_0"] {
        assert_eq!(action(&refused, r), "refused", "{}", out[6]);
    }
    let forced = json(&out[7]);
    assert_eq!(
        action(&forced, "pshm:/jack_default_0_0"),
        "removed",
        "{}",
        out[7]
    );
    let left: Vec<&str> = out[8].split_whitespace().collect();
    assert!(!left.contains(&"jack_default_0_0"), "{left:?}");
    if left.contains(&"jack_db-0") {
        assert_eq!(action(&forced, "pshm:/jack_db-0"), "failed", "{}", out[7]);
    } else {
        assert_eq!(action(&forced, "pshm:/jack_db-0"), "removed", "{}", out[7]);
    }
    assert_eq!(out[9].trim(), "1", "JACK started again after clean");
}

/// Fast DDS (Debian's fastdds-tools: a discovery server participant with its shared memory
/// transport) as root in private namespaces: its port mutex `sem.fastrtps_port<N>_mutex` is
/// opened only while a participant opens the port, so nobody holds it; it lives while the
/// port segment is in use. Running: the mutex is not an orphan, and the evidence names the
/// port in use, whether or not pshm was asked for. After `kill -9`: the profile proves it
/// (the port is not in use), and says so.
#[test]
#[ignore = "needs root and fastdds-tools (installed by .ci/run)"]
fn fast_dds_port_mutex_lives_while_its_port_segment_is_in_use() {
    assert!(common::is_root(), "needs root");
    let script = r#"set -e
mount -t tmpfs tmpfs /dev/shm
ip link set lo up
fast-discovery-server -i 0 -l 127.0.0.1 -p 11811 > "$D/fds.log" 2>&1 &
P=$!
for i in $(seq 400); do [ -e /dev/shm/sem.fastrtps_port7411_mutex ] && [ -e /dev/shm/fastrtps_port7411 ] && break; sleep 0.025; done
[ -e /dev/shm/sem.fastrtps_port7411_mutex ] || { cat "$D/fds.log" >&2; exit 1; }
"$IPCCTL" --settle 0 --complete-view orphans --all --json
echo; echo ---
"$IPCCTL" --settle 0 --complete-view orphans psem --all --json
echo; echo ---
kill -9 $P; wait $P 2>/dev/null || true
"$IPCCTL" --settle 0 --complete-view orphans --all --json
echo; echo ---
"$IPCCTL" --settle 0 --complete-view orphans psem --all --json
"#;
    let out = in_namespaces(
        &[
            "--pid",
            "--fork",
            "--mount-proc",
            "--ipc",
            "--mount",
            "--net",
        ],
        script,
    );
    let mutex = |s: &str| -> Value {
        json(s)
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["ref"] == "psem:/fastrtps_port7411_mutex")
            .cloned()
            .unwrap_or_else(|| panic!("no port mutex in {s}"))
    };
    let codes = |o: &Value| -> Vec<String> {
        o["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["code"].as_str().map(String::from))
            .collect()
    };
    for running in [&out[0], &out[1]] {
        let m = mutex(running);
        assert_eq!(m["app"]["profile"], "fastdds/port-mutex", "{m}");
        let s = m["state"].as_str().unwrap();
        assert!(s != "orphan" && s != "likely-orphan", "{m}");
        assert!(codes(&m).contains(&"sibling-in-use".to_string()), "{m}");
    }
    let all = json(&out[0]);
    let port = all
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["ref"] == "pshm:/fastrtps_port7411")
        .unwrap();
    assert_eq!(port["app"]["profile"], "fastdds/port", "{port}");
    assert_eq!(port["state"], "in-use", "{port}");
    for killed in [&out[2], &out[3]] {
        let m = mutex(killed);
        assert_eq!(m["state"], "orphan", "{m}");
        let proof = m["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["code"] == "profile-proof")
            .unwrap_or_else(|| panic!("{m}"));
        assert_eq!(proof["sibling"], "pshm:/fastrtps_port7411", "{proof}");
        assert!(
            proof["text"]
                .as_str()
                .unwrap()
                .contains("its sibling pshm:/fastrtps_port7411 is not in use"),
            "{proof}"
        );
    }
}

/// Squid 5.7 in SMP mode (Debian's squid: two workers, a rock cache_dir and shared
/// cache_mem) in private namespaces: every `squid-*.shm` segment is Squid's; while Squid runs
/// nothing of it is an orphan and `clean` removes nothing; after `kill -9` of every squid
/// process, its profile proves each segment left over (no squid runs; the owner is the
/// system user proxy, whose processes come and go) and `clean --owner proxy` removes exactly
/// them; Squid starts again.
#[test]
#[ignore = "needs root and squid (installed by .ci/run)"]
fn squid_smp_segments_are_named_and_proven_left_over_only_when_no_squid_runs() {
    assert!(common::is_root(), "needs root");
    let script = r#"set -e
mount -t tmpfs tmpfs /dev/shm
ip link set lo up
mkdir -p "$D/cache"; chown proxy "$D/cache"; chmod 755 "$D"
cat > "$D/squid.conf" <<CONF
workers 2
http_port 127.0.0.1:3128
cache_mem 8 MB
cache_dir rock $D/cache 64
pid_filename $D/squid.pid
cache_log $D/cache.log
access_log none
cache_effective_user proxy
shutdown_lifetime 1 second
CONF
squid -f "$D/squid.conf" -z --foreground > /dev/null 2>&1 || true
start_squid() {
  squid -f "$D/squid.conf" --foreground > "$D/squid.out" 2>&1 &
  for i in $(seq 400); do [ -e /dev/shm/squid-cf__metadata.shm ] && [ "$(pgrep -cx squid)" -ge 4 ] && return 0; sleep 0.025; done
  cat "$D/cache.log" >&2; exit 1
}
start_squid
sleep 1
"$IPCCTL" --settle 0 --complete-view orphans --all --json
echo; echo ---
"$IPCCTL" --settle 0 --complete-view clean --owner proxy --include-likely --yes --json
echo; echo ---
kill -9 $(pgrep -x squid) $(pgrep -x pinger) 2>/dev/null || true
for i in $(seq 400); do pgrep -x squid > /dev/null || break; sleep 0.025; done
"$IPCCTL" --settle 0 --complete-view orphans --all --json
echo; echo ---
"$IPCCTL" --settle 0 --complete-view clean --owner proxy --yes --json
echo; echo ---
ls -A /dev/shm
echo; echo ---
start_squid
ls /dev/shm | grep -c '^squid-.*\.shm$'
kill -9 $(pgrep -x squid) $(pgrep -x pinger) 2>/dev/null || true
"#;
    let out = in_namespaces(
        &[
            "--pid",
            "--fork",
            "--mount-proc",
            "--ipc",
            "--mount",
            "--net",
        ],
        script,
    );
    let running = json(&out[0]);
    let segs: Vec<&Value> = running
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["name"].as_str().is_some_and(|n| n.starts_with("/squid-")))
        .collect();
    assert!(segs.len() >= 10, "{running}");
    for o in &segs {
        assert_eq!(o["app"]["profile"], "squid/segment", "{o}");
        let s = o["state"].as_str().unwrap();
        assert!(s != "orphan" && s != "likely-orphan", "running: {o}");
    }
    for r in json(&out[1]).as_array().unwrap() {
        assert_ne!(r["action"], "removed", "removed while running: {r}");
    }
    let after = json(&out[2]);
    let mut proven = 0;
    for o in after.as_array().unwrap() {
        if o["app"]["profile"] != "squid/segment" {
            continue;
        }
        assert_eq!(o["state"], "orphan", "{o}");
        let proof = o["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["code"] == "profile-proof")
            .unwrap_or_else(|| panic!("{o}"));
        assert!(
            proof["text"]
                .as_str()
                .unwrap()
                .ends_with("and no squid runs"),
            "{proof}"
        );
        proven += 1;
    }
    assert_eq!(proven, segs.len(), "{after}");
    let cleaned = json(&out[3]);
    let removed = cleaned
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "removed")
        .count();
    assert_eq!(removed, segs.len(), "{cleaned}");
    assert_eq!(out[4].trim(), "", "left in /dev/shm after clean");
    assert!(
        out[5].trim().parse::<usize>().unwrap() >= 10,
        "Squid started again: {}",
        out[5]
    );
}

/// LTTng (Debian's lttng-tools) in private namespaces: root's session daemon makes the
/// global wait page `lttng-ust-wait-8`, nobody's the per-user `lttng-ust-wait-8-65534`. While
/// they run, neither is an orphan; after `kill -9`, LTTng's profile proves both (no
/// lttng-sessiond runs; of uid 65534 for the per-user page).
#[test]
#[ignore = "needs root and lttng-tools (installed by .ci/run)"]
fn lttng_wait_pages_are_named_and_proven_left_over_when_no_session_daemon_runs() {
    assert!(common::is_root(), "needs root");
    let script = r#"set -e
mount -t tmpfs tmpfs /dev/shm
chmod 755 "$D"
mkdir -p "$D/root" "$D/nobody"; chown nobody "$D/nobody"
HOME="$D/root" LTTNG_HOME="$D/root" lttng-sessiond --no-kernel > "$D/root.log" 2>&1 &
setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$D/nobody" LTTNG_HOME="$D/nobody" \
  lttng-sessiond --no-kernel > "$D/nobody.log" 2>&1 &
for i in $(seq 400); do [ -e /dev/shm/lttng-ust-wait-8 ] && [ -e /dev/shm/lttng-ust-wait-8-65534 ] && break; sleep 0.025; done
[ -e /dev/shm/lttng-ust-wait-8-65534 ] || { cat "$D"/*.log >&2; exit 1; }
"$IPCCTL" --settle 0 --complete-view orphans --all --json
echo; echo ---
kill -9 $(pgrep lttng) 2>/dev/null || true
for i in $(seq 400); do pgrep lttng > /dev/null || break; sleep 0.025; done
"$IPCCTL" --settle 0 --complete-view orphans --all --json
"#;
    let out = in_namespaces(NS, script);
    let find = |v: &Value, r: &str| -> Value {
        v.as_array()
            .unwrap()
            .iter()
            .find(|o| o["ref"] == r)
            .cloned()
            .unwrap_or_else(|| panic!("{r} not in {v}"))
    };
    let running = json(&out[0]);
    for (r, profile) in [
        ("pshm:/lttng-ust-wait-8", "lttng/wait-global"),
        ("pshm:/lttng-ust-wait-8-65534", "lttng/wait-user"),
    ] {
        let o = find(&running, r);
        assert_eq!(o["app"]["profile"], profile, "{o}");
        let s = o["state"].as_str().unwrap();
        assert!(s != "orphan" && s != "likely-orphan", "running: {o}");
    }
    let after = json(&out[1]);
    for (r, words) in [
        ("pshm:/lttng-ust-wait-8", "and no lttng-sessiond runs"),
        (
            "pshm:/lttng-ust-wait-8-65534",
            "and no lttng-sessiond of uid 65534 runs",
        ),
    ] {
        let o = find(&after, r);
        assert_eq!(o["state"], "orphan", "{o}");
        let proof = o["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["code"] == "profile-proof")
            .unwrap_or_else(|| panic!("{o}"));
        assert!(proof["text"].as_str().unwrap().ends_with(words), "{proof}");
    }
}

/// PHP-FPM 8.2 (Debian's php8.2-fpm, driven over FastCGI by cgi-fcgi) in private namespaces:
/// a request that holds a sysvshm segment (shm_attach) and a sysvsem semaphore (sem_get: a
/// set of three) while it sleeps. The segment, attached by php-fpm, is PHP's (php/shm); the
/// set of three owned by www-data is PHP's (php/sysvsem), not Apache's.
#[test]
#[ignore = "needs root and php8.2-fpm + libfcgi-bin (installed by .ci/run)"]
fn php_fpm_sysvshm_and_sysvsem_are_named_php() {
    assert!(common::is_root(), "needs root");
    let shm_key = common::unique_key();
    let sem_key = common::unique_key();
    let script = format!(
        r#"set -e
mount -t tmpfs tmpfs /dev/shm
chmod 755 "$D"
cat > "$D/hold.php" <<'PHP'
<?php
$shm = shm_attach({shm_key}, 4096, 0600);
$sem = sem_get({sem_key}, 1, 0600);
sem_acquire($sem);
file_put_contents(getenv("D") . "/held", "yes");
usleep(3000000);
sem_release($sem);
echo "done\n";
PHP
cat > "$D/fpm.conf" <<CONF
[global]
pid = $D/fpm.pid
error_log = $D/fpm.log
daemonize = no
[app]
user = www-data
group = www-data
listen = $D/fpm.sock
listen.mode = 0666
pm = static
pm.max_children = 1
env[D] = $D
CONF
chmod -R a+rX "$D"; chmod a+w "$D"
php-fpm8.2 -F -y "$D/fpm.conf" > "$D/fpm.out" 2>&1 &
for i in $(seq 400); do [ -S "$D/fpm.sock" ] && break; sleep 0.025; done
SCRIPT_FILENAME="$D/hold.php" REQUEST_METHOD=GET cgi-fcgi -bind -connect "$D/fpm.sock" > "$D/resp" 2>&1 &
R=$!
for i in $(seq 400); do [ -e "$D/held" ] && break; sleep 0.025; done
[ -e "$D/held" ] || {{ cat "$D/fpm.log" "$D/resp" >&2; exit 1; }}
"$IPCCTL" list shm sem --json
wait $R
"#
    );
    let out = in_namespaces(NS, &script);
    let list = json(&out[0]);
    let by_key = |kind: &str, key: u32| -> Value {
        list.as_array()
            .unwrap()
            .iter()
            .find(|o| o["kind"] == kind && o["key"] == format!("0x{key:08x}"))
            .cloned()
            .unwrap_or_else(|| panic!("{kind} 0x{key:08x} not in {list}"))
    };
    let shm = by_key("shm", shm_key);
    assert_eq!(shm["app"]["profile"], "php/shm", "{shm}");
    assert_eq!(shm["app"]["source"], "profile", "{shm}");
    let sem = by_key("sem", sem_key);
    assert_eq!(sem["nsems"], 3, "{sem}");
    assert_eq!(sem["user"], "www-data", "{sem}");
    assert_eq!(sem["app"]["profile"], "php/sysvsem", "{sem}");
}

/// Qt 5 through PyQt5 (Debian's python3-pyqt5) in a private IPC namespace: QSharedMemory and
/// QSystemSemaphore make System V objects keyed by ftok of their `qipc_*` files with project
/// id 'Q' (0x51 in the top byte): all are Qt's, and none is read as anything else.
#[test]
#[ignore = "needs root and python3-pyqt5 (installed by .ci/run)"]
fn qt_shared_memory_and_system_semaphores_are_named_qt() {
    assert!(common::is_root(), "needs root");
    let script = r#"set -e
mount -t tmpfs tmpfs /dev/shm
export TMPDIR="$D"
/usr/bin/python3 - > "$D/qt.out" 2>&1 <<'PY' &
from PyQt5.QtCore import QSharedMemory, QSystemSemaphore
import time
m = QSharedMemory("ipcctl-test-app")
assert m.create(4096), m.errorString()
s = QSystemSemaphore("ipcctl-test-sem", 1, QSystemSemaphore.Create)
s.acquire()
print("ready", flush=True)
time.sleep(30)
PY
Q=$!
for i in $(seq 400); do grep -q ready "$D/qt.out" && break; sleep 0.025; done
grep -q ready "$D/qt.out" || { cat "$D/qt.out" >&2; exit 1; }
"$IPCCTL" list shm sem --json
kill -9 $Q
"#;
    let out = in_namespaces(&["--ipc", "--mount"], script);
    let list = json(&out[0]);
    let objs: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["key"].as_str().is_some_and(|k| k.starts_with("0x51")))
        .collect();
    // QSharedMemory: a segment and its lock semaphore; QSystemSemaphore: one more set.
    assert_eq!(objs.len(), 3, "{list}");
    for o in objs {
        let want = if o["kind"] == "shm" {
            "qt/shared-memory"
        } else {
            "qt/semaphore"
        };
        assert_eq!(o["app"]["profile"], want, "{o}");
    }
}

/// iceoryx 2.0 (Debian's iceoryx: the RouDi daemon) in private namespaces: its management
/// segment and the payload segment named after the user's group are iceoryx's; held while
/// RouDi runs; after `kill -9`, its profile proves both left over (no iox-roudi runs).
#[test]
#[ignore = "needs root and iceoryx (installed by .ci/run)"]
fn iceoryx_roudi_segments_are_named_and_proven_left_over_when_roudi_is_gone() {
    assert!(common::is_root(), "needs root");
    let script = r#"set -e
mount -t tmpfs tmpfs /dev/shm
iox-roudi > "$D/roudi.log" 2>&1 &
R=$!
for i in $(seq 400); do [ -e /dev/shm/iceoryx_mgmt ] && [ -e "/dev/shm/$(id -gn)" ] && break; sleep 0.025; done
[ -e /dev/shm/iceoryx_mgmt ] || { cat "$D/roudi.log" >&2; exit 1; }
sleep 0.5
"$IPCCTL" --settle 0 --complete-view orphans pshm --all --json
echo; echo ---
kill -9 $R; wait $R 2>/dev/null || true
"$IPCCTL" --settle 0 --complete-view orphans pshm --all --json
echo; echo ---
id -gn
"#;
    let out = in_namespaces(NS, script);
    let group = out[2].trim();
    let find = |v: &Value, r: &str| -> Value {
        v.as_array()
            .unwrap()
            .iter()
            .find(|o| o["ref"] == r)
            .cloned()
            .unwrap_or_else(|| panic!("{r} not in {v}"))
    };
    let running = json(&out[0]);
    let payload = format!("pshm:/{group}");
    for (r, profile) in [
        ("pshm:/iceoryx_mgmt", "iceoryx/mgmt"),
        (payload.as_str(), "iceoryx/payload"),
    ] {
        let o = find(&running, r);
        assert_eq!(o["app"]["profile"], profile, "{o}");
        assert_eq!(o["state"], "in-use", "{o}");
    }
    let after = json(&out[1]);
    for r in ["pshm:/iceoryx_mgmt", payload.as_str()] {
        let o = find(&after, r);
        assert_eq!(o["state"], "orphan", "{o}");
        let proof = o["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["code"] == "profile-proof")
            .unwrap_or_else(|| panic!("{o}"));
        assert!(
            proof["text"]
                .as_str()
                .unwrap()
                .ends_with("and no iox-roudi runs"),
            "{proof}"
        );
    }
}

/// gpsd (Debian's gpsd, no device) in private namespaces: its shared memory export (key
/// 'GPSD') and the NTP SHM refclock units it makes (keys 'NTP0' + unit) are named, and while
/// gpsd runs none is an orphan.
#[test]
#[ignore = "needs root and gpsd (installed by .ci/run)"]
fn gpsd_export_and_ntp_units_are_named() {
    assert!(common::is_root(), "needs root");
    let script = r#"set -e
mount -t tmpfs tmpfs /dev/shm
gpsd -N -n -F "$D/gpsd.sock" > "$D/gpsd.log" 2>&1 &
# 0x47505344 ('GPSD') is 1196446532 in /proc/sysvipc/shm's signed decimal keys.
for i in $(seq 400); do awk 'NR > 1 && $1 == 1196446532 {f=1} END {exit !f}' /proc/sysvipc/shm && break; sleep 0.025; done
"$IPCCTL" --settle 0 --complete-view orphans shm --all --json
"#;
    let out = in_namespaces(NS, script);
    let all = json(&out[0]);
    let objs = all.as_array().unwrap();
    let export = objs
        .iter()
        .find(|o| o["key"] == "0x47505344")
        .unwrap_or_else(|| panic!("no gpsd export: {all}"));
    assert_eq!(export["app"]["profile"], "gpsd/export", "{export}");
    let units: Vec<&Value> = objs
        .iter()
        .filter(|o| o["key"].as_str().is_some_and(|k| k.starts_with("0x4e5450")))
        .collect();
    assert!(!units.is_empty(), "{all}");
    for o in objs {
        let s = o["state"].as_str().unwrap_or("");
        assert!(s != "orphan" && s != "likely-orphan", "running: {o}");
    }
    for u in units {
        assert_eq!(u["app"]["profile"], "ntpshm/unit", "{u}");
    }
}

/// Open MPI 4.1 (Debian's openmpi-bin, two mpi4py ranks on the vader BTL) in private
/// namespaces: the segments are named `vader_segment.<node>.<euid>.<job>.<rank>`, and the
/// euid is read as the uid, not as part of the node name (`show` once said the job ran "on
/// vm.0"); after `kill -9` of mpirun and its ranks, Open MPI's profile proves them left over.
#[test]
#[ignore = "needs root, openmpi-bin and python3-mpi4py (installed by .ci/run)"]
fn open_mpi_41_segments_carry_the_euid_and_are_proven_left_over_after_the_job_dies() {
    assert!(common::is_root(), "needs root");
    let script = r#"set -e
mount -t tmpfs tmpfs /dev/shm
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader \
  OMPI_MCA_pml=ob1 OMPI_MCA_plm=isolated OMPI_MCA_btl_vader_single_copy_mechanism=none \
  OMPI_MCA_rmaps_base_oversubscribe=1
cat > "$D/job.py" <<'PY'
from mpi4py import MPI
import time
c = MPI.COMM_WORLD
s = c.allreduce(c.rank)
if c.rank == 0:
    print("ready", s, flush=True)
time.sleep(60)
PY
mpirun -np 2 /usr/bin/python3 "$D/job.py" > "$D/mpi.out" 2>&1 &
for i in $(seq 800); do grep -q ready "$D/mpi.out" && break; sleep 0.025; done
grep -q ready "$D/mpi.out" || { cat "$D/mpi.out" >&2; exit 1; }
"$IPCCTL" --settle 0 --complete-view orphans pshm --all --json
echo; echo ---
R=$(ls /dev/shm | grep '^vader_segment\.' | head -1)
"$IPCCTL" show "pshm:/$R"
echo; echo ---
kill -9 -1 2>/dev/null || true
for i in $(seq 400); do [ "$(ls /proc | grep -c '^[0-9]')" -le 2 ] && break; sleep 0.025; done
"$IPCCTL" --settle 0 --complete-view orphans pshm --all --json
echo; echo ---
hostname
"#;
    let out = in_namespaces(NS, script);
    let host = out[3].trim();
    let running = json(&out[0]);
    let segs: Vec<&Value> = running
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| {
            o["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("/vader_segment."))
        })
        .collect();
    assert_eq!(segs.len(), 2, "{running}");
    for o in &segs {
        assert_eq!(o["app"]["profile"], "openmpi/vader", "{o}");
        let detail = o["app"]["detail"].as_str().unwrap();
        assert!(detail.ends_with(", uid 0"), "{o}");
        assert!(
            o["name"]
                .as_str()
                .unwrap()
                .starts_with(&format!("/vader_segment.{host}.0.")),
            "{o}"
        );
        assert_eq!(o["state"], "in-use", "{o}");
    }
    assert!(
        out[1].contains(&format!(" on {host}, run by uid 0")),
        "show names the node alone: {}",
        out[1]
    );
    assert!(!out[1].contains(&format!("on {host}.0")), "{}", out[1]);
    let after = json(&out[2]);
    let mut proven = 0;
    for o in after.as_array().unwrap() {
        if o["app"]["profile"] != "openmpi/vader" {
            continue;
        }
        assert_eq!(o["state"], "orphan", "{o}");
        assert!(
            o["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["code"] == "profile-proof"),
            "{o}"
        );
        proven += 1;
    }
    assert_eq!(proven, 2, "{after}");
}

/// glibc's sem_open builds a semaphore as `sem.XXXXXX`, links it to `sem.NAME` and unlinks
/// the temporary name, so its creator's mapping keeps showing the temporary name. Once the
/// semaphore's own name is removed while the creator still maps it, the listing says what
/// it is: a named semaphore being created, or one whose own name was removed.
#[test]
fn a_mapped_semaphore_under_glibcs_temporary_name_is_said_to_be_one_in_the_making() {
    let name = common::unique_name("tmpsem");
    let p = Holding::start(helper_bin(), &["psem", &name]);
    std::fs::remove_file(format!("/dev/shm/sem.{name}")).unwrap();
    let list = run_json(&["list", "psem"]);
    let pid = p.0.id();
    let o = list
        .as_array()
        .unwrap()
        .iter()
        .find(|o| {
            o["holders"]
                .as_array()
                .is_some_and(|h| h.iter().any(|h| h["pid"] == pid))
        })
        .unwrap_or_else(|| panic!("the unlinked semaphore of {pid} is not listed: {list}"));
    let r = o["ref"].as_str().unwrap();
    assert!(r.starts_with("psem:/") && r.ends_with(" (deleted)"), "{o}");
    let temp = &r["psem:/".len()..r.len() - " (deleted)".len()];
    assert_eq!(temp.len(), 6, "glibc's sem.XXXXXX: {o}");
    assert!(
        o["problem"]
            .as_str()
            .unwrap()
            .starts_with("a named semaphore being created (or whose name was removed)"),
        "{o}"
    );
}

/// Attacker pass (issue 22): a directory, socket or FIFO in /dev/shm is used through what
/// /proc's maps and fds of it do not show. A profile's proof that its application is gone
/// (no jackd runs) must not make clean remove JACK's directory while another process maps a
/// file inside it, a socket somebody listens on, or walk a bind mount of the same tmpfs
/// inside the directory into other users' objects. Before: all three were `orphan` and
/// removed (and the bind-mounted files deleted).
#[test]
#[ignore = "needs root: private namespaces and a tmpfs on /dev/shm"]
fn clean_never_removes_a_directory_socket_or_fifo_and_rm_never_walks_into_one() {
    assert!(common::is_root(), "needs root");
    let script = r#"set -e
mount -t tmpfs tmpfs /dev/shm
mkdir -m 700 /dev/shm/jack_db-0 /dev/shm/jack_db-0/mnt
echo d > /dev/shm/jack_db-0/metadata.db
python3 -c 'import mmap,sys,time
f=open("/dev/shm/jack_db-0/metadata.db","r+b"); m=mmap.mmap(f.fileno(),0)
print("mapped", flush=True); time.sleep(600)' > "$D/map.out" &
M=$!
python3 -c 'import socket,time
s=socket.socket(socket.AF_UNIX); s.bind("/dev/shm/jack_default_0_0"); s.listen()
print("listening", flush=True); time.sleep(600)' > "$D/sock.out" &
S=$!
echo precious > /dev/shm/other_users_segment
mount --bind /dev/shm /dev/shm/jack_db-0/mnt
for i in $(seq 400); do grep -q mapped "$D/map.out" && grep -q listening "$D/sock.out" && break; sleep 0.025; done
sleep 1.2
"$IPCCTL" --settle 1s --complete-view orphans --all --json
echo; echo ---
"$IPCCTL" --settle 1s --complete-view clean --owner root --include-likely --yes --json
echo; echo ---
"$IPCCTL" --settle 1s --complete-view rm --force --json pshm:/jack_db-0 || true
echo; echo ---
umount /dev/shm/jack_db-0/mnt
ls -A /dev/shm /dev/shm/jack_db-0
kill $M $S
"#;
    let out = in_namespaces(NS, script);
    let orphans = json(&out[0]);
    for r in ["pshm:/jack_db-0", "pshm:/jack_default_0_0"] {
        let o = orphans
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["ref"] == r)
            .unwrap_or_else(|| panic!("{r} not in {}", out[0]));
        assert_ne!(o["state"], "orphan", "{o}");
    }
    for r in json(&out[1]).as_array().unwrap() {
        if r["ref"] == "pshm:/jack_db-0" || r["ref"] == "pshm:/jack_default_0_0" {
            assert_eq!(r["action"], "kept", "{r}");
        }
    }
    let forced = json(&out[2]);
    assert_eq!(forced[0]["action"], "failed", "{}", out[2]);
    let left = &out[3];
    for name in [
        "jack_db-0",
        "jack_default_0_0",
        "other_users_segment",
        "metadata.db",
    ] {
        assert!(left.contains(name), "{name} was removed: {left}");
    }
}
