import Backends
import Wire

/// One step of the response side of an exchange, in the manner of an Envoy encoder filter:
/// it sees each event of the answer on its way to the app and passes on what the app should
/// get: the event unchanged, the event rewritten, nothing (held back, or withheld), or more
/// events. The same filter serves a JSON answer (one ``ResponseEvent/completion(_:)``) and a
/// stream (chunks, then ``ResponseEvent/done``).
///
/// A filter is made per exchange (or per model call, for the turn filters) by its
/// ``ResponseFilterFactory``, so it may keep state between events. A filter that throws ends
/// the answer with that error: the app gets it as the error response, or as an error event
/// after what was already streamed.
public protocol ResponseFilter: Sendable {
    /// Takes one event and appends to `output` the events to pass on. A
    /// ``ResponseEvent/failure(_:)`` is shown to every filter (a tap records it) but goes on
    /// unchanged whatever the filter appends.
    mutating func filter(_ event: ResponseEvent, exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError)

    /// The answer (for a turn filter, the model call) has ended: appends what was held back.
    /// Returns ``ResponseFilterEnd/continues`` when another model call carries the answer on.
    mutating func end(exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) -> ResponseFilterEnd

    /// After ``end(exchange:into:)`` returned ``ResponseFilterEnd/continues``, and what it
    /// passed on has reached the app: makes the next model call, appending any events to send
    /// first, and returns its answer, which runs through the turn filters and then this one.
    mutating func nextTurn(exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) -> UpstreamAnswer
}

/// How an answer goes on after a filter's end.
public enum ResponseFilterEnd: Sendable, Equatable {
    /// The answer is over for this filter.
    case ended
    /// Another model call continues the answer (a tool-calling loop's next step).
    case continues
}

extension ResponseFilter {
    /// Holds nothing back, and the answer ends.
    public mutating func end(exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) -> ResponseFilterEnd {
        .ended
    }

    /// A filter that never continues an answer has no next turn.
    public mutating func nextTurn(exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) -> UpstreamAnswer {
        throw APIError(status: 500, type: "api_error", code: "internal_error", message: "A response filter that does not continue answers was asked for a next turn.")
    }
}

/// Makes a filter for each exchange it has work in.
public protocol ResponseFilterFactory: Sendable {
    /// The filter for `exchange`, or nil when it has nothing to do there. Turn filters are
    /// asked after each model call has been dispatched; answer filters once, after the first.
    func makeFilter(for exchange: Exchange) -> (any ResponseFilter)?
}
