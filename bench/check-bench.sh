#!/usr/bin/env bash
# Benchmarks `cyclelint check` against a parse-only pass (SwiftParser, one thread) over the
# corpus that ../shared/bench/corpus.sh extracts, in the same run, and prints wall time, peak
# RSS and the ratio.   usage: bench/check-bench.sh [CORPUS_DIR] [small|full]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-.build/bench-corpus}
size=${2:-full}
corpus_script=${CORPUS_SCRIPT:-../shared/bench/corpus.sh}
bash "$corpus_script" "$corpus" "$size"
swift build -c release --product cyclelint >/dev/null
swift build -c release --product ParseOnlyBench >/dev/null
bin=$(swift build -c release --show-bin-path)

# wall seconds and peak RSS (MiB) of one command; its exit status is ignored (check exits 1
# when it finds something).
measure() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{wall:.2f} {rss:.0f}")
PY
}

read -r parse_wall parse_rss < <(measure "$bin/ParseOnlyBench" "$corpus")
read -r check_wall check_rss < <(measure "$bin/cyclelint" check "$corpus" --format json)
read -r check1_wall check1_rss < <(measure "$bin/cyclelint" check "$corpus" --format json --jobs 1)
printf '%-34s %9s %12s\n' "pass" "wall (s)" "peak RSS (MiB)"
printf '%-34s %9s %12s\n' "parse only (SwiftParser, 1 thread)" "$parse_wall" "$parse_rss"
printf '%-34s %9s %12s\n' "cyclelint check (all cores)" "$check_wall" "$check_rss"
printf '%-34s %9s %12s\n' "cyclelint check --jobs 1" "$check1_wall" "$check1_rss"
python3 -c "import sys; p,c,c1=map(float,sys.argv[1:]); print(f'ratio check/parse: {c/p:.2f} (all cores), {c1/p:.2f} (1 job)')" \
  "$parse_wall" "$check_wall" "$check1_wall"
