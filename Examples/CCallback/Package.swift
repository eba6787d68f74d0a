// swift-tools-version: 6.1
// A C library that registers callbacks with a `void *` context, and Swift code that hands it
// `Unmanaged` pointers: `WatchLeak` retains itself and never releases, `WatchFixed` releases in
// `close()`. `cyclelint check .` finds the leak (unbalanced-retain); `cyclelint trace --
// .build/debug/WatchLeak` confirms it at run time: the Watcher is leaked and over-retained (after
// `close()` nothing points to it, yet its retain count is 1), while WatchFixed is clean.
import PackageDescription

let package = Package(
    name: "ccallback-fixture",
    targets: [
        .target(name: "CWatch"),
        .executableTarget(name: "WatchLeak", dependencies: ["CWatch"]),
        .executableTarget(name: "WatchFixed", dependencies: ["CWatch"]),
    ]
)
