// swift-tools-version: 6.1
// A package that uses cyclelint's plugins the way a user's package would. `.ci/plugin-test.sh`
// copies it next to a `cyclelint` link to the repository and builds it.
import PackageDescription

let package = Package(
    name: "PluginSample",
    dependencies: [
        .package(path: "../cyclelint"),
    ],
    targets: [
        .target(
            name: "Leaky",
            plugins: [.plugin(name: "CycleLintBuildToolPlugin", package: "cyclelint")]
        ),
    ]
)
