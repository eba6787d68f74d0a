import CClangShim

/// The `BodyFacts` of one Objective-C method body, in the shapes the Swift front end uses:
/// `self.prop = v`, `_ivar = v` and `[x setProp:v]` are stores, `[self.list addObject:v]` an
/// insertion, messages and C calls are calls (named as Swift imports them), blocks are closures
/// whose captures follow ARC: `self`, an ivar (which captures `self`) or an object local is
/// captured strongly, a `__weak` local (`weakSelf`) is not.
struct ObjCBodyExtractor {
    let library: LibClang
    let path: String
    let source: [UInt8]
    let ownerType: String?
    /// Properties and ivars of the owner (an ivar `_name` of a property `name` is that property).
    let propertyNames: Set<String>
    let parameterNames: Set<String>

    private var events: [BodyEvent] = []
    private var closures: [ClosureFacts] = []
    private var locals: [LocalFacts] = []
    private var calls: [CallFacts] = []
    /// Locals by the offset of their declaration: an alias value, or their `LocalFacts` id.
    private var aliases: [Int: [ValueExpr]] = [:]
    private var localIDs: [Int: Int] = [:]
    private var weakLocals: Set<Int> = []
    /// Extent of the method body: declarations inside it are locals.
    private var bodyExtent = (start: 0, end: 0)
    /// The blocks being walked, innermost last, with their extents.
    private var blocks: [(id: Int, start: Int, end: Int)] = []

    init(library: LibClang, path: String, source: [UInt8], ownerType: String?, propertyNames: Set<String>,
         parameterNames: Set<String>) {
        self.library = library
        self.path = path
        self.source = source
        self.ownerType = ownerType
        self.propertyNames = propertyNames
        self.parameterNames = parameterNames
    }

    mutating func extract(_ body: CLCursor, id: Int, name: String, kind: BodyKind, methodName: String?,
                          location: SourceLocation) -> BodyFacts {
        bodyExtent = library.extent(body)
        walk(body)
        return BodyFacts(id: id, ownerType: ownerType, name: name, kind: kind, methodName: methodName, location: location,
                         events: events, closures: closures, locals: locals, calls: calls, resultValues: [])
    }

    // MARK: Statements

    private mutating func walk(_ cursor: CLCursor) {
        switch library.kind(cursor) {
        case CursorKind.declStmt:
            for declaration in library.children(cursor) where library.kind(declaration) == CursorKind.varDecl {
                declare(declaration)
            }
        case CursorKind.binaryOperator:
            assignment(cursor)
        case CursorKind.parmDecl:
            // A block's parameter (the block's declaration wraps its parameters and body).
            let offset = library.position(library.api.pointee.getCursorLocation(cursor)).offset
            localIDs[offset] = newLocal(library.spelling(cursor), parameterOf: blocks.last?.id)
        case let kind where kind >= 100 && kind < 200:
            _ = values(cursor)
        default:
            for child in library.children(cursor) { walk(child) }
        }
    }

    /// `T *x = v;`: an alias of `v`, a `__weak` local (never a strong capture), or a plain local.
    private mutating func declare(_ declaration: CLCursor) {
        let offset = library.position(library.api.pointee.getCursorLocation(declaration)).offset
        let typeSpelling = library.spelling(library.type(declaration))
        let initializer = library.children(declaration).last { isExpression($0) }
        let initial = initializer.map { values($0) } ?? []
        if typeSpelling.contains("__weak") || typeSpelling.contains("__unsafe_unretained") {
            weakLocals.insert(offset)
        } else if !initial.isEmpty, initial.allSatisfy(isAliasable) {
            aliases[offset] = initial
        } else {
            localIDs[offset] = newLocal(library.spelling(declaration), parameterOf: nil)
        }
    }

    private mutating func newLocal(_ name: String, parameterOf closure: Int?) -> Int {
        locals.append(LocalFacts(id: locals.count, name: name, type: nil, parameterOfClosure: closure))
        return locals.count - 1
    }

    private func isAliasable(_ value: ValueExpr) -> Bool {
        switch value {
        case .path, .closure: return true
        default: return false
        }
    }

