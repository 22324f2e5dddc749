#!/usr/bin/env bash
# Time and peak memory of `ipcctl list` (table and --json) over ~100,000 IPC objects:
# 32,768 System V segments, queues and semaphore sets each (the kernel's IPCMNI cap per
# kind) plus POSIX shm files up to N in all (default 100000). Everything happens in private
# IPC and mount namespaces (unshare --ipc --mount): the raised kernel.shmmni / msgmni / sem
# limits belong to that namespace, /dev/shm is a private tmpfs there, and the host's objects
# and limits are neither seen nor touched. Needs root. Peak memory is /usr/bin/time -v's
# "Maximum resident set size". Prints the median of RUNS runs.
#   scripts/bench-list-100k.sh [N] [RUNS]     (BIN=path/to/ipcctl to time another build)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
runs="${2:-5}"
if [ -n "${BIN:-}" ]; then
  bin="$(realpath "$BIN")"
else
  cargo build --release --quiet
  bin="$(pwd)/${CARGO_TARGET_DIR:-target}/release/ipcctl"
  [ "${CARGO_TARGET_DIR:-}" != "" ] && case "$CARGO_TARGET_DIR" in /*) bin="$CARGO_TARGET_DIR/release/ipcctl";; esac
fi
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

exec unshare --ipc --mount --propagation private -- sh -c '
  mount -t tmpfs -o size=64m,nr_inodes=200000 ipcctl-bench /dev/shm &&
  exec python3 - "$@"' sh "$bin" "$n" "$runs" <<'PY'
import ctypes, os, re, statistics, subprocess, sys, time
bin, n, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
PER_KIND = 32768
def sysctl(name, value):
    with open("/proc/sys/" + name.replace(".", "/"), "w") as f:
        f.write(value)
# Per-IPC-namespace limits: this namespace's only.
sysctl("kernel.shmmni", str(PER_KIND))
sysctl("kernel.msgmni", str(PER_KIND))
sysctl("kernel.sem", f"250 {PER_KIND * 250} 32 {PER_KIND}")
libc = ctypes.CDLL(None, use_errno=True)
IPC_CREAT, IPC_PRIVATE = 0o1000, 0
per_kind = min(PER_KIND, n // 3)
made = 0
for i in range(per_kind):
    if libc.shmget(IPC_PRIVATE, 1, IPC_CREAT | 0o600) < 0:
        sys.exit(f"shmget failed after {i}: errno {ctypes.get_errno()}")
    if libc.msgget(IPC_PRIVATE, IPC_CREAT | 0o600) < 0:
        sys.exit(f"msgget failed after {i}: errno {ctypes.get_errno()}")
    if libc.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600) < 0:
        sys.exit(f"semget failed after {i}: errno {ctypes.get_errno()}")
    made += 3
for i in range(n - made):
    os.close(os.open(f"/dev/shm/ipcctl-bench-{i}", os.O_CREAT | os.O_RDWR, 0o600))
    made += 1
def run(cmd):
    t = time.perf_counter_ns()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, check=True)
    ms = (time.perf_counter_ns() - t) / 1e6
    kb = int(re.search(rb"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    return ms, kb, p.stdout.count(b"\n")
print(f"{made} objects, median of {runs} runs (private IPC and mount namespaces)")
for name, cmd in [("ipcctl list", [bin, "list"]), ("ipcctl list --json", [bin, "list", "--json"]),
                  ("cat /proc/sysvipc/*", ["cat", "/proc/sysvipc/shm", "/proc/sysvipc/msg",
                                           "/proc/sysvipc/sem"])]:
    res = [run(cmd) for _ in range(runs)]
    ms = statistics.median(r[0] for r in res)
    kb = statistics.median(r[1] for r in res)
    print(f"  {name:<22} {ms:8.1f} ms  peak RSS {kb / 1024:7.1f} MiB"
          f"  ({kb * 1024 / made:6.0f} B/object, {res[0][2]} lines)")
PY
