#!/usr/bin/env bash
# bench/fuzz.sh [SECONDS]: builds the libFuzzer harnesses with -sanitize=fuzzer,address into
# .build-fuzz (a plain `swift build` makes them replay inputs instead) and runs each for SECONDS (default 60)
# from the seed corpus bench/fuzz/seeds.sh writes, with a Swift or YAML dictionary. Prints the
# build time, then per harness its coverage and `NAME: N executions, K crashes`; exits 1 when a
# harness crashed, hung or ran out of memory (the input is in .build-fuzz/crashes/NAME/;
# replay it with a plain build: `swift run NAME FILE`).
#   CYCLELINT_FUZZ_SANITIZERS=fuzzer   builds without AddressSanitizer (faster runs).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
scratch=.build-fuzz
harnesses=(CycleLintFuzzSource CycleLintFuzzProject CycleLintFuzzConfig)
flags=(--scratch-path "$scratch" -Xswiftc "-sanitize=${CYCLELINT_FUZZ_SANITIZERS:-fuzzer,address}"
       -Xswiftc -DCYCLELINT_FUZZ)

build_start=$(date +%s)
for harness in "${harnesses[@]}"; do swift build "${flags[@]}" --product "$harness"; done
echo "fuzz build: $(( $(date +%s) - build_start )) s"
bin=$(swift build "${flags[@]}" --show-bin-path)
bench/fuzz/seeds.sh "$scratch/seeds"

# Swift's runtime keeps metadata caches for the life of the process, which LeakSanitizer
# would report after every input; a leak in cyclelint itself is not a crash worth stopping for.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
failed=0
for harness in "${harnesses[@]}"; do
  case $harness in
    CycleLintFuzzSource) seeds=source; dict=swift.dict ;;
    CycleLintFuzzProject) seeds=project; dict=swift.dict ;;
    CycleLintFuzzConfig) seeds=config; dict=yaml.dict ;;
  esac
  corpus=$scratch/corpus/$harness crashes=$scratch/crashes/$harness log=$scratch/logs/$harness.log
  mkdir -p "$corpus" "$crashes" "$scratch/logs"
  # Crash, timeout, out-of-memory and leak inputs count; `slow-unit-*` files are only notes.
  failures() { find "$crashes" -type f ! -name 'slow-unit-*' | wc -l; }
  before=$(failures)
  # A hang (an input over 60 s: the harnesses are debug builds with AddressSanitizer, and a
  # many-file project input takes seconds) and a run over 2 GiB are failures like a crash.
  "$bin/$harness" "$corpus" "$scratch/seeds/$seeds" -dict="bench/fuzz/$dict" -max_total_time="$seconds" \
    -timeout=60 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/" \
    >"$log" 2>&1 || true
  found=$(( $(failures) - before ))
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  # (grep finds nothing when the harness stopped before its first report: not an error here)
  [ -n "$executions" ] || executions=$( (grep -o '^#[0-9]*' "$log" || true) | tail -n 1 | tr -d '#')
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  coverage=$( (grep -o 'cov: [0-9]*' "$log" || true) | tail -n 1 | cut -d' ' -f2)
  echo "$harness: coverage ${coverage:-?} edges, ${rate:-?} executions/s, log $log"
  if [ "$found" -gt 0 ]; then
    failed=1
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*Fatal error|.*Precondition failed|artifact_prefix|Test unit written)' "$log" | head -n 8 || true
  fi
  echo "$harness: ${executions:-0} executions, $found crashes"
done
exit "$failed"
