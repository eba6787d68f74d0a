// swift-tools-version: 6.1
// The package `cyclelint verify` runs in Tests/CycleLintRuntimeTests/VerifyTests.swift: XCTest
// and Swift Testing tests, some leaking through a known cycle and some clean. Not part of the
// root package's build.
import PackageDescription

let package = Package(
    name: "VerifyFixture",
    targets: [
        .target(name: "Widgets"),
        .testTarget(name: "WidgetsTests", dependencies: ["Widgets"]),
    ],
    swiftLanguageModes: [.v5]
)
