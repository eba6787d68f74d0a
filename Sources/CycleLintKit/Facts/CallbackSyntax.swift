import SwiftSyntax

/// How a closure handed to a call is run, read from the callee's name: at once and not kept
/// (`map`, `forEach`), once later (`Task`, `DispatchQueue.async`), or again and again (an
/// observer, a repeating timer, a subscription).
enum CallbackSyntax {
    /// Callees that run their closure once, later.
    static let oneShotCallees: Set<String> = [
        "Task", "detached", "addTask", "addTaskUnlessCancelled", "async", "asyncAfter", "execute", "submit",
        "scheduleTask", "flatSubmit", "whenComplete", "whenSuccess", "whenFailure", "then", "sink",
    ]

    /// Callees that call their closure repeatedly: repeating timers, observers, subscriptions,
    /// event handlers.
    static let repeatingCallees: Set<String> = [
        "addObserver", "sink", "setEventHandler", "scheduleRepeatedTask", "scheduleRepeatedAsyncTask", "observe",
        "onReceive", "addPeriodicTimeObserver", "installTap", "addListener", "publisher", "values", "subscribe",
        "startUpdates", "startDeviceMotionUpdates", "startAccelerometerUpdates", "startGyroUpdates",
    ]

    /// Callees that run their closure before they return and do not keep it.
    static let nonEscapingCallees: Set<String> = [
        "map", "flatMap", "compactMap", "filter", "forEach", "reduce", "contains", "first", "firstIndex", "last", "lastIndex",
        "allSatisfy", "sorted", "sort", "min", "max", "removeAll", "partition", "drop", "prefix", "sync", "assumeIsolated",
        "autoreleasepool", "modify", "mutate", "update", "callAsFunction", "precondition", "assert",
    ]

    /// A registration that calls `call`'s closure again and again.
    static func isRepeatingRegistration(_ call: FunctionCallExprSyntax, name: String) -> Bool {
        // Signal handlers and configuration reloads fire rarely: not a stream of events.
        let receiver = call.calledExpression.as(MemberAccessExprSyntax.self)?.base?.sourceText.lowercased() ?? ""
        if receiver.contains("signal") || receiver.contains("reload") || receiver.contains("config") { return false }
        if repeatingCallees.contains(name) { return true }
        if name == "scheduledTimer" || name == "Timer" || name == "init" && call.calledExpression.sourceText.hasPrefix("Timer") {
            return call.arguments.contains { $0.label?.text == "repeats" && $0.expression.sourceText == "true" }
        }
        if name == "schedule" { return call.arguments.contains { $0.label?.text == "repeating" } }
        return false
    }

    /// The name of a closure's first parameter.
    static func firstParameterName(_ closure: ClosureExprSyntax) -> String? {
        switch closure.signature?.parameterClause {
        case .simpleInput(let parameters): return parameters.first?.name.text
        case .parameterClause(let parameters): return parameters.parameters.first.map { ($0.secondName ?? $0.firstName).text }
        case nil: return nil
        }
    }

    /// The call a closure is an argument of, with its label.
    static func callContext(of closure: ClosureExprSyntax) -> (FunctionCallExprSyntax, String?)? {
        if let argument = closure.parent?.as(LabeledExprSyntax.self),
           let call = argument.parent?.parent?.as(FunctionCallExprSyntax.self) {
            return (call, argument.label?.text)
        }
        if let call = closure.parent?.as(FunctionCallExprSyntax.self), call.trailingClosure?.id == closure.id {
            return (call, nil)
        }
        if let element = closure.parent?.as(MultipleTrailingClosureElementSyntax.self),
           let call = element.parent?.parent?.as(FunctionCallExprSyntax.self) {
            return (call, element.label.text)
        }
        return nil
    }

    /// `foo` for `foo(…)`, `x.foo(…)` and `Foo<T>(…)`.
    static func calleeName(_ call: FunctionCallExprSyntax) -> String? {
        var callee = call.calledExpression
        if let specialized = callee.as(GenericSpecializationExprSyntax.self) { callee = specialized.expression }
        if let reference = callee.as(DeclReferenceExprSyntax.self) { return reference.baseName.text }
        if let member = callee.as(MemberAccessExprSyntax.self) { return member.declName.baseName.text }
        return nil
    }

    /// The expression without `?` and `!` suffixes.
    static func strippingOptionals(_ expression: ExprSyntax) -> ExprSyntax {
        var expression = expression
        while true {
            if let optional = expression.as(OptionalChainingExprSyntax.self) {
                expression = optional.expression
            } else if let forced = expression.as(ForceUnwrapExprSyntax.self) {
                expression = forced.expression
            } else {
                return expression
            }
        }
    }
}
