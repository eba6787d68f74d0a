#!/usr/bin/env python3
"""Prints findings of one rule from a `cyclelint check --format json` output with the source
lines around each location and around each path step, for triage by reading the code.

usage: show.py FINDINGS.json RULE [--sample N --seed S] [--context LINES]
The sample is random.Random(S).sample(findings sorted by file and line, N).
"""
import argparse
import json
import random


def excerpt(path, line, context):
    try:
        with open(path, errors="replace") as handle:
            lines = handle.read().split("\n")
    except OSError as error:
        return f"    ({error})"
    start, end = max(1, line - context), min(len(lines), line + context)
    return "\n".join(f"{'>' if number == line else ' '}{number:5} {lines[number - 1]}" for number in range(start, end + 1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("findings")
    parser.add_argument("rule")
    parser.add_argument("--sample", type=int)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--context", type=int, default=4)
    arguments = parser.parse_args()
    with open(arguments.findings) as handle:
        findings = [f for f in json.load(handle)["findings"] if f["rule"] == arguments.rule]
    findings.sort(key=lambda f: (f["file"], f["line"], f["column"]))
    if arguments.sample is not None and arguments.sample < len(findings):
        findings = random.Random(arguments.seed).sample(findings, arguments.sample)
    for number, finding in enumerate(findings, 1):
        print(f"=== {number}. {finding['file']}:{finding['line']}:{finding['column']}")
        print(f"    {finding['message']}")
        print(excerpt(finding["file"], finding["line"], arguments.context))
        for step in finding["path"]:
            print(f"  -- {step['file']}:{step['line']} {step['description']}")
            print(excerpt(step["file"], step["line"], 1))


if __name__ == "__main__":
    main()
