#!/usr/bin/env bash
# Benchmark `ipcctl list` (with the holder scan) and `ipcctl orphans`:
# - a busy node: 400 objects and 3,000 processes (goal ≤ 150 ms on 2 cores);
# - 2,500 objects + 125 processes, then 10,000 objects + 500 processes (goal ≤ 100 ms),
#   checking that the cost grows linearly in objects + processes (not objects × processes);
# - the same 10,000 objects with 2,000 more threads (4 processes × 500), which the waiter
#   scan (/proc/PID/task/*/syscall) must not make slow (goal ≤ 100 ms).
#
# Everything happens inside `unshare --ipc --mount`: a fresh IPC namespace for System V, and
# private tmpfs / mqueue mounts on /dev/shm and /dev/mqueue for POSIX. The host's objects are
# never touched, and everything disappears with the namespace when the script ends.
#
# Last, the same at 10,000 objects with 30 application-profile rules (issue 13), and every
# built-in profile against a build without them (issue 22: within 1.1x).
#
# usage: scripts/bench-orphans.sh [RUNS]        (root; needs cc and unshare)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-9}"

if [ "${IPCCTL_BENCH_INSIDE:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "bench-orphans: run as root (unshare, mounts)" >&2; exit 2; }
  # First the same binary without the built-in profiles (issue 22: all profiles within 1.1x
  # of none), set aside; then the real one (only ipcctl itself is rebuilt).
  rel="${CARGO_TARGET_DIR:-target}/release"
  IPCCTL_BENCH_NO_BUILTIN_PROFILES=1 cargo build --release --quiet
  cp "$rel/ipcctl" "$rel/ipcctl-bench-no-profiles"
  cargo build --release --quiet
  export IPCCTL_BENCH_BIN="$(realpath "$rel/ipcctl")"
  export IPCCTL_BENCH_BIN_NOPROF="$(realpath "$rel/ipcctl-bench-no-profiles")"
  export IPCCTL_BENCH_INSIDE=1
  exec unshare --ipc --mount --propagation private -- "$0" "$@"
fi

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mount -t tmpfs -o size=512m none /dev/shm
mkdir -p /dev/mqueue
mount -t mqueue none /dev/mqueue

# Creates COUNT objects of each kind (names/keys offset by BASE). It keeps every tenth one
# attached / mapped / open; with "exit" it leaves everything behind (orphans).
cat > "$work/mkobjs.c" <<'EOF'
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>
static void fail(const char *w, int i) { fprintf(stderr, "mkobjs: %s %d: %m\n", w, i); exit(1); }
int main(int argc, char **argv) {
    int base = atoi(argv[1]), nshm = atoi(argv[2]), nmsg = atoi(argv[3]), nsem = atoi(argv[4]);
    int npmq = atoi(argv[5]), npshm = atoi(argv[6]), npsem = atoi(argv[7]);
    int stay = argc < 9 || strcmp(argv[8], "exit") != 0;
    char name[64];
    for (int i = 0; i < nshm; i++) {
        int id = shmget(0x10000000 + base + i, 4096, IPC_CREAT | IPC_EXCL | 0600);
        if (id < 0) fail("shmget", i);
        if (i % 10 == 0 && shmat(id, NULL, 0) == (void *)-1) fail("shmat", i);
    }
    for (int i = 0; i < nmsg; i++) {
        int id = msgget(0x20000000 + base + i, IPC_CREAT | IPC_EXCL | 0600);
        if (id < 0) fail("msgget", i);
        struct { long t; char b[4]; } m = {1, "abc"};
        if (i % 2 == 0 && msgsnd(id, &m, 3, IPC_NOWAIT) != 0) fail("msgsnd", i);
    }
    for (int i = 0; i < nsem; i++) {
        int id = semget(0x30000000 + base + i, 1, IPC_CREAT | IPC_EXCL | 0600);
        if (id < 0) fail("semget", i);
        struct sembuf b = {0, 1, 0};
        if (semop(id, &b, 1) != 0) fail("semop", i);
    }
    for (int i = 0; i < npmq; i++) {
        struct mq_attr a = {0};
        a.mq_maxmsg = 4; a.mq_msgsize = 64;
        snprintf(name, sizeof name, "/bench-q-%d", base + i);
        mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &a);
        if (q == (mqd_t)-1) fail("mq_open", i);
        if (i % 10 != 0) mq_close(q);
    }
    for (int i = 0; i < npshm; i++) {
        snprintf(name, sizeof name, "/bench-m-%d", base + i);
        int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
        if (fd < 0 || ftruncate(fd, 4096) != 0) fail("shm_open", i);
        if (i % 10 == 0 && mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED) fail("mmap", i);
        close(fd);
    }
    for (int i = 0; i < npsem; i++) {
        snprintf(name, sizeof name, "/bench-s-%d", base + i);
        sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, 1);
        if (s == SEM_FAILED) fail("sem_open", i);
        if (i % 10 != 0) sem_close(s);
    }
    printf("ready\n");
    fflush(stdout);
    if (stay) for (;;) pause();
    return 0;
}
EOF
cc -O2 -o "$work/mkobjs" "$work/mkobjs.c" -lrt -pthread

