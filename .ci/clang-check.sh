#!/usr/bin/env bash
# C and Objective-C: the fixture package with a C target builds, `cyclelint check` finds its
# leak with libclang, and without libclang (CYCLELINT_LIBCLANG pointing at a missing file) the
# Swift side is still analysed, with exactly one "skipped" warning and the same exit status.
set -euo pipefail
cd "$(dirname "$0")/.."
cyclelint=${1:-.build/debug/cyclelint}
fixture=Examples/CCallback

swift build --package-path "$fixture"
"$fixture/.build/debug/WatchLeak" >/dev/null
"$fixture/.build/debug/WatchFixed" >/dev/null

check() {
  local log=$1; shift
  local status=0
  "$@" check --quiet "$fixture" >"$log.out" 2>"$log.err" || status=$?
  echo "$status"
}

status=$(check /tmp/clang-with "$cyclelint")
grep -q "unbalanced-retain" /tmp/clang-with.out || { echo "with libclang: leak not found" >&2; cat /tmp/clang-with.out >&2; exit 1; }
if grep -q "skipped" /tmp/clang-with.err; then echo "with libclang: C files were skipped" >&2; cat /tmp/clang-with.err >&2; exit 1; fi
[ "$status" -eq 1 ] || { echo "with libclang: expected exit 1, got $status" >&2; exit 1; }

status=$(CYCLELINT_LIBCLANG=/nonexistent/libclang.so check /tmp/clang-without "$cyclelint")
[ "$status" -eq 1 ] || { echo "without libclang: expected exit 1, got $status" >&2; exit 1; }
grep -q "unbalanced-retain" /tmp/clang-without.out || { echo "without libclang: Swift leak not found" >&2; exit 1; }
skipped=$(grep -c "C/Objective-C file(s) skipped" /tmp/clang-without.err || true)
[ "$skipped" -eq 1 ] || { echo "without libclang: expected one skipped warning, got $skipped" >&2; cat /tmp/clang-without.err >&2; exit 1; }
echo "C/ObjC checks passed (with and without libclang)"
