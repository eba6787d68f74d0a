import CycleLintKit
import Testing

/// A `typealias` names its target wherever a type is written: a superclass given through an
/// alias (of a generic instantiation) is that class, with its stored members.
@Suite("Type aliases")
struct TypeAliasTests {
    private static let base = """
    import Combine
    class StoreViewModel<State> {
        var cancellables = Set<AnyCancellable>()
        let updates = PassthroughSubject<Void, Never>()
    }
    """

    @Test("a superclass written as an alias of a generic instantiation keeps the sink's token: a cycle")
    func aliasedGenericSuperclass() throws {
        let result = try findings([("Base.swift", Self.base), ("Screen.swift", """
        typealias ScreenViewModelType = StoreViewModel<Int>
        class ScreenViewModel: ScreenViewModelType {
            func bind() {
                updates
                    .sink { _ in self.refresh() }
                    .store(in: &cancellables)
            }
            func refresh() {}
        }
        """)])
        #expect(result.map(\.ruleID) == ["observer-retention"])
        #expect(result.first?.location.line == 4)
    }

    @Test("an alias of an alias, nested in a type, resolves too")
    func aliasOfNestedAlias() throws {
        let result = try findings([("Base.swift", Self.base), ("Screen.swift", """
        enum Screens {
            typealias Base = StoreViewModel<Int>
        }
        typealias ScreenBase = Screens.Base
        class ScreenViewModel: ScreenBase {
            func bind() {
                updates.sink { _ in self.refresh() }.store(in: &cancellables)
            }
            func refresh() {}
        }
        """)])
        #expect(result.map(\.ruleID) == ["observer-retention"])
    }

    @Test("through the alias, a weak capture is still no cycle")
    func aliasedSuperclassWeakCapture() throws {
        let result = try findings([("Base.swift", Self.base), ("Screen.swift", """
        typealias ScreenViewModelType = StoreViewModel<Int>
        class ScreenViewModel: ScreenViewModelType {
            func bind() {
                updates.sink { [weak self] _ in self?.refresh() }.store(in: &cancellables)
            }
            func refresh() {}
        }
        """)])
        #expect(result.isEmpty)
    }

    @Test("aliases that name each other resolve to nothing (and do not hang): like an unknown superclass")
    func aliasLoop() throws {
        let body = """
        class Model: First {
            func bind() {
                updates.sink { _ in self.refresh() }.store(in: &cancellables)
            }
            func refresh() {}
        }
        """
        let looped = try findings("typealias First = Second\ntypealias Second = First\n" + body)
        let unknown = try findings("\n\n" + body)
        #expect(looped.map(\.ruleID) == unknown.map(\.ruleID))
        #expect(looped.map(\.location.line) == unknown.map(\.location.line))
    }
}
