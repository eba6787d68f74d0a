// The compact layouts of the facts each file has many of: bodies and everything in them, and
// the concurrency rules' member accesses. Each layout lists every stored property once, in
// declaration order (`CompactRecordLayoutTests` checks the count against the type).

extension SourceLocation: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        fields.string(file)
        fields.int(line)
        fields.int(column)
    }

    init(fields: inout CompactFieldReader) throws {
        self.init(file: try fields.string(), line: try fields.int(), column: try fields.int())
    }
}

extension TypeRef: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        fields.string(name)
        fields.bool(isFunction)
        fields.bool(isCollection)
        fields.bool(isEscaping)
        fields.bool(isOptional)
    }

    init(fields: inout CompactFieldReader) throws {
        self.init(name: try fields.optionalString(), isFunction: try fields.bool(), isCollection: try fields.bool(),
                  isEscaping: try fields.bool(), isOptional: try fields.bool())
    }
}

extension PathRoot: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        switch self {
        case .selfObject: fields.int(0)
        case .local(let id): fields.int(1); fields.int(id)
        case .parameter(let name): fields.int(2); fields.string(name)
        case .name(let name): fields.int(3); fields.string(name)
        case .callResult(let id): fields.int(4); fields.int(id)
        case .global(let name): fields.int(5); fields.string(name)
        }
    }

    init(fields: inout CompactFieldReader) throws {
        switch try fields.int() {
        case 0: self = .selfObject
        case 1: self = .local(try fields.int())
        case 2: self = .parameter(try fields.string())
        case 3: self = .name(try fields.string())
        case 4: self = .callResult(try fields.int())
        case 5: self = .global(try fields.string())
        default: throw CompactReader.corrupted("unknown PathRoot case")
        }
    }
}

extension AccessPath: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        try fields.record(root)
        fields.strings(members)
    }

    init(fields: inout CompactFieldReader) throws {
        self.init(try fields.record(PathRoot.self), try fields.strings())
    }
}

extension ValueExpr: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        switch self {
        case .path(let path): fields.int(0); try fields.record(path)
        case .closure(let id): fields.int(1); fields.int(id)
        case .nilLiteral: fields.int(2)
        case .emptyCollection: fields.int(3)
        case .array(let values): fields.int(4); try fields.records(values)
        case .literal(let text): fields.int(5); fields.string(text)
        case .other: fields.int(6)
        }
    }

    init(fields: inout CompactFieldReader) throws {
        switch try fields.int() {
        case 0: self = .path(try fields.record(AccessPath.self))
        case 1: self = .closure(try fields.int())
        case 2: self = .nilLiteral
        case 3: self = .emptyCollection
        case 4: self = .array(try fields.records(ValueExpr.self))
        case 5: self = .literal(try fields.string())
        case 6: self = .other
        default: throw CompactReader.corrupted("unknown ValueExpr case")
        }
    }
}

/// The argument lists of a call: one list of possible values per argument.
private struct CompactArgument: CompactRecord {
    var values: [ValueExpr]

    func writeFields(to fields: inout CompactFieldWriter) throws { try fields.records(values) }
    init(fields: inout CompactFieldReader) throws { values = try fields.records(ValueExpr.self) }
    init(_ values: [ValueExpr]) { self.values = values }
}

/// An optional argument label.
private struct CompactLabel: CompactRecord {
    var label: String?

    func writeFields(to fields: inout CompactFieldWriter) throws { fields.string(label) }
    init(fields: inout CompactFieldReader) throws { label = try fields.optionalString() }
    init(_ label: String?) { self.label = label }
}

extension CallFacts: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        fields.int(id)
        try fields.record(receiver)
        try fields.records(possibleReceivers)
        fields.string(name)
        fields.string(typeName)
        try fields.records(labels.map(CompactLabel.init))
        try fields.records(arguments.map(CompactArgument.init))
        fields.int(trailingStart)
        try fields.record(location)
        fields.int(inClosure)
        fields.bool(isImplicitMember)
        fields.bool(isSuperCall)
        try fields.record(annotatedResultType)
        fields.bool(isResultDiscarded)
        fields.bool(isAwaited)
        fields.strings(selectors)
    }

    init(fields: inout CompactFieldReader) throws {
        id = try fields.int()
        receiver = try fields.optionalRecord(ValueExpr.self)
        possibleReceivers = try fields.records(ValueExpr.self)
        name = try fields.string()
        typeName = try fields.optionalString()
        labels = try fields.records(CompactLabel.self).map(\.label)
        arguments = try fields.records(CompactArgument.self).map(\.values)
        trailingStart = try fields.int()
        location = try fields.record(SourceLocation.self)
        inClosure = try fields.optionalInt()
        isImplicitMember = try fields.bool()
        isSuperCall = try fields.bool()
        annotatedResultType = try fields.optionalRecord(TypeRef.self)
        isResultDiscarded = try fields.bool()
        isAwaited = try fields.bool()
        selectors = try fields.strings()
    }
}

