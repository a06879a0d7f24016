/// Turns texts into embedding vectors (one per text, in order); provided by the gateway, which
/// sends them to an embedding model inside the house.
public typealias TextEmbedder = @Sendable ([String]) async throws -> [[Double]]

/// Reorders search hits by the cosine similarity of their embeddings to the query's.
enum EmbeddingRerank {
    /// `hits` reordered by similarity to `query`, each with its similarity; throws when the embedder fails.
    static func rerank(_ hits: [BM25Index.Hit], query: String, embedder: TextEmbedder) async throws -> [(hit: BM25Index.Hit, similarity: Double)] {
        guard !hits.isEmpty else { return [] }
        let vectors = try await embedder([query] + hits.map(\.chunk.text))
        guard vectors.count == hits.count + 1 else { throw RerankError(description: "the embedding model returned \(vectors.count) vectors for \(hits.count + 1) texts") }
        let query = vectors[0]
        return zip(hits, vectors.dropFirst()).map { ($0, cosine(query, $1)) }.sorted { $0.similarity > $1.similarity }
    }

    static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var dot = 0.0
        var normA = 0.0
        var normB = 0.0
        for index in a.indices {
            dot += a[index] * b[index]
            normA += a[index] * a[index]
            normB += b[index] * b[index]
        }
        return normA == 0 || normB == 0 ? 0 : dot / (normA.squareRoot() * normB.squareRoot())
    }
}

/// An embedding answer that does not fit.
struct RerankError: Error, CustomStringConvertible {
    var description: String
}
