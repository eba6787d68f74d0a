#!/usr/bin/env python3
"""Where the wall time of a multi-threaded `cyclelint check` goes: from a `perf script` dump of a
sampled run, for each time bucket, how many threads were busy and in which step.

A serial step shows as busy=1.00 on a 2-core machine: that is where a second core waits.

usage:
  perf record -e cpu-clock -F 199 -g -o .build/perf-j2.data -- \\
      .build/release/cyclelint check CORPUS --no-cache --quiet --format json > /dev/null
  perf script -i .build/perf-j2.data -F tid,time,ip,sym > .build/perf-j2.txt
  python3 bench/perf-timeline.py .build/perf-j2.txt [--hz 199] [--bucket 1.0]
"""
import argparse
import collections
import re

# Steps by a (mangled) symbol fragment of a frame of the sample's stack, most specific first.
STEPS = [
    ("parse", "SwiftParser0B0V5parse6source"),
    ("concurrency facts", "25ConcurrencyFactsExtractor"),
    ("ownership facts", "17DeclarationWalker"),
    ("compaction", "FactsCompactor"),
    ("facts (read, cache)", "5facts8ofFileAt"),
    ("context graphs", "19ContextGraphBuilderV"),
    ("retentions", "15RetentionFinderV"),
    ("releases", "15ReleaseAnalysis"),
    ("project index", "12ProjectIndexC5files"),
    ("concurrency view", "15ConcurrencyViewV"),
    ("rules", "RuleV"),
    ("other analysis", "retentions2in9knowledge"),
    ("libclang", "clang"),
]


def samples(path):
    header = re.compile(r"\s*(\d+)\s+([\d.]+):")
    current = None
    with open(path, errors="replace") as dump:
        for line in dump:
            if not line.strip():
                if current:
                    yield current
                current = None
                continue
            match = header.match(line)
            if match and current is None:
                current = (float(match.group(2)), [])
            elif current is not None:
                parts = line.strip().split(None, 1)
                current[1].append(parts[-1])
    if current:
        yield current


def step(stack):
    frames = " ".join(stack)
    for name, fragment in STEPS:
        if fragment in frames:
            return name
    return "other"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dump")
    parser.add_argument("--hz", type=float, default=199, help="the sampling frequency given to perf record")
    parser.add_argument("--bucket", type=float, default=1.0, help="seconds per line")
    arguments = parser.parse_args()
    buckets = collections.defaultdict(collections.Counter)
    start = None
    for time, stack in samples(arguments.dump):
        start = time if start is None else min(start, time)
        buckets[time].update([step(stack)])
    by_bucket = collections.defaultdict(collections.Counter)
    for time, counts in buckets.items():
        by_bucket[int((time - start) / arguments.bucket)].update(counts)
    for index in sorted(by_bucket):
        counts = by_bucket[index]
        busy = sum(counts.values()) / (arguments.hz * arguments.bucket)
        top = ", ".join(f"{name} {count}" for name, count in counts.most_common(3))
        print(f"{index * arguments.bucket:6.1f} s  busy {busy:4.2f}  {top}")


if __name__ == "__main__":
    main()
