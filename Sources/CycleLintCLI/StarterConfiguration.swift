import CycleLintKit

/// The commented `.cyclelint.yml` that `cyclelint init` writes. Every key is shown; the ones
/// that would change behaviour are commented out.
enum StarterConfiguration {
    /// `included` lists `Sources` when `hasSources` (a SwiftPM layout), else stays commented.
    static func text(rules: [RuleDescription], hasSources: Bool) -> String {
        let optIn = rules.filter(\.isOptIn).map(\.id)
        let ruleList = rules.map { "#   \($0.id)\($0.isOptIn ? " (opt-in)" : ""): \($0.summary)" }.joined(separator: "\n")
        return """
        # cyclelint configuration. Paths are relative to this file.
        # Rules (`cyclelint rules` lists them, `cyclelint explain RULE` explains one):
        \(ruleList)

        # Folders or globs to analyse when `cyclelint check` is run without paths.
        \(hasSources ? "included:\n  - Sources" : "# included:\n#   - Sources")

        # Folders or globs never analysed (`*` within a name, `**` across folders).
        excluded:
          - .build
          - "**/Generated"

        # Rules to turn off.
        disabled_rules: []

        # Opt-in rules to turn on\(optIn.isEmpty ? "." : ": \(optIn.joined(separator: ", ")).")
        opt_in_rules: []

        # Per-rule severity: note, warning or error.
        # severity:
        #   capture-cycle: error

        # Extra method names that end an object's life (besides close, cancel, invalidate, ...).
        # close_methods:
        #   - teardownConnection

        # Extra rule packs (YAML API knowledge for your own frameworks).
        # rule_packs:
        #   - cyclelint-rules/networking.yml

        # Findings accepted for now; create with `cyclelint check --write-baseline FILE`.
        # baseline: .cyclelint-baseline.json

        # Settings inherited from another file (this file wins).
        # parent_config: ../.cyclelint.yml

        """
    }
}
