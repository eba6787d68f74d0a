#!/usr/bin/env bash
# bench/tsan.sh [FOLDER]: the engine under ThreadSanitizer. Builds into .build-tsan with
# `--sanitize=thread`, runs the engine's tests (CycleLintKitTests) and `cyclelint check` on
# FOLDER (default: the `full` corpus, /work/corpus/full) with two worker threads, and exits 1
# when ThreadSanitizer reports a data race (the reports are in .build-tsan/tsan-*.log).
set -euo pipefail
cd "$(dirname "$0")/.."
folder=${1:-/work/corpus/full}
scratch=.build-tsan
flags=(--scratch-path "$scratch" --sanitize=thread)
export TSAN_OPTIONS=${TSAN_OPTIONS:-"halt_on_error=0 report_signal_unsafe=0"}

start=$(date +%s)
swift build "${flags[@]}" --product cyclelint
swift build "${flags[@]}" --build-tests
echo "tsan build: $(( $(date +%s) - start )) s"

races=0
test_log=$scratch/tsan-tests.log
swift test "${flags[@]}" --skip-build --filter CycleLintKitTests >"$test_log" 2>&1 || true
test_races=$(grep -c "WARNING: ThreadSanitizer: data race" "$test_log" || true)
echo "CycleLintKitTests: $(grep -o 'Test run with [0-9]* tests.*' "$test_log" | tail -n 1), ${test_races} data race report(s)"
[ "$test_races" -eq 0 ] || races=1

check_log=$scratch/tsan-check.log
"$(swift build "${flags[@]}" --show-bin-path)/cyclelint" check "$folder" --no-cache --jobs 2 --quiet --format json \
  >/dev/null 2>"$check_log" || true
check_races=$(grep -c "WARNING: ThreadSanitizer: data race" "$check_log" || true)
echo "cyclelint check $folder: ${check_races} data race report(s)"
[ "$check_races" -eq 0 ] || races=1
if [ "$races" -ne 0 ]; then
  grep -A12 "WARNING: ThreadSanitizer: data race" "$test_log" "$check_log" | head -n 40
fi
exit "$races"
