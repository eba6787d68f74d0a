#!/usr/bin/env bash
# Benchmarks `cyclelint check` on real corpora, in one run, next to the work it cannot avoid: a
# parse-only pass (SwiftParser, one thread, bench's ParseOnlyBench). For each corpus it times
#   parse only        ParseOnlyBench over the corpus
#   check --no-cache  no facts cache at all
#   check cold        an emptied facts cache (every file extracted and its entry written)
#   check warm        the cache the cold run left (no file changed: the run's result is reused)
#   check warm facts  the cold run's facts with its stored results removed: every file's facts
#                     come from the cache and the whole-project analysis runs again, which is
#                     what a run after editing a few files costs
# and prints wall time (best of N), peak RSS (highest of N) and each pass's ratio to the parse,
# plus warm/cold. The findings of the three `check` passes are then compared with
# bench/compare-findings.sh (they must be identical).
#
# usage: bench/check-bench.sh [--runs N] [--root DIR] [--jobs N] [--no-build] [CORPUS...]
#   CORPUS   full, mega or small (default: full mega): the folder DIR/CORPUS, extracted there by
#            ../shared/bench/corpus.sh when it does not exist yet
#   --root   where the corpora are (default: $CORPUS_ROOT, else /work/corpus if it exists,
#            else .build/bench-corpus)
#   --runs   runs per pass; the best wall time counts (default 3)
#   --jobs   passed to `cyclelint check --jobs` (default 0: all cores)
#   --no-build  use the release binaries as they are
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3 jobs=0 build=1 corpora=()
root=${CORPUS_ROOT:-}
if [[ -z $root ]]; then
  if [[ -d /work/corpus ]]; then root=/work/corpus; else root=.build/bench-corpus; fi
fi
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --root) root=${2:?--root needs a folder}; shift 2 ;;
    --jobs) jobs=${2:?--jobs needs a number}; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    -*) echo "check-bench: unknown option $1" >&2; exit 2 ;;
    *) corpora+=("$1"); shift ;;
  esac
done
[[ ${#corpora[@]} -gt 0 ]] || corpora=(full mega)
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "check-bench: --runs must be a positive number" >&2; exit 2; }

if [[ $build == 1 ]]; then
  swift build -c release --product cyclelint >/dev/null
  swift build -c release --product ParseOnlyBench >/dev/null
fi
bin=$(swift build -c release --show-bin-path)
[[ -x $bin/cyclelint && -x $bin/ParseOnlyBench ]] || { echo "check-bench: no release build in $bin" >&2; exit 2; }
work=.build/check-bench
mkdir -p "$work"

# measure RUNS BEFORE COMMAND...: runs BEFORE (a shell command, may be empty) then COMMAND,
# RUNS times; prints the best wall seconds and the highest peak RSS in MiB. COMMAND's exit
# status is ignored (check exits 1 when it finds something); its stdout goes to $out if set.
measure() {
  python3 - "$@" <<'PY'
import os, resource, subprocess, sys, time
runs, before, command = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
out = os.environ.get("out")
best, peak = None, 0.0
for _ in range(runs):
    if before:
        subprocess.run(before, shell=True, check=True, stdout=subprocess.DEVNULL)
    sink = open(out, "wb") if out else subprocess.DEVNULL
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=sink, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if out:
        sink.close()
    best = wall if best is None else min(best, wall)
    peak = max(peak, usage.ru_maxrss / 1024)
print(f"{best:.2f} {peak:.0f}")
PY
}

ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }

rows=()
status=0
for corpus in "${corpora[@]}"; do
  dir=$root/$corpus
  if [[ ! -d $dir ]]; then
    bash "${CORPUS_SCRIPT:-../shared/bench/corpus.sh}" "$root" "$corpus" >/dev/null
  fi
  cache=$work/$corpus-cache
  check=("$bin/cyclelint" check "$dir" --format json --quiet --jobs "$jobs")
  clean="rm -rf '$cache'"
  read -r parse_wall parse_rss < <(out= measure "$runs" "" "$bin/ParseOnlyBench" "$dir")
  read -r plain_wall plain_rss < <(out=$work/$corpus-nocache.json measure "$runs" "" "${check[@]}" --no-cache)
  read -r cold_wall cold_rss < <(out=$work/$corpus-cold.json measure "$runs" "$clean" "${check[@]}" --cache-path "$cache")
  read -r warm_wall warm_rss < <(out=$work/$corpus-warm.json measure "$runs" "" "${check[@]}" --cache-path "$cache")
  read -r facts_wall facts_rss < <(out=$work/$corpus-facts.json measure "$runs" "rm -rf '$cache'/results-v*" "${check[@]}" --cache-path "$cache")
  rows+=("$corpus|parse only (1 thread)|$parse_wall|1.00|$parse_rss")
  rows+=("$corpus|check --no-cache|$plain_wall|$(ratio "$plain_wall" "$parse_wall")|$plain_rss")
  rows+=("$corpus|check cold (empty cache)|$cold_wall|$(ratio "$cold_wall" "$parse_wall")|$cold_rss")
  rows+=("$corpus|check warm|$warm_wall|$(ratio "$warm_wall" "$parse_wall")|$warm_rss")
  rows+=("$corpus|check warm facts|$facts_wall|$(ratio "$facts_wall" "$parse_wall")|$facts_rss")
  rows+=("$corpus|warm / cold|$(ratio "$warm_wall" "$cold_wall")||")
  rows+=("$corpus|warm facts / cold|$(ratio "$facts_wall" "$cold_wall")||")
  for pass in cold warm facts; do
    if ! bench/compare-findings.sh "$work/$corpus-nocache.json" "$work/$corpus-$pass.json" >"$work/$corpus-$pass.compare"; then
      echo "check-bench: $corpus: $pass findings differ from --no-cache (see $work/$corpus-$pass.compare)" >&2
      status=1
    fi
  done
  echo "$corpus ($(find "$dir" -name '*.swift' | wc -l) Swift files): $(tail -n 1 "$work/$corpus-warm.compare")" >&2
done

printf '| %-6s | %-26s | %9s | %8s | %14s |\n' corpus pass "wall (s)" "/ parse" "peak RSS (MiB)"
printf '|%s|%s|%s|%s|%s|\n' -------- ---------------------------- ----------- ---------- ----------------
for row in "${rows[@]}"; do
  IFS='|' read -r corpus pass wall ratio rss <<<"$row"
  printf '| %-6s | %-26s | %9s | %8s | %14s |\n' "$corpus" "$pass" "$wall" "$ratio" "$rss"
done
echo "best of $runs run(s); jobs=$jobs ($(nproc) cores); reports and cache in $work"
exit $status
