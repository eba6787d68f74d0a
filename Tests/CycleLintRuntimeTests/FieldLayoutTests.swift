import CycleLintRuntime
import Foundation
import Testing

/// Weak and unowned references inside struct fields, tuples, optionals, array elements and boxed
/// captured vars hold nothing strongly: the tracker reads their ownership from the field
/// metadata instead of taking every word for a strong reference. In each clean scenario a global
/// holds the owner, so one back reference wrongly counted as strong would make the owner look
/// held only by its own cycle, and leaked.
@Suite("field layouts: references inside structs and array elements", .serialized)
struct FieldLayoutTests {
    @Test("a weak or unowned back reference inside a value is not a strong edge",
          arguments: ["-Onone", "-O"],
          ["struct-weak", "struct-unowned", "generic-class-unowned", "array-unowned", "array-optional-unowned",
           "array-generic-unowned", "box-unowned", "any-address-id", "any-unowned"])
    func nonStrong(level: String, scenario: String) throws {
        let result = try trace(scenario, level: level)
        #expect(result.outcome == .exited(0))
        #expect(result.report.graph.rootsScanned)
        #expect(result.report.graph.objects.contains { $0.type.hasSuffix("StructOwner") || $0.type.hasSuffix("AnyHolder") },
                "\(scenario): the owner is not alive at exit")
        #expect(result.report.leaks.isClean, "\(scenario) \(level): \(result.report.leaks)")
    }

    @Test("a strong reference inside a struct field is a cycle, named by the field inside the struct",
          arguments: ["-Onone", "-O"])
    func strongStructField(level: String) throws {
        let leaks = try trace("struct-strong", level: level).report.leaks
        let cycle = try #require(leaks.cycles.first, "\(level): \(leaks)")
        // the path may start at either object
        #expect(["StructOwner.child → StrongBackChild.back.owner → StructOwner",
                 "StrongBackChild.back.owner → StructOwner.child → StrongBackChild"].contains(cycle.pathDescription),
                "\(cycle.pathDescription)")
        #expect(Set(leaks.leaked.map(\.type)) == ["StructOwner", "StrongBackChild"], "\(leaks)")
    }

    @Test("a strong reference inside array elements is a cycle through the array storage",
          arguments: ["-Onone", "-O"])
    func strongArrayElements(level: String) throws {
        let leaks = try trace("array-strong", level: level).report.leaks
        let cycle = try #require(leaks.cycles.first, "\(level): \(leaks)")
        #expect(["StructOwner.strongLinks → [StrongBack].owner → StructOwner",
                 "[StrongBack].owner → StructOwner.strongLinks → [StrongBack]"].contains(cycle.pathDescription),
                "\(cycle.pathDescription)")
        #expect(Set(leaks.leaked.map(\.type)) == ["StructOwner", "[StrongBack]"], "\(leaks)")
    }

    @Test("a reference stored in an Any is strong: inline in its buffer, or inside an inline struct",
          arguments: ["-Onone", "-O"], ["any-strong", "any-strong-struct"])
    func strongInsideAny(level: String, scenario: String) throws {
        let leaks = try trace(scenario, level: level).report.leaks
        let cycle = try #require(leaks.cycles.first, "\(scenario) \(level): \(leaks)")
        let expected = scenario == "any-strong"
            ? ["AnyHolder.slot → AnyHolder"]
            : ["AnyHolder.slot → StructOwner.child → AnyHolder", "StructOwner.child → AnyHolder.slot → StructOwner"]
        #expect(expected.contains(cycle.pathDescription), "\(cycle.pathDescription)")
    }
}
