/// An Aho–Corasick automaton over UTF-8 bytes: finds every occurrence of many patterns in one
/// pass. ASCII letters are matched without regard to case. A pattern that begins with an ASCII
/// letter or digit is found only where a word starts (not right after a letter or digit), which
/// lets the search skip the inside of words.
///
/// Nodes with many children (the root and the first levels of a large dictionary) get a dense
/// 256-entry transition table; the rest keep sorted edges, searched in place.
struct AhoCorasick: Sendable {
    /// One occurrence: which pattern, and the byte range it covers.
    struct Match: Equatable {
        var pattern: Int
        var range: Range<Int>
    }

    /// A node gets a dense table from this many children on.
    private static let denseThreshold = 6

    /// Per node: its dense table's offset into ``dense`` (or -1) and its edges' range in ``edgeBytes``.
    private var denseOffset: [Int32] = []
    private var edgeStart: [Int32] = []
    private var edgeBytes: [UInt8] = []
    private var edgeTargets: [Int32] = []
    private var dense: [Int32] = []
    private var failure: [Int32] = []
    /// Per node: its patterns' range in ``outputPatterns`` (including those reached by failure links).
    private var outputStart: [Int32] = []
    private var outputPatterns: [Int32] = []
    private var lengths: [Int] = []
    /// Which positions may start a pattern, so the search can skip the rest at the root.
    private var startFilter = PatternStartFilter()

    /// Whether there are no patterns.
    var isEmpty: Bool { outputPatterns.isEmpty }

    /// An automaton for `patterns`; a pattern's index is its id in matches. Empty patterns never match.
    init(patterns: [String]) {
        // Build a plain trie first.
        var children: [[UInt8: Int32]] = [[:]]
        var outputs: [[Int32]] = [[]]
        for (id, pattern) in patterns.enumerated() {
            let bytes = Array(pattern.utf8).map(Self.fold)
            lengths.append(bytes.count)
            guard !bytes.isEmpty else { continue }
            var node = 0
            for byte in bytes {
                if let child = children[node][byte] {
                    node = Int(child)
                } else {
                    children.append([:])
                    outputs.append([])
                    children[node][byte] = Int32(children.count - 1)
                    node = children.count - 1
                }
            }
            outputs[node].append(Int32(id))
            startFilter.add(bytes)
        }
        // Failure links, breadth first, merging outputs along them.
        var failure = [Int32](repeating: 0, count: children.count)
        var queue = children[0].values.sorted()
        var head = 0
        while head < queue.count {
            let node = Int(queue[head])
            head += 1
            for (byte, child) in children[node].sorted(by: { $0.key < $1.key }) {
                var fallback = Int(failure[node])
                while fallback != 0, children[fallback][byte] == nil { fallback = Int(failure[fallback]) }
                let target = node == 0 ? 0 : (children[fallback][byte] ?? 0)
                failure[Int(child)] = target == child ? 0 : target
                outputs[Int(child)] += outputs[Int(failure[Int(child)])]
                queue.append(child)
            }
        }
        // Flatten.
        self.failure = failure
        for node in 0..<children.count {
            let sorted = children[node].sorted { $0.key < $1.key }
            edgeStart.append(Int32(edgeBytes.count))
            if node == 0 || sorted.count >= Self.denseThreshold {
                denseOffset.append(Int32(dense.count))
                var table = [Int32](repeating: -1, count: 256)
                for (byte, child) in sorted { table[Int(byte)] = child }
                dense += table
            } else {
                denseOffset.append(-1)
                edgeBytes += sorted.map(\.key)
                edgeTargets += sorted.map(\.value)
            }
            outputStart.append(Int32(outputPatterns.count))
            outputPatterns += outputs[node]
        }
        edgeStart.append(Int32(edgeBytes.count))
        outputStart.append(Int32(outputPatterns.count))
    }

    /// Every occurrence in `bytes`, in order of where they end.
    func matches(in bytes: [UInt8]) -> [Match] {
        var found: [Match] = []
        forEachMatch(in: bytes) { found.append($0) }
        return found
    }

    /// Calls `body` with every occurrence in `bytes`, in order of where they end.
    func forEachMatch(in bytes: [UInt8], _ body: (Match) -> Void) {
        guard !isEmpty else { return }
        bytes.withUnsafeBufferPointer { input in
            denseOffset.withUnsafeBufferPointer { denseOffset in
                edgeStart.withUnsafeBufferPointer { edgeStart in
                    edgeBytes.withUnsafeBufferPointer { edgeBytes in
                        edgeTargets.withUnsafeBufferPointer { edgeTargets in
                            dense.withUnsafeBufferPointer { dense in
                                failure.withUnsafeBufferPointer { failure in
                                    outputStart.withUnsafeBufferPointer { outputStart in
                                      startFilter.withSearch(through: input) { starts in
                                        var node: Int32 = 0
                                        var index = 0
                                        let count = input.count
                                        while index < count {
                                            if node == 0 {
                                                // At the root most characters start nothing: skip them.
                                                index = starts.next(from: index)
                                                guard index < count else { break }
                                            }
                                            let byte = Self.fold(input[index])
                                            while true {
                                                let offset = denseOffset[Int(node)]
                                                var next: Int32 = -1
                                                if offset >= 0 {
                                                    next = dense[Int(offset) + Int(byte)]
                                                } else {
                                                    var edge = Int(edgeStart[Int(node)])
                                                    let end = Int(edgeStart[Int(node) + 1])
                                                    while edge < end, edgeBytes[edge] < byte { edge += 1 }
                                                    if edge < end, edgeBytes[edge] == byte { next = edgeTargets[edge] }
                                                }
                                                if next >= 0 {
                                                    node = next
                                                    break
                                                }
                                                if node == 0 { break }
                                                node = failure[Int(node)]
                                            }
                                            let first = Int(outputStart[Int(node)])
                                            let last = Int(outputStart[Int(node) + 1])
                                            if first < last {
                                                for output in first..<last {
                                                    let pattern = Int(outputPatterns[output])
                                                    let start = index + 1 - lengths[pattern]
                                                    if start > 0, ScanText.isASCIIAlphanumeric(input[start]), ScanText.isASCIIAlphanumeric(input[start - 1]) { continue }
                                                    body(Match(pattern: pattern, range: start..<(index + 1)))
                                                }
                                            }
                                            index += 1
                                        }
                                      }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func fold(_ byte: UInt8) -> UInt8 {
        PatternStartFilter.fold(byte)
    }
}
