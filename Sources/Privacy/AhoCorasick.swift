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
    /// The start filter, which lets the search skip text at the root a character at a time:
    /// a bit per hash of the first three (folded) bytes of a pattern that starts with ASCII ...
    private var startTriples = [UInt64](repeating: 0, count: 1024)
    /// ... a bit per BMP code point of a three-byte character that a pattern starts with ...
    private var startCharacters = [UInt64](repeating: 0, count: 1024)
    /// ... and, for two- and four-byte characters, whether a pattern starts with the lead byte.
    private var startLeadBytes = [Bool](repeating: false, count: 256)

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
            let first = bytes[0]
            switch first {
            case 0..<0x80 where bytes.count == 1:
                startTriples = [UInt64](repeating: .max, count: 1024)
            case 0..<0x80 where bytes.count == 2:
                for third in 0...255 { Self.set(&startTriples, Self.tripleHash(bytes[0], bytes[1], UInt8(third))) }
            case 0..<0x80:
                Self.set(&startTriples, Self.tripleHash(bytes[0], bytes[1], bytes[2]))
            case 0xE0..<0xF0 where bytes.count >= 3:
                Self.set(&startCharacters, Self.codePoint(bytes[0], bytes[1], bytes[2]))
            default:
                startLeadBytes[Int(first)] = true
            }
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
        guard !isEmpty else { return [] }
        var found: [Match] = []
        bytes.withUnsafeBufferPointer { input in
            denseOffset.withUnsafeBufferPointer { denseOffset in
                edgeStart.withUnsafeBufferPointer { edgeStart in
                    edgeBytes.withUnsafeBufferPointer { edgeBytes in
                        edgeTargets.withUnsafeBufferPointer { edgeTargets in
                            dense.withUnsafeBufferPointer { dense in
                                failure.withUnsafeBufferPointer { failure in
                                    outputStart.withUnsafeBufferPointer { outputStart in
                                        var node: Int32 = 0
                                        var index = 0
                                        let count = input.count
                                        while index < count {
                                            if node == 0 {
                                                // At the root most characters start nothing: skip them
                                                // a character at a time. Letters and digits inside a
                                                // word cannot start an ASCII pattern, which must stand
                                                // alone as a word.
                                                startTriples.withUnsafeBufferPointer { triples in
                                                    startCharacters.withUnsafeBufferPointer { characters in
                                                        startLeadBytes.withUnsafeBufferPointer { leadBytes in
                                                            while index + 2 < count {
                                                                let first = input[index]
                                                                if first < 0x80 {
                                                                    if index == 0 || !ScanText.isASCIIAlphanumeric(first) || !ScanText.isASCIIAlphanumeric(input[index - 1]) {
                                                                        let hash = Self.tripleHash(Self.fold(first), Self.fold(input[index + 1]), Self.fold(input[index + 2]))
                                                                        if triples[hash >> 6] & (1 << UInt64(hash & 63)) != 0 { break }
                                                                    }
                                                                    index += 1
                                                                } else if first >= 0xE0, first < 0xF0 {
                                                                    let point = Self.codePoint(first, input[index + 1], input[index + 2])
                                                                    if characters[point >> 6] & (1 << UInt64(point & 63)) != 0 { break }
                                                                    index += 3
                                                                } else {
                                                                    if leadBytes[Int(first)] { break }
                                                                    index += 1
                                                                }
                                                            }
                                                        }
                                                    }
                                                }
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
                                                    found.append(Match(pattern: pattern, range: start..<(index + 1)))
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
        return found
    }

    private static func set(_ bits: inout [UInt64], _ hash: Int) {
        bits[hash >> 6] |= 1 << UInt64(hash & 63)
    }

    /// A 16-bit hash of three bytes.
    @inline(__always)
    private static func tripleHash(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Int {
        let packed = UInt32(first) << 16 | UInt32(second) << 8 | UInt32(third)
        return Int((packed &* 0x9E37_79B1) >> 16)
    }

    /// The code point of a three-byte UTF-8 character (a 16-bit number).
    @inline(__always)
    private static func codePoint(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Int {
        Int(first & 0x0F) << 12 | Int(second & 0x3F) << 6 | Int(third & 0x3F)
    }

    @inline(__always)
    private static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
