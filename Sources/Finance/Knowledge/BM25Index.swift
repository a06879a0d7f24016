import Foundation

/// A BM25 index over passages (k1 = 1.2, b = 0.75), with terms from ``SearchTokenizer``.
public struct BM25Index: Sendable {
    /// The passages, in the order they were added.
    public let chunks: [DocumentChunk]
    private let postings: [String: [(chunk: Int32, frequency: Int32)]]
    private let lengths: [Int32]
    private let averageLength: Double

    private static let k1 = 1.2
    private static let b = 0.75

    /// Indexes `chunks` (their title and section count as text too).
    public init(_ chunks: [DocumentChunk]) {
        self.chunks = chunks
        var postings: [String: [(chunk: Int32, frequency: Int32)]] = [:]
        var lengths: [Int32] = []
        lengths.reserveCapacity(chunks.count)
        for (index, chunk) in chunks.enumerated() {
            let terms = SearchTokenizer.terms(chunk.section + "\n" + chunk.text)
            lengths.append(Int32(terms.count))
            var counts: [String: Int32] = [:]
            for term in terms { counts[term, default: 0] += 1 }
            for (term, count) in counts { postings[term, default: []].append((Int32(index), count)) }
        }
        self.postings = postings
        self.lengths = lengths
        averageLength = lengths.isEmpty ? 1 : max(1, Double(lengths.reduce(0) { $0 + Int($1) }) / Double(lengths.count))
    }

    /// A search hit.
    public struct Hit: Sendable {
        /// The passage.
        public var chunk: DocumentChunk
        /// Its BM25 score.
        public var score: Double
    }

    /// The best `limit` passages for `query`, highest score first (ties in index order).
    public func search(_ query: String, limit: Int) -> [Hit] {
        let terms = Set(SearchTokenizer.terms(query))
        guard !terms.isEmpty, !chunks.isEmpty else { return [] }
        var scores: [Int32: Double] = [:]
        let count = Double(chunks.count)
        for term in terms {
            guard let list = postings[term] else { continue }
            let documentFrequency = Double(list.count)
            let idf = log(1 + (count - documentFrequency + 0.5) / (documentFrequency + 0.5))
            for (chunk, frequency) in list {
                let tf = Double(frequency)
                let norm = Self.k1 * (1 - Self.b + Self.b * Double(lengths[Int(chunk)]) / averageLength)
                scores[chunk, default: 0] += idf * tf * (Self.k1 + 1) / (tf + norm)
            }
        }
        return scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(max(0, limit)).map { Hit(chunk: chunks[Int($0.key)], score: $0.value) }
    }
}
