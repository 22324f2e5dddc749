#!/usr/bin/env bash
# Hold `ipcctl bench` against a minimal C ping-pong doing the same syscalls and copies
# (bench/reference/pingpong.c), in the same run, on the same CPUs, and print the ratio of the
# p50 round trips (ipcctl / C). The goal is a ratio of at most 1.15 for every mechanism.
#
# Runs are interleaved (C, ipcctl, C, ipcctl, ...) ROUNDS times and the median p50 of each
# side is compared, so drift of the machine (a VM's noisy neighbours) hits both sides.
#
# usage: scripts/bench-vs-c.sh [MECH...]
# env:   SIZE (64)  ITERATIONS (20000)  ROUNDS (5)  PLACEMENTS ("same-core cross-core")
# needs: gcc, jq, cargo. Not run by CI (timing-sensitive).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=${SIZE:-64}
ITERATIONS=${ITERATIONS:-20000}
ROUNDS=${ROUNDS:-5}
PLACEMENTS=${PLACEMENTS:-"same-core cross-core"}
MECHS=("$@")
if [ ${#MECHS[@]} -eq 0 ]; then
  MECHS=(pipe fifo unix-stream unix-dgram tcp pmq msg shm-futex pshm-sem shm-spin mmap-file mailbox signal)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/pingpong" bench/reference/pingpong.c -lrt -pthread
cargo build --release --quiet
ipcctl="${CARGO_TARGET_DIR:-target}/release/ipcctl"

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

printf '%-12s %-10s %10s %10s %7s\n' MECHANISM PLACEMENT C_P50_NS IPCCTL_P50 RATIO
worst=0
for placement in $PLACEMENTS; do
  for mech in "${MECHS[@]}"; do
    if [ "$mech" = shm-spin ] && [ "$placement" != cross-core ]; then
      continue
    fi
    : > "$work/c" ; : > "$work/r"
    for _ in $(seq "$ROUNDS"); do
      json=$("$ipcctl" bench "$mech" --sizes "$SIZE" --iterations "$ITERATIONS" \
        --placement "$placement" --json 2>/dev/null) || { echo "$mech: ipcctl failed" >&2; continue 2; }
      echo "$json" | jq -r '.[0].p50_ns' >> "$work/r"
      cpus=$(echo "$json" | jq -r '.[0].cpus | "\(.[0]) \(.[1])"')
      # shellcheck disable=SC2086
      "$work/pingpong" "$mech" "$SIZE" "$ITERATIONS" $cpus |
        sed -n 's/.*p50_ns=\([0-9]*\).*/\1/p' >> "$work/c"
    done
    c=$(median < "$work/c")
    r=$(median < "$work/r")
    ratio=$(awk -v a="$r" -v b="$c" 'BEGIN {printf "%.3f", a / b}')
    flag=""
    if awk -v x="$ratio" 'BEGIN {exit !(x > 1.15)}'; then flag="  > 1.15"; fi
    printf '%-12s %-10s %10s %10s %7s%s\n' "$mech" "$placement" "$c" "$r" "$ratio" "$flag"
    worst=$(awk -v a="$worst" -v b="$ratio" 'BEGIN {print (b > a ? b : a)}')
  done
done
echo "size ${SIZE} B, ${ITERATIONS} round trips, median of ${ROUNDS} interleaved runs; worst ratio ${worst}"
