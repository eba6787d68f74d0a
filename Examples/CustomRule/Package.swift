// swift-tools-version: 6.1
import Foundation
import PackageDescription

// cyclelint is this repository's root package. A path dependency's identity is its folder's
// name, which differs between clones, so the product references use that name.
let cyclelintPath = "../.."
let cyclelint = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent(cyclelintPath).standardizedFileURL.lastPathComponent

let package = Package(
    name: "CustomRule",
    platforms: [.macOS(.v13)],
    products: [
        // `team-cyclelint check Sources`: cyclelint with the team's rule added.
        .executable(name: "team-cyclelint", targets: ["team-cyclelint"]),
        .library(name: "EventBusRules", targets: ["EventBusRules"]),
    ],
    dependencies: [
        .package(path: cyclelintPath),
    ],
    targets: [
        .target(name: "EventBusRules", dependencies: [.product(name: "CycleLintKit", package: cyclelint)]),
        .executableTarget(name: "team-cyclelint", dependencies: [
            "EventBusRules",
            .product(name: "CycleLintCLI", package: cyclelint),
        ]),
        .testTarget(name: "EventBusRulesTests", dependencies: [
            "EventBusRules",
            .product(name: "CycleLintKit", package: cyclelint),
        ]),
    ],
    swiftLanguageModes: [.v5]
)
