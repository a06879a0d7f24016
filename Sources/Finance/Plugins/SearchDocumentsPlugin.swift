import Foundation
import Plugins
import Wire

/// `search_documents`: the passages of the institution's documents that best answer a question,
/// with document and section citations.
public struct SearchDocumentsPlugin: Plugin {
    let knowledge: KnowledgeBase

    /// Creates the plugin over a knowledge base.
    public init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
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
        let hits = knowledge.index.search(query, limit: arguments["limit"]?.intValue ?? 5)
        let results: [JSONValue] = hits.map { hit in
            .object([
                "document": .string(hit.chunk.document), "title": .string(hit.chunk.title), "section": .string(hit.chunk.section),
                "citation": .string(hit.chunk.citation), "text": .string(hit.chunk.text), "score": .number(String(format: "%.3f", hit.score)),
            ])
        }
        return PluginResult(
            content: .object(["query": .string(query), "results": .array(results)]), provenance: Provenance(source: knowledge.source, asOf: Date()))
    }
}
