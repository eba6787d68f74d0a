#!/usr/bin/env bash
# bench/fuzz/seeds.sh OUT: writes the fuzzers' seed corpora from this repository only
# (nothing fetched): OUT/source (the rule examples, the samples, the Swift sources inside
# tests, the test files themselves), OUT/project (each sample package's files, and pairs of
# rule examples, joined by NUL bytes: the multi-file harness's file separator) and OUT/config
# (the rule packs, the YAML inside tests, a starter configuration).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: bench/fuzz/seeds.sh OUT}
rm -rf "$out"
mkdir -p "$out/source" "$out/project" "$out/config"

# Every multi-line string literal ("""…""") of the given Swift files, one file each under
# $2 with prefix $3, indentation of the closing delimiter removed and the examples' ↓ markers dropped.
extract_literals() {
  local dir=$1 prefix=$2; shift 2
  awk -v dir="$dir" -v prefix="$prefix" '
    function flush() { if (n > 0) { file = sprintf("%s/%s-%05d", dir, prefix, count++); printf "%s", body > file; close(file) } }
    inside && /^[ \t]*"""/ { match($0, /^[ \t]*/); indent = RLENGTH; n2 = split(body, lines, "\n"); out = ""
      for (i = 1; i < n2; i++) out = out substr(lines[i], indent + 1) "\n"; body = out; flush(); inside = 0; next }
    inside { gsub(/↓/, ""); body = body $0 "\n"; n++; next }
    /"""[ \t]*[,)]?[ \t]*$/ && !/""".*"""/ { inside = 1; body = ""; n = 0 }
  ' "$@"
}

extract_literals "$out/source" rule-example $(find Sources/CycleLintKit/BuiltInRules -name '*.swift' | sort)
extract_literals "$out/source" test-literal $(find Tests -name '*.swift' | sort)
for file in $(find samples/Sources Tests -name '*.swift' | sort); do
  cp "$file" "$out/source/file-$(echo "$file" | tr '/' '_')"
done

# The YAML seeds are the literals that look like YAML (a key or a list item on their first line).
for literal in "$out/source"/test-literal-*; do
  if head -n 1 "$literal" | grep -Eq '^(- |[a-z_]+:( |$))'; then mv "$literal" "$out/config/"; fi
done
cp rules/*.yml "$out/config/"
printf 'included:\n  - Sources\nexcluded:\n  - Sources/Generated\ndisabled_rules: [unchecked-sendable]\nopt_in_rules: [unused-suppression]\nseverity:\n  capture-cycle: error\nclose_methods: [shutdown]\nrule_packs: [packs/app.yml]\nbaseline: baseline.json\nparent_config: ../.cyclelint.yml\n' > "$out/config/starter.yml"

for package in samples/Sources/*/; do
  name=$(basename "$package")
  first=1
  for file in $(find "$package" -name '*.swift' | sort); do
    [ "$first" = 1 ] || printf '\0'
    cat "$file"; first=0
  done > "$out/project/sample-$name"
done
examples=("$out"/source/rule-example-*)
for ((i = 0; i + 1 < ${#examples[@]}; i += 2)); do
  { cat "${examples[$i]}"; printf '\0'; cat "${examples[$((i + 1))]}"; } > "$out/project/example-pair-$i"
done
echo "seeds: $(ls "$out/source" | wc -l) source, $(ls "$out/project" | wc -l) project, $(ls "$out/config" | wc -l) config"
