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
        for frame in frames.reversed() {
            guard frame.isClosure else { break }
            if let callee = frame.callee { callees.append(callee) }
            if !frame.inheritsProtection { break }
        }
        return callees
    }

    /// `name` is a function-typed parameter of the current function (not shadowed by a closure's).
    func isClosureParameter(_ name: String) -> Bool {
        for frame in frames.reversed() {
            if !frame.isClosure { return frame.closureParameters.contains(name) }
            if frame.locals.contains(name) { return false }
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
