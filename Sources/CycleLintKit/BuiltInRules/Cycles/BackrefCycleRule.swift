/// `backref-cycle`: strong stored references between instances that close a cycle (delegates,
/// parents, owners).
public struct BackrefCycleRule: Rule {
    /// The rule; it has no configuration of its own.
    public init() {}

    public let description = RuleDescription(
        id: "backref-cycle",
        name: "Strong back-reference cycle",
        summary: "Stored properties reference each other strongly: an owner and its delegate, parent or child.",
        rationale: "Each object keeps the other alive, so once the outside references go away both leak.",
        fix: "Make the back-reference `weak` (delegates, parents) or `unowned` when the target always outlives it.",
        triggeringExamples: [
            """
            protocol ManagerDelegate: AnyObject { func didFinish() }
            final class Manager { var delegate: ManagerDelegate? }
            final class Screen: ManagerDelegate {
                let manager = Manager()
                init() {
                    ↓manager.delegate = self
                }
                func didFinish() {}
            }
            """,
            """
            final class Child {
                var parent: Parent?
                init(parent: Parent) { self.parent = parent }
            }
            final class Parent {
                var children: [Child] = []
                func addChild() {
                    ↓children.append(Child(parent: self))
                }
            }
            """,
            """
            final class Owner { var pet: Pet? }
            final class Pet { var owner: Owner? }
            func adopt() {
                let owner = Owner()
                let pet = Pet()
                owner.pet = pet
                ↓pet.owner = owner
            }
            """,
            """
            final class Panel { var delegate: AnyObject? }
            final class Screen {
                var panel: Panel?
                init() { reload() }
                func reload() {
                    panel = nil
                    panel = Panel()
                    ↓panel?.delegate = self
                }
            }
            """,
            """
            final class Connection {
                var owner: Client?
                func cancel() { print("cancelled") }
            }
            final class Client {
                let connection = Connection()
                func start() { ↓connection.owner = self }
                func stop() { connection.cancel() }
            }
            """,
            """
            import NIOCore
            final class EchoHandler: ChannelInboundHandler {
                typealias InboundIn = ByteBuffer
                private var context: ChannelHandlerContext?
                func handlerAdded(context: ChannelHandlerContext) { ↓self.context = context }
            }
            """,
            """
            // file: Button.h
            __attribute__((objc_root_class))
            @interface Button
            + (instancetype)alloc;
            - (instancetype)init;
            @property (strong) id delegate;
            @end
            // file: Screen.swift
            final class Screen {
                let button = Button()
                func setup() { ↓button.delegate = self }
            }
            """,
        ],
        nonTriggeringExamples: [
            """
            protocol ManagerDelegate: AnyObject { func didFinish() }
            final class Manager { weak var delegate: ManagerDelegate? }
            final class Screen: ManagerDelegate {
                let manager = Manager()
                init() { manager.delegate = self }
                func didFinish() {}
            }
            """,
            """
            final class Child {
                unowned let parent: Parent
                init(parent: Parent) { self.parent = parent }
            }
            final class Parent {
                var children: [Child] = []
                func addChild() { children.append(Child(parent: self)) }
            }
            """,
            """
            final class A { var b: B? }
            final class B { var a: A? }
            """,
            """
            final class Node {
                var next: Node?
                var prev: Node?
            }
            final class List {
                func link(_ a: Node, _ b: Node) {
                    a.next = b
                    b.prev = a
                }
                func unlink(_ node: Node) {
                    node.next = nil
                    node.prev = nil
                }
                func removeAll(_ nodes: [Node]) {
                    for node in nodes { unlink(node) }
                }
            }
            """,
            """
            final class Manager { var delegate: AnyObject? }
            final class Screen {
                let manager = Manager()
                func attach() { manager.delegate = self }
                func close() { manager.delegate = nil }
            }
            """,
            """
            final class Panel { var delegate: AnyObject? }
            final class Screen {
                var panel: Panel?
                init() { refresh() }
                func refresh() {
                    panel = Panel()
                    panel?.delegate = self
                    panel = nil
                }
            }
            """,
            """
            final class Connection {
                var owner: Client?
                func cancel() { owner = nil }
            }
            final class Client {
                let connection = Connection()
                func start() { connection.owner = self }
                func stop() { connection.cancel() }
            }
            """,
            """
            import NIOCore
            final class EchoHandler: ChannelInboundHandler {
                typealias InboundIn = ByteBuffer
                private var context: ChannelHandlerContext?
                func handlerAdded(context: ChannelHandlerContext) { self.context = context }
                func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }
            }
            """,
            """
            // file: Button.h
            __attribute__((objc_root_class))
            @interface Button
            + (instancetype)alloc;
            - (instancetype)init;
            @property (weak) id delegate;
            @end
            // file: Screen.swift
            final class Screen {
                let button = Button()
                func setup() { button.delegate = self }
            }
            """,
        ]
    )

    public func check(_ context: RuleContext) -> [Finding] {
        context.report(description, where: { $0.kind == .cycle }) { retention in
            "strong reference cycle: \(retention.summary); make the back-reference weak"
        }
    }
}
