// swift-tools-version: 6.1
// A C library that registers callbacks with a `void *` context, and Swift code that hands it
// `Unmanaged` pointers: `WatchLeak` retains itself and never releases, `WatchFixed` releases in
// `close()`. `cyclelint check .` finds the leak (unbalanced-retain); `cyclelint trace --
// .build/debug/WatchLeak` shows the Watcher alive at exit.
import PackageDescription

let package = Package(
    name: "ccallback-fixture",
    targets: [
        .target(name: "CWatch"),
        .executableTarget(name: "WatchLeak", dependencies: ["CWatch"]),
        .executableTarget(name: "WatchFixed", dependencies: ["CWatch"]),
    ]
)
