#!/usr/bin/env bash
# Speed of a plain `ipcctl list` against `ipcs` on an idle host: no IPC objects (a private
# IPC namespace, a fresh tmpfs on /dev/shm) and, like many CI machines, no mqueue mount (a
# private mount namespace with every mqueue mount detached). The host is not changed.
# Needs root (unshare). Prints the median wall and CPU time of RUNS runs of each command
# (interleaved, so a drift of the machine's speed hits both) and the ratio; goal <= 2.
#   scripts/bench-idle.sh [RUNS] [IPCCTL_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-100}"
bin="${2:-}"
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin="$(pwd)/${CARGO_TARGET_DIR:-target}/release/ipcctl"
  [ "${CARGO_TARGET_DIR:-}" != "" ] && case "$CARGO_TARGET_DIR" in /*) bin="$CARGO_TARGET_DIR/release/ipcctl";; esac
fi

exec unshare --ipc --mount --propagation private -- sh -c '
  awk "\$3 == \"mqueue\" {print \$2}" /proc/self/mounts | sort -r | while read -r m; do umount -l "$m"; done
  mount -t tmpfs -o size=16M none /dev/shm
  exec python3 - "$@"' sh "$bin" "$runs" <<'PY'
import os, resource, statistics, subprocess, sys, time
bin, runs = sys.argv[1], int(sys.argv[2])
cmds = {"ipcs": ["ipcs"], "ipcctl list": [bin, "list"]}
wall = {k: [] for k in cmds}
cpu = {k: [] for k in cmds}
def once(name):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter_ns()
    subprocess.run(cmds[name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall[name].append((time.perf_counter_ns() - t) / 1e6)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu[name].append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1e3)
for name in cmds:  # warm-up
    for _ in range(3):
        subprocess.run(cmds[name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for name in cmds:
    wall[name].clear(); cpu[name].clear()
for _ in range(runs):
    for name in cmds:
        once(name)
procs = sum(1 for p in os.listdir("/proc") if p.isdigit())
print(f"idle host ({procs} processes, no IPC objects, no mqueue mount), median of {runs} runs")
for name in cmds:
    print(f"  {name:<12} wall {statistics.median(wall[name]):6.2f} ms   cpu {statistics.median(cpu[name]):6.2f} ms")
ratio = [a / b for a, b in zip(wall["ipcctl list"], wall["ipcs"]) if b > 0]
print(f"  ratio ipcctl list / ipcs (median of pairs, wall): {statistics.median(ratio):.2f}  (goal <= 2)")
PY
