/// The entry point of the static analysis.
public enum CycleLint {
    /// Analyses every Swift file under `paths` and returns the findings of the enabled rules.
    /// Throws `CycleLintError` for a missing or unreadable path given explicitly, or a broken
    /// rule pack; problems with individual files found under a folder become diagnostics.
    public static func check(paths: [String], options: AnalysisOptions = AnalysisOptions()) throws -> AnalysisResult {
        fatalError("engine under construction")
    }
}
