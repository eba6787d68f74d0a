import CClangShim

/// Turns one parsed C or Objective-C translation unit into `FileFacts` of the same shape the
/// Swift front end makes: Objective-C classes, categories and protocols become class types
/// (properties and ivars with their ARC ownership, methods under the names Swift imports them
/// by, bodies with stores, calls and blocks); C structs become struct types with their fields;
/// C functions that take a callback and a context become `CFunctionFacts`. Only declarations in
/// the file itself are read (an included header is analysed as its own file).
struct ClangFactsExtractor {
    let library: LibClang
    let path: String
    let source: [UInt8]
    private(set) var types: [TypeFacts] = []
    private(set) var bodies: [BodyFacts] = []
    private(set) var functions: [CFunctionFacts] = []

    init(library: LibClang, path: String, source: [UInt8]) {
        self.library = library
        self.path = path
        self.source = source
    }

    /// Reads the declarations under the translation unit cursor.
    mutating func walk(translationUnit cursor: CLCursor) {
        for child in library.children(cursor) {
            let cursorLocation = library.api.pointee.getCursorLocation(child)
            // A function whose name is a macro (BoringSSL's prefixed symbols) is spelled in the
            // macro's header but declared where the macro is used.
            guard library.position(cursorLocation).inMainFile
                || (library.kind(child) == CursorKind.functionDecl && library.expansionFile(cursorLocation) == path) else { continue }
            switch library.kind(child) {
            case CursorKind.objCInterfaceDecl, CursorKind.objCImplementationDecl:
                addClass(child, name: library.spelling(child))
            case CursorKind.objCCategoryDecl, CursorKind.objCCategoryImplDecl:
                // A category or class extension adds to its class (named by the class reference).
                let className = library.children(child).first { library.kind($0) == CursorKind.objCClassRef }.map(library.spelling)
                if let className { addClass(child, name: className) }
            case CursorKind.objCProtocolDecl:
                addClass(child, name: library.spelling(child), kind: .protocol)
            case CursorKind.structDecl:
                addStruct(child, name: library.spelling(child))
            case CursorKind.typedefDecl:
                // `typedef struct { … } name;`: the anonymous struct takes the typedef's name.
                if let record = library.children(child).first(where: { library.kind($0) == CursorKind.structDecl }),
                   library.spelling(record).isEmpty || library.spelling(record).hasPrefix("struct (") {
                    addStruct(record, name: library.spelling(child))
                }
            case CursorKind.functionDecl:
                addFunction(child)
            default:
                break
            }
        }
    }

    // MARK: Objective-C

    private mutating func addClass(_ cursor: CLCursor, name: String, kind: TypeKind = .class) {
        let children = library.children(cursor)
        var inherited: [String] = []
        var properties: [PropertyFacts] = []
        var methods: [MethodFacts] = []
        for child in children {
            switch library.kind(child) {
            case CursorKind.objCSuperClassRef, CursorKind.objCProtocolRef:
                inherited.append(library.spelling(child))
            case CursorKind.objCPropertyDecl:
                properties.append(property(child))
            case CursorKind.objCIvarDecl:
                properties.append(ivar(child))
            default:
                break
            }
        }
        let propertyNames = Set(properties.map(\.name))
        // The getters and setters a property declares are not methods of their own.
        let accessors = Set(properties.flatMap { [$0.name, "set" + $0.name.prefix(1).uppercased() + $0.name.dropFirst() + ":"] })
        for child in children {
            let childKind = library.kind(child)
            guard childKind == CursorKind.objCInstanceMethodDecl || childKind == CursorKind.objCClassMethodDecl else { continue }
            let isStatic = childKind == CursorKind.objCClassMethodDecl
            let selector = library.spelling(child)
            let hasBody = library.children(child).contains { library.kind($0) == CursorKind.compoundStmt }
            if accessors.contains(selector), !hasBody { continue }
            let imported = ObjCSelectorNames.swiftName(selector)
            let parameterCursors = library.children(child).filter { library.kind($0) == CursorKind.parmDecl }
            let parameters = zip(imported.labels, parameterCursors).map { label, parameter in
                ParameterFacts(label: label, name: library.spelling(parameter), type: typeRef(library.type(parameter)), hasDefault: false)
            }
            var bodyID: Int?
            if let body = library.children(child).first(where: { library.kind($0) == CursorKind.compoundStmt }) {
                bodyID = bodies.count
                var extractor = ObjCBodyExtractor(library: library, path: path, source: source, ownerType: name,
                                                  propertyNames: propertyNames,
                                                  parameterNames: Set(parameters.map(\.name)))
                bodies.append(extractor.extract(body, id: bodies.count, name: "\(isStatic ? "+" : "-")[\(name) \(selector)]",
                                                kind: isStatic ? .staticMember : .instance, methodName: imported.name,
                                                location: location(child)))
            }
            methods.append(MethodFacts(name: imported.name, kind: imported.kind, parameters: parameters, isStatic: isStatic,
                                       returnType: typeRef(library.api.pointee.getResultType(library.type(child))),
                                       body: bodyID, location: location(child)))
        }
        types.append(TypeFacts(name: name, kind: kind, inherited: inherited, location: location(cursor), properties: properties,
                               methods: methods, enumCases: [], isSingleton: false))
    }

