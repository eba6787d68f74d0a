import SwiftSyntax

/// Lock helpers recognised by what they do: a function that runs its closure parameter while
/// holding a lock, or hands it to one that does. Calls made inside a closure handed to a call
/// the extractor does not know record the callee, so that the project-wide view can tell
/// whether it is such a helper.
extension ConcurrencyFactsExtractor {
    /// The calls whose closure arguments the current code is in, innermost first, up to the first
    /// closure handed to a call the extractor does not know (through closures that run at once,
    /// like `map`): if one of them is a project lock helper, the code runs under its lock.
    var lockHelperCallees: [String] {
        guard !isProtected else { return [] }
        var callees: [String] = []
        for index in frames.indices.reversed() {
            guard frames[index].isClosure else { break }
            if let callee = frames[index].callee { callees.append(callee) }
            if !frames[index].inheritsProtection { break }
        }
        return callees
    }

    /// `name` is a function-typed parameter of the current function (not shadowed by a closure's).
    func isClosureParameter(_ name: String) -> Bool {
        // By index: a `Frame` is large, and iterating the array would copy each one.
        for index in frames.indices.reversed() {
            if !frames[index].isClosure { return frames[index].closureParameters.contains(name) }
            if frames[index].locals.contains(name) { return false }
        }
        return false
    }

    /// Whether the current function has a function-typed parameter (most have none).
    var hasClosureParameters: Bool {
        for index in frames.indices.reversed() where !frames[index].isClosure {
            return !frames[index].closureParameters.isEmpty
        }
        return false
    }

    /// The current function runs its closure parameter here: under a lock, it is a lock helper;
    /// inside another helper's closure, it is one if that helper is.
    func noteClosureParameterRun() {
        let function = top.function
        if isProtected {
            facts.functions[function].runsClosureUnderLock = true
        } else {
            for callee in lockHelperCallees where !facts.functions[function].forwardsClosureTo.contains(callee) {
                facts.functions[function].forwardsClosureTo.append(callee)
            }
        }
    }

    /// A closure parameter handed on (`lock.withLock(body)`, `helper(body)`): a lock API runs it
    /// under its lock; another call may be a lock helper.
    func noteClosureParametersPassed(to call: FunctionCallExprSyntax, name: String) {
        guard hasClosureParameters else { return }
        for argument in call.arguments {
            guard let reference = argument.expression.as(DeclReferenceExprSyntax.self),
                  isClosureParameter(reference.baseName.text) else { continue }
            let function = top.function
            if isProtected || LockSyntax.closureGuard(of: call, name: name) == .lock {
                facts.functions[function].runsClosureUnderLock = true
            } else if !facts.functions[function].forwardsClosureTo.contains(name) {
                facts.functions[function].forwardsClosureTo.append(name)
            }
        }
    }
}