# A process with N idle threads (blocked in pause), for the thread-scan cost.
cat > "$work/threads.c" <<'EOF'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
static void *idle(void *a) { (void)a; for (;;) pause(); return NULL; }
int main(int argc, char **argv) {
    int n = atoi(argv[1]);
    for (int i = 0; i < n; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, idle, NULL) != 0) { perror("pthread_create"); return 1; }
    }
    printf("ready\n");
    fflush(stdout);
    for (;;) pause();
}
EOF
cc -O2 -o "$work/threads" "$work/threads.c" -pthread

# Per command: median and best wall-clock time of $runs runs, and the median CPU time
# (user + system). On a busy 2-CPU machine the wall time includes waiting for a CPU; the CPU
# time does not.
measure() {
  local f="$work/times"
  : > "$f"
  local TIMEFORMAT='%R %U %S'
  for _ in $(seq "$runs"); do
    { time "$@" > /dev/null 2>&1; } 2>> "$f"
  done
  local wall cpu
  wall=$(awk '{printf "%.1f\n", $1 * 1000}' "$f" | sort -n)
  cpu=$(awk '{printf "%.1f\n", ($2 + $3) * 1000}' "$f" | sort -n)
  local m=$(( (runs + 1) / 2 ))
  printf 'wall median %6s ms  best %6s ms   cpu median %6s ms' \
    "$(sed -n "${m}p" <<< "$wall")" "$(head -1 <<< "$wall")" "$(sed -n "${m}p" <<< "$cpu")"
}

# scale FACTOR: FACTOR/4 of the full load (objects split over the six kinds, half left
# behind by an exited creator, half held by a live one) plus FACTOR/4 × 500 idle processes.
created=0
procs=0
scale() {
  local q=$1  # quarters of the full load (2,500 objects + 125 processes each), cumulative
  while [ "$created" -lt $(( q * 2500 )) ]; do
    local b=$created
    # per 2,500 objects: 750 shm, 500 msg, 500 sem, 50 pmq, 450 pshm, 250 psem
    "$work/mkobjs" "$b" 375 250 250 25 225 125 exit > /dev/null
    "$work/mkobjs" $(( b + 100000 )) 375 250 250 25 225 125 > "$work/ready.$b" &
    pids+=($!)
    until grep -q ready "$work/ready.$b" 2>/dev/null; do sleep 0.05; done
    created=$(( created + 2500 ))
  done
  while [ "$procs" -lt $(( q * 125 )) ]; do
    sleep 3600 &
    pids+=($!)
    procs=$(( procs + 1 ))
  done
}

bin="$IPCCTL_BENCH_BIN"
total_procs() { ls -d /proc/[0-9]* | wc -l; }
total_threads() { ls -d /proc/[0-9]*/task/[0-9]* 2>/dev/null | wc -l; }
echo "ipcctl bench-orphans: $(nproc) CPUs, kernel $(uname -r), $runs runs each, load $(cut -d' ' -f1-3 /proc/loadavg)"

# A busy node: 400 objects (half orphaned) and 3,000 processes in all.
"$work/mkobjs" 500000 60 40 40 4 36 20 exit > /dev/null
"$work/mkobjs" 600000 60 40 40 4 36 20 > "$work/ready.busy" &
pids+=($!)
until grep -q ready "$work/ready.busy" 2>/dev/null; do sleep 0.05; done
busy=()
while [ "$(total_procs)" -lt 3000 ]; do
  # disowned: bash would report each one's death below
  for _ in $(seq 100); do sleep 3600 & busy+=($!); disown $!; done
