#!/usr/bin/env bash
# Compares the findings of two `cyclelint check --format json` reports as multisets: order does
# not matter, every field of every finding does (rule, severity, location, message, path,
# fingerprint). The summary's file count and diagnostics are compared too.
#   usage: bench/compare-findings.sh A.json B.json
# Exit 0 when equal, 1 when they differ (the differences are printed), 2 on bad input.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 A.json B.json" >&2
  exit 2
fi
python3 - "$1" "$2" <<'PY'
import collections, json, sys

def load(path):
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        findings = document["findings"]
        summary = document.get("summary", {})
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"compare-findings: cannot read {path}: {error}", file=sys.stderr)
        sys.exit(2)
    canonical = collections.Counter(json.dumps(finding, sort_keys=True) for finding in findings)
    diagnostics = sorted(json.dumps(item, sort_keys=True) for item in summary.get("diagnostics", []))
    return canonical, summary.get("files"), diagnostics

(a_path, b_path) = sys.argv[1:3]
a, a_files, a_diagnostics = load(a_path)
b, b_files, b_diagnostics = load(b_path)
only_a = a - b
only_b = b - a
for finding, count in sorted(only_a.items()):
    print(f"only in {a_path} (x{count}): {finding}")
for finding, count in sorted(only_b.items()):
    print(f"only in {b_path} (x{count}): {finding}")
different = bool(only_a or only_b)
if a_files != b_files:
    print(f"files analysed: {a_files} in {a_path}, {b_files} in {b_path}")
    different = True
if a_diagnostics != b_diagnostics:
    print(f"diagnostics differ: {len(a_diagnostics)} in {a_path}, {len(b_diagnostics)} in {b_path}")
    different = True
total = sum(a.values())
if different:
    print(f"DIFFERENT: {sum(only_a.values())} finding(s) only in {a_path}, {sum(only_b.values())} only in {b_path}")
    sys.exit(1)
print(f"same findings: {total} in both, {a_files} files")
PY