extension StoreFacts: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        try fields.record(path)
        fields.rawValue(kind)
        try fields.records(values)
        try fields.record(location)
        fields.int(inClosure)
    }

    init(fields: inout CompactFieldReader) throws {
        path = try fields.record(AccessPath.self)
        kind = try fields.rawValue(StoreKind.self)
        values = try fields.records(ValueExpr.self)
        location = try fields.record(SourceLocation.self)
        inClosure = try fields.optionalInt()
    }
}

extension BodyEvent: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        switch self {
        case .store(let store): fields.int(0); try fields.record(store)
        case .call(let id): fields.int(1); fields.int(id)
        }
    }

    init(fields: inout CompactFieldReader) throws {
        switch try fields.int() {
        case 0: self = .store(try fields.record(StoreFacts.self))
        case 1: self = .call(try fields.int())
        default: throw CompactReader.corrupted("unknown BodyEvent case")
        }
    }
}

extension LocalFacts: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        fields.int(id)
        fields.string(name)
        try fields.record(type)
        fields.int(parameterOfClosure)
    }

    init(fields: inout CompactFieldReader) throws {
        id = try fields.int()
        name = try fields.string()
        type = try fields.optionalRecord(TypeRef.self)
        parameterOfClosure = try fields.optionalInt()
    }
}

extension CapturedPath: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        try fields.record(path)
        try fields.record(location)
        fields.string(name)
    }

    init(fields: inout CompactFieldReader) throws {
        path = try fields.record(AccessPath.self)
        location = try fields.record(SourceLocation.self)
        name = try fields.string()
    }
}

extension ClosureFacts: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        fields.int(id)
        try fields.record(location)
        fields.int(parent)
        fields.rawValue(listedSelf)
        try fields.record(strongSelfCapture)
        try fields.records(capturedPaths)
        try fields.record(unboundedLoop)
        fields.bool(loopStopsOnCancellation)
        try fields.record(selfHeldAcrossLoop)
        fields.bool(isImmediatelyCalled)
    }

    init(fields: inout CompactFieldReader) throws {
        id = try fields.int()
        location = try fields.record(SourceLocation.self)
        parent = try fields.optionalInt()
        listedSelf = try fields.optionalRawValue(ReferenceStrength.self)
        strongSelfCapture = try fields.optionalRecord(SourceLocation.self)
        capturedPaths = try fields.records(CapturedPath.self)
        unboundedLoop = try fields.optionalRecord(SourceLocation.self)
        loopStopsOnCancellation = try fields.bool()
        selfHeldAcrossLoop = try fields.optionalRecord(SourceLocation.self)
        isImmediatelyCalled = try fields.bool()
    }
}

extension BodyFacts: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        fields.int(id)
        fields.string(ownerType)
        fields.string(name)
        fields.rawValue(kind)
        fields.string(methodName)
        try fields.record(location)
        try fields.records(events)
        try fields.records(closures)
        try fields.records(locals)
        try fields.records(calls)
        try fields.records(resultValues)
        fields.bool(comparesSelfIdentity)
    }

    init(fields: inout CompactFieldReader) throws {
        id = try fields.int()
        ownerType = try fields.optionalString()
        name = try fields.string()
        kind = try fields.rawValue(BodyKind.self)
        methodName = try fields.optionalString()
        location = try fields.record(SourceLocation.self)
        events = try fields.records(BodyEvent.self)
        closures = try fields.records(ClosureFacts.self)
        locals = try fields.records(LocalFacts.self)
        calls = try fields.records(CallFacts.self)
        resultValues = try fields.records(ValueExpr.self)
        comparesSelfIdentity = try fields.bool()
    }
}

extension MemberAccessFacts: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        fields.int(function)
        fields.string(name)
        fields.rawValue(receiver)
        fields.string(receiverType)
        fields.rawValue(kind)
        fields.string(calledMethod)
        fields.int(argumentPosition)
        fields.bool(isProtected)
        fields.strings(lockHelperCallees)
        fields.bool(inLoop)
        fields.bool(inUnboundedLoop)
        fields.bool(inCallback)
        fields.bool(inRepeatingCallback)
        fields.int(onCancelOf)
        fields.int(operationOf)
        try fields.record(location)
    }

    init(fields: inout CompactFieldReader) throws {
        function = try fields.int()
        name = try fields.string()
        receiver = try fields.rawValue(MemberAccessReceiver.self)
        receiverType = try fields.optionalString()
        kind = try fields.rawValue(MemberAccessKind.self)
        calledMethod = try fields.optionalString()
        argumentPosition = try fields.optionalInt()
        isProtected = try fields.bool()
        lockHelperCallees = try fields.strings()
        inLoop = try fields.bool()
        inUnboundedLoop = try fields.bool()
        inCallback = try fields.bool()
        inRepeatingCallback = try fields.bool()
        onCancelOf = try fields.optionalInt()
        operationOf = try fields.optionalInt()
        location = try fields.record(SourceLocation.self)
    }
}

extension ParameterFacts: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        fields.string(label)
        fields.string(name)
        try fields.record(type)
        fields.bool(hasDefault)
    }

    init(fields: inout CompactFieldReader) throws {
        label = try fields.optionalString()
        name = try fields.string()
        type = try fields.optionalRecord(TypeRef.self)
        hasDefault = try fields.bool()
    }
}

