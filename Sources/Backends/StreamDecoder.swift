import Config
import Foundation
import NIOCore
import Wire

/// Reads a backend's streamed body into OpenAI `chat.completion.chunk` events: the SSE framing
/// is parsed here, once, and an Anthropic stream is translated. The events' JSON is left as
/// the backend sent it (the gateway's response filters rewrite it).
struct StreamDecoder: Sendable {
    private var parser: ServerSentEventParser
    /// Set for an Anthropic backend.
    private var translator: AnthropicStreamTranslator?
    private var sawDone = false

    /// A decoder for a backend of `kind`; an Anthropic stream's chunks carry `alias` as their model.
    init(kind: BackendKind, alias: String, maximumEventBytes: Int) {
        parser = ServerSentEventParser(maximumEventBytes: maximumEventBytes)
        if kind == .anthropic {
            // Usage is always asked of the translator: the gateway counts it, and keeps the usage
            // chunk from an app that did not ask for it, as for OpenAI backends.
            translator = AnthropicStreamTranslator(alias: alias, created: Int(Date().timeIntervalSince1970), includeUsage: true)
        }
    }

    /// The events one chunk of the body completes (none while an event is incomplete).
    mutating func decode(_ chunk: ByteBuffer) throws(StreamFormatError) -> [ServerSentEvent] {
        let events: [ServerSentEvent]
        do {
            events = try chunk.withReadableBytes { bytes throws(ServerSentEventParserError) in try parser.feed(bytes) }
        } catch {
            throw StreamFormatError(message: error.description)
        }
        guard translator != nil else {
            if !sawDone, events.contains(where: \.isDoneSentinel) { sawDone = true }
            return events
        }
        var output: [ServerSentEvent] = []
        for event in events {
            let wasFinished = translator!.finished
            do {
                for payload in try translator!.translate(event: event.event, data: Data(event.data)) {
                    output.append(ServerSentEvent(data: Array(payload)))
                }
            } catch {
                throw StreamFormatError(message: error.message)
            }
            if translator!.finished, !wasFinished { output.append(ServerSentEvent(data: Array("[DONE]".utf8))) }
        }
        return output
    }

    /// Whether the stream's terminal event was seen.
    var finished: Bool { translator?.finished ?? sawDone }
}

/// A streamed body that is not a valid event stream of the expected protocol.
struct StreamFormatError: Error, Sendable {
    var message: String
}
