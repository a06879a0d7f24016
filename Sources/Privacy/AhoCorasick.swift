/// An Aho–Corasick automaton over UTF-8 bytes: finds every occurrence of many patterns in one
/// pass. ASCII letters are matched without regard to case.
struct AhoCorasick: Sendable {
    /// One occurrence: which pattern, and the byte range it covers.
    struct Match: Equatable {
        var pattern: Int
        var range: Range<Int>
    }

    private var rootNext = [Int32](repeating: 0, count: 256)
    /// Sparse edges of every node but the root: node → (byte, child) pairs.
    private var edges: [[(byte: UInt8, child: Int32)]] = [[]]
    private var failure: [Int32] = [0]
    /// Patterns ending at each node, including those reached through failure links.
    private var outputs: [[Int32]] = [[]]
    private var lengths: [Int] = []

    /// Whether there are no patterns.
    var isEmpty: Bool { lengths.isEmpty }

    /// An automaton for `patterns`; a pattern's index is its id in matches. Empty patterns never match.
    init(patterns: [String]) {
        for (id, pattern) in patterns.enumerated() {
            let bytes = Array(pattern.utf8).map(Self.fold)
            lengths.append(bytes.count)
            guard !bytes.isEmpty else { continue }
            var node: Int32 = 0
            for byte in bytes {
                if let child = child(of: node, on: byte) {
                    node = child
                } else {
                    let created = Int32(edges.count)
                    edges.append([])
                    failure.append(0)
                    outputs.append([])
                    if node == 0 { rootNext[Int(byte)] = created } else { edges[Int(node)].append((byte, created)) }
                    node = created
                }
            }
            outputs[Int(node)].append(Int32(id))
        }
        buildFailureLinks()
    }

    private func child(of node: Int32, on byte: UInt8) -> Int32? {
        if node == 0 {
            let next = rootNext[Int(byte)]
            return next == 0 ? nil : next
        }
        for edge in edges[Int(node)] where edge.byte == byte { return edge.child }
        return nil
    }

    private mutating func buildFailureLinks() {
        var queue: [Int32] = []
        for byte in 0..<256 where rootNext[byte] != 0 { queue.append(rootNext[byte]) }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for edge in edges[Int(node)] {
                var fallback = failure[Int(node)]
                while fallback != 0, child(of: fallback, on: edge.byte) == nil { fallback = failure[Int(fallback)] }
                let target = child(of: fallback, on: edge.byte) ?? 0
                failure[Int(edge.child)] = target == edge.child ? 0 : target
                outputs[Int(edge.child)] += outputs[Int(failure[Int(edge.child)])]
                queue.append(edge.child)
            }
        }
    }

    /// Every occurrence in `bytes`, in order of where they end.
    func matches(in bytes: [UInt8]) -> [Match] {
        guard !isEmpty else { return [] }
        var found: [Match] = []
        var node: Int32 = 0
        bytes.withUnsafeBufferPointer { buffer in
            for index in 0..<buffer.count {
                let byte = Self.fold(buffer[index])
                while true {
                    if node == 0 {
                        node = rootNext[Int(byte)]
                        break
                    }
                    if let next = child(of: node, on: byte) {
                        node = next
                        break
                    }
                    node = failure[Int(node)]
                }
                if node != 0, !outputs[Int(node)].isEmpty {
                    for pattern in outputs[Int(node)] {
                        found.append(Match(pattern: Int(pattern), range: (index + 1 - lengths[Int(pattern)])..<(index + 1)))
                    }
                }
            }
        }
        return found
    }

    @inline(__always)
    private static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