done
n=$("$bin" list --json 2>/dev/null | grep -o '"kind"' | wc -l)
echo
echo "busy node: objects: $n, processes on the host: $(total_procs)"
echo "  ipcctl list          $(measure "$bin" list)"
echo "  ipcctl orphans       $(measure "$bin" orphans)"
kill -9 "${busy[@]}" 2>/dev/null || true
for p in "${busy[@]}"; do while [ -e "/proc/$p" ] && ! grep -q '^State:.*Z' "/proc/$p/status" 2>/dev/null; do sleep 0.01; done; done

for q in 1 4; do
  scale "$q"
  n=$("$bin" list --json 2>/dev/null | grep -o '"kind"' | wc -l)
  echo
  echo "objects: $n (half orphaned), processes on the host: $(total_procs) (incl. $procs idle sleeps)"
  echo "  ipcctl list          $(measure "$bin" list)"
  echo "  ipcctl list --json   $(measure "$bin" list --json)"
  echo "  ipcctl orphans       $(measure "$bin" orphans)"
  echo "  ipcctl orphans --all $(measure "$bin" orphans --all --json)"
done

# The same load plus 2,000 idle threads.
for i in 1 2 3 4; do
  "$work/threads" 500 > "$work/ready.t$i" &
  pids+=($!)
  until grep -q ready "$work/ready.t$i" 2>/dev/null; do sleep 0.05; done
done
echo
echo "objects: $n, processes on the host: $(total_procs), threads: $(total_threads)"
echo "  ipcctl list          $(measure "$bin" list)"
echo "  ipcctl orphans       $(measure "$bin" orphans)"
echo "  ipcctl orphans --all $(measure "$bin" orphans --all --json)"
# Application profiles at 10,000 objects: the built-ins plus 17 rules from --profiles make 30
# rules; one names every bench-m-N object (with a capture and a detail), the others are
# regexes and globs that match nothing, so every POSIX object is tested against every rule.
prof="$work/profiles"
mkdir -p "$prof"
cat > "$prof/bench.toml" <<'EOF'
app = "bench"
[[object]]
id = "pshm"
kind = ["pshm"]
name = 'bench-m-(?P<n>[0-9]+)'
detail = "object {n}"
description = "bench object {n}"
EOF
for i in $(seq 1 16); do
  if [ $((i % 2)) = 0 ]; then pat="name = 'nomatch$i-(?P<pid>[0-9]+)_[0-9]+'"; else pat="glob = \"nomatch$i-*\""; fi
  printf 'app = "extra%s"\n[[object]]\nid = "x"\nkind = ["pshm", "psem", "pmq"]\n%s\ndescription = "never matches"\n' "$i" "$pat" > "$prof/extra$i.toml"
done
rules=$(cat "$prof"/*.toml crates/core/profiles/*.toml | grep -c '^\[\[object\]\]')
echo
echo "application profiles: $rules rules (built-in + --profiles), $n objects"
echo "  ipcctl orphans                        $(measure "$bin" orphans)"
echo "  ipcctl --profiles DIR orphans         $(measure "$bin" --profiles "$prof" orphans)"
echo "  ipcctl --profiles DIR orphans --app   $(measure "$bin" --profiles "$prof" orphans --app bench)"
echo "  ipcctl --profiles DIR list -o ref,app $(measure "$bin" --profiles "$prof" list -o ref,app)"

# Issue 22: every built-in profile loaded against none, at the same ~10,400 objects (the
# busy node's 400 and the 10,000): the objects are named like no application, so each is
# tested against every rule of its kind; goal: within 1.1x.
builtin_rules=$(cat crates/core/profiles/*.toml | grep -c '^\[\[object\]\]')
echo
echo "all $(ls crates/core/profiles/*.toml | wc -l) built-in profiles ($builtin_rules rules) against none, $n objects"
for cmd in "orphans" "list -o ref,app"; do
  # shellcheck disable=SC2086
  with=$(measure "$bin" $cmd)
  # shellcheck disable=SC2086
  without=$(measure "$IPCCTL_BENCH_BIN_NOPROF" $cmd)
  echo "  ipcctl $cmd: with profiles $with; without $without"
done