    /// `lhs = rhs`: a store into a member path, or a new alias of a local.
    private mutating func assignment(_ cursor: CLCursor) {
        let operands = library.children(cursor)
        guard operands.count == 2, operatorText(between: operands[0], and: operands[1]) == "=" else {
            for operand in operands { _ = values(operand) }
            return
        }
        let assigned = values(operands[1])
        if let local = localDeclaration(referencedBy: operands[0]) {
            if !weakLocals.contains(local), aliases[local] != nil || localIDs[local] == nil {
                aliases[local] = assigned.allSatisfy(isAliasable) ? assigned : nil
            }
            return
        }
        for case .path(let target) in values(operands[0]) where !target.members.isEmpty || isGlobal(target) {
            events.append(.store(StoreFacts(path: target, kind: .assign, values: assigned, location: start(of: cursor),
                                            inClosure: blocks.last?.id)))
        }
    }

    private func isGlobal(_ path: AccessPath) -> Bool {
        if case .global = path.root { return true }
        return false
    }

    /// The source text between two operands (the operator of a binary expression).
    private func operatorText(between left: CLCursor, and right: CLCursor) -> String {
        let from = library.extent(left).end
        let to = library.extent(right).start
        guard from <= to, to <= source.count else { return "" }
        return String(decoding: source[from..<to], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The declaration offset of a local that `cursor` (a plain name, through casts) refers to.
    private func localDeclaration(referencedBy cursor: CLCursor) -> Int? {
        var current = cursor
        while library.kind(current) == CursorKind.unexposedExpr || library.kind(current) == CursorKind.parenExpr,
              let only = library.children(current).first {
            current = only
        }
        guard library.kind(current) == CursorKind.declRefExpr else { return nil }
        let declaration = library.referenced(current)
        guard library.kind(declaration) == CursorKind.varDecl else { return nil }
        let position = library.position(library.api.pointee.getCursorLocation(declaration))
        guard position.inMainFile, position.offset >= bodyExtent.start, position.offset < bodyExtent.end else { return nil }
        return position.offset
    }

    // MARK: Expressions

    private func isExpression(_ cursor: CLCursor) -> Bool {
        let kind = library.kind(cursor)
        return kind >= 100 && kind < 200
    }

    /// The values an expression may denote; records the calls, stores and blocks inside it.
    private mutating func values(_ cursor: CLCursor) -> [ValueExpr] {
        let kind = library.kind(cursor)
        switch kind {
        case CursorKind.unexposedExpr, CursorKind.parenExpr, CursorKind.cStyleCastExpr, CursorKind.objCBridgedCastExpr:
            let expressions = library.children(cursor).filter(isExpression)
            guard expressions.count == 1 else {
                for child in expressions { _ = values(child) }
                return [.other]
            }
            if kind == CursorKind.cStyleCastExpr, library.kind(expressions[0]) == CursorKind.integerLiteral,
               literalText(expressions[0]) == "0" {
                return [.nilLiteral]  // NULL
            }
            return values(expressions[0])
        case CursorKind.gnuNullExpr:
            return [.nilLiteral]
        case CursorKind.integerLiteral, CursorKind.objCBoolLiteralExpr:
            return [.literal(literalText(cursor))]
        case CursorKind.objCSelfExpr:
            return [.path(selfReference(at: cursor))]
        case CursorKind.declRefExpr:
            return reference(cursor)
        case CursorKind.memberRefExpr:
            return memberReference(cursor)
        case CursorKind.objCMessageExpr:
            return message(cursor)
        case CursorKind.callExpr:
            return functionCall(cursor)
        case CursorKind.blockExpr:
            return [.closure(block(cursor))]
        case CursorKind.conditionalOperator:
            let parts = library.children(cursor)
            guard parts.count == 3 else { return [.other] }
            _ = values(parts[0])
            return values(parts[1]) + values(parts[2])
        case CursorKind.binaryOperator:
            assignment(cursor)
            return [.other]
        default:
            for child in library.children(cursor) { walk(child) }
            return [.other]
        }
    }

    private func literalText(_ cursor: CLCursor) -> String {
        let extent = library.extent(cursor)
        guard extent.start <= extent.end, extent.end <= source.count else { return "" }
        return String(decoding: source[extent.start..<extent.end], as: UTF8.self)
    }

    /// `self`, noting the strong capture in every block being walked.
    private mutating func selfReference(at cursor: CLCursor) -> AccessPath {
        for index in blocks.indices where closures[blocks[index].id].strongSelfCapture == nil {
            closures[blocks[index].id].strongSelfCapture = start(of: cursor)
        }
        return AccessPath(.selfObject)
    }

    private mutating func reference(_ cursor: CLCursor) -> [ValueExpr] {
        let name = library.spelling(cursor)
        let declaration = library.referenced(cursor)
        let declarationKind = library.kind(declaration)
        let position = library.position(library.api.pointee.getCursorLocation(declaration))
        let isInBody = position.inMainFile && position.offset >= bodyExtent.start && position.offset < bodyExtent.end
        if name == "self", !isInBody { return [.path(selfReference(at: cursor))] }
        switch declarationKind {
        case CursorKind.parmDecl where !isInBody && parameterNames.contains(name):
            let path = AccessPath(.parameter(name))
            capture(path, name: name, declaredAt: position.offset, at: cursor, isObject: isObject(declaration))
            return [.path(path)]
        case CursorKind.parmDecl, CursorKind.varDecl where isInBody:
            if weakLocals.contains(position.offset) { return [.other] }
            if let alias = aliases[position.offset] {
                // An alias of `self` used in a block created after it captures `self`.
                let aliasesSelf = alias.contains { $0 == .path(AccessPath(.selfObject)) }
                if aliasesSelf, blocks.contains(where: { !($0.start <= position.offset && position.offset < $0.end) }) {
                    _ = selfReference(at: cursor)
                }
                return alias
            }
            let id: Int
            if let known = localIDs[position.offset] {
                id = known
            } else {
                id = newLocal(name, parameterOf: nil)
                localIDs[position.offset] = id
            }
            let path = AccessPath(.local(id))
            capture(path, name: name, declaredAt: position.offset, at: cursor, isObject: isObject(declaration))
            return [.path(path)]
        case CursorKind.varDecl:
            return [.path(AccessPath(.global(name)))]
        default:
            return [.other]
        }
    }

    private func isObject(_ declaration: CLCursor) -> Bool {
        let kind = library.canonical(library.type(declaration)).kind
        return kind == ClangTypeKind.objCObjectPointer || kind == ClangTypeKind.blockPointer || kind == ClangTypeKind.objCId
    }

    /// A strong capture of `path` by every block being walked that does not contain its declaration.
    private mutating func capture(_ path: AccessPath, name: String, declaredAt offset: Int, at cursor: CLCursor, isObject: Bool) {
        guard isObject else { return }
        let location = start(of: cursor)
        for index in blocks.indices where !(blocks[index].start <= offset && offset < blocks[index].end) {
            let id = blocks[index].id
            if !closures[id].capturedPaths.contains(where: { $0.path == path }) {
                closures[id].capturedPaths.append(CapturedPath(path: path, location: location, name: name))
            }
        }
    }

    /// `base.member` (a property or `base->ivar`), or a bare ivar (implicitly `self->ivar`).
    private mutating func memberReference(_ cursor: CLCursor) -> [ValueExpr] {
        let member = memberName(library.spelling(cursor))
        let bases = library.children(cursor).filter(isExpression)
        guard let base = bases.first else {
            let declaration = library.referenced(cursor)
            if library.kind(declaration) == CursorKind.objCIvarDecl || library.kind(declaration) == CursorKind.objCPropertyDecl {
                return [.path(selfReference(at: cursor).appending(member))]
            }
            return [.other]
        }
        return values(base).map { value in
            if case .path(let path) = value { return .path(path.appending(member)) }
            return .other
        }
    }

    /// `_name` of a synthesized property `name` is the property.
    private func memberName(_ name: String) -> String {
        if name.hasPrefix("_"), propertyNames.contains(String(name.dropFirst())), !propertyNames.contains(name) {
            return String(name.dropFirst())
        }
        return name
    }

    // MARK: Messages and calls

    /// A message: a setter (a store), a collection insertion, an allocation, or a call.
    private mutating func message(_ cursor: CLCursor) -> [ValueExpr] {
        let selector = library.spelling(cursor)
        let argumentCount = selector.filter { $0 == ":" }.count
        let children = library.children(cursor)
        let expressions = children.filter(isExpression)
        let classReceiver = children.first { library.kind($0) == CursorKind.objCClassRef }.map(library.spelling)
        let hasReceiver = classReceiver == nil && expressions.count > argumentCount
        let receiverCursor = hasReceiver ? expressions.first : nil
        let location = start(of: cursor)

        // `[[Cls alloc] initWith…]` and `[Cls new]` are `Cls(…)`.
        var typeName = classReceiver
        var receiver: [ValueExpr] = []
        if let receiverCursor {
            if let allocated = allocatedClass(receiverCursor), selector.hasPrefix("init") {
                typeName = allocated
            } else {
                receiver = values(receiverCursor)
            }
        }
        let arguments = (hasReceiver ? Array(expressions.dropFirst()) : expressions).map { values($0) }
        let imported = ObjCSelectorNames.swiftName(selector)

        if let target = receiver.first, case .path(let path) = target, receiver.count == 1 {
            if argumentCount == 1, selector.hasPrefix("set"), selector.count > 4, selector.dropFirst(3).first?.isUppercase == true {
                let property = String(selector.dropFirst(3).dropLast())
                let member = property.prefix(1).lowercased() + property.dropFirst()
                events.append(.store(StoreFacts(path: path.appending(member), kind: .assign, values: arguments[0],
                                                location: location, inClosure: blocks.last?.id)))
                return [.other]
            }
            if ["addObject:", "insertObject:atIndex:", "setObject:forKey:", "setObject:forKeyedSubscript:", "addPointer:"].contains(selector) {
                events.append(.store(StoreFacts(path: path, kind: .insert, values: arguments[0], location: location,
                                                inClosure: blocks.last?.id)))
                return [.other]
            }
        }
        let isAllocation = typeName != nil && (imported.kind == .initializer || selector == "new")
        let call = CallFacts(id: calls.count, receiver: isAllocation ? nil : receiver.first, name: isAllocation ? "init" : imported.name,
                             typeName: typeName, labels: isAllocation && selector == "new" ? [] : imported.labels,
                             arguments: arguments, trailingStart: arguments.count, location: location,
                             inClosure: blocks.last?.id, isImplicitMember: false)
        calls.append(call)
        events.append(.call(call.id))
        return [.path(AccessPath(.callResult(call.id)))]
    }

    /// `Cls` of `[Cls alloc]` (through implicit casts).
    private func allocatedClass(_ cursor: CLCursor) -> String? {
        var current = cursor
        while library.kind(current) == CursorKind.unexposedExpr || library.kind(current) == CursorKind.parenExpr,
              let only = library.children(current).first {
            current = only
        }
        guard library.kind(current) == CursorKind.objCMessageExpr, library.spelling(current) == "alloc" else { return nil }
        return library.children(current).first { library.kind($0) == CursorKind.objCClassRef }.map(library.spelling)
    }

    /// `f(a, b)`: a call of a C function (unlabelled arguments, as Swift imports them).
    private mutating func functionCall(_ cursor: CLCursor) -> [ValueExpr] {
        let expressions = library.children(cursor).filter(isExpression)
        let name = library.spelling(cursor)
        let arguments = expressions.dropFirst().map { values($0) }
        if let callee = expressions.first, name.isEmpty { _ = values(callee) }
        let call = CallFacts(id: calls.count, receiver: nil, name: name.isEmpty ? "call" : name, typeName: nil,
                             labels: arguments.map { _ in nil }, arguments: Array(arguments), trailingStart: arguments.count,
                             location: start(of: cursor), inClosure: blocks.last?.id, isImplicitMember: false)
        calls.append(call)
        events.append(.call(call.id))
        return [.path(AccessPath(.callResult(call.id)))]
    }

    // MARK: Blocks

    /// A block literal: a closure whose body is walked with the block on the stack.
    private mutating func block(_ cursor: CLCursor) -> Int {
        let id = closures.count
        closures.append(ClosureFacts(id: id, location: start(of: cursor), parent: blocks.last?.id, listedSelf: nil,
                                     strongSelfCapture: nil, capturedPaths: [], unboundedLoop: nil,
                                     loopStopsOnCancellation: false, selfHeldAcrossLoop: nil, isImmediatelyCalled: false))
        let extent = library.extent(cursor)
        blocks.append((id, extent.start, extent.end))
        for child in library.children(cursor) { walk(child) }
        blocks.removeLast()
        return id
    }

    private func start(of cursor: CLCursor) -> SourceLocation {
        let range = library.api.pointee.getCursorExtent(cursor)
        let position = library.position(library.api.pointee.getRangeStart(range))
        return SourceLocation(file: path, line: position.line, column: position.column)
    }
}
