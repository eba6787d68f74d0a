#!/usr/bin/env python3
"""Score cyclelint's cycle rules on Infer's Swift Pulse fixtures.

Infer's `infer/tests/codetoanalyze/swift/pulse/` folder holds small Swift files and an
`issues.exp` that lists what Infer reports, one line per issue:
`path, procedure, line offset, BUG_TYPE, …`. The procedures reported as RETAIN_CYCLE are the
bad procedures. This script runs `cyclelint check --format json` on each fixture file alone,
maps every cycle-rule finding to the function, initializer or accessor that encloses it (a
small brace scanner), and reports:

  bad found   bad procedures with a cycle-rule finding located inside them;
  bad named   bad procedures that a cycle-rule finding names (its location or a path edge);
  good flagged  procedures that are not bad but hold a cycle-rule finding (those whose name
              says good are counted apart); procedures named `*_bad` that issues.exp does not
              list are neither bad nor good: their findings are listed apart (unlisted bad).

Python 3 standard library only. See README.md.
"""
import argparse
import bisect
import json
import os
import re
import shutil
import subprocess
import sys

CYCLE_RULES = {
    "capture-cycle", "backref-cycle", "stored-error-cycle", "retained-after-close",
    "task-retention", "observer-retention", "global-retention", "unbalanced-retain",
}
TYPE_DECL = re.compile(r"\b(?:class|struct|enum|extension|actor|protocol)\s+([A-Za-z_][\w.]*)")
PROC_DECL = re.compile(
    r"\bfunc\s+([A-Za-z_]\w*|`[^`]+`|[^\s(<]+)"
    r"|\b(init)[?!]?\s*[(<]"
    r"|\b(deinit)\b"
    r"|\b(subscript)\s*[(<]")
PROPERTY_DECL = re.compile(r"\b(?:var|let)\s+([A-Za-z_]\w*)")
ACCESSOR = re.compile(r"^\s*(?:(?:mutating|nonmutating|private|fileprivate)\s+)?"
                      r"(get|set|didSet|willSet|_modify|_read)\b(?:\s*\(\s*\w+\s*\))?\s*$")
CONTROL = re.compile(r"\b(?:if|guard|for|while|switch|repeat|do|catch|else|defer|return|in)\b")


class Procedure:
    """A function-like body: its qualified name and the lines it spans."""

    def __init__(self, name, owner, start):
        self.name = name          # e.g. "setupBadDirect", "init", "barView.get"
        self.owner = owner        # enclosing type names, e.g. ["Handler"]
        self.start = start
        self.end = start

    @property
    def qualified(self):
        return ".".join(self.owner + [self.name])

    def contains(self, line):
        return self.start <= line <= self.end


def strip_code(text):
    """Blank out comments and string literals, keeping line structure."""
    out = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith('"""', i):
            j = text.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text[i] == '"':
            j = i + 1
            while j < n and text[j] not in '"\n':
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(" " * (j - i))
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def line_index(code):
    """A function from a character offset of code to its 1-based line number."""
    starts = [0] + [index + 1 for index, char in enumerate(code) if char == "\n"]

    def line_of(offset):
        return bisect.bisect_right(starts, offset)
    return line_of


def procedures(text):
    """Every function, initializer, deinit, subscript and accessor body of a Swift file.

    A brace opens what the text before it (since the previous brace or `;`) declares: a type,
    a function-like declaration, a property (computed, with observers, or initialised by a
    closure: its getter), an accessor of the enclosing property, or anything else.
    """
    code = strip_code(text)
    line_of = line_index(code)
    found = []
    frames = []  # (kind, value): type/name, proc/Procedure, property/dict, other/None
    segment_start = 0
    for index, char in enumerate(code):
        if char == ";":
            segment_start = index + 1
            continue
        if char == "}":
            if frames:
                kind, value = frames.pop()
                if kind == "proc":
                    value.end = line_of(index)
                elif kind == "property":
                    value["getter"].end = line_of(index)
                    if value["has_accessors"]:
                        found.remove(value["getter"])
            segment_start = index + 1
            continue
        if char != "{":
            continue
        segment = code[segment_start:index]
        offset = segment_start
        segment_start = index + 1
        owner = [value for kind, value in frames if kind == "type"]
        in_body = any(kind in ("proc", "property") for kind, _ in frames)
        procs = list(PROC_DECL.finditer(segment))
        types = list(TYPE_DECL.finditer(segment))
        props = list(PROPERTY_DECL.finditer(segment))
        last_proc = procs[-1] if procs else None
        last_type = types[-1] if types else None
        frame = ("other", None)
        if frames and frames[-1][0] == "property" and ACCESSOR.match(segment):
            prop = frames[-1][1]
            prop["has_accessors"] = True
            proc = Procedure(f"{prop['name']}.{ACCESSOR.match(segment).group(1)}", owner,
                             line_of(index))
            frame = ("proc", proc)
        elif last_type and not in_body and (not last_proc or last_type.start() > last_proc.start()):
            frame = ("type", last_type.group(1).split(".")[-1])
        elif last_proc and not CONTROL.search(segment[last_proc.end():]) \
                and "=" not in segment[last_proc.end():].split("->")[0]:
            name = next(group for group in last_proc.groups() if group)
            frame = ("proc", Procedure(name, owner, line_of(offset + last_proc.start())))
        elif props and not in_body:
            match = props[-1]
            start = line_of(offset + match.start())
            if "=" in segment[match.end():]:
                # a stored property whose initial value is a closure: Infer calls it the getter
                frame = ("proc", Procedure(f"{match.group(1)}.get", owner, start))
            else:
                getter = Procedure(f"{match.group(1)}.get", owner, start)
                found.append(getter)
                frame = ("property", {"name": match.group(1), "getter": getter,
                                      "has_accessors": False})
        if frame[0] == "proc":
            found.append(frame[1])
        frames.append(frame)
    return found


