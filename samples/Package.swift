// swift-tools-version: 6.1
// Runnable scenarios for `cyclelint verify`: every directory under Sources/ is an executable
// target (`<Scenario>Leak` and its fixed twin `<Scenario>Fixed`). Add a scenario by adding a
// directory; this manifest lists them itself.
import Foundation
import PackageDescription

let sources = Context.packageDirectory + "/Sources"
let scenarios = ((try? FileManager.default.contentsOfDirectory(atPath: sources)) ?? [])
    .filter { name in
        var isDirectory: ObjCBool = false
        return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: sources + "/" + name, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }
    .sorted()

let package = Package(
    name: "cyclelint-samples",
    targets: scenarios.map { .executableTarget(name: $0, path: "Sources/" + $0) },
    swiftLanguageModes: [.v5]
)
