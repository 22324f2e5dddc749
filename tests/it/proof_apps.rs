//! Issue 18, cases 1–3, with the real applications: objects that nobody holds at the moment
//! ipcctl looks, whose recorded users are dead or absent, but which a live process of the
//! owner reopens by key or name on its next use. `orphan` is a proof, and "nobody left who
//! could open it without a trace" (premise 3) is what fails here: ipcctl must not say
//! `orphan`, `clean --yes` must keep the object, and the application must still find it.
//!
//! 1. PHP-FPM's `shm_attach` cache (SysV): the creator worker is recycled by
//!    `pm.max_requests`; live workers of the pool user reattach on the next request. Pool user
//!    www-data (a system uid) and a regular uid (so the protection is the live owner, not
//!    "system uids are never orphan"), and `pm = ondemand`, whose idle pool has no worker.
//! 2. Python `SharedMemory(create=True, name=…)`, `close()` (no unlink), reopened by name by the
//!    same live process.
//! 3. A posix_ipc daemon that opens its queue and named semaphore only per use; once more with
//!    no mqueue mounted anywhere in its mount namespace (a queue is reached through the IPC
//!    namespace, not a mount).
//!
//! Each runs as a shell script in fresh PID, IPC and mount namespaces (`apps::NS`) with its
//! own /proc and /dev/shm: every process there is inspected, every object there is the
//! application's, and everything dies with the namespace. ipcctl runs with `--complete-view
//! --settle 0` (the objects are seconds old; this VM's pid 1 cannot be inspected, the
//! namespace's can). The tests wait for states (a worker's exit, a daemon's line), never for
//! time. Debian's php8.2-fpm and libfcgi-bin and PyPI's posix_ipc are installed by `.ci/run`.

use serde_json::Value;

use crate::apps::{NS, parse};
use crate::common::{self, find, unique_key, unique_name};
use crate::orphans::in_namespaces;

/// The options of issue 18 every ipcctl call in these scripts gets.
const PROOF: &str = "--complete-view --settle 0";

/// Private /dev/shm (and, with `mqueue`, a private mqueue at /dev/mqueue; without, no mqueue
/// mounted at all in this mount namespace), `section`, and `live_of UID`: the live
/// (non-zombie) pids whose real uid is UID.
fn prelude(mqueue: bool) -> String {
    let mq = if mqueue {
        "mkdir -p /dev/mqueue && mount -t mqueue none /dev/mqueue"
    } else {
        "awk '$3 == \"mqueue\" {print $2}' /proc/self/mounts | sort -r | while read -r m; do umount -l \"$m\"; done
! grep -q ' mqueue ' /proc/self/mounts || { echo 'an mqueue is still mounted' >&2; exit 1; }"
    };
    format!(
        r#"set -e
mount -t tmpfs -o size=16M tmpfs /dev/shm
{mq}
section() {{ echo; echo ---; }}
P="{PROOF}"
live_of() {{
  for s in /proc/[0-9]*/status; do
    p=${{s#/proc/}}; p=${{p%/status}}
    awk -v u="$1" '$1 == "Uid:" && $2 == u {{f=1}} $1 == "State:" && $2 == "Z" {{z=1}} END {{exit !(f && !z)}}' "$s" 2>/dev/null && echo "$p"
  done
  true
}}
alive() {{ [ -e /proc/$1/status ] && ! grep -q '^State:[[:space:]]*Z' /proc/$1/status 2>/dev/null; }}
# wait_for WHAT CMD...: until CMD succeeds (20 s at most), else fail naming WHAT.
wait_for() {{
  what=$1; shift
  for i in $(seq 800); do "$@" && return 0; sleep 0.025; done
  echo "timed out waiting for $what" >&2; exit 1
}}
"#
    )
}

fn codes(o: &Value) -> Vec<&str> {
    o["evidence"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["code"].as_str()).collect())
        .unwrap_or_default()
}

fn evidence<'a>(o: &'a Value, code: &str) -> Vec<&'a Value> {
    o["evidence"]
        .as_array()
        .map(|a| a.iter().filter(|e| e["code"] == code).collect())
        .unwrap_or_default()
}

