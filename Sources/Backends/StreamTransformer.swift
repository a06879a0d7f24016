import Foundation
import NIOCore
import Wire

/// Turns a backend's streamed body into the OpenAI SSE bytes the app receives.
enum StreamTransformer: Sendable {
    case openAI(OpenAIStreamRewriter)
    case anthropic(AnthropicStreamAdapter)

    /// Output bytes for one input chunk (possibly empty while an event is incomplete).
    mutating func transform(_ chunk: ByteBuffer) throws(StreamFormatError) -> ByteBuffer {
        switch self {
        case .openAI(var rewriter):
            defer { self = .openAI(rewriter) }
            return try rewriter.transform(chunk)
        case .anthropic(var adapter):
            defer { self = .anthropic(adapter) }
            return try adapter.transform(chunk)
        }
    }

    /// Whether the stream's terminal event was seen.
    var finished: Bool {
        switch self {
        case .openAI(let rewriter): rewriter.finished
        case .anthropic(let adapter): adapter.finished
        }
    }

    /// The usage reported so far.
    var usage: TokenUsage? {
        switch self {
        case .openAI(let rewriter): rewriter.usage
        case .anthropic(let adapter): adapter.usage
        }
    }
}

/// A streamed body that is not a valid event stream of the expected protocol.
struct StreamFormatError: Error, Sendable {
    var message: String
}

/// Relays an OpenAI-compatible event stream, setting each chunk's `model` to the alias and
/// noting `usage`. A chunk that carries only usage (no choices) is kept from an app that did not
/// ask for it, which happens when the gateway asked the backend for usage on its own behalf.
struct OpenAIStreamRewriter: Sendable {
    private var parser: ServerSentEventParser
    private let alias: String
    private let forwardsUsageChunk: Bool
    private(set) var finished = false
    private(set) var usage: TokenUsage?

    init(alias: String, forwardsUsageChunk: Bool, maximumEventBytes: Int) {
        self.alias = alias
        self.forwardsUsageChunk = forwardsUsageChunk
        parser = ServerSentEventParser(maximumEventBytes: maximumEventBytes)
    }

    mutating func transform(_ chunk: ByteBuffer) throws(StreamFormatError) -> ByteBuffer {
        let events: [ServerSentEvent]
        do {
            events = try chunk.withReadableBytes { bytes throws(ServerSentEventParserError) in try parser.feed(bytes) }
        } catch {
            throw StreamFormatError(message: error.description)
        }
        var output = ByteBuffer()
        for var event in events {
            if event.isDoneSentinel {
                finished = true
                output.writeBytes(event.encoded)
                continue
            }
            do {
                let result = try event.data.withBytes { bytes throws(JSONSyntaxError) in
                    try ResponseModelRewriter.rewrite(bytes, alias: alias)
                }
                if let found = result.usage { usage = found }
                if result.isUsageOnly, !forwardsUsageChunk { continue }
                event.data = result.bytes
            } catch {
                throw StreamFormatError(message: "the backend sent a stream chunk that is not a JSON object: \(error)")
            }
            output.writeBytes(event.encoded)
        }
        return output
    }
}

/// Relays an Anthropic Messages event stream as OpenAI chat.completion.chunk events.
struct AnthropicStreamAdapter: Sendable {
    private var parser: ServerSentEventParser
    private var translator: AnthropicStreamTranslator
    private(set) var finished = false

    init(alias: String, includeUsage: Bool, maximumEventBytes: Int) {
        parser = ServerSentEventParser(maximumEventBytes: maximumEventBytes)
        translator = AnthropicStreamTranslator(alias: alias, created: Int(Date().timeIntervalSince1970), includeUsage: includeUsage)
    }

    var usage: TokenUsage? {
        guard translator.promptTokens != nil || translator.completionTokens != nil else { return nil }
        return TokenUsage(promptTokens: translator.promptTokens ?? 0, completionTokens: translator.completionTokens ?? 0)
    }

    mutating func transform(_ chunk: ByteBuffer) throws(StreamFormatError) -> ByteBuffer {
        let events: [ServerSentEvent]
        do {
            events = try chunk.withReadableBytes { bytes throws(ServerSentEventParserError) in try parser.feed(bytes) }
        } catch {
            throw StreamFormatError(message: error.description)
        }
        var output = ByteBuffer()
        for event in events {
            let payloads: [Data]
            do {
                payloads = try translator.translate(event: event.event, data: Data(event.data))
            } catch {
                throw StreamFormatError(message: error.message)
            }
            for payload in payloads {
                output.writeBytes(ServerSentEvent(data: Array(payload)).encoded)
            }
            if translator.finished, !finished {
                finished = true
                output.writeBytes(ServerSentEvent(data: Array("[DONE]".utf8)).encoded)
            }
        }
        return output
    }
}
