#!/usr/bin/env bash
# bench/tsan.sh [FOLDER]: the engine under ThreadSanitizer. Builds into .build-tsan with
# `--sanitize=thread`, runs the engine's tests (CycleLintKitTests) and `cyclelint check` on
# FOLDER (default: the `full` corpus, /work/corpus/full) with two worker threads, and exits 1
# when ThreadSanitizer reports a data race or either run fails (logs: .build-tsan/tsan-*.log).
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
test_status=0
swift test "${flags[@]}" --skip-build --filter CycleLintKitTests >"$test_log" 2>&1 || test_status=$?
test_races=$(grep -c "WARNING: ThreadSanitizer: data race" "$test_log" || true)
summary=$( (grep -o 'Test run with [0-9]* tests.*' "$test_log" || true) | tail -n 1)
echo "CycleLintKitTests: ${summary:-did not run (exit $test_status, see $test_log)}, ${test_races} data race report(s)"
[ "$test_races" -eq 0 ] && [ "$test_status" -eq 0 ] || races=1

check_log=$scratch/tsan-check.log
check_status=0
"$(swift build "${flags[@]}" --show-bin-path)/cyclelint" check "$folder" --no-cache --jobs 2 --quiet --format json \
  >/dev/null 2>"$check_log" || check_status=$?
check_races=$(grep -c "WARNING: ThreadSanitizer: data race" "$check_log" || true)
echo "cyclelint check $folder: exit $check_status, ${check_races} data race report(s)"
# Exit 1 only means findings; 2 is a usage or input error, above that a crash.
[ "$check_races" -eq 0 ] && [ "$check_status" -le 1 ] || races=1
if [ "$races" -ne 0 ]; then
  grep -A12 "WARNING: ThreadSanitizer: data race" "$test_log" "$check_log" | head -n 40
fi
exit "$races"
