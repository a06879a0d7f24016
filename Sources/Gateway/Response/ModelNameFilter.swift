import NIOCore
import Pool
import Wire

/// A turn filter for answers from a backend: sets `model` to the alias the app asked for,
/// counts the usage the backend reports, and keeps a stream's usage-only chunk from an app
/// that did not ask for usage (the gateway asks backends for it on its own behalf).
struct ModelNameFilter: ResponseFilter {
    /// The alias as a JSON string literal, made once for every event.
    private let aliasLiteral: [UInt8]
    let forwardsUsageChunk: Bool
    /// Whether the backend was not asked for stream usage, so the relayed text is counted instead.
    let countsRelayedText: Bool
    private var reported: TokenUsage?
    private var relayedTokens = 0
    private var recorded = false

    init(alias: String, forwardsUsageChunk: Bool, countsRelayedText: Bool) {
        aliasLiteral = JSONStringLiteral.bytes(alias)
        self.forwardsUsageChunk = forwardsUsageChunk
        self.countsRelayedText = countsRelayedText
    }

    mutating func filter(_ event: ResponseEvent, exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) {
        switch event {
        case .completion(let body):
            let result: ResponseModelRewriter.Result<ByteBuffer>
            do {
                // A turn filter sees a backend's complete answer as it came, which the backend's
                // side already checked to be a JSON object (``UpstreamAnswer/complete(_:)``).
                result = try ResponseModelRewriter.rewrite(body, aliasLiteral: aliasLiteral, validated: true)
            } catch {
                throw Self.malformed(error)
            }
            exchange.addUsage(result.usage)
            exchange.recordModelCall(
                reported: result.usage,
                relayedCompletionTokens: result.usage == nil ? result.bytes.withReadableBytes { Self.completionTokens(in: $0, part: "message") } : nil)
            output.append(.completion(result.bytes))
        case .chunk(var chunk):
            let result: ResponseModelRewriter.Result<[UInt8]>
            do {
                result = try chunk.data.withBytes { bytes throws(JSONSyntaxError) in try ResponseModelRewriter.rewrite(bytes, aliasLiteral: aliasLiteral) }
            } catch {
                throw Self.malformed(error)
            }
            exchange.addUsage(result.usage)
            if let usage = result.usage {
                reported = TokenUsage(
                    promptTokens: (reported?.promptTokens ?? 0) + usage.promptTokens, completionTokens: (reported?.completionTokens ?? 0) + usage.completionTokens)
            } else if countsRelayedText {
                relayedTokens += result.bytes.withUnsafeBytes { Self.completionTokens(in: $0, part: "delta") }
            }
            if result.isUsageOnly, !forwardsUsageChunk { return }
            chunk.data = result.bytes
            output.append(.chunk(chunk))
        case .done, .failure:
            if !recorded {
                recorded = true
                exchange.recordModelCall(reported: reported, relayedCompletionTokens: countsRelayedText ? relayedTokens : nil)
            }
            output.append(event)
        }
    }

    /// The estimated tokens of the text in each choice's `part` (`message` of a completion,
    /// `delta` of a stream chunk): its content and tool-call names and arguments.
    private static func completionTokens(in bytes: UnsafeRawBufferPointer, part: String) -> Int {
        guard let choices = (try? JSONValue.parse(bytes))?["choices"]?.arrayValue else { return 0 }
        return choices.reduce(0) { total, choice in total + textTokens(choice[part]) }
    }

    private static func textTokens(_ message: JSONValue?) -> Int {
        var tokens = TokenEstimate.tokens(utf8: (message?["content"]?.stringValue ?? "").utf8)
        for call in message?["tool_calls"]?.arrayValue ?? [] {
            tokens += TokenEstimate.tokens(utf8: (call["function"]?["arguments"]?.stringValue ?? "").utf8)
            tokens += TokenEstimate.tokens(utf8: (call["function"]?["name"]?.stringValue ?? "").utf8)
        }
        return tokens
    }

    private static func malformed(_ error: JSONSyntaxError) -> APIError {
        APIError(status: 502, type: "api_error", code: "upstream_malformed", message: "The backend sent an answer that is not a JSON object (\(error)).")
    }
}

/// Adds a ``ModelNameFilter`` to every answer that came from a backend.
struct ModelNameFilterFactory: ResponseFilterFactory {
    /// The backends not asked for stream usage (`stream_usage: false`).
    let withoutStreamUsage: Set<String>

    func makeFilter(for exchange: Exchange) -> (any ResponseFilter)? {
        guard let servedBy = exchange.servedBy, let request = exchange.request else { return nil }
        let counts = request.stream && !request.includeUsage && withoutStreamUsage.contains(servedBy.name)
        return ModelNameFilter(alias: request.alias, forwardsUsageChunk: request.includeUsage, countsRelayedText: counts)
    }
}