/// What premise 3 must say about an object.
enum Owner<'a> {
    /// A regular uid with these live processes: `owner-has-processes` naming the uid and
    /// (at least) these pids.
    Live(u32, &'a [i64]),
    /// A system uid: `protected-owner` (whether or not it has a live process right now).
    System(u32),
    /// A system uid with these live processes: either code will do.
    SystemLive(u32, &'a [i64]),
}

fn owner_has(o: &Value, uid: u32, pids: &[i64]) -> bool {
    evidence(o, "owner-has-processes").iter().any(|e| {
        e["uid"] == uid
            && pids.iter().all(|p| {
                e["pids"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| x.as_i64() == Some(*p)))
            })
    })
}

fn protected(o: &Value, uid: u32) -> bool {
    evidence(o, "protected-owner")
        .iter()
        .any(|e| e["uid"] == uid)
}

/// The object is not an orphan because of premise 3 alone: the view is complete, nothing
/// holds it, it is settled, and the owner evidence is the one expected. Nobody holds it and
/// nothing recorded is alive, so a proof short of premise 3 would say `orphan`: the verdict
/// is `unknown`, naming the premise that is missing.
fn assert_protected_by_owner(o: &Value, owner: Owner, what: &str) {
    let c = codes(o);
    assert_eq!(o["state"], "unknown", "{what}: {o}");
    assert!(c.contains(&"no-holder"), "{what}: no holder: {o}");
    for bad in [
        "holder",
        "view-incomplete",
        "nested-pid-namespace",
        "unsettled",
    ] {
        assert!(
            !c.contains(&bad),
            "{what}: the protection must rest on the owner alone, not on {bad}: {o}"
        );
    }
    match owner {
        Owner::Live(uid, pids) => assert!(
            owner_has(o, uid, pids),
            "{what}: owner-has-processes uid {uid} pids {pids:?}: {o}"
        ),
        Owner::System(uid) => assert!(protected(o, uid), "{what}: protected-owner {uid}: {o}"),
        Owner::SystemLive(uid, pids) => assert!(
            protected(o, uid) || owner_has(o, uid, pids),
            "{what}: protected-owner or owner-has-processes for {uid} {pids:?}: {o}"
        ),
    }
}

/// `clean --yes` (and with `--owner UID --include-likely`, which names even a system owner)
/// removed nothing.
fn assert_removed_nothing(clean: &Value, what: &str) {
    for r in clean.as_array().expect("clean --json is an array") {
        assert_ne!(r["action"], "removed", "{what}: removed: {r}");
    }
}

fn pids(s: &str) -> Vec<i64> {
    s.split_whitespace()
        .map(|p| p.parse().unwrap_or_else(|e| panic!("{e}: {s:?}")))
        .collect()
}

