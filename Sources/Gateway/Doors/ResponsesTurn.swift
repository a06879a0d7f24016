import Privacy
import Wire

/// A Responses API request on its way through the pipeline: the request as read, the response
/// object it will answer with, and what it continues.
public struct ResponsesTurn: Sendable {
    /// The request as read.
    public var request: ResponsesRequest
    /// The response being made (its id and what it repeats from the request).
    public var object: ResponsesObject
    /// The conversation of the response it continues (Chat messages), empty for a first turn.
    public var history: [JSONValue]
    /// The level of the conversation it continues, which this exchange inherits.
    public var inheritedLevel: DataLevel?

    /// The conversation a follow-up continues from: the history, this input, and the answer.
    func conversation(answer: JSONValue) -> [JSONValue] {
        history + request.inputMessages + [answer]
    }
}
