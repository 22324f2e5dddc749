//! Real applications against `orphans` and `clean` (issue 15): PostgreSQL 15 with parallel
//! query DSM segments, Apache 2.4 with `Mutex sysvsem default` + mod_ssl and a graceful
//! restart, Python's multiprocessing.shared_memory and the posix_ipc / sysv_ipc packages.
//!
//! Each runs as a shell script inside fresh PID, IPC and mount namespaces with their own
//! /proc, /dev/shm (tmpfs) and mqueue: every object there is the application's, every process
//! can be inspected, and everything dies with the namespace. While the application runs,
//! `clean --yes --include-likely` must remove nothing and `orphans` must call nothing of it an
//! orphan; after `kill -9` of all its processes, `clean --yes` must remove exactly its
//! objects, and the application must start again cleanly.
//!
//! The applications are installed by `.ci/run` (Debian packages, PyPI in a venv), so these
//! tests are `#[ignore]`d and run there explicitly: `cargo test --test it -- --ignored apps::`.

use serde_json::Value;

use crate::common;
use crate::orphans::in_namespaces;

pub(crate) const NS: &[&str] = &["--pid", "--fork", "--mount-proc", "--ipc", "--mount"];

/// Shell functions every script gets: private /dev/shm and mqueue, `start`, `section`.
const PRELUDE: &str = r#"set -e
mount -t tmpfs -o size=256M tmpfs /dev/shm
mkdir -p /dev/mqueue && mount -t mqueue none /dev/mqueue
section() { echo; echo ---; }
# kill -9 every process of user $1 in this PID namespace (all of them are the app's).
kill_user() {
  case $1 in *[!0-9]*) uid=$(id -u "$1") ;; *) uid=$1 ;; esac
  for s in /proc/[0-9]*/status; do
    p=${s#/proc/}; p=${p%/status}
    [ "$p" = $$ ] && continue
    awk -v u="$uid" '$1 == "Uid:" && $2 == u {f=1} END {exit !f}' "$s" 2>/dev/null && kill -9 "$p" 2>/dev/null || true
  done
  for i in $(seq 200); do
    alive=0
    for s in /proc/[0-9]*/status; do
      awk -v u="$uid" '$1 == "Uid:" && $2 == u {f=1} $1 == "State:" && $2 == "Z" {z=1} END {exit !(f && !z)}' "$s" 2>/dev/null && alive=1
    done
    [ $alive = 0 ] && return 0
    sleep 0.05
  done
  echo "processes of $1 survived kill -9" >&2; exit 1
}
"#;

pub(crate) fn parse(s: &str) -> Value {
    serde_json::from_str(s.trim()).unwrap_or_else(|e| panic!("{e}: {s}"))
}

fn refs(v: &Value) -> Vec<String> {
    let mut r: Vec<String> = v
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|o| o["ref"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    r.sort();
    r
}

/// While the app runs: nothing of it is an orphan, and `clean --yes` removes nothing.
fn assert_running_is_safe(orphans_all: &Value, clean: &Value, what: &str) {
    let objs = orphans_all.as_array().unwrap();
    assert!(!objs.is_empty(), "{what}: no objects at all: {orphans_all}");
    for o in objs {
        let state = o["state"].as_str().unwrap_or("");
        assert!(
            state != "orphan" && state != "likely-orphan",
            "{what}: a live object is {state}: {o}"
        );
    }
    for r in clean.as_array().unwrap() {
        assert_ne!(r["action"], "removed", "{what}: removed while running: {r}");
    }
}

/// After kill -9: `clean --yes` removed exactly the objects listed just before, all of them.
fn assert_clean_removed_all(before: &Value, clean: &Value, after: &Value, what: &str) {
    let removed: Vec<String> = {
        let mut v: Vec<String> = clean
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["action"] == "removed")
            .filter_map(|r| r["ref"].as_str().map(String::from))
            .collect();
        v.sort();
        v
    };
    assert!(!removed.is_empty(), "{what}: nothing removed: {clean}");
    assert_eq!(removed, refs(before), "{what}: {clean}");
    assert_eq!(refs(after), Vec::<String>::new(), "{what}: left behind");
}