    /// `@property (weak) id delegate;`: ownership from the attributes, else from the type (ARC
    /// makes object and block properties strong by default).
    private func property(_ cursor: CLCursor) -> PropertyFacts {
        let attributes = library.api.pointee.getObjCPropertyAttributes(cursor, 0)
        let type = library.type(cursor)
        let strength: ReferenceStrength
        if attributes & PropertyAttribute.weak != 0 {
            strength = .weak
        } else if attributes & (PropertyAttribute.assign | PropertyAttribute.unsafeUnretained) != 0 {
            strength = .unowned
        } else {
            strength = ownership(of: type)
        }
        return PropertyFacts(name: library.spelling(cursor), strength: strength,
                             isLet: attributes & PropertyAttribute.readonly != 0, isLazy: false,
                             isStatic: attributes & PropertyAttribute.classProperty != 0, isStored: true,
                             type: typeRef(type), location: location(cursor), initializerBody: nil)
    }

    /// An ivar: `__weak`/`__unsafe_unretained` in its type, else strong.
    private func ivar(_ cursor: CLCursor) -> PropertyFacts {
        let type = library.type(cursor)
        return PropertyFacts(name: library.spelling(cursor), strength: ownership(of: type), isLet: false, isLazy: false,
                             isStatic: false, isStored: true, type: typeRef(type), location: location(cursor), initializerBody: nil)
    }

    /// The ARC ownership a declaration of this type has.
    private func ownership(of type: CLType) -> ReferenceStrength {
        let spelling = library.spelling(type)
        if spelling.contains("__weak") { return .weak }
        if spelling.contains("__unsafe_unretained") || spelling.contains("__autoreleasing") { return .unowned }
        return .strong
    }

    // MARK: C

    private mutating func addStruct(_ cursor: CLCursor, name: String) {
        guard !name.isEmpty, !types.contains(where: { $0.name == name }) else { return }
        let fields = library.children(cursor).filter { library.kind($0) == CursorKind.fieldDecl }
        guard !fields.isEmpty else { return }
        let properties = fields.map { field in
            PropertyFacts(name: library.spelling(field), strength: .strong, isLet: false, isLazy: false, isStatic: false,
                          isStored: true, type: typeRef(library.type(field)), location: location(field), initializerBody: nil)
        }
        types.append(TypeFacts(name: name, kind: .struct, inherited: [], location: location(cursor), properties: properties,
                               methods: [], enumCases: [], isSingleton: false))
    }

