// An allocation-heavy loop for bench/trace-bench.sh: N class instances allocated and freed on
// one thread (each replaces an entry of a small ring, so every allocation is matched by a free).

final class Item {
    let value: Int
    var link: Item?
    init(_ value: Int) { self.value = value }
}

@inline(never) func churn(_ count: Int) -> Int {
    var ring = [Item?](repeating: nil, count: 64)
    var sum = 0
    for index in 0..<count {
        let item = Item(index)
        item.link = ring[(index + 1) & 63]
        if let old = ring[index & 63] { sum &+= old.value }
        ring[index & 63] = item
        item.link = nil
    }
    return sum
}

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 10_000_000 : 10_000_000
print("checksum", churn(count))
