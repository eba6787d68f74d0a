import CClangShim

/// What a C parameter is, for recognising callback registrations: a callback (function pointer
/// or block), the `void *` context handed back to it, a context struct carrying both (with
/// `info`/`retain`/`release` fields), or anything else.
enum CParameterKind: Hashable {
    /// A function pointer or block; `takesOnlyContext` for `void (*)(void *)` (a destroy notify).
    case callback(takesOnlyContext: Bool)
    /// `void *`.
    case context
    /// A struct (or pointer to one) with a function-pointer field and a `void *` field;
    /// `hasRelease` when one of its function pointers is named `release`.
    case contextStruct(hasRelease: Bool)
    case other

    var isCallback: Bool {
        if case .callback = self { return true }
        return false
    }
}

/// Classifies parameter types with libclang's canonical types.
struct CCallbackClassifier {
    let library: LibClang

    /// `followStructs`: look into a struct's fields (one level only: structs point to themselves).
    func classify(_ type: CLType, followStructs: Bool = true) -> CParameterKind {
        let canonical = library.canonical(type)
        switch canonical.kind {
        case ClangTypeKind.blockPointer:
            return .callback(takesOnlyContext: false)
        case ClangTypeKind.pointer:
            let pointee = library.canonical(library.api.pointee.getPointeeType(canonical))
            switch pointee.kind {
            case ClangTypeKind.functionProto, ClangTypeKind.functionNoProto:
                return .callback(takesOnlyContext: takesOnlyContext(pointee))
            case ClangTypeKind.void:
                return .context
            case ClangTypeKind.record:
                return followStructs ? structKind(pointee) : .other
            default:
                return .other
            }
        case ClangTypeKind.record:
            return followStructs ? structKind(canonical) : .other
        default:
            return .other
        }
    }

    /// `void (*)(void *)`.
    private func takesOnlyContext(_ function: CLType) -> Bool {
        guard library.api.pointee.getNumArgTypes(function) == 1,
              library.canonical(library.api.pointee.getResultType(function)).kind == ClangTypeKind.void else { return false }
        let argument = library.canonical(library.api.pointee.getArgType(function, 0))
        return argument.kind == ClangTypeKind.pointer
            && library.canonical(library.api.pointee.getPointeeType(argument)).kind == ClangTypeKind.void
    }

    private func structKind(_ record: CLType) -> CParameterKind {
        let declaration = library.api.pointee.getTypeDeclaration(record)
        var hasCallback = false
        var hasContext = false
        var hasRelease = false
        for field in library.children(declaration) where library.kind(field) == CursorKind.fieldDecl {
            switch classify(library.type(field), followStructs: false) {
            case .callback:
                hasCallback = true
                if library.spelling(field) == "release" { hasRelease = true }
            case .context:
                hasContext = true
            default:
                break
            }
        }
        return hasCallback && hasContext ? .contextStruct(hasRelease: hasRelease) : .other
    }
}
