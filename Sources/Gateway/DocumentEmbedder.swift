import Backends
import Config
import Finance
import NIOCore
import Wire

/// The embedder for document reranking: sends passages to an embedding model alias through the
/// gateway's own dispatcher, in the private zone only — the institution's documents never leave
/// the house for a reranking.
enum DocumentEmbedder {
    /// The embedder for `alias`; fails when any of its backends is outside the private zone.
    static func make(alias: String, config: SwitchboardConfig, dispatcher: any Upstream) throws(GatewayStartupError) -> TextEmbedder {
        guard let model = config.model(alias: alias) else {
            throw GatewayStartupError(message: "knowledge.rerank.model '\(alias)' is not a model alias")
        }
        for target in model.targets where config.backend(named: target.backend)?.zone != .private {
            throw GatewayStartupError(
                message: "knowledge.rerank.model '\(alias)' can use the backend '\(target.backend)', which is not in the private zone; documents may only be embedded in the house")
        }
        return { texts in
            var body: [UInt8] = Array(#"{"model":"#.utf8)
            JSONStringLiteral.append(alias, to: &body)
            body += Array(#","input":"#.utf8)
            body += JSONValue.array(texts.map(JSONValue.string)).encoded
            body.append(UInt8(ascii: "}"))
            let range = try body.withUnsafeBytes { try JSONObjectScanner.scanDocument($0) }.member("model")!.valueRange
            var request = UpstreamRequest(
                operation: .embeddings, alias: alias, body: ByteBuffer(bytes: body), modelValueRange: range, stream: false, includeUsage: false)
            request.allowedZones = [.private]
            request.zoneReason = "document reranking stays in the house"
            let dispatched = try await dispatcher.dispatch(request, model: model)
            guard case .complete(let answer) = dispatched.answer,
                let items = answer.withUnsafeReadableBytes({ try? JSONValue.parse($0) })?["data"]?.arrayValue
            else { throw EmbeddingAnswerError(description: "the embedding model's answer has no data array") }
            let ordered = items.sorted { ($0["index"]?.intValue ?? 0) < ($1["index"]?.intValue ?? 0) }
            return ordered.map { item in
                (item["embedding"]?.arrayValue ?? []).map { value -> Double in
                    if case .number(let literal) = value { return Double(literal) ?? 0 }
                    return 0
                }
            }
        }
    }
}

/// An embedding model's answer that cannot be read.
struct EmbeddingAnswerError: Error, CustomStringConvertible {
    var description: String
}