/// PHP-FPM with its own pool (one worker, `pm.max_requests = 3`) run as `user`, a PHP script
/// caching a value in a SysV segment with `shm_attach`/`shm_put_var`/`shm_get_var`, driven
/// over FastCGI with `cgi-fcgi` on a unix socket. Three requests: the first worker creates the
/// segment and stores the value, then is recycled; the segment has nattch 0 and a dead
/// cpid/lpid. Then ipcctl judges it, `clean --yes` runs, and a fourth request must still
/// find the value.
fn php_fpm(user: &str, group: &str, uid: u32, pm: &str) {
    common::require_root();
    let key = unique_key();
    let script = format!(
        r#"{prelude}
cat > "$D/cache.php" <<'PHP'
<?php
$shm = shm_attach({key}, 4096, 0600);
if (isset($_GET['set'])) {{
    shm_put_var($shm, 1, $_GET['set']);
}}
echo "value=", shm_has_var($shm, 1) ? shm_get_var($shm, 1) : "EMPTY", "\n";
PHP
cat > "$D/fpm.conf" <<CONF
[global]
pid = $D/fpm.pid
error_log = $D/fpm.log
daemonize = no
[proof]
user = {user}
group = {group}
listen = $D/fpm.sock
listen.mode = 0666
pm = {pm}
pm.max_children = 1
pm.max_requests = 3
pm.process_idle_timeout = 1s
CONF
chmod -R a+rX "$D"
php-fpm8.2 -F -y "$D/fpm.conf" > "$D/fpm.out" 2>&1 &
wait_for "php-fpm's socket" test -S "$D/fpm.sock"
req() {{
  SCRIPT_FILENAME="$D/cache.php" REQUEST_METHOD=GET QUERY_STRING="$1" \
    cgi-fcgi -bind -connect "$D/fpm.sock" > "$D/resp" || {{ cat "$D/fpm.log" >&2; exit 1; }}
  grep '^value=' "$D/resp" || {{ cat "$D/resp" "$D/fpm.log" >&2; exit 1; }}
}}
shmcol() {{
  awk -v k={key} -v c="$1" 'NR == 1 {{for (i = 1; i <= NF; i++) h[$i] = i; next}} $h["key"] == k {{print $h[c]}}' /proc/sysvipc/shm
}}
req set=cached-v1
req ""
req ""
section
# The third request was the worker's last (pm.max_requests = 3): it exits.
C=$(shmcol cpid)
[ -n "$C" ] && [ "$(shmcol lpid)" = "$C" ] || {{ cat /proc/sysvipc/shm >&2; exit 1; }}
gone() {{ ! alive "$C"; }}
wait_for "worker $C to be recycled" gone
if [ "{pm}" = ondemand ]; then
  # An ondemand pool may start a worker after a recycled one; it stops it once idle.
  idle_pool() {{ [ -z "$(live_of {uid})" ]; }}
  wait_for "the idle pool to stop its workers" idle_pool
else
  has_worker() {{ [ -n "$(live_of {uid})" ]; }}
  wait_for "a new worker" has_worker
fi
echo "$(shmcol shmid) $(shmcol nattch) $C"
section
live_of {uid}
section
"$IPCCTL" $P orphans --all --json
section
"$IPCCTL" $P clean --yes --json
section
"$IPCCTL" $P clean --owner {uid} --include-likely --yes --json
section
"$IPCCTL" list shm --json
section
req ""
"#,
        prelude = prelude(true),
    );
    let what = format!("php-fpm pm={pm} user={user}");
    let out = in_namespaces(NS, &script);
    assert_eq!(
        out[0].trim(),
        "value=cached-v1\nvalue=cached-v1\nvalue=cached-v1",
        "{what}: the cache works"
    );
    let seg = pids(&out[1]);
    let (shmid, nattch, creator) = (seg[0], seg[1], seg[2]);
    assert_eq!(nattch, 0, "{what}: nobody attached between requests");
    let workers = pids(&out[2]);
    assert!(!workers.contains(&creator), "{what}: {workers:?}");
    let r = format!("shm:{shmid}");
    let all = parse(&out[3]);
    let o = find(&all, &r).unwrap_or_else(|| panic!("{what}: {r} not listed: {all}"));
    // An ondemand pool stops its idle workers, but the master may start one again at any
    // moment: either way the owner is a system user, never proven gone.
    let owner = match (uid < 1000, workers.is_empty()) {
        (true, true) => Owner::System(uid),
        (true, false) => Owner::SystemLive(uid, &workers),
        (false, _) => Owner::Live(uid, &workers),
    };
    if pm != "ondemand" {
        assert!(!workers.is_empty(), "{what}: live workers remain");
    }
    assert_protected_by_owner(o, owner, &what);
    assert_removed_nothing(&parse(&out[4]), &what);
    assert_removed_nothing(
        &parse(&out[5]),
        &format!("{what}, --owner --include-likely"),
    );
    assert!(
        find(&parse(&out[6]), &r).is_some(),
        "{what}: {r} is still there: {}",
        out[6]
    );
    assert_eq!(
        out[7].trim(),
        "value=cached-v1",
        "{what}: the next request found the cached value"
    );
}

