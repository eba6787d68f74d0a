import Foundation

/// Helpers for showing `RuleDescription` examples to people.
public enum RuleExamples {
    /// The example source with the `↓` finding markers removed.
    public static func stripMarkers(_ source: String) -> String {
        source.replacingOccurrences(of: "↓", with: "")
    }
}
