#!/usr/bin/env python3
"""Lists CycleLintKit's public symbols that have no doc comment, from the symbol graph that
`.ci/docs.sh` extracts, grouped by file. Fails when one is declared in a file of the rule API
(the files listed in REQUIRED), which must document every public symbol.

Usage: .ci/api-docs.py [SCRATCH_PATH]   (default .build; run .ci/docs.sh first)
"""
import collections
import glob
import json
import sys

REQUIRED = [
    "Rules/API/Rule.swift", "Rules/API/RuleContext.swift", "Rules/API/RuleDescription.swift", "Rules/API/RuleRegistry.swift",
    "Rules/Support/RuleExampleRunner.swift", "Rules/Support/CallSite.swift", "Rules/Support/PatternRule.swift",
    "Rules/Support/PatternCondition.swift",
    "Index/RulePack.swift", "Index/RulePackLoader.swift", "Index/RetentionKnowledge.swift",
    "Engine/CycleLint.swift", "Engine/AnalysisOptions.swift",
]

scratch = sys.argv[1] if len(sys.argv) > 1 else ".build"
graphs = glob.glob(f"{scratch}/*/extracted-symbols/*/CycleLintKit/CycleLintKit.symbols.json")
if not graphs:
    sys.exit(f"no CycleLintKit symbol graph under {scratch}: run .ci/docs.sh first")
symbols = json.load(open(graphs[0]))["symbols"]
undocumented = collections.defaultdict(list)
for symbol in symbols:
    uri = symbol.get("location", {}).get("uri")
    # Synthesized members (hashValue, hash(into:), …) have no location and no source to document.
    if symbol.get("docComment") or uri is None:
        continue
    undocumented[uri.split("/Sources/CycleLintKit/")[-1]].append(".".join(symbol["pathComponents"]))

missing_required = 0
for file, names in sorted(undocumented.items()):
    required = file in REQUIRED
    missing_required += len(names) if required else 0
    print(f"{'ERROR' if required else 'note '} {file}: {len(names)} undocumented: {', '.join(names)}")
total = sum(len(names) for names in undocumented.values())
print(f"{len(symbols)} public symbols, {total} without a doc comment, {missing_required} of them in the rule API files")
sys.exit(1 if missing_required else 0)