#[test]
#[ignore = "needs root and php8.2-fpm + libfcgi-bin (installed by .ci/run)"]
fn php_fpm_static_pool_of_www_data_keeps_its_shm_cache_after_recycling() {
    php_fpm("www-data", "www-data", 33, "static");
}

#[test]
#[ignore = "needs root and php8.2-fpm + libfcgi-bin (installed by .ci/run)"]
fn php_fpm_static_pool_of_a_regular_uid_keeps_its_shm_cache_after_recycling() {
    php_fpm("2950", "2950", 2950, "static");
}

#[test]
#[ignore = "needs root and php8.2-fpm + libfcgi-bin (installed by .ci/run)"]
fn php_fpm_ondemand_pool_with_no_worker_left_keeps_its_shm_cache() {
    php_fpm("www-data", "www-data", 33, "ondemand");
}

/// The venv of `.ci/run` with posix_ipc, run as another uid.
fn venv_python() -> String {
    let venv = std::env::var("IPCCTL_PY_VENV")
        .expect("IPCCTL_PY_VENV: a venv with posix_ipc (set up by .ci/run)");
    format!("{venv}/bin/python")
}

#[test]
#[ignore = "needs root, python3-venv and $IPCCTL_PY_VENV (set up by .ci/run)"]
fn python_shared_memory_closed_and_reopened_by_name_is_kept() {
    common::require_root();
    let uid = 2951;
    let name = unique_name("pysm");
    let py = r#"
import os, sys
from multiprocessing import resource_tracker, shared_memory
# Python 3.11 has no SharedMemory(track=False) (3.13): keep the resource tracker out, or it
# would start a second process and warn about (and unlink) "leaked" segments at the end.
resource_tracker.register = resource_tracker.unregister = lambda *a, **k: None
name, fifo = sys.argv[1], sys.argv[2]
shm = shared_memory.SharedMemory(name=name, create=True, size=4096)
shm.buf[:6] = b"cached"
shm.close()  # closed, not unlinked: reopened by name later
print("ready", os.getpid(), flush=True)
with open(fifo) as f:
    f.read()
try:
    again = shared_memory.SharedMemory(name=name)
    print("reattached", bytes(again.buf[:6]).decode(), flush=True)
    again.close()
except FileNotFoundError:
    print("reattach failed: FileNotFoundError", flush=True)
"#;
    let script = format!(
        r#"{prelude}
cat > "$D/app.py" <<'PYEOF'
{py}
PYEOF
mkfifo "$D/go"
chown -R {uid}:{uid} "$D"
setpriv --reuid={uid} --regid={uid} --clear-groups -- {python} "$D/app.py" {name} "$D/go" > "$D/app.out" 2>&1 &
A=$!
ready() {{ grep -q ready "$D/app.out"; }}
wait_for "the app's ready line" ready
# closed: neither mapped nor open by the app
if grep -q "/dev/shm/{name}" /proc/$A/maps || ls -l /proc/$A/fd | grep -q "/dev/shm/{name}"; then
  echo "the app still holds its segment" >&2; exit 1
fi
echo $A
section
"$IPCCTL" $P orphans --all --json
section
"$IPCCTL" $P clean --yes --json
section
"$IPCCTL" $P clean --owner {uid} --include-likely --yes --json
section
echo go > "$D/go"
done_() {{ grep -q reatt "$D/app.out"; }}
wait_for "the reattach" done_
cat "$D/app.out"
"#,
        prelude = prelude(true),
        python = venv_python(),
    );
    let out = in_namespaces(NS, &script);
    let app = pids(&out[0]);
    let r = format!("pshm:/{name}");
    let all = parse(&out[1]);
    let o = find(&all, &r).unwrap_or_else(|| panic!("{r} not listed: {all}"));
    assert_protected_by_owner(o, Owner::Live(uid, &app), "SharedMemory");
    assert_removed_nothing(&parse(&out[2]), "SharedMemory");
    assert_removed_nothing(&parse(&out[3]), "SharedMemory, --owner --include-likely");
    assert!(
        out[4].contains("reattached cached"),
        "the app reopens its segment by name: {}",
        out[4]
    );
    assert!(
        !out[4].contains("Warning") && !out[4].contains("resource_tracker"),
        "no resource_tracker noise: {}",
        out[4]
    );
}

