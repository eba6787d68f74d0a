import Foundation
import SwiftParser
import SwiftSyntax

// usage: ParseOnlyBench PATH…
// The baseline for bench/check-bench.sh: reads and parses every Swift file under PATH with
// SwiftParser on one thread, the work `cyclelint check` cannot avoid.
var files: [String] = []
for root in CommandLine.arguments.dropFirst() {
    guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
    while let relative = walker.nextObject() as? String {
        if relative.hasSuffix(".swift") { files.append(root + "/" + relative) }
    }
}
var tokens = 0
for file in files {
    guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else { continue }
    let tree = Parser.parse(source: text)
    tokens += tree.totalLength.utf8Length
}
print("parsed \(files.count) files, \(tokens) bytes")
