import SwiftParser
import SwiftSyntax

/// Parses one Swift file and extracts its `FileFacts`. The syntax tree is dropped on return.
public enum FileFactsExtractor {
    /// Facts of `source`, reported under the name `path`.
    public static func extract(path: String, source: String) -> FileFacts {
        let tree = Parser.parse(source: source)
        let locations = LocationMaker(file: path, source: source)
        var builder = DeclarationWalker(locations: locations, typeKeywords: TypeKeywordOffsets(source: source))
        builder.walkTopLevel(tree.statements)
        return FileFacts(path: path, types: builder.types, bodies: builder.bodies,
                         syntaxErrorCount: SyntaxErrorCounter.count(in: tree),
                         concurrency: ConcurrencyFactsExtractor.extract(from: tree, locations: locations),
                         functions: builder.functions,
                         suppressions: SuppressionScanner.directives(in: tree, source: source, file: path),
                         typeAliases: builder.typeAliases)
    }
}

/// Walks declarations (types, members, global functions, top-level code).
private struct DeclarationWalker {
    let locations: LocationMaker
    let typeKeywords: TypeKeywordOffsets
    var types: [TypeFacts] = []
    var bodies: [BodyFacts] = []
    var functions: [MethodFacts] = []
    var typeAliases: [TypeAliasFacts] = []
    private var topLevelItems: [CodeBlockItemSyntax] = []

    init(locations: LocationMaker, typeKeywords: TypeKeywordOffsets) {
        self.locations = locations
        self.typeKeywords = typeKeywords
    }

    mutating func walkTopLevel(_ items: CodeBlockItemListSyntax) {
        for item in items {
            if case .decl(let decl) = item.item {
                walkDeclaration(decl, in: nil, topLevelItem: item)
            } else {
                topLevelItems.append(item)
            }
        }
        if !topLevelItems.isEmpty {
            let items = CodeBlockItemListSyntax(topLevelItems)
            let location = locations.location(of: Syntax(topLevelItems[0]))
            let extractor = BodyExtractor(id: bodies.count, ownerType: nil, name: "top-level code", kind: .global,
                                          methodName: nil, location: location, locations: locations)
            bodies.append(extractor.walk(items))
        }
    }

    /// `typeIndex`: the index in `types` of the enclosing type, if any.
    private mutating func walkDeclaration(_ decl: DeclSyntax, in typeIndex: Int?, topLevelItem: CodeBlockItemSyntax? = nil) {
        switch decl.as(DeclSyntaxEnum.self) {
        case .classDecl(let node):
            walkType(name: node.name.text, kind: .class, inheritance: node.inheritanceClause, members: node.memberBlock, node: Syntax(node), in: typeIndex)
        case .actorDecl(let node):
            walkType(name: node.name.text, kind: .actor, inheritance: node.inheritanceClause, members: node.memberBlock, node: Syntax(node), in: typeIndex)
        case .structDecl(let node):
            walkType(name: node.name.text, kind: .struct, inheritance: node.inheritanceClause, members: node.memberBlock, node: Syntax(node), in: typeIndex)
        case .enumDecl(let node):
            walkType(name: node.name.text, kind: .enum, inheritance: node.inheritanceClause, members: node.memberBlock, node: Syntax(node), in: typeIndex)
        case .protocolDecl(let node):
            walkType(name: node.name.text, kind: .protocol, inheritance: node.inheritanceClause, members: node.memberBlock, node: Syntax(node), in: typeIndex)
        case .extensionDecl(let node):
            let extended = node.extendedType.nominalName ?? node.extendedType.sourceText.replacingGenericArguments()
            walkType(name: extended, kind: .extension, inheritance: node.inheritanceClause, members: node.memberBlock,
                     node: Syntax(node), in: nil, selfConstraints: Self.selfConstraints(node.genericWhereClause))
        case .variableDecl(let node):
            if let typeIndex {
                walkProperty(node, in: typeIndex)
            } else if let topLevelItem {
                topLevelItems.append(topLevelItem)
            }
        case .functionDecl(let node):
            walkFunction(name: node.name.text, kind: .function, signature: node.signature, body: node.body,
                         modifiers: node.modifiers, node: Syntax(node), in: typeIndex)
        case .initializerDecl(let node):
            walkFunction(name: "init", kind: .initializer, signature: node.signature, body: node.body,
                         modifiers: node.modifiers, node: Syntax(node), in: typeIndex)
        case .deinitializerDecl(let node):
            if let typeIndex, let body = node.body {
                let method = MethodFacts(name: "deinit", kind: .deinitializer, parameters: [], isStatic: false,
                                         returnType: nil, body: bodies.count, location: locations.location(of: Syntax(node)))
                types[typeIndex].methods.append(method)
                addBody(body.statements, owner: types[typeIndex].name, name: "deinit", methodName: "deinit",
                        kind: .instance, parameters: [], node: Syntax(node))
            }
        case .typeAliasDecl(let node):
            if let target = node.initializer.value.nominalName {
                typeAliases.append(TypeAliasFacts(name: (typeIndex.map { types[$0].name + "." } ?? "") + node.name.text,
                                                  target: target))
            }
        case .enumCaseDecl(let node):
            if let typeIndex { types[typeIndex].enumCases += node.elements.map(\.name.text) }
        case .ifConfigDecl(let node):
            for clause in node.clauses {
                switch clause.elements {
                case .decls(let members):
                    for member in members { walkDeclaration(member.decl, in: typeIndex) }
                case .statements(let items):
                    if typeIndex == nil { walkTopLevel(items) }
                default:
                    break
                }
            }
        default:
            break
        }
    }