/// A posix_ipc daemon (uid 2952) that opens its queue and named semaphore only per job
/// (open, use, close), idle in between (blocked opening a FIFO, the job trigger).
fn posix_ipc_daemon(mqueue: bool) {
    common::require_root();
    let uid = 2952;
    let q = unique_name("daemonq");
    let s = unique_name("daemons");
    let py = r#"
import os, sys
import posix_ipc
qname, sname, fifo = sys.argv[1:4]
posix_ipc.MessageQueue(qname, posix_ipc.O_CREX, mode=0o600, max_messages=4, max_message_size=64).close()
posix_ipc.Semaphore(sname, posix_ipc.O_CREX, mode=0o600, initial_value=1).close()
print("ready", os.getpid(), flush=True)
n = 0
while True:
    with open(fifo) as f:  # idle here, with neither object open
        f.read()
    n += 1
    try:
        q = posix_ipc.MessageQueue(qname)
        q.send(b"job %d" % n)
        msg, _ = q.receive()
        q.close()
        s = posix_ipc.Semaphore(sname)
        s.acquire()
        s.release()
        s.close()
        print("job", n, "ok", msg.decode(), flush=True)
    except posix_ipc.ExistentialError as e:
        print("job", n, "ExistentialError:", e, flush=True)
"#;
    let script = format!(
        r#"{prelude}
cat > "$D/daemon.py" <<'PYEOF'
{py}
PYEOF
mkfifo "$D/job"
chown -R {uid}:{uid} "$D"
setpriv --reuid={uid} --regid={uid} --clear-groups -- {python} "$D/daemon.py" /{q} /{s} "$D/job" > "$D/daemon.out" 2>&1 &
A=$!
ready() {{ grep -q ready "$D/daemon.out"; }}
wait_for "the daemon's ready line" ready
echo go > "$D/job"
job1() {{ grep -q "^job 1 " "$D/daemon.out"; }}
wait_for "job 1" job1
grep "^job 1 " "$D/daemon.out"
section
echo $A
section
"$IPCCTL" $P orphans --all --json
section
"$IPCCTL" $P clean --yes --json
section
"$IPCCTL" $P clean --owner {uid} --include-likely --yes --json
section
echo go > "$D/job"
job2() {{ grep -q "^job 2 " "$D/daemon.out"; }}
wait_for "job 2" job2
grep "^job 2 " "$D/daemon.out"
"#,
        prelude = prelude(mqueue),
        python = venv_python(),
    );
    let what = if mqueue {
        "posix_ipc daemon"
    } else {
        "posix_ipc daemon, no mqueue mounted"
    };
    let out = in_namespaces(NS, &script);
    assert_eq!(out[0].trim(), "job 1 ok job 1", "{what}");
    let daemon = pids(&out[1]);
    let all = parse(&out[2]);
    for r in [format!("pmq:/{q}"), format!("psem:/{s}")] {
        let o = find(&all, &r).unwrap_or_else(|| panic!("{what}: {r} not listed: {all}"));
        assert_protected_by_owner(o, Owner::Live(uid, &daemon), &format!("{what}: {r}"));
    }
    assert_removed_nothing(&parse(&out[3]), what);
    assert_removed_nothing(
        &parse(&out[4]),
        &format!("{what}, --owner --include-likely"),
    );
    assert_eq!(
        out[5].trim(),
        "job 2 ok job 2",
        "{what}: the daemon still finds its queue and semaphore"
    );
}

#[test]
#[ignore = "needs root, python3-venv and posix_ipc in $IPCCTL_PY_VENV (set up by .ci/run)"]
fn posix_ipc_daemon_opening_per_use_is_kept() {
    posix_ipc_daemon(true);
}

#[test]
#[ignore = "needs root, python3-venv and posix_ipc in $IPCCTL_PY_VENV (set up by .ci/run)"]
fn posix_ipc_daemon_opening_per_use_is_kept_with_no_mqueue_mounted() {
    posix_ipc_daemon(false);
}
