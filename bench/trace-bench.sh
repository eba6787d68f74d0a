#!/usr/bin/env bash
# Wall time of an allocation-heavy Swift program (bench/alloc-heavy) plain, under
# `cyclelint trace` (with and without allocation sites) and under valgrind memcheck, with ratios;
# then the time and peak memory of `cyclelint trace` reporting a leaked heap of LEAKED live
# objects (bench/leaked-heap: a tree with back-references to the parents).
#
# Usage: bench/trace-bench.sh [ALLOCATIONS]      (default 10000000; LEAKED=1000000)
# Environment: CYCLELINT=path/to/cyclelint (default: builds it with `swift build -c release`
#              into .build-bench), RUNS=3 (best of RUNS), VALGRIND=0 to skip valgrind.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-10000000}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swiftc -O "$root/bench/alloc-heavy/main.swift" -o "$work/alloc-heavy"
swiftc -O "$root/bench/leaked-heap/main.swift" -o "$work/leaked-heap"
leaked=${LEAKED:-1000000}
if [ -z "${CYCLELINT:-}" ]; then
    scratch="$root/.build-bench"
    swift build -c release --package-path "$root" --scratch-path "$scratch" --product cyclelint >&2
    CYCLELINT="$scratch/release/cyclelint"
fi

# Best wall time of $runs runs of a command, in seconds.
best() {
    local best_time=""
    for _ in $(seq "$runs"); do
        local start end elapsed
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || { echo "command failed: $*" >&2; exit 1; }
        end=$(date +%s.%N)
        elapsed=$(echo "$end - $start" | bc -l)
        if [ -z "$best_time" ] || [ "$(echo "$elapsed < $best_time" | bc -l)" = 1 ]; then best_time=$elapsed; fi
    done
    echo "$best_time"
}

plain=$(best "$work/alloc-heavy" "$count")
traced=$(best "$CYCLELINT" trace --output "$work/report.txt" -- "$work/alloc-heavy" "$count")
nosites=$(best "$CYCLELINT" trace --no-sites --output "$work/report.txt" -- "$work/alloc-heavy" "$count")
printf '%-34s %9s %7s\n' "run ($count allocations, best of $runs)" "seconds" "ratio"
printf '%-34s %9.3f %7.2f\n' "plain" "$plain" 1
printf '%-34s %9.3f %7.2f\n' "cyclelint trace" "$traced" "$(echo "$traced / $plain" | bc -l)"
printf '%-34s %9.3f %7.2f\n' "cyclelint trace --no-sites" "$nosites" "$(echo "$nosites / $plain" | bc -l)"
if [ "${VALGRIND:-1}" != 0 ] && command -v valgrind >/dev/null; then
    memcheck=$(runs=1; best valgrind --tool=memcheck --leak-check=no -q "$work/alloc-heavy" "$count")
    printf '%-34s %9.3f %7.2f\n' "valgrind memcheck (1 run)" "$memcheck" "$(echo "$memcheck / $plain" | bc -l)"
else
    echo "valgrind memcheck: skipped (VALGRIND=0 or valgrind not installed: apt-get install valgrind)"
fi

# A leaked heap of $leaked objects: the whole trace (run, snapshot, analysis, report), and the
# program alone, with the peak resident memory of each (GNU time's %M, in KiB).
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%e %M' -o "$work/heap-plain.time" "$work/leaked-heap" "$leaked" >/dev/null
    /usr/bin/time -f '%e %M' -o "$work/heap-trace.time" "$CYCLELINT" trace --format json --output "$work/heap.json" -- "$work/leaked-heap" "$leaked" >/dev/null 2>&1 || true
    read -r plain_s plain_kb < "$work/heap-plain.time"
    read -r trace_s trace_kb < "$work/heap-trace.time"
    printf '%-34s %9s %9s\n' "leaked heap ($leaked objects)" "seconds" "peak MiB"
    printf '%-34s %9.2f %9.0f\n' "plain" "$plain_s" "$(echo "$plain_kb / 1024" | bc -l)"
    printf '%-34s %9.2f %9.0f\n' "cyclelint trace (whole run)" "$trace_s" "$(echo "$trace_kb / 1024" | bc -l)"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("  reported:", sum(t["count"] for t in d["leaked"]), "leaked objects,", len(d["cycles"]), "kinds of cycle")' "$work/heap.json"
else
    echo "leaked heap: skipped (needs GNU time: apt-get install time)"
fi