    /// `where Self: AnyObject` (or `Self: SomeClass`): what a constrained extension knows of `Self`.
    private static func selfConstraints(_ clause: GenericWhereClauseSyntax?) -> [String] {
        clause?.requirements.compactMap { requirement -> String? in
            guard case .conformanceRequirement(let conformance) = requirement.requirement,
                  conformance.leftType.trimmedDescription == "Self" else { return nil }
            return conformance.rightType.nominalName ?? conformance.rightType.trimmedDescription
        } ?? []
    }

    private mutating func walkType(name: String, kind: TypeKind, inheritance: InheritanceClauseSyntax?,
                                   members: MemberBlockSyntax, node: Syntax, in parent: Int?,
                                   selfConstraints: [String] = []) {
        let fullName = (parent.map { types[$0].name + "." } ?? "") + name
        let inherited = (inheritance?.inheritedTypes.map { $0.type.nominalName ?? $0.type.sourceText } ?? []) + selfConstraints
        let index = types.count
        types.append(TypeFacts(name: fullName, kind: kind, inherited: inherited, location: locations.location(of: node),
                               properties: [], methods: [], enumCases: [], isSingleton: false))
        for member in members.members {
            walkDeclaration(member.decl, in: index)
        }
    }

    private mutating func walkProperty(_ node: VariableDeclSyntax, in typeIndex: Int) {
        let modifiers = node.modifiers.map(\.name.text)
        let strength: ReferenceStrength = modifiers.contains("weak") ? .weak : modifiers.contains("unowned") ? .unowned : .strong
        let isStatic = modifiers.contains("static") || modifiers.contains("class")
        let isLazy = modifiers.contains("lazy")
        let typeName = types[typeIndex].name
        for binding in node.bindings {
            guard let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text else { continue }
            let isStored = binding.accessorBlock.map(Self.accessorsAreObservers) ?? true
            var type = binding.typeAnnotation.map { TypeRef($0.type) }
            var initializerBody: Int?
            if let initializer = binding.initializer {
                if type == nil { type = Self.inferredType(of: initializer.value) }
                if type?.name == "Self" { type?.name = typeName }
                // `static let shared = Manager()`: the one default instance. An instance built
                // with arguments (`static let mock = Model(store: …)`) is one configuration among
                // others, unless nothing else can call the initializer (see `ProjectIndex`).
                if isStatic, type?.name == typeName, let call = initializer.value.as(FunctionCallExprSyntax.self),
                   call.arguments.isEmpty, call.trailingClosure == nil {
                    types[typeIndex].isSingleton = true
                }
                initializerBody = bodies.count
                let extractor = BodyExtractor(id: bodies.count, ownerType: typeName, name: "\(isLazy ? "lazy " : "")\(name)",
                                              kind: isStatic ? .staticMember : .instance, methodName: nil,
                                              location: locations.location(of: Syntax(binding)), locations: locations)
                bodies.append(extractor.walkExpressionAsResult(initializer.value))
            }
            let isLet = node.bindingSpecifier.tokenKind == .keyword(.let)
            types[typeIndex].properties.append(PropertyFacts(
                name: name, strength: strength, isLet: isLet,
                isLazy: isLazy, isStatic: isStatic, isStored: isStored, type: type,
                location: locations.location(of: Syntax(binding)), initializerBody: initializerBody,
                isRequirement: types[typeIndex].kind == .protocol,
                isSettable: !isLet && binding.accessorBlock.map(Self.hasSetter) ?? !isLet))
            if let accessors = binding.accessorBlock {
                walkAccessors(accessors, property: name, type: type, isStatic: isStatic, in: typeIndex)
            }
        }
    }

