import Foundation
import SwiftParser
import SwiftSyntax

/// The parts of a SwiftPM `Package.swift` that decide which module sees which: the package
/// name, its targets (name, folder, dependencies) and its products (name, targets). Read from
/// the manifest's syntax without running it, so targets built up in variables or appended later
/// are found too; values computed at run time are not.
struct PackageManifest {
    /// A target and what it depends on.
    struct Target {
        var name: String
        /// The folder holding its sources, relative to the package root.
        var path: String
        /// Targets of this package, by name.
        var targetDependencies: [String] = []
        /// Products or targets named without a package (`"NIOCore"`, `.byName(name:)`).
        var namedDependencies: [String] = []
        /// `.product(name:package:)` entries.
        var productDependencies: [(product: String, package: String)] = []
    }

    /// `Package(name:)`, when given as a literal.
    var name: String?
    var targets: [Target] = []
    /// Product name → the targets it is made of.
    var products: [String: [String]] = [:]

    private static let targetKinds: Set<String> = ["target", "executableTarget", "testTarget", "macro", "plugin", "systemLibrary"]

    /// The manifest of `text` (a `Package.swift`).
    init(text: String) {
        let tree = Parser.parse(source: text)
        for token in tree.tokens(viewMode: .sourceAccurate) {
            guard token.text == "Package" || Self.targetKinds.contains(token.text) || token.text == "library"
                    || token.text == "executable",
                  let call = Self.call(named: token) else { continue }
            let arguments = Self.arguments(of: call)
            switch token.text {
            case "Package":
                if name == nil { name = arguments["name"].flatMap(Self.stringLiteral) }
            case "library", "executable":
                guard let product = arguments["name"].flatMap(Self.stringLiteral) else { continue }
                products[product] = arguments["targets"].map(Self.stringLiterals) ?? []
            default:
                // `.target(name:)` inside a `dependencies:` list names a dependency, not a target.
                guard !Self.isInsideDependencies(call), let targetName = arguments["name"].flatMap(Self.stringLiteral) else { continue }
                let folder = token.text == "testTarget" ? "Tests" : "Sources"
                var target = Target(name: targetName, path: arguments["path"].flatMap(Self.stringLiteral) ?? "\(folder)/\(targetName)")
                if let dependencies = arguments["dependencies"]?.as(ArrayExprSyntax.self) {
                    for element in dependencies.elements { Self.addDependency(element.expression, to: &target) }
                }
                targets.append(target)
            }
        }
    }

    private static func addDependency(_ expression: ExprSyntax, to target: inout Target) {
        if let literal = stringLiteral(expression) {
            target.namedDependencies.append(literal)
            return
        }
        guard let call = expression.as(FunctionCallExprSyntax.self),
              let kind = call.calledExpression.as(MemberAccessExprSyntax.self)?.declName.baseName.text else { return }
        let arguments = arguments(of: call)
        guard let name = arguments["name"].flatMap(stringLiteral) else { return }
        switch kind {
        case "target": target.targetDependencies.append(name)
        case "product":
            if let package = arguments["package"].flatMap(stringLiteral) {
                target.productDependencies.append((name, package))
            } else {
                target.namedDependencies.append(name)
            }
        default: target.namedDependencies.append(name)
        }
    }

    /// The call `token` names: `.target(…)`, `Package(…)`.
    private static func call(named token: TokenSyntax) -> FunctionCallExprSyntax? {
        var node = token.parent
        if node?.is(DeclReferenceExprSyntax.self) == true { node = node?.parent }
        if let member = node?.as(MemberAccessExprSyntax.self) { node = Syntax(member).parent }
        guard let call = node?.as(FunctionCallExprSyntax.self) else { return nil }
        return call
    }

    private static func arguments(of call: FunctionCallExprSyntax) -> [String: ExprSyntax] {
        var result: [String: ExprSyntax] = [:]
        for argument in call.arguments {
            if let label = argument.label?.text, result[label] == nil { result[label] = argument.expression }
        }
        return result
    }

    private static func isInsideDependencies(_ call: FunctionCallExprSyntax) -> Bool {
        var node = call.parent
        while let current = node {
            if let argument = current.as(LabeledExprSyntax.self), argument.label?.text == "dependencies" { return true }
            node = current.parent
        }
        return false
    }

    private static func stringLiteral(_ expression: ExprSyntax) -> String? {
        guard let literal = expression.as(StringLiteralExprSyntax.self), literal.segments.count == 1,
              let segment = literal.segments.first?.as(StringSegmentSyntax.self) else { return nil }
        return segment.content.text
    }

    private static func stringLiterals(_ expression: ExprSyntax) -> [String] {
        expression.as(ArrayExprSyntax.self)?.elements.compactMap { stringLiteral($0.expression) } ?? []
    }
}
