import SwiftSyntax

extension TypeRef {
    /// Reduces a written type to its ownership-relevant shape.
    init(_ syntax: TypeSyntax) {
        self.init(name: nil)
        absorb(syntax)
    }

    private mutating func absorb(_ syntax: TypeSyntax) {
        if let optional = syntax.as(OptionalTypeSyntax.self) {
            isOptional = true
            absorb(optional.wrappedType)
        } else if let unwrapped = syntax.as(ImplicitlyUnwrappedOptionalTypeSyntax.self) {
            isOptional = true
            absorb(unwrapped.wrappedType)
        } else if let attributed = syntax.as(AttributedTypeSyntax.self) {
            if attributed.attributes.contains(where: {
                $0.as(AttributeSyntax.self)?.attributeName.as(IdentifierTypeSyntax.self)?.name.text == "escaping"
            }) {
                isEscaping = true
            }
            absorb(attributed.baseType)
        } else if let someOrAny = syntax.as(SomeOrAnyTypeSyntax.self) {
            absorb(someOrAny.constraint)
        } else if syntax.is(FunctionTypeSyntax.self) {
            isFunction = true
        } else if let array = syntax.as(ArrayTypeSyntax.self) {
            isCollection = true
            absorb(array.element)
        } else if let dictionary = syntax.as(DictionaryTypeSyntax.self) {
            isCollection = true
            absorb(dictionary.value)
        } else if let tuple = syntax.as(TupleTypeSyntax.self) {
            if tuple.elements.count == 1, let only = tuple.elements.first {
                absorb(only.type)
            }
        } else if let identifier = syntax.as(IdentifierTypeSyntax.self) {
            absorbNominal(identifier.name.text, identifier.genericArgumentClause?.arguments)
        } else if let member = syntax.as(MemberTypeSyntax.self) {
            absorbNominal(TypeSyntax(member).nominalName ?? member.name.text, member.genericArgumentClause?.arguments)
        }
    }

    private mutating func absorbNominal(_ name: String, _ arguments: GenericArgumentListSyntax?) {
        let typeArguments: [TypeSyntax] = arguments?.compactMap {
            if case .type(let type) = $0.argument { return type }
            return nil
        } ?? []
        switch name {
        case "Optional" where typeArguments.count == 1:
            isOptional = true
            absorb(typeArguments[0])
        case "Array", "ContiguousArray", "ArraySlice", "Set", "Deque", "OrderedSet", "Dictionary",
             "OrderedDictionary":
            isCollection = true
            if let element = typeArguments.last { absorb(element) }
        default:
            self.name = name
        }
    }
}

extension TypeSyntax {
    /// `Outer<T>.Inner<U>` → `Outer.Inner`; nil for non-nominal types.
    var nominalName: String? {
        if let identifier = self.as(IdentifierTypeSyntax.self) { return identifier.name.text }
        if let member = self.as(MemberTypeSyntax.self) {
            return member.baseType.nominalName.map { "\($0).\(member.name.text)" }
        }
        return nil
    }
}

extension String {
    /// `Outer<T>.Inner<U>` → `Outer.Inner`.
    func replacingGenericArguments() -> String {
        var result = ""
        var depth = 0
        for character in self {
            if character == "<" { depth += 1 } else if character == ">" { depth -= 1 } else if depth == 0 {
                result.append(character)
            }
        }
        return result.filter { !$0.isWhitespace }
    }
}