    /// Records a function whose parameters pair a callback with a context, or that takes `const T *`
    /// parameters (what Swift passes there with `&x` is only read).
    private mutating func addFunction(_ cursor: CLCursor) {
        let parameters = library.children(cursor).filter { library.kind($0) == CursorKind.parmDecl }
        let classifier = CCallbackClassifier(library: library)
        let kinds = parameters.map { classifier.classify(library.type($0)) }
        let callbacks = kinds.indices.filter { kinds[$0].isCallback }
        let structs = kinds.indices.filter { kinds[$0] == .contextStruct(hasRelease: true) || kinds[$0] == .contextStruct(hasRelease: false) }
        let readOnly = parameters.indices.filter { isPointerToConst(library.type(parameters[$0])) }
        guard !callbacks.isEmpty || !structs.isEmpty else {
            if !readOnly.isEmpty {
                functions.append(CFunctionFacts(name: library.spelling(cursor), parameterCount: parameters.count, callbackParameters: [],
                                                contextParameter: nil, destroyNotifyParameter: nil, contextIsStruct: false,
                                                contextStructHasRelease: false, readOnlyPointerParameters: readOnly,
                                                location: location(cursor)))
            }
            return
        }
        // The context handed back to the callback: the first `void *` (or context struct) after
        // the first callback, else the last one before it (`loop, callback, context`).
        let contexts = kinds.indices.filter { kinds[$0] == .context || kinds[$0] == .contextStruct(hasRelease: true)
            || kinds[$0] == .contextStruct(hasRelease: false) }
        let context = callbacks.first.flatMap { first in contexts.first { $0 > first } } ?? contexts.last
        var destroyNotify: Int?
        if let context {
            // A `void (*)(void *)` after the context, named like a destructor or last in line.
            destroyNotify = callbacks.last { index in
                guard index > context, kinds[index] == .callback(takesOnlyContext: true) else { return false }
                let name = library.spelling(parameters[index]).lowercased()
                return ["destroy", "free", "release", "notify", "dtor", "dispose", "finalize", "cleanup"].contains { name.contains($0) }
                    || index == kinds.count - 1
            }
        }
        let contextStructHasRelease = context.map { kinds[$0] == .contextStruct(hasRelease: true) } ?? false
        functions.append(CFunctionFacts(name: library.spelling(cursor), parameterCount: parameters.count,
                                        callbackParameters: callbacks.filter { $0 != destroyNotify }, contextParameter: context,
                                        destroyNotifyParameter: destroyNotify,
                                        contextIsStruct: context.map { structs.contains($0) } ?? false,
                                        contextStructHasRelease: contextStructHasRelease, readOnlyPointerParameters: readOnly,
                                        location: location(cursor)))
    }

    /// `const T *` (a pointer whose pointee is const-qualified), typedefs seen through.
    private func isPointerToConst(_ type: CLType) -> Bool {
        let canonical = library.canonical(type)
        guard canonical.kind == ClangTypeKind.pointer else { return false }
        let pointee = library.api.pointee.getPointeeType(canonical)
        return library.spelling(pointee).hasPrefix("const ")
    }

    // MARK: Shared

    /// The ownership-relevant shape of a C or Objective-C type: the class an object pointer
    /// points to, or a block or function pointer.
    func typeRef(_ type: CLType) -> TypeRef? {
        let canonical = library.canonical(type)
        switch canonical.kind {
        case ClangTypeKind.objCObjectPointer:
            let pointee = library.spelling(library.api.pointee.getPointeeType(canonical))
            let name = ObjCSelectorNames.className(fromPointee: pointee)
            return TypeRef(name: name, isOptional: true)
        case ClangTypeKind.blockPointer:
            return TypeRef(name: nil, isFunction: true, isEscaping: true, isOptional: true)
        case ClangTypeKind.pointer:
            let pointee = library.canonical(library.api.pointee.getPointeeType(canonical))
            if pointee.kind == ClangTypeKind.functionProto || pointee.kind == ClangTypeKind.functionNoProto {
                return TypeRef(name: nil, isFunction: true, isOptional: true)
            }
            return nil
        case ClangTypeKind.record:
            let name = library.spelling(canonical).replacingOccurrences(of: "struct ", with: "")
            return TypeRef(name: name)
        default:
            return nil
        }
    }

    private func location(_ cursor: CLCursor) -> SourceLocation {
        let position = library.position(library.api.pointee.getCursorLocation(cursor))
        return SourceLocation(file: path, line: position.line, column: position.column)
    }
}
