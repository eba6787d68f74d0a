#!/usr/bin/env python3
"""Score cyclelint on real reference-cycle fixes taken from public Swift repositories.

Each case of fixes.tsv names a fix commit, the lines of the file before the fix where the
cycle is closed, and the other files the analysis needs. The script reads those files from
fetched snapshots (git directories under --mirror), writes the before and after versions
into a temporary folder (keeping their relative paths), runs `cyclelint check --format json`
on each and reports, per case:

  found   a cycle-rule finding in the before files whose own line is within --tolerance of
          a recorded line of that file;
  named   a cycle-rule finding that has its own line or any edge of its path there;
  clean   no cycle-rule finding in the after files on the lines the recorded lines became
          (an unchanged line maps to itself, a changed one to its whole replacement hunk);
  naive   what "flag every strong `self.` inside a closure" would say about those lines.

Python 3 standard library only. See README.md.
"""
import argparse
import concurrent.futures
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

CYCLE_RULES = {
    "capture-cycle", "backref-cycle", "stored-error-cycle", "retained-after-close",
    "task-retention", "observer-retention", "global-retention", "unbalanced-retain",
}
HERE = os.path.dirname(os.path.abspath(__file__))
SWIFT_SUFFIXES = (".swift",)


class CaseError(Exception):
    """A case that cannot be scored (missing snapshot, file or binary output)."""


def parse_lines(text):
    """'12,15-17' -> {12, 15, 16, 17}."""
    lines = set()
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            low, high = part.split("-", 1)
            lines.update(range(int(low), int(high) + 1))
        else:
            lines.add(int(part))
    return lines


def load_cases(path):
    """Read fixes.tsv: id, repo, commit, kind, sites, context, why (tab-separated)."""
    cases = []
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 7:
                sys.exit(f"{path}:{number}: expected 7 tab-separated fields, got {len(fields)}")
            case_id, repo, commit, kind, sites_text, context_text, why = fields
            sites = []
            for site in sites_text.split(";"):
                file_part, _, lines_text = site.rpartition(":")
                before_path, _, after_path = file_part.partition("=>")
                sites.append({"before": before_path, "after": after_path or before_path,
                              "lines": sorted(parse_lines(lines_text))})
            context = [] if context_text.strip() in ("", "-") else \
                [entry.strip() for entry in context_text.split(",") if entry.strip()]
            cases.append({"id": case_id, "repo": repo, "commit": commit, "kind": kind,
                          "sites": sites, "context": context, "why": why})
    return cases


def git_dir(mirror, repo):
    base = os.path.join(mirror, repo.replace("/", "+"), "repo")
    for candidate in (os.path.join(base, ".git"), base):
        if os.path.isfile(os.path.join(candidate, "HEAD")):
            return candidate
    raise CaseError(f"no snapshot of {repo} at {base} (fetch github:{repo})")


