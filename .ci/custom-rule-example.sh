#!/usr/bin/env bash
# Builds and tests Examples/CustomRule: a package that adds its own rule to cyclelint through
# the public library API (CycleLintKit + CycleLintCLI), with the same examples harness the
# built-in rules use. Then runs its `team-cyclelint` on its fixture, which must find the leak.
# The example has its own .build (it builds swift-syntax again: a few minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/../Examples/CustomRule"

echo "== Examples/CustomRule: swift build"
swift build --build-tests

echo "== Examples/CustomRule: swift test"
swift test --skip-build

echo "== Examples/CustomRule: team-cyclelint check Fixtures/App (must find the leak: exit 1)"
status=0
output=$(swift run --skip-build team-cyclelint check Fixtures/App --quiet) || status=$?
printf '%s\n' "$output"
if [ "$status" -ne 1 ]; then
  echo "expected exit status 1 from the fixture, got $status" >&2
  exit 1
fi
if ! grep -q '\[event-bus-subscription\]' <<<"$output"; then
  echo "expected an event-bus-subscription finding in the fixture" >&2
  exit 1
fi
