import Foundation
import Plugins
import Wire

/// `search_documents`: the passages of the institution's documents that best answer a question,
/// with document and section citations; the best BM25 passages are reranked by embedding
/// similarity when an embedder is configured.
public struct SearchDocumentsPlugin: Plugin {
    let knowledge: KnowledgeBase
    let embedder: TextEmbedder?
    let candidates: Int

    /// Creates the plugin over a knowledge base, reranking `candidates` passages with `embedder` when given.
    public init(knowledge: KnowledgeBase, embedder: TextEmbedder? = nil, candidates: Int = 20) {
        self.knowledge = knowledge
        self.embedder = embedder
        self.candidates = candidates
    }

    public let definition = PluginDefinition(
        name: "search_documents",
        description: """
            Searches the institution's documents (product terms, rules summaries, policies, FAQs) in Chinese or English \
            and returns the best passages with their document and section. Use it for any question about product terms, \
            fees, rules or policies, and cite the passages you use as [document § section].
            """,
        parameters: .object([
            "type": .string("object"),
            "properties": .object([
                "query": .object(["type": .string("string"), "minLength": .integer(1), "maxLength": .integer(500)]),
                "limit": .object(["type": .string("integer"), "minimum": .integer(1), "maximum": .integer(10), "description": .string("Passages to return (default 5)")]),
            ]),
            "required": .array([.string("query")]),
            "additionalProperties": .bool(false),
        ]),
        effect: .read)

    public func invoke(_ arguments: JSONValue, context: PluginContext) async throws(PluginError) -> PluginResult {
        let query = arguments["query"]?.stringValue ?? ""
        let limit = arguments["limit"]?.intValue ?? 5
        var ranked: [(hit: BM25Index.Hit, similarity: Double?)] = knowledge.index.search(query, limit: limit).map { ($0, nil) }
        var content: [String: JSONValue] = ["query": .string(query)]
        var source = knowledge.source
        if let embedder {
            let candidates = knowledge.index.search(query, limit: max(limit, self.candidates))
            do {
                ranked = try await EmbeddingRerank.rerank(candidates, query: query, embedder: embedder).prefix(limit).map { ($0.hit, $0.similarity) }
                source += ", reranked by embedding similarity"
            } catch {
                content["rerank"] = .string("unavailable (\(error)); results are in BM25 order")
            }
        }
        content["results"] = .array(ranked.map { hit, similarity in
            var members: [String: JSONValue] = [
                "document": .string(hit.chunk.document), "title": .string(hit.chunk.title), "section": .string(hit.chunk.section),
                "citation": .string(hit.chunk.citation), "text": .string(hit.chunk.text), "score": .number(String(format: "%.3f", hit.score)),
            ]
            if let similarity { members["similarity"] = .number(String(format: "%.4f", similarity)) }
            return .object(members)
        })
        return PluginResult(content: .object(content), provenance: Provenance(source: source, asOf: Date()))
    }
}