def load_expected(path):
    """Read issues.exp: [(file name, procedure, offset)] for RETAIN_CYCLE entries."""
    entries = []
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            parts = [part.strip() for part in raw.split(",")]
            if len(parts) < 4 or parts[3] != "RETAIN_CYCLE":
                continue
            file_part = parts[0].split(":")[0]
            fields = tuple(sorted(set(re.findall(r"self->(\w+)", raw))))
            entries.append((os.path.basename(file_part), parts[1], int(parts[2]), fields))
    return entries


def match_expected(entries, procs_by_file, texts):
    """Assign each RETAIN_CYCLE entry to one source procedure.

    A candidate has the entry's name (and owner, when the entry is qualified) and is long
    enough for the entry's line offset; among several, the one whose body mentions most of the
    `self->field` names of Infer's trace wins, then the first in the file.
    """
    candidates = []
    for entry in entries:
        file_name, name, offset, fields = entry
        pieces = name.split(".")
        if pieces[-1] in ("get", "set", "didSet", "willSet") and len(pieces) >= 2:
            proc_name, qualifier = ".".join(pieces[-2:]), pieces[:-2]
        else:
            proc_name, qualifier = pieces[-1], pieces[:-1]
        fits = [p for p in procs_by_file.get(file_name, [])
                if p.name == proc_name
                and (not qualifier or p.owner[-len(qualifier):] == qualifier)
                and p.start + offset <= p.end]
        lines = texts.get(file_name, "").splitlines()

        def mentions(proc):
            body = "\n".join(lines[proc.start - 1:proc.end])
            return sum(bool(re.search(rf"\b{re.escape(field)}\b", body)) for field in fields)
        fits.sort(key=lambda proc: -mentions(proc))
        candidates.append((entry, fits))
    assigned, used, unmatched = {}, set(), []
    for entry, fits in sorted(candidates, key=lambda item: len(item[1])):
        free = [p for p in fits if id(p) not in used]
        if not free:
            unmatched.append(entry)
            continue
        chosen = free[0]
        used.add(id(chosen))
        assigned[id(chosen)] = (entry, chosen)
    return assigned, unmatched


def is_named_bad(procedure_name):
    """Whether the fixture's authors name a procedure bad (`test_retain_cycle_person1_bad`)."""
    return procedure_name.endswith("_bad") or "_bad_" in procedure_name


def is_cycle_fixture(file_name):
    """Whether a fixture file is about retain cycles (its `*_bad_FN` procedures are cycles)."""
    return file_name.startswith("rc_") or "retain_cycle" in file_name


def run_cyclelint(binary, path):
    result = subprocess.run([binary, "check", "--format", "json", "--no-cache", path],
                            capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"cyclelint exited {result.returncode} on {path}: "
                           f"{result.stderr.strip()[:300]}")
    report = json.loads(result.stdout)
    return [f for f in report.get("findings", []) if f.get("rule") in CYCLE_RULES]


