/// A rule pack's `{context: TYPE, owns: receiver, until: "method(label:)"}`: a parameter of
/// type TYPE passed to a method of an object keeps that object alive (SwiftNIO's
/// `ChannelHandlerContext` keeps its handler, and the pipeline keeps the context), until the
/// framework calls `method` on the object (`handlerRemoved(context:)`), after which only the
/// context holds it. An object that stores the context is in a cycle until that method lets go
/// of it.
public struct ContextOwnership: Sendable, Hashable {
    /// The parameter type (compared by its last component).
    public var contextType: String
    /// The base name of the method the framework calls when it lets go (`handlerRemoved`).
    public var releasingMethod: String
    /// Its argument labels, nil for `_`.
    public var releasingLabels: [String?]
    /// The protocols or classes the receiver must conform to or inherit from (directly, through
    /// a superclass or a project protocol) for the context to own it (`ChannelInboundHandler`):
    /// a context handed to some other object's method does not own that object. Empty: any.
    public var receiverTypes: [String]
    /// Where the entry was declared: pack name and line.
    public var source: String

    /// Whether a parameter declared with this type name (`ChannelHandlerContext`,
    /// `NIOCore.ChannelHandlerContext`) is such a context.
    func matches(_ typeName: String) -> Bool {
        Self.simpleName(typeName) == contextType
    }

    /// Whether instances of the project type `type` are owned by such a context.
    func owns(_ type: String, in index: ProjectIndex) -> Bool {
        receiverTypes.isEmpty || conforms(type, in: index, depth: 0)
    }

    private func conforms(_ type: String, in index: ProjectIndex, depth: Int) -> Bool {
        guard depth < 8, let info = index.types[type] else { return false }
        return info.inherited.contains { written in
            receiverTypes.contains(Self.simpleName(written))
                || index.resolveTypeName(written, from: type).map { conforms($0, in: index, depth: depth + 1) } ?? false
        }
    }

    /// `NIOCore.ChannelHandler` → `ChannelHandler`.
    private static func simpleName(_ name: String) -> String {
        let base = name.split(separator: "<").first.map(String.init) ?? name
        return base.split(separator: ".").last.map(String.init) ?? base
    }
}
