import NIOCore
import Wire

/// The last answer filter when the audit trail keeps content: copies what the app receives
/// (up to ``maximumBytes``) into the exchange for its audit record.
struct TranscriptTapFilter: ResponseFilter {
    /// The most of an answer kept for the audit trail.
    static let maximumBytes = 4 << 20
    let streamed: Bool

    mutating func filter(_ event: ResponseEvent, exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) {
        Self.keep(event, streamed: streamed, in: &exchange)
        output.append(event)
    }

    /// Appends `event` as the app receives it to the exchange's transcript, within the cap.
    static func keep(_ event: ResponseEvent, streamed: Bool, in exchange: inout Exchange) {
        var transcript = exchange.responseBody ?? ByteBuffer()
        exchange.responseBody = nil
        guard transcript.readableBytes < maximumBytes else {
            exchange.responseBody = transcript
            return
        }
        switch (event, streamed) {
        case (.completion(let body), false): transcript.writeImmutableBuffer(body)
        case (.failure(let error), false): transcript.writeBytes(error.body)
        default: event.writeStreamed(to: &transcript)
        }
        exchange.responseBody = transcript
    }
}

/// Adds the ``TranscriptTapFilter`` when the audit trail keeps the content of answers.
struct TranscriptTapFilterFactory: ResponseFilterFactory {
    let retainsContent: Bool

    func makeFilter(for exchange: Exchange) -> (any ResponseFilter)? {
        guard retainsContent else { return nil }
        return TranscriptTapFilter(streamed: exchange.request?.stream ?? false)
    }
}