def innermost(procs, line):
    inside = [p for p in procs if p.contains(line)]
    return max(inside, key=lambda p: p.start) if inside else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default="/work/recall/infer",
                        help="the fixture folder with issues.exp (default %(default)s)")
    parser.add_argument("--binary", default=os.environ.get("CYCLELINT", "cyclelint"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list every procedure's verdict")
    args = parser.parse_args()

    expected_path = os.path.join(args.folder, "issues.exp")
    if not os.path.isfile(expected_path):
        sys.exit(f"no issues.exp in {args.folder}")
    binary = os.path.abspath(args.binary) if os.sep in args.binary else args.binary
    if os.sep in binary and not os.access(binary, os.X_OK):
        sys.exit(f"no executable cyclelint at {binary}")
    if os.sep not in binary and shutil.which(binary) is None:
        sys.exit(f"no {binary} on PATH (give --binary)")
    files = sorted(name for name in os.listdir(args.folder) if name.endswith(".swift"))
    texts, procs_by_file = {}, {}
    for name in files:
        with open(os.path.join(args.folder, name), encoding="utf-8", errors="replace") as handle:
            texts[name] = handle.read()
        procs_by_file[name] = procedures(texts[name])
    assigned, unmatched = match_expected(load_expected(expected_path), procs_by_file, texts)
    for name, procs in procs_by_file.items():
        if not is_cycle_fixture(name):
            continue
        for proc in procs:
            if proc.name.endswith("_bad_FN") and id(proc) not in assigned:
                assigned[id(proc)] = ((name, proc.name, 0, ()), proc)
    bad_ids = set(assigned)

    verdicts = {}  # id(proc) -> {"found": bool, "named": bool}
    flagged_good, flagged_unlisted_bad, unattributed, errors = {}, {}, [], []
    for name in files:
        try:
            findings = run_cyclelint(binary, os.path.join(args.folder, name))
        except (RuntimeError, json.JSONDecodeError) as error:
            errors.append(str(error))
            continue
        procs = procs_by_file[name]
        for finding in findings:
            if os.path.basename(finding["file"]) != name:
                continue
            owner = innermost(procs, finding["line"])
            if owner is None:
                unattributed.append(f"{name}:{finding['line']} {finding['rule']}")
            elif id(owner) in bad_ids:
                verdicts.setdefault(id(owner), {"found": False, "named": False})
                verdicts[id(owner)]["found"] = True
            else:
                # A procedure its authors name bad is not a good one, even where Infer reports
                # nothing (`test_retain_cycle_person1_bad`, whose cycle follows a call that traps).
                bucket = flagged_unlisted_bad if is_named_bad(owner.name) else flagged_good
                bucket.setdefault(id(owner), (name, owner, []))[2].append(
                    f"{finding['rule']}@{finding['line']}")
            for edge in [finding] + finding.get("path", []):
                if os.path.basename(edge.get("file", "")) != name:
                    continue
                edge_owner = innermost(procs, edge.get("line", 0))
                if edge_owner is not None and id(edge_owner) in bad_ids:
                    verdicts.setdefault(id(edge_owner), {"found": False, "named": False})
                    verdicts[id(edge_owner)]["named"] = True

    bad = sorted(assigned.values(), key=lambda item: (item[0][0], item[1].start))
    rows = []
    for entry, proc in bad:
        verdict = verdicts.get(id(proc), {"found": False, "named": False})
        rows.append({"file": entry[0], "procedure": proc.qualified, "line": proc.start,
                     "found": verdict["found"], "named": verdict["named"] or verdict["found"]})
    good_rows = [{"file": file_name, "procedure": proc.qualified, "line": proc.start,
                  "named_good": "good" in proc.name.lower(), "findings": marks}
                 for file_name, proc, marks in flagged_good.values()]
    unlisted_rows = [{"file": file_name, "procedure": proc.qualified, "line": proc.start, "findings": marks}
                     for file_name, proc, marks in flagged_unlisted_bad.values()]
    summary = {
        "bad": len(rows), "bad_found": sum(r["found"] for r in rows),
        "bad_named": sum(r["named"] for r in rows),
        "good_flagged": len(good_rows),
        "good_flagged_named_good": sum(r["named_good"] for r in good_rows),
        "unlisted_bad_flagged": len(unlisted_rows),
        "unattributed_findings": len(unattributed),
        "expected_unmatched": [f"{e[0]} {e[1]} +{e[2]}" for e in unmatched],
        "errors": errors,
    }
    if args.json:
        print(json.dumps({"summary": summary, "bad": rows, "flagged_not_bad": good_rows,
                          "flagged_unlisted_bad": unlisted_rows,
                          "unattributed": unattributed}, indent=2))
        return 0 if not errors else 2
    for row in rows:
        if args.verbose or not row["found"]:
            state = "found" if row["found"] else ("named" if row["named"] else "MISSED")
            print(f"bad   {state:<6} {row['file']}:{row['line']} {row['procedure']}")
    for row in good_rows:
        label = "good" if row["named_good"] else "other"
        print(f"{label:<5} FLAGGED {row['file']}:{row['line']} {row['procedure']} "
              f"({', '.join(row['findings'])})")
    for row in unlisted_rows:
        print(f"unlisted bad FLAGGED {row['file']}:{row['line']} {row['procedure']} ({', '.join(row['findings'])})")
    for item in unattributed:
        print(f"outside any procedure: {item}")
    for entry in unmatched:
        print(f"issues.exp entry matched to no procedure: {entry}")
    for error in errors:
        print(f"ERROR: {error}")
    print(f"infer: bad found {summary['bad_found']}/{summary['bad']} "
          f"(named {summary['bad_named']}/{summary['bad']}), "
          f"good flagged {summary['good_flagged']} "
          f"(of them named *good*: {summary['good_flagged_named_good']}), "
          f"unlisted bad flagged {summary['unlisted_bad_flagged']}")
    return 0 if not errors else 2


if __name__ == "__main__":
    sys.exit(main())
