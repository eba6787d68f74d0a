import Foundation

/// Turns frames (module + offset) into `function (file:line)` with the toolchain's
/// `llvm-symbolizer` and `swift-demangle` (found next to `swift`), falling back to dynamic
/// symbol names, then to `module+offset`.
public struct Symbolicator: Sendable {
    public var toolDirectory: String?

    public init(toolDirectory: String? = Symbolicator.findToolDirectory()) {
        self.toolDirectory = toolDirectory
    }

    /// The directory holding `swift-demangle`: from PATH's `swift`, else /opt/swift/usr/bin.
    public static func findToolDirectory() -> String? {
        var candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        candidates.append("/opt/swift/usr/bin")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0 + "/swift-demangle") }
    }

    public func symbolicate(_ frames: [TraceReport.Frame]) -> [TraceReport.Frame: String] {
        var result: [TraceReport.Frame: String] = [:]
        var mangled: [TraceReport.Frame: (name: String, place: String)] = [:]
        let byModule = Dictionary(grouping: Set(frames), by: \.module)
        for (module, moduleFrames) in byModule {
            let lines = runSymbolizer(module: module, offsets: moduleFrames.map { $0.offset &- 1 })
            for (index, frame) in moduleFrames.enumerated() {
                if let line = lines?[safe: index], !line.name.isEmpty, line.name != "??" {
                    mangled[frame] = line
                } else if !frame.symbol.isEmpty {
                    mangled[frame] = (frame.symbol, "")
                }
            }
        }
        let keys = Array(mangled.keys)
        let demangled = demangle(keys.map { mangled[$0]!.name })
        for (index, frame) in keys.enumerated() {
            let place = mangled[frame]!.place
            result[frame] = demangled[index] + (place.isEmpty ? "" : " (\(place))")
        }
        return result
    }

    /// Every function a frame's address lies in, innermost first (more than one where calls
    /// were inlined), demangled; the dynamic symbol when there is no debug information.
    public func functionNames(_ frames: [TraceReport.Frame]) -> [TraceReport.Frame: [String]] {
        var mangled: [TraceReport.Frame: [String]] = [:]
        for (module, moduleFrames) in Dictionary(grouping: Set(frames), by: \.module) {
            let blocks = runSymbolizerBlocks(module: module, offsets: moduleFrames.map { $0.offset &- 1 })
            for (index, frame) in moduleFrames.enumerated() {
                let names = (blocks?[safe: index] ?? []).enumerated().filter { $0.offset % 2 == 0 && $0.element != "??" }.map(\.element)
                mangled[frame] = names.isEmpty ? (frame.symbol.isEmpty ? [] : [frame.symbol]) : names
            }
        }
        let keys = Array(mangled.keys)
        let flat = keys.flatMap { mangled[$0]! }
        let demangled = demangle(flat)
        var result: [TraceReport.Frame: [String]] = [:]
        var next = 0
        for frame in keys {
            let count = mangled[frame]!.count
            result[frame] = Array(demangled[next..<next + count])
            next += count
        }
        return result
    }

    /// llvm-symbolizer's answer per address: alternating function and file:line:column lines.
    private func runSymbolizerBlocks(module: String, offsets: [UInt]) -> [[String]]? {
        guard let directory = toolDirectory, FileManager.default.isExecutableFile(atPath: directory + "/llvm-symbolizer"),
              let output = run(directory + "/llvm-symbolizer", ["--obj=\(module)"],
                               input: offsets.map { "0x" + String($0, radix: 16) }.joined(separator: "\n") + "\n")
        else { return nil }
        return output.components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { $0.split(separator: "\n").map(String.init) }
    }

    private func runSymbolizer(module: String, offsets: [UInt]) -> [(name: String, place: String)]? {
        guard let directory = toolDirectory, FileManager.default.isExecutableFile(atPath: directory + "/llvm-symbolizer"),
              let output = run(directory + "/llvm-symbolizer", ["--obj=\(module)"],
                               input: offsets.map { "0x" + String($0, radix: 16) }.joined(separator: "\n") + "\n")
        else { return nil }
        // One block per address: function, file:line:column (more pairs for inlined frames).
        let blocks = output.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        return blocks.map { block in
            let lines = block.split(separator: "\n").map(String.init)
            let name = lines.first ?? ""
            var place = lines.count > 1 ? lines[1] : ""
            let parts = place.split(separator: ":")
            if parts.count >= 2, parts[1] != "0" {
                place = (parts[0].split(separator: "/").last.map(String.init) ?? String(parts[0])) + ":" + parts[1]
            } else { place = "" }
            return (name, place)
        }
    }

    private func demangle(_ names: [String]) -> [String] {
        guard !names.isEmpty, let directory = toolDirectory,
              let output = run(directory + "/swift-demangle", ["--simplified"], input: names.joined(separator: "\n") + "\n")
        else { return names }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return names.indices.map { lines[safe: $0].flatMap { $0.isEmpty ? nil : $0 } ?? names[$0] }
    }

    private func run(_ tool: String, _ arguments: [String], input: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
