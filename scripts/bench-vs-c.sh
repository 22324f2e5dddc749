#!/usr/bin/env bash
# Hold `ipcctl bench` against a minimal C reference doing the same syscalls and copies
# (bench/reference/pingpong.c), in the same run, on the same CPUs:
#
# 1. latency: the ratio of the p50 round trips (ipcctl / C); goal at most 1.15;
# 2. throughput: the ratio of one-way streaming bytes/s (ipcctl / C) for the streaming
#    mechanisms at 64 KiB and 1 MiB; goal at least 0.9. Each line also shows the memcpy
#    bandwidth ipcctl measured in the same run (the ceiling shared memory can approach).
#
# Runs are interleaved (C, ipcctl, C, ipcctl, ...) ROUNDS times and the median of each side
# is compared, so drift of the machine (a VM's noisy neighbours) hits both sides.
#
# usage: scripts/bench-vs-c.sh [MECH...]        (latency mechanisms; default all)
# env:   SIZE (64)  ITERATIONS (20000)  ROUNDS (5)  PLACEMENTS ("same-core cross-core")
#        STREAM_MECHS ("pipe unix-stream tcp pshm-sem shm-spin mmap-file")
#        STREAM_SIZES ("65536 1048576")  STREAM_COUNT (2000)  SKIP_LATENCY / SKIP_STREAM (unset)
# needs: gcc, jq, cargo. Not run by CI (timing-sensitive).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=${SIZE:-64}
ITERATIONS=${ITERATIONS:-20000}
ROUNDS=${ROUNDS:-5}
PLACEMENTS=${PLACEMENTS:-"same-core cross-core"}
STREAM_MECHS=${STREAM_MECHS:-"pipe unix-stream tcp pshm-sem shm-spin mmap-file"}
STREAM_SIZES=${STREAM_SIZES:-"65536 1048576"}
STREAM_COUNT=${STREAM_COUNT:-2000}
MECHS=("$@")
if [ ${#MECHS[@]} -eq 0 ]; then
  MECHS=(pipe fifo unix-stream unix-dgram tcp pmq msg shm-futex pshm-sem shm-spin mmap-file mailbox signal)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/pingpong" bench/reference/pingpong.c -lrt -pthread
cargo build --release --quiet
ipcctl="${CARGO_TARGET_DIR:-target}/release/ipcctl"

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
gib() { awk -v b="$1" 'BEGIN {printf "%.2f", b / 1073741824}'; }

worst=0
if [ -z "${SKIP_LATENCY:-}" ]; then
  echo "Latency: p50 round trip, ${SIZE} B, ${ITERATIONS} round trips, median of ${ROUNDS} interleaved runs"
  printf '%-12s %-10s %10s %10s %7s\n' MECHANISM PLACEMENT C_P50_NS IPCCTL_P50 RATIO
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
  echo "worst latency ratio ${worst}"
  echo
fi

lowest=9
if [ -z "${SKIP_STREAM:-}" ]; then
  echo "Throughput: one-way streaming, ${STREAM_COUNT} messages, median of ${ROUNDS} interleaved runs (GiB/s)"
  printf '%-12s %-10s %8s %9s %9s %7s %9s\n' MECHANISM PLACEMENT SIZE C_GIBS IPCCTL %RATIO MEMCPY
  for placement in $PLACEMENTS; do
    for size in $STREAM_SIZES; do
      for mech in $STREAM_MECHS; do
        if [ "$mech" = shm-spin ] && [ "$placement" != cross-core ]; then
          continue
        fi
        : > "$work/c" ; : > "$work/r" ; : > "$work/m"
        for _ in $(seq "$ROUNDS"); do
          json=$("$ipcctl" bench "$mech" --sizes "$size" --iterations "$STREAM_COUNT" \
            --placement "$placement" --json 2>/dev/null) || { echo "$mech: ipcctl failed" >&2; continue 2; }
          echo "$json" | jq -r '.[0].bytes_per_s' >> "$work/r"
          echo "$json" | jq -r '.[0].memcpy_bytes_per_s' >> "$work/m"
          cpus=$(echo "$json" | jq -r '.[0].cpus | "\(.[0]) \(.[1])"')
          # shellcheck disable=SC2086
          "$work/pingpong" "$mech" "$size" "$STREAM_COUNT" $cpus "$STREAM_COUNT" |
            sed -n 's/.*stream_bytes_per_s=\([0-9]*\).*/\1/p' >> "$work/c"
        done
        c=$(median < "$work/c")
        r=$(median < "$work/r")
        m=$(median < "$work/m")
        ratio=$(awk -v a="$r" -v b="$c" 'BEGIN {printf "%.3f", a / b}')
        flag=""
        if awk -v x="$ratio" 'BEGIN {exit !(x < 0.9)}'; then flag="  < 0.9"; fi
        printf '%-12s %-10s %8s %9s %9s %7s %9s%s\n' "$mech" "$placement" "$size" \
          "$(gib "$c")" "$(gib "$r")" "$ratio" "$(gib "$m")" "$flag"
        lowest=$(awk -v a="$lowest" -v b="$ratio" 'BEGIN {print (b < a ? b : a)}')
      done
    done
  done
  echo "lowest throughput ratio ${lowest}"
fi
