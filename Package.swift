// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "cyclelint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cyclelint", targets: ["cyclelint"]),
        .library(name: "CycleLintKit", targets: ["CycleLintKit"]),
        // The command line as a library: a package's own `cyclelint` with extra rules
        // (`CycleLintMain.main(extraRules:)`, see Examples/CustomRule).
        .library(name: "CycleLintCLI", targets: ["CycleLintCLI"]),
        .library(name: "CycleLintRuntime", targets: ["CycleLintRuntime"]),
        // Leak checks inside tests: the `.checksLeaks` Swift Testing trait and an XCTest helper.
        .library(name: "CycleLintTesting", targets: ["CycleLintTesting"]),
        // Preloaded into traced programs by `cyclelint trace`.
        .library(name: "CycleLintTracker", type: .dynamic, targets: ["CTracker"]),
        // `swift package cyclelint` and findings as build diagnostics in other packages.
        .plugin(name: "CycleLintCommandPlugin", targets: ["CycleLintCommandPlugin"]),
        .plugin(name: "CycleLintBuildToolPlugin", targets: ["CycleLintBuildToolPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swiftlang/swift-syntax.git", exact: "603.0.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        // `swift package generate-documentation --target CycleLintKit` (.ci/docs.sh).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", exact: "1.5.0"),
    ],
    targets: [
        .target(
            name: "CycleLintKit",
            dependencies: [
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "Yams", package: "Yams"),
                "CClangShim",
            ]
        ),
        // libclang's C API, declared here and loaded with dlopen at run time (no build-time dependency).
        .target(name: "CClangShim", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // Regenerates Sources/CycleLintKit/Index/BuiltinRulePacks.swift from rules/*.yml
        // (`swift run EmbedRulePacksTool Sources/CycleLintKit/Index/BuiltinRulePacks.swift rules/*.yml`).
        .executableTarget(name: "EmbedRulePacksTool"),
        // The parse-only baseline that bench/check-bench.sh compares `cyclelint check` with.
        .executableTarget(
            name: "ParseOnlyBench",
            dependencies: [
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
            ]
        ),
        // libFuzzer harnesses (bench/fuzz.sh builds them with -sanitize=fuzzer into .build-fuzz;
        // a plain build makes them replay inputs given as files).
        .target(name: "CycleLintFuzzSupport", dependencies: ["CycleLintKit"]),
        .executableTarget(name: "CycleLintFuzzSource", dependencies: ["CycleLintFuzzSupport"]),
        .executableTarget(name: "CycleLintFuzzProject", dependencies: ["CycleLintFuzzSupport"]),
        .executableTarget(name: "CycleLintFuzzConfig", dependencies: ["CycleLintFuzzSupport"]),
        .target(name: "CTracker"),
        // The tracker library's bytes, compiled from CTracker by EmbedTrackerPlugin, so that the
        // cyclelint executable carries what `trace` preloads (docs/runtime.md).
        .executableTarget(name: "EmbedTrackerTool"),
        .plugin(name: "EmbedTrackerPlugin", capability: .buildTool(), dependencies: ["EmbedTrackerTool"]),
        .target(name: "CycleLintTrackerImage", plugins: ["EmbedTrackerPlugin"]),
        .target(name: "CycleLintRuntime", dependencies: ["CTracker", "CycleLintTrackerImage"]),
        .target(name: "CycleLintTesting", dependencies: ["CycleLintRuntime"]),
        .target(
            name: "CycleLintCLI",
            dependencies: [
                "CycleLintKit",
                "CycleLintRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "cyclelint", dependencies: ["CycleLintCLI"]),
        .plugin(
            name: "CycleLintCommandPlugin",
            capability: .command(intent: .custom(verb: "cyclelint",
                                                 description: "Report reference cycles in the package's Swift targets.")),
            dependencies: ["cyclelint"]
        ),
        .plugin(name: "CycleLintBuildToolPlugin", capability: .buildTool(), dependencies: ["cyclelint"]),
        .testTarget(name: "CycleLintKitTests", dependencies: ["CycleLintKit"]),
        .testTarget(name: "CycleLintRuntimeTests", dependencies: ["CycleLintRuntime", "CycleLintTesting", "CycleLintTrackerImage"]),
        .testTarget(name: "CycleLintCLITests", dependencies: ["CycleLintKit"]),
    ],
    swiftLanguageModes: [.v6]
)
