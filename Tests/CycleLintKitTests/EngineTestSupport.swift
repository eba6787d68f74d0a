import CycleLintKit

/// Findings for in-memory sources, as `cyclelint check` would report them.
func findings(_ sources: [(String, String)], options: AnalysisOptions = AnalysisOptions()) throws -> [Finding] {
    try CycleLint.check(sources: sources.map { (path: $0.0, text: $0.1) }, options: options).findings
}

func findings(_ source: String) throws -> [Finding] {
    try findings([("Test.swift", source)])
}