extension MethodFacts: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        fields.string(name)
        fields.rawValue(kind)
        try fields.records(parameters)
        fields.bool(isStatic)
        try fields.record(returnType)
        fields.int(body)
        try fields.record(location)
        fields.bool(isMutating)
        fields.bool(isFilePrivate)
    }

    init(fields: inout CompactFieldReader) throws {
        name = try fields.string()
        kind = try fields.rawValue(MethodKind.self)
        parameters = try fields.records(ParameterFacts.self)
        isStatic = try fields.bool()
        returnType = try fields.optionalRecord(TypeRef.self)
        body = try fields.optionalInt()
        location = try fields.record(SourceLocation.self)
        isMutating = try fields.bool()
        isFilePrivate = try fields.bool()
    }
}

extension PropertyFacts: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        fields.string(name)
        fields.rawValue(strength)
        fields.bool(isLet)
        fields.bool(isLazy)
        fields.bool(isStatic)
        fields.bool(isStored)
        try fields.record(type)
        try fields.record(location)
        fields.int(initializerBody)
        fields.bool(isRequirement)
        fields.bool(isSettable)
    }

    init(fields: inout CompactFieldReader) throws {
        name = try fields.string()
        strength = try fields.rawValue(ReferenceStrength.self)
        isLet = try fields.bool()
        isLazy = try fields.bool()
        isStatic = try fields.bool()
        isStored = try fields.bool()
        type = try fields.optionalRecord(TypeRef.self)
        location = try fields.record(SourceLocation.self)
        initializerBody = try fields.optionalInt()
        isRequirement = try fields.bool()
        isSettable = try fields.bool()
    }
}

extension TypeFacts: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        fields.string(name)
        fields.rawValue(kind)
        fields.strings(inherited)
        try fields.record(location)
        try fields.records(properties)
        try fields.records(methods)
        fields.strings(enumCases)
        fields.bool(isSingleton)
    }

    init(fields: inout CompactFieldReader) throws {
        name = try fields.string()
        kind = try fields.rawValue(TypeKind.self)
        inherited = try fields.strings()
        location = try fields.record(SourceLocation.self)
        properties = try fields.records(PropertyFacts.self)
        methods = try fields.records(MethodFacts.self)
        enumCases = try fields.strings()
        isSingleton = try fields.bool()
    }
}

extension ConcurrencyPropertyFacts: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        fields.string(ownerType)
        fields.string(name)
        fields.string(typeText)
        fields.bool(isVar)
        fields.bool(isStatic)
        fields.bool(isLazy)
        fields.bool(isStored)
        fields.bool(hasAttributes)
        fields.bool(isNonisolatedUnsafe)
        fields.bool(isConfinementDocumented)
        try fields.record(location)
    }

    init(fields: inout CompactFieldReader) throws {
        ownerType = try fields.optionalString()
        name = try fields.string()
        typeText = try fields.optionalString()
        isVar = try fields.bool()
        isStatic = try fields.bool()
        isLazy = try fields.bool()
        isStored = try fields.bool()
        hasAttributes = try fields.bool()
        isNonisolatedUnsafe = try fields.bool()
        isConfinementDocumented = try fields.bool()
        location = try fields.record(SourceLocation.self)
    }
}

extension OwnMethodCall: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        fields.string(name)
        fields.bool(isProtected)
        fields.strings(lockHelperCallees)
        fields.int(onCancelOf)
        try fields.record(location)
    }

    init(fields: inout CompactFieldReader) throws {
        name = try fields.string()
        isProtected = try fields.bool()
        lockHelperCallees = try fields.strings()
        onCancelOf = try fields.optionalInt()
        location = try fields.record(SourceLocation.self)
    }
}

extension ConcurrencyFunctionFacts: CompactRecord {
    func writeFields(to fields: inout CompactFieldWriter) throws {
        fields.int(id)
        fields.string(ownerType)
        fields.string(name)
        fields.rawValue(kind)
        fields.bool(isStatic)
        fields.int(parameterCount)
        try fields.record(location)
        fields.bool(assertsConfinement)
        fields.bool(resumesSomething)
        fields.strings(finishedProperties)
        try fields.records(ownCalls)
        fields.bool(runsClosureUnderLock)
        fields.strings(forwardsClosureTo)
    }

    init(fields: inout CompactFieldReader) throws {
        id = try fields.int()
        ownerType = try fields.optionalString()
        name = try fields.string()
        kind = try fields.rawValue(ConcurrencyFunctionKind.self)
        isStatic = try fields.bool()
        parameterCount = try fields.int()
        location = try fields.record(SourceLocation.self)
        assertsConfinement = try fields.bool()
        resumesSomething = try fields.bool()
        finishedProperties = try fields.strings()
        ownCalls = try fields.records(OwnMethodCall.self)
        runsClosureUnderLock = try fields.bool()
        forwardsClosureTo = try fields.strings()
    }
}
