#!/usr/bin/env bash
# Speed of `ipcctl list shm` against `cat /proc/sysvipc/shm` (the floor: the kernel's own
# text), `ipcs -m` and `lsipc -m` at N System V segments
# (default 2000), in a private IPC namespace so the host's objects are neither seen nor
# touched. Needs root (unshare --ipc). Prints the median of RUNS runs of each command, the
# commands taking turns, and each ratio's median over the runs.
#   scripts/bench-list.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-2000}"
runs="${2:-30}"
cargo build --release --quiet
bin="$(pwd)/${CARGO_TARGET_DIR:-target}/release/ipcctl"
[ "${CARGO_TARGET_DIR:-}" != "" ] && case "$CARGO_TARGET_DIR" in /*) bin="$CARGO_TARGET_DIR/release/ipcctl";; esac

exec unshare --ipc -- python3 - "$bin" "$n" "$runs" <<'PY'
import ctypes, os, statistics, subprocess, sys, time
bin, n, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
libc = ctypes.CDLL(None, use_errno=True)
IPC_CREAT, IPC_PRIVATE = 0o1000, 0
for i in range(n):
    if libc.shmget(IPC_PRIVATE if i % 2 else 0x10000 + i, 4096, IPC_CREAT | 0o600) < 0:
        sys.exit(f"shmget failed after {i} segments: errno {ctypes.get_errno()}")
def ms(cmd):
    t = time.perf_counter_ns()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter_ns() - t) / 1e6
rows = [
    ("cat /proc/sysvipc/shm", ["cat", "/proc/sysvipc/shm"]),
    ("ipcs -m", ["ipcs", "-m"]),
    ("lsipc -m", ["lsipc", "-m"]),
    ("ipcctl list shm", [bin, "list", "shm"]),
    ("ipcctl list shm --json", [bin, "list", "shm", "--json"]),
]
# The commands take turns (one run of each, RUNS times over, after one warm-up round), so a
# machine that speeds up or slows down meanwhile weighs on all of them alike; each ratio is
# also taken run by run, against the run of `cat` beside it.
for _, cmd in rows:
    ms(cmd)
times = {name: [] for name, _ in rows}
for _ in range(runs):
    for name, cmd in rows:
        times[name].append(ms(cmd))
res = {name: statistics.median(t) for name, t in times.items()}
def ratio(a, b):
    return statistics.median(x / y for x, y in zip(times[a], times[b]))
print(f"{n} segments, median of {runs} runs in turn (private IPC namespace)")
for name, t in res.items():
    print(f"  {name:<24} {t:7.2f} ms")
print(f"  ratio vs cat:      {ratio('ipcctl list shm', 'cat /proc/sysvipc/shm'):.2f}  (goal <= 1.30; run by run)")
print(f"  ratio vs ipcs -m:  {ratio('ipcctl list shm', 'ipcs -m'):.2f}  (goal <= 0.50)")
print(f"  ratio vs lsipc -m: {ratio('ipcctl list shm', 'lsipc -m'):.2f}  (goal <= 0.25)")
print(f"  --json vs cat:     {ratio('ipcctl list shm --json', 'cat /proc/sysvipc/shm'):.2f}  (segments' memory: the text, and profiles parsed)")
PY
