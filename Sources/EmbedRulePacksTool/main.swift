import Foundation

// usage: EmbedRulePacksTool OUTPUT.swift PACK.yml…
// Writes `BuiltinRulePacks.all`: (file name, YAML text) for every pack, in the given order.
let arguments = CommandLine.arguments.dropFirst()
guard let outputPath = arguments.first else {
    FileHandle.standardError.write(Data("usage: EmbedRulePacksTool OUTPUT PACK…\n".utf8))
    exit(2)
}
var source = "// Generated from rules/*.yml by `swift run EmbedRulePacksTool Sources/CycleLintKit/Index/BuiltinRulePacks.swift rules/*.yml`. Do not edit.\n"
source += "enum BuiltinRulePacks {\n    static let all: [(name: String, yaml: String)] = [\n"
for packPath in arguments.dropFirst() {
    let text = try String(contentsOfFile: packPath, encoding: .utf8)
    let name = URL(fileURLWithPath: packPath).lastPathComponent
    // A raw string delimited by enough #s that no sequence in the pack can close it.
    var hashes = "#"
    while text.contains("\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
    source += "        (name: \"\(name)\", yaml: \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)),\n"
}
source += "    ]\n}\n"
try source.write(toFile: outputPath, atomically: true, encoding: .utf8)
