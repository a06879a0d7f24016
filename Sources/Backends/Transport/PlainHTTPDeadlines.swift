import NIOCore

/// The two deadlines of one exchange: by `head` the answer's head must have arrived (a stream's
/// `timeouts.first_byte`; never, for a complete answer, whose `whole` deadline covers it), and by
/// `whole` the whole answer.
struct PlainHTTPDeadlines: Sendable {
    /// When the answer's head must have arrived.
    var head: NIODeadline
    /// When the whole answer must have arrived.
    var whole: NIODeadline

    /// The deadline that comes first while the head is awaited.
    var first: NIODeadline { min(head, whole) }

    /// The error for a deadline that has passed by now, if one has: the head's while it is
    /// awaited, then the whole answer's.
    func passed(awaitingHead: Bool, now: NIODeadline = .now()) -> TransportError? {
        if awaitingHead, head <= now, head <= whole { return .headTimeout }
        return whole <= now ? .deadlineExceeded : nil
    }
}
