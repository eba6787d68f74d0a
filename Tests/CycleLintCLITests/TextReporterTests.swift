import CycleLintKit
import Testing

@Suite struct TextReporterTests {
    @Test func findingLineThenOneNotePerEdge() {
        let output = TextReporter(options: Fixtures.options).render(CheckReport(findings: [Fixtures.cycle]))
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines == [
            "Sources/App Core/Sess,ion:100%&<x>.swift:9:19: warning: closure stored in 'onClose' captures 'self' strongly: 100% \"leaky\", <never> freed second line [capture-cycle]",
            "Sources/App Core/Sess,ion:100%&<x>.swift:3:9: note: Session.onClose holds closure",
            "Sources/App Core/Sess,ion:100%&<x>.swift:8:19: note: closure (Sess,ion:100%.swift:8) captures self",
            "Sources/Other.swift:2:5: note: Other.session holds Session & <friends>",
            "",
        ])
    }

    @Test func severitiesAreSpeltLikeCompilerDiagnostics() {
        let output = TextReporter().render(CheckReport(findings: [Fixtures.error, Fixtures.note]))
        #expect(output.hasPrefix("Sources/Other.swift:12:5: error: Parent.child and Child.parent are both strong [backref-cycle]\n"))
        #expect(output.contains("/outside/Elsewhere.swift:1:1: note: type-level cycle without instance evidence [task-retention]\n"))
    }

    @Test func colourOnlyWhenAsked() {
        let plain = TextReporter(options: Fixtures.options).render(Fixtures.report)
        #expect(!plain.contains("\u{1B}["))
        var options = Fixtures.options
        options.color = true
        let coloured = TextReporter(options: options).render(Fixtures.report)
        #expect(coloured.contains("\u{1B}[1;35mwarning:\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;31merror:\u{1B}[0m"))
        // Stripping the escapes gives the plain text back.
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == plain)
    }

    @Test func noFindingsNoOutput() {
        #expect(TextReporter().render(CheckReport(findings: [])) == "")
    }
}

import Foundation

@Suite struct ColorModeTests {
    @Test func autoHonoursTerminalNoColorAndDumbTerminals() {
        #expect(ColorMode.auto.isEnabled(isTerminal: true, writingToFile: false, environment: [:]))
        #expect(!ColorMode.auto.isEnabled(isTerminal: false, writingToFile: false, environment: [:]))
        #expect(!ColorMode.auto.isEnabled(isTerminal: true, writingToFile: true, environment: [:]))
        #expect(!ColorMode.auto.isEnabled(isTerminal: true, writingToFile: false, environment: ["NO_COLOR": "1"]))
        #expect(ColorMode.auto.isEnabled(isTerminal: true, writingToFile: false, environment: ["NO_COLOR": ""]))
        #expect(!ColorMode.auto.isEnabled(isTerminal: true, writingToFile: false, environment: ["TERM": "dumb"]))
    }

    @Test func explicitChoicesWin() {
        #expect(ColorMode.always.isEnabled(isTerminal: false, writingToFile: true, environment: ["NO_COLOR": "1"]))
        #expect(!ColorMode.never.isEnabled(isTerminal: true, writingToFile: false, environment: [:]))
    }
}