    /// `{ get set }`, `{ willSet didSet }` or a stored `var` can be assigned; a bare getter cannot.
    private static func hasSetter(_ block: AccessorBlockSyntax) -> Bool {
        guard case .accessors(let accessors) = block.accessors else { return false }
        return accessors.contains {
            let keyword = $0.accessorSpecifier.tokenKind
            return keyword == .keyword(.set) || keyword == .keyword(.willSet) || keyword == .keyword(.didSet)
        }
    }

    /// Getters, setters and observers are bodies of the type; a setter is also a method
    /// (`set:name`), so an assignment to a computed property applies its summary.
    private mutating func walkAccessors(_ block: AccessorBlockSyntax, property: String, type: TypeRef?, isStatic: Bool,
                                        in typeIndex: Int) {
        let owner = types[typeIndex].name
        let kind: BodyKind = isStatic ? .staticMember : .instance
        switch block.accessors {
        case .getter(let items):
            addBody(items, owner: owner, name: "\(property).get", methodName: nil, kind: kind, parameters: [],
                    node: Syntax(block), returnsValue: true)
        case .accessors(let accessors):
            for accessor in accessors {
                guard let body = accessor.body else { continue }
                let specifier = accessor.accessorSpecifier.text
                let defaultName = specifier == "didSet" ? "oldValue" : "newValue"
                let parameterName = accessor.parameters?.name.text ?? defaultName
                let valueType = specifier == "get" ? nil : type
                let parameters = specifier == "get" ? [] : [ParameterFacts(label: nil, name: parameterName, type: valueType,
                                                                           hasDefault: false)]
                if specifier == "set" {
                    types[typeIndex].methods.append(MethodFacts(
                        name: "set:\(property)", kind: .function, parameters: parameters, isStatic: isStatic,
                        returnType: nil, body: bodies.count, location: locations.location(of: Syntax(accessor))))
                }
                addBody(body.statements, owner: owner, name: "\(property).\(specifier)", methodName: nil, kind: kind,
                        parameters: parameters, node: Syntax(accessor))
            }
        }
    }

    /// `willSet`/`didSet` keep a property stored; `get`/`set` or a bare body make it computed.
    private static func accessorsAreObservers(_ block: AccessorBlockSyntax) -> Bool {
        guard case .accessors(let accessors) = block.accessors else { return false }
        return accessors.allSatisfy {
            let keyword = $0.accessorSpecifier.tokenKind
            return keyword == .keyword(.willSet) || keyword == .keyword(.didSet)
        }
    }

    /// `Foo()`, `Foo(x: 1)`, `Foo.shared`, `[Foo]()`, `Foo<Bar>()`: the type an initializer makes.
    private static func inferredType(of expression: ExprSyntax) -> TypeRef? {
        if let call = expression.as(FunctionCallExprSyntax.self) {
            var callee = call.calledExpression
            if let specialization = callee.as(GenericSpecializationExprSyntax.self) { callee = specialization.expression }
            if let reference = callee.as(DeclReferenceExprSyntax.self), reference.baseName.text.startsWithUppercase {
                return TypeRef(name: reference.baseName.text)
            }
            if let access = callee.as(MemberAccessExprSyntax.self), access.declName.baseName.text == "init",
               let base = access.base {
                return TypeRef(name: base.sourceText.replacingGenericArguments())
            }
            if let array = callee.as(ArrayExprSyntax.self), let element = array.elements.first?.expression.as(DeclReferenceExprSyntax.self) {
                return TypeRef(name: element.baseName.text, isCollection: true)
            }
        }
        if let access = expression.as(MemberAccessExprSyntax.self),
           let base = access.base?.as(DeclReferenceExprSyntax.self), base.baseName.text.startsWithUppercase {
            return TypeRef(name: base.baseName.text)  // `State.idle`, `Registry.shared`
        }
        if expression.is(ClosureExprSyntax.self) { return TypeRef(name: nil, isFunction: true) }
        return nil
    }

