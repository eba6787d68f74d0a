#!/usr/bin/env bash
# Builds the DocC documentation of CycleLintKit (swift-docc-plugin). Fails on a DocC warning
# (e.g. a broken symbol link in the catalog or a doc comment) so the docs stay correct.
# Usage: .ci/docs.sh [--scratch-path DIR]   (output: DIR/plugins/Swift-DocC/outputs/CycleLintKit.doccarchive)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build
if [ "${1:-}" = "--scratch-path" ]; then scratch=$2; fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift package --scratch-path "$scratch" generate-documentation --target CycleLintKit --warnings-as-errors 2>&1 | tee "$log"
archive="$scratch/plugins/Swift-DocC/outputs/CycleLintKit.doccarchive"
if [ ! -d "$archive" ]; then
  echo "no documentation archive at $archive" >&2
  exit 1
fi
echo "documentation: $archive"
