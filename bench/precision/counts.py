#!/usr/bin/env python3
"""Per-rule finding counts of one or two `cyclelint check --format json` outputs.

usage: counts.py FINDINGS.json [MORE.json ...]  (e.g. BEFORE.json START.json AFTER.json)
"""
import collections
import json
import sys


def counts(path):
    with open(path) as handle:
        findings = json.load(handle)["findings"]
    return collections.Counter(finding["rule"] for finding in findings)


def main(paths):
    tables = [counts(path) for path in paths]
    rules = sorted(set().union(*tables))
    print("| rule | " + " | ".join(paths) + " |")
    print("|---|" + "---|" * len(paths))
    for rule in rules:
        print(f"| {rule} | " + " | ".join(str(table.get(rule, 0)) for table in tables) + " |")
    print("| total | " + " | ".join(str(sum(table.values())) for table in tables) + " |")


if __name__ == "__main__":
    if not sys.argv[1:]:
        sys.exit(__doc__)
    main(sys.argv[1:])