#[test]
#[ignore = "needs root and PostgreSQL 15 (installed by .ci/run)"]
fn postgresql_parallel_query_segments() {
    assert!(common::is_root(), "needs root");
    let script = format!(
        r#"{PRELUDE}
PG=/usr/lib/postgresql/15/bin
chown postgres "$D"
as_pg() {{ setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; }}
as_pg $PG/initdb -N -D "$D/data" -U postgres -A trust > "$D/initdb.log"
start_pg() {{
  as_pg $PG/pg_ctl -D "$D/data" -l "$D/pg.log" -w \
    -o "-k $D -c listen_addresses='' -c fsync=off -c max_parallel_workers_per_gather=2 -c parallel_setup_cost=0 -c parallel_tuple_cost=0 -c min_parallel_table_scan_size=0" \
    start > /dev/null
}}
psql() {{ as_pg $PG/psql -h "$D" -U postgres -d postgres -qAtX "$@"; }}
start_pg
psql -c "create table t as select g from generate_series(1, 100000) g"
# A parallel query that runs for a few seconds: its DSM segments exist meanwhile.
psql -c "select count(*) from t where pg_sleep(0.00005) is not null" > "$D/q.out" &
Q=$!
for i in $(seq 400); do [ "$(ls /dev/shm | grep -c '^PostgreSQL\.')" -ge 2 ] && break; sleep 0.025; done
[ "$(ls /dev/shm | grep -c '^PostgreSQL\.')" -ge 2 ] || {{ echo "no parallel DSM segment" >&2; exit 1; }}
"$IPCCTL" --settle 0 --complete-view orphans --all --json
section
"$IPCCTL" --settle 0 --complete-view clean --include-queued --include-state --owner postgres --include-likely --yes --json
section
wait $Q
cat "$D/q.out"
section
kill_user postgres
"$IPCCTL" list --json
section
"$IPCCTL" --settle 0 --complete-view clean --include-queued --include-state --owner postgres --include-likely --yes --json
section
"$IPCCTL" list --json
section
start_pg
psql -c "select count(*) from t"
as_pg $PG/pg_ctl -D "$D/data" -m immediate stop > /dev/null
"#
    );
    let out = in_namespaces(NS, &script);
    assert_running_is_safe(&parse(&out[0]), &parse(&out[1]), "postgresql");
    let running = parse(&out[0]);
    assert!(
        refs(&running)
            .iter()
            .any(|r| r.starts_with("pshm:/PostgreSQL.")),
        "{running}"
    );
    assert!(
        refs(&running).iter().any(|r| r.starts_with("shm:")),
        "{running}"
    );
    assert_eq!(
        out[2].trim(),
        "100000",
        "the parallel query was undisturbed"
    );
    assert_clean_removed_all(
        &parse(&out[3]),
        &parse(&out[4]),
        &parse(&out[5]),
        "postgresql",
    );
    assert_eq!(out[6].trim(), "100000", "PostgreSQL restarted cleanly");
}

