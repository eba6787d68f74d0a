import ArgumentParser
import CycleLintKit
import Foundation

/// `--cache-path` and `--no-cache`: where per-file facts and run results are kept between runs.
struct CacheOptions: ParsableArguments {
    @Option(name: .customLong("cache-path"), help: ArgumentHelp("Folder for cached per-file facts and run results (default: $XDG_CACHE_HOME/cyclelint, else ~/.cache/cyclelint).", valueName: "dir"))
    var cachePath: String?

    @Flag(name: .customLong("no-cache"), help: "Analyse from scratch; neither read nor write the cache.")
    var noCache = false

    func validate() throws {
        if noCache && cachePath != nil { throw ValidationError("--no-cache and --cache-path contradict each other") }
    }

    /// The cache folder: `cachePath` (relative to the current folder) or the default; nil when
    /// there is no home folder to put the default in.
    static func directory(cachePath: String?) -> String? {
        if let cachePath { return ReportPaths.absolute(cachePath, against: FileManager.default.currentDirectoryPath) }
        return FactsCache.defaultDirectory()
    }

    /// The cache for this run, or nil with `--no-cache`. A cache that cannot be set up is a
    /// warning, and the run goes on without it.
    func factsCache() -> FactsCache? {
        guard !noCache else { return nil }
        guard let directory = Self.directory(cachePath: cachePath) else {
            StandardError.write("cyclelint: warning: no facts cache (HOME and XDG_CACHE_HOME are unset; use --cache-path)")
            return nil
        }
        do {
            return try FactsCache.forRunningTool(directory: directory)
        } catch {
            StandardError.write("cyclelint: warning: no facts cache: \(error)")
            return nil
        }
    }
}

/// `cyclelint cache clean|path`: the facts cache that `check` keeps.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "Manage the cache of per-file facts and run results.",
        subcommands: [Clean.self, Path.self])

    struct Clean: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "clean", abstract: "Delete every cached entry.")

        @Option(name: .customLong("cache-path"), help: ArgumentHelp("The cache folder (default: the one `check` uses).", valueName: "dir"))
        var cachePath: String?

        func run() throws {
            guard let directory = CacheOptions.directory(cachePath: cachePath) else {
                throw usageFailure("no cache folder (HOME and XDG_CACHE_HOME are unset; use --cache-path)")
            }
            do {
                try FactsCache.clean(directory: directory)
                try ResultCache.clean(directory: directory)
            } catch let error as CycleLintError {
                throw usageFailure(error.description)
            }
            StandardError.write("cyclelint: cleaned the facts cache in \(directory)")
        }
    }

    struct Path: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "path", abstract: "Print the cache folder.")

        @Option(name: .customLong("cache-path"), help: ArgumentHelp("The cache folder (default: the one `check` uses).", valueName: "dir"))
        var cachePath: String?

        func run() throws {
            guard let directory = CacheOptions.directory(cachePath: cachePath) else {
                throw usageFailure("no cache folder (HOME and XDG_CACHE_HOME are unset; use --cache-path)")
            }
            print(directory)
        }
    }
}
