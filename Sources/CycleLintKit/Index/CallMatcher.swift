/// Matches a call's argument labels to a callee's parameters, the way Swift does for the common
/// cases: labelled arguments in order, defaulted parameters skippable, the unlabelled trailing
/// closure taking the next parameter that accepts a function.
enum CallMatcher {
    /// For each argument, the index of the parameter it binds to; nil when the call cannot match.
    /// A call whose only mismatch is an unlabelled first argument binds it to a labelled first
    /// parameter, as Swift 1 and 2 did (a method's first label was omitted by default:
    /// `cache.retrieve(key, options: o)` calls `func retrieve(key: String, options: O)`).
    static func parameterIndices(labels: [String?], trailingStart: Int, parameters: [ParameterFacts]) -> [Int]? {
        if let exact = exactParameterIndices(labels: labels, trailingStart: trailingStart, parameters: parameters) {
            return exact
        }
        guard trailingStart > 0, labels.first == .some(nil), let firstLabel = parameters.first?.label else { return nil }
        var elided = labels
        elided[0] = firstLabel
        return exactParameterIndices(labels: elided, trailingStart: trailingStart, parameters: parameters)
    }

    /// `parameterIndices` without the first-label omission of early Swift.
    static func exactParameterIndices(labels: [String?], trailingStart: Int, parameters: [ParameterFacts]) -> [Int]? {
        match(labels: labels, trailingStart: trailingStart, parameterLabels: parameters.map(\.label),
              canSkip: { parameters[$0].hasDefault || parameters[$0].type?.isOptional == true },
              acceptsClosure: { parameters[$0].type.map { $0.isFunction || $0.name == nil } ?? true })
    }

    /// The same for a rule pack signature, where every parameter may have a default.
    static func parameterIndices(labels: [String?], trailingStart: Int, signature: [String?]) -> [Int]? {
        match(labels: labels, trailingStart: trailingStart, parameterLabels: signature,
              canSkip: { _ in true }, acceptsClosure: { _ in true }, trailingPrefersLast: true)
    }

    private static func match(labels: [String?], trailingStart: Int, parameterLabels: [String?],
                              canSkip: (Int) -> Bool, acceptsClosure: (Int) -> Bool,
                              trailingPrefersLast: Bool = false) -> [Int]? {
        var result: [Int] = []
        var next = 0
        for (index, label) in labels.enumerated() {
            let isTrailing = index >= trailingStart
            if isTrailing && label == nil {
                // The unlabelled trailing closure: the next parameter that takes a function, or
                // for signatures without types the last remaining parameter before any labelled
                // trailing closure.
                let labelledAfter = labels[(index + 1)...].compactMap { $0 }
                var candidates = Array(next..<parameterLabels.count).filter { !labelledAfter.contains(parameterLabels[$0] ?? "") }
                if !trailingPrefersLast { candidates = candidates.filter(acceptsClosure) }
                guard let chosen = trailingPrefersLast ? candidates.last : candidates.first else { return nil }
                guard (next..<chosen).allSatisfy(canSkip) || trailingPrefersLast else { return nil }
                result.append(chosen)
                next = chosen + 1
                continue
            }
            guard let found = (next..<parameterLabels.count).first(where: { parameterLabels[$0] == label }) else { return nil }
            guard (next..<found).allSatisfy(canSkip) else { return nil }
            result.append(found)
            next = found + 1
        }
        guard (next..<parameterLabels.count).allSatisfy(canSkip) else { return nil }
        return result
    }
}