#[test]
#[ignore = "needs root, python3-venv and posix_ipc/sysv_ipc in $IPCCTL_PY_VENV (set up by .ci/run)"]
fn python_multiprocessing_posix_ipc_and_sysv_ipc() {
    assert!(common::is_root(), "needs root");
    let venv = std::env::var("IPCCTL_PY_VENV")
        .expect("IPCCTL_PY_VENV: a venv with posix_ipc and sysv_ipc");
    // One process per kind family; each creates its objects, uses them, prints ready and
    // keeps them open (mapped / open / blocked) until killed.
    let py = r#"
import multiprocessing, os, sys, threading, time
from multiprocessing import shared_memory
import posix_ipc, sysv_ipc

# multiprocessing: a shared memory block and a semaphore (sem.mp-*) shared with a child.
shm = shared_memory.SharedMemory(create=True, size=4096)
shm.buf[0] = 1
lock = multiprocessing.Lock()
child = multiprocessing.Process(target=time.sleep, args=(3600,))
child.start()

# posix_ipc: a queue, a shared memory object (mapped) and a named semaphore.
q = posix_ipc.MessageQueue("/ipcctl-app-q", posix_ipc.O_CREX, max_messages=4, max_message_size=64)
q.send(b"hello")
m = posix_ipc.SharedMemory("/ipcctl-app-m", posix_ipc.O_CREX, size=4096)
import mmap
mm = mmap.mmap(m.fd, 4096)
m.close_fd()
s = posix_ipc.Semaphore("/ipcctl-app-s", posix_ipc.O_CREX, initial_value=1)
s.acquire(); s.release()

# sysv_ipc: a segment (attached), a queue with a receiver blocked in a thread, a semaphore.
seg = sysv_ipc.SharedMemory(None, sysv_ipc.IPC_CREX, size=4096)
seg.write(b"x")
mq = sysv_ipc.MessageQueue(None, sysv_ipc.IPC_CREX)
mq.send(b"first", type=1)
t = threading.Thread(target=mq.receive, kwargs={"type": 2}, daemon=True)
t.start()
sem = sysv_ipc.Semaphore(None, sysv_ipc.IPC_CREX, initial_value=1)
sem.acquire(); sem.release()
print("ready", flush=True)
while True:
    time.sleep(3600)
"#;
    let script = format!(
        r#"{PRELUDE}
cat > "$D/app.py" <<'PYEOF'
{py}
PYEOF
chown -R 4711:4711 "$D"
setpriv --reuid=4711 --regid=4711 --clear-groups -- "{venv}/bin/python" "$D/app.py" > "$D/app.out" 2>&1 &
for i in $(seq 400); do grep -q ready "$D/app.out" && break; sleep 0.025; done
grep -q ready "$D/app.out" || {{ cat "$D/app.out" >&2; exit 1; }}
# the receiver thread is blocked before ipcctl looks
for i in $(seq 400); do grep -qs '^70 ' /proc/[0-9]*/task/*/syscall && break; sleep 0.025; done
"$IPCCTL" --settle 0 --complete-view orphans --all --json
section
"$IPCCTL" --settle 0 --complete-view clean --include-queued --include-state --owner 4711 --include-likely --yes --json
section
kill_user 4711
"$IPCCTL" list --json
section
"$IPCCTL" --settle 0 --complete-view clean --include-queued --include-state --owner 4711 --include-likely --yes --json
section
"$IPCCTL" list --json
section
setpriv --reuid=4711 --regid=4711 --clear-groups -- "{venv}/bin/python" "$D/app.py" > "$D/app2.out" 2>&1 &
P=$!
for i in $(seq 400); do grep -q ready "$D/app2.out" && break; sleep 0.025; done
cat "$D/app2.out"
kill -9 $P
"#
    );
    let out = in_namespaces(NS, &script);
    let running = parse(&out[0]);
    assert_running_is_safe(&running, &parse(&out[1]), "python");
    let kinds: std::collections::BTreeSet<&str> = running
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["kind"].as_str())
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        vec!["msg", "pmq", "psem", "pshm", "sem", "shm"],
        "all six kinds: {running}"
    );
    assert!(
        refs(&running).iter().any(|r| r.starts_with("pshm:/psm_")),
        "multiprocessing.shared_memory: {running}"
    );
    // The sysv_ipc queue's receiver waits in a secondary thread.
    let q = running
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "msg")
        .unwrap();
    assert_eq!(q["state"], "in-use", "{q}");
    assert_clean_removed_all(&parse(&out[2]), &parse(&out[3]), &parse(&out[4]), "python");
    assert!(out[5].contains("ready"), "the app starts again: {}", out[5]);
}

#[test]
#[ignore = "needs root and Apache 2.4 with mod_ssl (installed by .ci/run)"]
fn apache_sysvsem_mutexes_with_mod_ssl_and_a_graceful_restart() {
    assert!(common::is_root(), "needs root");
    let script = format!(
        r#"{PRELUDE}
mkdir -p "$D/run" "$D/log" "$D/www"
echo hello > "$D/www/index.html"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$D/key.pem" -out "$D/cert.pem" -days 2 -subj /CN=localhost 2> /dev/null
cat > "$D/httpd.conf" <<CONF
ServerRoot /etc/apache2
ServerName localhost
PidFile $D/run/httpd.pid
Mutex sysvsem default
LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule socache_shmcb_module /usr/lib/apache2/modules/mod_socache_shmcb.so
LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so
User www-data
Group www-data
StartServers 2
ErrorLog $D/log/error.log
Listen 127.0.0.1:18443
SSLSessionCache shmcb:$D/run/ssl_scache(512000)
DocumentRoot $D/www
<Directory $D/www>
  Require all granted
</Directory>
<VirtualHost 127.0.0.1:18443>
  SSLEngine on
  SSLCertificateFile $D/cert.pem
  SSLCertificateKeyFile $D/key.pem
</VirtualHost>
CONF
chmod -R a+rX "$D"
# The loopback interface of the new network namespace.
ip link set lo up
apachectl_() {{ APACHE_RUN_DIR="$D/run" APACHE_LOCK_DIR="$D/run" APACHE_LOG_DIR="$D/log" /usr/sbin/apache2 -f "$D/httpd.conf" "$@"; }}
fetch() {{ curl -sfk --max-time 5 https://127.0.0.1:18443/index.html; }}
apachectl_ -k start || {{ cat "$D/log/error.log" >&2; exit 1; }}
for i in $(seq 400); do fetch > /dev/null 2>&1 && break; sleep 0.025; done
fetch || {{ cat "$D/log/error.log" >&2; exit 1; }}
apachectl_ -k graceful
for i in $(seq 400); do [ "$(grep -c 'resuming normal operations' "$D/log/error.log")" -ge 2 ] && break; sleep 0.025; done
fetch
section
"$IPCCTL" --settle 0 --complete-view orphans --all --json
section
"$IPCCTL" --settle 0 --complete-view clean --include-queued --include-state --owner www-data --include-likely --yes --json
section
"$IPCCTL" --settle 0 --complete-view clean --include-queued --include-state --owner root --include-likely --yes --json
section
fetch
grep -c AH02026 "$D/log/error.log" || true
section
kill -9 $(cat "$D/run/httpd.pid")
kill_user www-data
"$IPCCTL" list --json
section
"$IPCCTL" --settle 0 --complete-view clean --include-queued --include-state --owner www-data --include-likely --yes --json
"$IPCCTL" --settle 0 --complete-view clean --include-queued --include-state --owner root --include-likely --yes --json > "$D/root-clean.json"
section
cat "$D/root-clean.json"
section
"$IPCCTL" list --json
section
apachectl_ -k start
for i in $(seq 400); do fetch > /dev/null 2>&1 && break; sleep 0.025; done
fetch
kill -9 $(cat "$D/run/httpd.pid")
"#
    );
    let mut ns = NS.to_vec();
    ns.push("--net");
    let out = in_namespaces(&ns, &script);
    assert!(out[0].contains("hello"), "served over TLS: {}", out[0]);
    let running = parse(&out[1]);
    assert!(
        running
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["kind"] == "sem" && o["user"] == "www-data"),
        "Apache's sysvsem mutexes: {running}"
    );
    assert_running_is_safe(&running, &parse(&out[2]), "apache (www-data)");
    assert_running_is_safe(&running, &parse(&out[3]), "apache (root)");
    let after: Vec<&str> = out[4].lines().collect();
    assert!(after[0].contains("hello"), "still serving: {}", out[4]);
    assert_eq!(
        after.last().map(|s| s.trim()),
        Some("0"),
        "AH02026 logged: {}",
        out[4]
    );
    // After kill -9: www-data's sets and root's (the parent's) go, with --owner each.
    let before = parse(&out[5]);
    let mut removed = parse(&out[6]).as_array().unwrap().clone();
    removed.extend(parse(&out[7]).as_array().unwrap().iter().cloned());
    assert_clean_removed_all(&before, &Value::Array(removed), &parse(&out[8]), "apache");
    assert!(out[9].contains("hello"), "Apache starts again: {}", out[9]);
}
