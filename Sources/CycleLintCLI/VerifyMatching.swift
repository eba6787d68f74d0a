import CycleLintKit
import CycleLintRuntime

/// Decides whether a static finding was reproduced at run time.
enum VerifyMatching {
    enum Verdict {
        /// The runtime cycle whose user types are all named by the finding (the type holding its
        /// first edge among them).
        case confirmedCycle(LeakReport.Cycle)
        /// Objects of a type the finding names were alive at exit in the leak run and not in the
        /// fixed one (held from outside the traced heap: a global, a task, a timer).
        case confirmedAlive(type: String, leak: Int, fixed: Int)
        /// A site grew in the leak run and not in the fixed one (unbounded buffers).
        case confirmedGrowth(bytes: Int64, frame: String)
        case notReproduced
    }

    static func identifiers(in finding: Finding) -> Set<String> {
        let text = ([finding.message] + finding.path.map(\.description)).joined(separator: " ")
        var result = Set<String>()
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber || character == "_" { current.append(character) }
            else { if !current.isEmpty { result.insert(current) }; current = "" }
        }
        if !current.isEmpty { result.insert(current) }
        return result
    }

    /// The type whose instance holds the finding's first edge, when the path's first step names
    /// one (`Relay.connection holds …`, `Relay(…).handler holds …`); nil for a local or a global
    /// (`provider.types holds …`) or a step that is not a holding edge.
    static func ownerType(of finding: Finding) -> String? {
        guard let first = finding.path.first?.description, first.contains(" holds ") || first.contains(" keeps ") else { return nil }
        let name = first.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        let rest = first.dropFirst(name.count)
        guard let initial = name.first, initial.isUppercase, rest.hasPrefix(".") || rest.hasPrefix("(") else { return nil }
        return String(name)
    }

    /// Class types on a runtime cycle that the user wrote (not closures, arrays, boxes, stdlib).
    static func userTypes(of cycle: LeakReport.Cycle) -> [String] {
        cycle.types.filter { !$0.hasPrefix("closure{") && !$0.hasPrefix("[") && !$0.hasPrefix("_")
            && !$0.hasPrefix("Box<") && !$0.hasPrefix("Error<") }
            .map(VerifyRunner.simpleName)
    }

    static let growthThreshold: Int64 = 1 << 20

    static func verdict(for finding: Finding, leak: VerifyRun, fixed: VerifyRun?) -> Verdict {
        let names = identifiers(in: finding)
        let owner = ownerType(of: finding)
        for cycle in leak.leaks.cycles {
            let types = userTypes(of: cycle)
            if !types.isEmpty && types.allSatisfy(names.contains) && (owner.map(types.contains) ?? true) {
                return .confirmedCycle(cycle)
            }
        }
        for (type, count) in leak.aliveAtExit.sorted(by: { $0.key < $1.key }) where names.contains(type) {
            let fixedCount = fixed?.aliveAtExit[type] ?? 0
            if count > fixedCount { return .confirmedAlive(type: type, leak: count, fixed: fixedCount) }
        }
        if finding.ruleID == "continuation-leak" || finding.ruleID == "task-retention" {
            let tasks = leak.aliveAtExit["Task"] ?? 0, fixedTasks = fixed?.aliveAtExit["Task"] ?? 0
            if tasks > fixedTasks { return .confirmedAlive(type: "Task", leak: tasks, fixed: fixedTasks) }
        }
        if finding.ruleID == "unbounded-buffer", let growth = leak.growth, growth.bytes >= growthThreshold,
           (fixed?.growth?.bytes ?? 0) < growthThreshold {
            return .confirmedGrowth(bytes: growth.bytes, frame: growth.frame)
        }
        return .notReproduced
    }
}
