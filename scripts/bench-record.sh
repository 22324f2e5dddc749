#!/usr/bin/env bash
# What `ipcctl record` costs, in private IPC and mount namespaces (own /dev/shm tmpfs and
# mqueue instance: the host's objects are neither seen nor touched). Needs root and cc.
#   scripts/bench-record.sh [RATE] [SECONDS] [BIG]
# 1. recorder CPU while tests/helpers/churn.c creates and removes RATE (default 10000) POSIX
#    shm objects a second for SECONDS (default 10); events lost (objects missing from the
#    journal, gaps);
# 2. journal size per million events;
# 3. `ipcctl list` with a journal of BIG (default 1,000,000) events against without one
#    (median of 15 runs each; the goal is within 1.2x).
set -euo pipefail
cd "$(dirname "$0")/.."
rate="${1:-10000}"
secs="${2:-10}"
big="${3:-1000000}"
cargo build --release --quiet
bin="$(pwd)/${CARGO_TARGET_DIR:-target}/release/ipcctl"
[ "${CARGO_TARGET_DIR:-}" != "" ] && case "$CARGO_TARGET_DIR" in /*) bin="$CARGO_TARGET_DIR/release/ipcctl";; esac
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/churn" tests/helpers/churn.c -lrt

exec unshare --ipc --mount --propagation private -- sh -c '
  mount -t tmpfs -o size=16M tmpfs /dev/shm && mount -t mqueue none /dev/mqueue &&
  exec python3 - "$@"' sh "$bin" "$work" "$rate" "$secs" "$big" <<'PY'
import json, os, signal, sqlite3, statistics, subprocess, sys, time
bin, work, rate, secs, big = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
churn = os.path.join(work, "churn")
tick = os.sysconf("SC_CLK_TCK")

def cpu_secs(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick

def recorder(journal):
    log = open(journal + ".log", "w")
    p = subprocess.Popen([bin, "--journal", journal, "record"], stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.time() + 20
    while "POSIX message queues in" not in open(journal + ".log").read():
        if time.time() > deadline or p.poll() is not None:
            sys.exit("recorder did not start: " + open(journal + ".log").read())
        time.sleep(0.05)
    return p

def count(journal, where="1"):
    db = sqlite3.connect(f"file:{journal}?mode=ro", uri=True)
    try:
        return db.execute(f"SELECT count(*) FROM events WHERE {where}").fetchone()[0]
    finally:
        db.close()

def drain(p):
    """Wait until the recorder's CPU time stops growing for 1 s (it has read its queue)."""
    last, still = -1.0, 0
    while still < 4:
        time.sleep(0.25)
        c = cpu_secs(p.pid)
        still = still + 1 if c == last else 0
        last = c

def stop(p):
    p.send_signal(signal.SIGTERM)
    p.wait()

def size(journal):
    return sum(os.path.getsize(journal + s) for s in ("", "-wal") if os.path.exists(journal + s))

# 1. CPU and loss at RATE objects/s.
j = os.path.join(work, "rate.db")
p = recorder(j)
n = rate * secs
c0, t0 = cpu_secs(p.pid), time.time()
out = subprocess.run([churn, "bench", str(n), str(rate)], capture_output=True, text=True, check=True).stdout
drain(p)
c1, t1 = cpu_secs(p.pid), time.time()
stop(p)
created = count(j, "what = 'created'")
removed = count(j, "what = 'removed'")
gaps = count(j, "what = 'gap'")
events = created + removed
churn_secs = float(out.split()[2])
print(f"churn: {out.strip()} (objects, seconds); target {rate}/s for {secs} s")
print(f"recorder CPU: {c1 - c0:.2f} s for {churn_secs:.1f} s of churn = {100 * (c1 - c0) / churn_secs:.1f}% of one core (until drained: {t1 - t0:.1f} s)")
print(f"journaled: {created} created, {removed} removed of {n} each; lost {2 * n - events} events; gaps {gaps}")
print(f"journal size: {size(j) / 1e6:.1f} MB for {events} events = {size(j) / max(events, 1):.0f} B/event = {size(j) / max(events, 1):.0f} MB per million events")

# 3. list with a BIG-event journal (built as fast as churn goes), against none.
jb = os.path.join(work, "big.db")
p = recorder(jb)
m = big // 2
# Paced at RATE (what the recorder keeps up with), in pieces so the run can end early.
done = 0
while done < m:
    k = min(m - done, rate * 10)
    subprocess.run([churn, f"big{done}", str(k), str(rate)], capture_output=True, check=True)
    done += k
drain(p)
cnt = count(jb)
stop(p)
print(f"big journal: {cnt} events, {size(jb) / 1e6:.1f} MB")
def median_ms(cmd, runs=15):
    ts = []
    for _ in range(runs):
        t = time.perf_counter_ns()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        ts.append((time.perf_counter_ns() - t) / 1e6)
    return statistics.median(ts)
# A few objects to list (with recorded creators in the big journal? they are made after
# the recorder stopped, so listing costs the lookup, not the rendering of creators).
for i in range(20):
    fd = os.open(f"/dev/shm/obj-{i}", os.O_CREAT | os.O_RDWR, 0o600); os.close(fd)
none = median_ms([bin, "--journal", os.path.join(work, "none.db"), "list"])
withj = median_ms([bin, "--journal", jb, "list"])
withc = median_ms([bin, "--journal", jb, "list", "-o", "ref,creator"])
print(f"list: without journal {none:.2f} ms, with {cnt}-event journal {withj:.2f} ms ({withj / none:.2f}x), -o ref,creator {withc:.2f} ms ({withc / none:.2f}x)")
PY