    private mutating func walkFunction(name: String, kind: MethodKind, signature: FunctionSignatureSyntax,
                                       body: CodeBlockSyntax?, modifiers: DeclModifierListSyntax, node: Syntax, in typeIndex: Int?) {
        let isStatic = modifiers.contains { $0.name.text == "static" || $0.name.text == "class" }
        let parameters = signature.parameterClause.parameters.map { parameter -> ParameterFacts in
            let label = parameter.firstName.text == "_" ? nil : parameter.firstName.text
            let name = (parameter.secondName ?? parameter.firstName).text
            return ParameterFacts(label: label, name: name, type: TypeRef(parameter.type), hasDefault: parameter.defaultValue != nil)
        }
        let bodyID = body == nil ? nil : bodies.count
        var returnType = signature.returnClause.map { TypeRef($0.type) }
        if returnType?.name == "Self", let typeIndex { returnType?.name = types[typeIndex].name }
        let method = MethodFacts(name: name, kind: kind, parameters: parameters, isStatic: isStatic,
                                 returnType: returnType, body: bodyID,
                                 location: locations.location(of: node),
                                 isMutating: modifiers.contains { $0.name.text == "mutating" },
                                 isFilePrivate: modifiers.contains { $0.name.text == "private" || $0.name.text == "fileprivate" })
        if let typeIndex { types[typeIndex].methods.append(method) } else { functions.append(method) }
        guard let body else { return }
        let owner = typeIndex.map { types[$0].name }
        let bodyKind: BodyKind = owner == nil ? .global : isStatic ? .staticMember : .instance
        addBody(body.statements, owner: owner, name: method.signature, methodName: name, kind: bodyKind,
                parameters: parameters, node: node, returnsValue: returnType != nil)
        walkLocalTypes(in: Syntax(body))  // after the body, whose id is already taken
    }

    /// Types declared inside a function body are analysed like top-level types.
    private mutating func walkLocalTypes(in body: Syntax) {
        guard typeKeywords.mayHaveType(from: body.position.utf8Offset, to: body.endPosition.utf8Offset) else { return }
        for decl in LocalTypeFinder.types(in: body) { walkDeclaration(decl, in: nil) }
    }

    private mutating func addBody(_ statements: CodeBlockItemListSyntax, owner: String?, name: String, methodName: String?,
                                  kind: BodyKind, parameters: [ParameterFacts], node: Syntax, returnsValue: Bool = false) {
        let extractor = BodyExtractor(id: bodies.count, ownerType: owner, name: name, kind: kind, methodName: methodName,
                                      location: locations.location(of: node), locations: locations)
        extractor.addParameters(parameters)
        bodies.append(extractor.walk(statements, returnsValue: returnsValue))
    }
}

/// The outermost type declarations inside a body (not those nested in other types, which
/// their type walks).
private final class LocalTypeFinder: SyntaxVisitor {
    private var found: [DeclSyntax] = []

    static func types(in body: Syntax) -> [DeclSyntax] {
        let finder = LocalTypeFinder(viewMode: .sourceAccurate)
        finder.walk(body)
        return finder.found
    }

    private func take(_ node: some DeclSyntaxProtocol) -> SyntaxVisitorContinueKind {
        found.append(DeclSyntax(node))
        return .skipChildren
    }

    override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind { take(node) }
    override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind { take(node) }
    override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind { take(node) }
    override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind { take(node) }
}

/// Counts the places where the parser had to recover (missing or unexpected tokens).
private final class SyntaxErrorCounter: SyntaxVisitor {
    private var count = 0

    static func count(in tree: SourceFileSyntax) -> Int {
        guard tree.hasError else { return 0 }
        let counter = SyntaxErrorCounter(viewMode: .all)
        counter.walk(tree)
        return counter.count
    }

    override func visit(_ node: UnexpectedNodesSyntax) -> SyntaxVisitorContinueKind {
        count += 1
        return .skipChildren
    }

    override func visit(_ token: TokenSyntax) -> SyntaxVisitorContinueKind {
        if token.presence == .missing { count += 1 }
        return .visitChildren
    }
}
