#!/usr/bin/env python3
"""Checks that every real production bug confirmed by the precision triage (real-bugs.tsv:
package, file below the package, line, rule) is still reported on the corpus.

usage: check-real-bugs.py [--cyclelint PATH] [--corpus DIR] [--findings FILE]

Runs `cyclelint check CORPUS --format json` (or reads FILE, the saved output of that command)
and exits 1 when a listed bug is no longer reported at its file and line by its rule. The corpus
is only read, never copied.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cyclelint", default=os.path.join(HERE, "..", "..", ".build", "release", "cyclelint"))
    parser.add_argument("--corpus", default="/work/corpus/mega")
    parser.add_argument("--findings")
    arguments = parser.parse_args()
    if arguments.findings:
        with open(arguments.findings) as handle:
            report = json.load(handle)
    else:
        run = subprocess.run([arguments.cyclelint, "check", arguments.corpus, "--format", "json"],
                             capture_output=True, text=True)
        if run.returncode not in (0, 1):
            sys.exit(f"cyclelint failed ({run.returncode}): {run.stderr.strip()}")
        report = json.loads(run.stdout)
    corpus = os.path.abspath(arguments.corpus)
    reported = set()
    for finding in report["findings"]:
        path = os.path.relpath(os.path.abspath(finding["file"]), corpus)
        reported.add((path, finding["line"], finding["rule"]))
    missing = 0
    with open(os.path.join(HERE, "real-bugs.tsv")) as handle:
        for row in handle:
            if not row.strip() or row.startswith("#"):
                continue
            package, file, line, rule = row.rstrip("\n").split("\t")[:4]
            key = (os.path.join(package, file), int(line), rule)
            status = "reported" if key in reported else "MISSING"
            missing += key not in reported
            print(f"{status:9} {rule:20} {package}/{file}:{line}")
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
