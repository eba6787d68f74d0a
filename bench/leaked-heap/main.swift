// A leaked structure of N live objects (default 1,000,000): a tree of nodes whose children point
// back at their parent, dropped at the end of `build`. `bench/trace-bench.sh` times how long
// `cyclelint trace` takes to analyse and report it.
final class Node {
    var parent: Node?
    var children: [Node] = []
}

@inline(never) func build(_ count: Int) {
    let root = Node()
    var level = [root]
    var made = 1
    while made < count {
        var next: [Node] = []
        for parent in level where made < count {
            for _ in 0..<4 where made < count {
                let child = Node()
                child.parent = parent
                parent.children.append(child)
                next.append(child)
                made += 1
            }
        }
        level = next
    }
}

build(CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1_000_000 : 1_000_000)