def git(gitdir, *args):
    result = subprocess.run(["git", f"--git-dir={gitdir}", *args], capture_output=True)
    if result.returncode != 0:
        raise CaseError(f"git {' '.join(args)}: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def tree_files(gitdir, rev, entry):
    """The Swift files at `entry` (a file or a folder) in `rev`."""
    listing = git(gitdir, "ls-tree", "-r", "--name-only", "-z", rev, "--", entry)
    names = [name for name in listing.decode(errors="replace").split("\0") if name]
    if names == [entry]:
        return names
    return [name for name in names if name.endswith(SWIFT_SUFFIXES)]


def materialize(gitdir, rev, paths, root):
    """Write each path of rev under root; return {path: text} of those that exist."""
    texts = {}
    for path in sorted(paths):
        try:
            data = git(gitdir, "show", f"{rev}:{path}")
        except CaseError:
            continue
        target = os.path.join(root, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
        texts[path] = data.decode("utf-8", errors="replace")
    return texts


def run_cyclelint(binary, root):
    result = subprocess.run([binary, "check", "--format", "json", "--no-cache", "."],
                            cwd=root, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise CaseError(f"cyclelint exited {result.returncode}: {result.stderr.strip()[:300]}")
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        raise CaseError(f"cyclelint printed no JSON ({error})")
    findings = [f for f in report.get("findings", []) if f.get("rule") in CYCLE_RULES]
    for finding in findings:
        finding["file"] = os.path.normpath(finding["file"])
        for edge in finding.get("path", []):
            edge["file"] = os.path.normpath(edge.get("file", ""))
    return findings


def near(line, lines, tolerance):
    return any(abs(line - wanted) <= tolerance for wanted in lines)


def after_region(before_text, after_text, lines):
    """Map before-file lines to the after-file lines they became (1-based)."""
    before = before_text.splitlines()
    after = after_text.splitlines()
    region = set()
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for line in lines:
            index = line - 1
            if not (i1 <= index < i2 or (i1 == i2 == index)):
                continue
            if tag == "equal":
                region.add(j1 + (index - i1) + 1)
            else:
                region.update(range(j1 + 1, max(j2, j1 + 1) + 1))
    return region


CLOSURE_EXCLUDED_OPENERS = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|open|final|"
    r"static|class|override|mutating|nonmutating|convenience|required|lazy|dynamic|indirect|"
    r"nonisolated|isolated)\s+)*(?:func|init|deinit|if|else|guard|for|while|switch|case|"
    r"default|do|catch|repeat|defer|class|struct|enum|extension|protocol|actor|subscript|get|"
    r"set|willSet|didSet|_modify|_read|precedencegroup)\b")
COMPUTED_PROPERTY = re.compile(r"^\s*(?:[\w@()]+\s+)*var\s+\w+\s*:\s*[^=]+$")
WEAK_SELF_CAPTURE = re.compile(r"^\s*\[[^\]]*\b(?:weak|unowned(?:\(\w+\))?)\s+self\b")
STRONG_SELF_MEMBER = re.compile(r"(?<![\w?.])self\.")


def naive_lines(text):
    """Lines a tool that flags every strong `self.` inside a closure would report.

    A brace opens a closure unless the statement before it (since the last brace or `;`, or
    the previous line when the brace stands alone) is a declaration, a control statement or
    a computed property; a closure whose capture list has `weak self`/`unowned self` shields
    everything inside it.
    """
    stack = []  # (is_closure, captures_self_weakly) per open brace
    flagged = set()
    previous = ""
    for number, raw in enumerate(text.splitlines(), 1):
        code = re.sub(r'"(?:\\.|[^"\\])*"', '""', raw.split("//", 1)[0])
        selves = {match.start() for match in STRONG_SELF_MEMBER.finditer(code)}
        for position, char in enumerate(code):
            if position in selves and any(c for c, _ in stack) and not any(w for _, w in stack):
                flagged.add(number)
            if char == "{":
                segment = re.split(r"[{};]", code[:position])[-1]
                if not segment.strip():
                    segment = previous if position == len(code) - len(code.lstrip()) else segment
                is_closure = not (CLOSURE_EXCLUDED_OPENERS.search(segment)
                                  or COMPUTED_PROPERTY.search(segment))
                weak = is_closure and bool(WEAK_SELF_CAPTURE.search(code[position + 1:]))
                stack.append((is_closure, weak))
            elif char == "}" and stack:
                stack.pop()
        if code.strip():
            previous = code
    return flagged


def check_case(case, args):
    """Validate a case without running cyclelint: print the recorded lines of the before files."""
    gitdir = git_dir(args.mirror, case["repo"])
    before_rev = case["commit"] + "^"
    git(gitdir, "rev-parse", "--verify", case["commit"] + "^{commit}")
    for entry in case["context"]:
        if not tree_files(gitdir, before_rev, entry):
            raise CaseError(f"context {entry} has no Swift file in {before_rev}")
    shown = []
    for site in case["sites"]:
        text = git(gitdir, "show", f"{before_rev}:{site['before']}").decode(errors="replace")
        lines = text.splitlines()
        if max(site["lines"]) > len(lines):
            raise CaseError(f"{site['before']} has {len(lines)} lines, site line {max(site['lines'])}")
        shown += [f"    {site['before']}:{n}: {lines[n - 1].strip()[:110]}" for n in site["lines"]]
    return shown


def score_case(case, args):
    gitdir = git_dir(args.mirror, case["repo"])
    after_rev = case["commit"]
    before_rev = after_rev + "^"
    site_paths_before = {site["before"] for site in case["sites"]}
    site_paths_after = {site["after"] for site in case["sites"]}

    def expand(rev, site_paths):
        paths = set(site_paths)
        for entry in case["context"]:
            paths.update(tree_files(gitdir, rev, entry))
        return paths

    with tempfile.TemporaryDirectory(prefix=f"recall-{case['id']}-") as scratch:
        before_root = os.path.join(scratch, "before")
        after_root = os.path.join(scratch, "after")
        before_texts = materialize(gitdir, before_rev, expand(before_rev, site_paths_before),
                                   before_root)
        after_texts = materialize(gitdir, after_rev, expand(after_rev, site_paths_after),
                                  after_root)
        for site in case["sites"]:
            if site["before"] not in before_texts:
                raise CaseError(f"{site['before']} is not in {before_rev}")
            count = before_texts[site["before"]].count("\n") + 1
            if max(site["lines"]) > count:
                raise CaseError(f"{site['before']} has {count} lines, site line {max(site['lines'])}")
        before_findings = run_cyclelint(args.binary, before_root)
        after_findings = run_cyclelint(args.binary, after_root)

    tolerance = args.tolerance
    found, named, naive, dirty = [], [], False, []
    for site in case["sites"]:
        for finding in before_findings:
            at_line = finding["file"] == site["before"] and near(finding["line"], site["lines"],
                                                                tolerance)
            on_path = at_line or any(edge["file"] == site["before"]
                                     and near(edge.get("line", 0), site["lines"], tolerance)
                                     for edge in finding.get("path", []))
            if at_line and finding not in found:
                found.append(finding)
            if on_path and finding not in named:
                named.append(finding)
        flagged = naive_lines(before_texts[site["before"]])
        if any(near(line, site["lines"], tolerance) for line in flagged):
            naive = True
        after_text = after_texts.get(site["after"])
        if after_text is None:
            continue
        region = after_region(before_texts[site["before"]], after_text, site["lines"])
        for finding in after_findings:
            if finding["file"] == site["after"] and finding["line"] in region \
                    and finding not in dirty:
                dirty.append(finding)

    def brief(finding):
        return {"rule": finding["rule"], "file": finding["file"], "line": finding["line"],
                "message": finding.get("message", "")}

    return {
        "id": case["id"], "repo": case["repo"], "kind": case["kind"],
        "found": bool(found), "named": bool(named), "clean": not dirty, "naive": naive,
        "before_findings": len(before_findings), "after_findings": len(after_findings),
        "found_by": [brief(f) for f in found], "named_by": [brief(f) for f in named],
        "left_in_fix": [brief(f) for f in dirty],
        "all_before": [brief(f) for f in before_findings] if args.verbose else None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.environ.get("CYCLELINT", "cyclelint"),
                        help="cyclelint binary (default: $CYCLELINT or cyclelint on PATH)")
    parser.add_argument("--fixes", default=os.path.join(HERE, "fixes.tsv"))
    parser.add_argument("--mirror", default="/work/.mirror",
                        help="folder of fetched snapshots, owner+name/repo (default %(default)s)")
    parser.add_argument("--case", action="append", help="run only this case (repeatable)")
    parser.add_argument("--kind", help="run only cases of this kind")
    parser.add_argument("--tolerance", type=int, default=2, help="lines either side (default 2)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--verbose", action="store_true",
                        help="also list every cycle-rule finding of the before files")
    parser.add_argument("--check", action="store_true",
                        help="only validate the cases and print their recorded lines")
    args = parser.parse_args()

    cases = load_cases(args.fixes)
    if args.case:
        unknown = set(args.case) - {case["id"] for case in cases}
        if unknown:
            sys.exit(f"unknown case(s): {', '.join(sorted(unknown))}")
        cases = [case for case in cases if case["id"] in args.case]
    if args.kind:
        cases = [case for case in cases if case["kind"] == args.kind]
    if not cases:
        sys.exit("no case selected")
    if args.check:
        failed = 0
        for case in cases:
            try:
                shown = check_case(case, args)
            except CaseError as error:
                failed += 1
                print(f"{case['id']}: ERROR {error}")
                continue
            print(f"{case['id']} ({case['kind']}): {case['why']}")
            print("\n".join(shown))
        print(f"{len(cases) - failed}/{len(cases)} cases valid")
        return 1 if failed else 0
    binary = args.binary
    if os.sep in binary:
        binary = os.path.abspath(binary)
        if not os.access(binary, os.X_OK):
            sys.exit(f"no executable cyclelint at {binary}")
    elif shutil.which(binary) is None:
        sys.exit(f"no {binary} on PATH (give --binary)")
    args.binary = binary

    def attempt(case):
        try:
            return score_case(case, args)
        except CaseError as error:
            return {"id": case["id"], "repo": case["repo"], "kind": case["kind"],
                    "error": str(error)}

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(attempt, cases))

    scored = [r for r in results if "error" not in r]
    total = len(results)
    summary = {
        "cases": total, "errors": total - len(scored),
        "repositories": len({r["repo"] for r in results}),
        "found": sum(r["found"] for r in scored), "named": sum(r["named"] for r in scored),
        "clean": sum(r["clean"] for r in scored), "naive": sum(r["naive"] for r in scored),
    }
    if args.json:
        print(json.dumps({"summary": summary, "cases": results}, indent=2))
        return 0 if not summary["errors"] else 2

    mark = {True: "yes", False: "-"}
    width = max(len(r["id"]) for r in results)
    print(f"{'case':<{width}}  {'kind':<9} found named clean naive  note")
    for r in results:
        if "error" in r:
            print(f"{r['id']:<{width}}  {r['kind']:<9} ERROR: {r['error']}")
            continue
        note = ""
        if r["found_by"]:
            note = "; ".join(f"{f['rule']}@{f['line']}" for f in r["found_by"])
        elif r["named_by"]:
            note = "named by " + "; ".join(f"{f['rule']}@{f['file']}:{f['line']}"
                                           for f in r["named_by"])
        if r["left_in_fix"]:
            note += ("  " if note else "") + "after: " + "; ".join(
                f"{f['rule']}@{f['line']}" for f in r["left_in_fix"])
        print(f"{r['id']:<{width}}  {r['kind']:<9} {mark[r['found']]:<5} {mark[r['named']]:<5} "
              f"{mark[r['clean']]:<5} {mark[r['naive']]:<5}  {note}")
        if args.verbose and r["all_before"]:
            for f in r["all_before"]:
                print(f"    before: {f['rule']} {f['file']}:{f['line']} {f['message'][:100]}")
    n = len(scored)
    print(f"\n{summary['cases']} cases from {summary['repositories']} repositories"
          + (f", {summary['errors']} not scored" if summary["errors"] else ""))
    print(f"found at line: {summary['found']}/{n}, named: {summary['named']}/{n}, "
          f"fixed clean: {summary['clean']}/{n}, naive strong-self baseline: {summary['naive']}/{n}")
    return 0 if not summary["errors"] else 2


if __name__ == "__main__":
    sys.exit(main())
