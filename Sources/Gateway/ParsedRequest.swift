/// What the gateway reads from a request body; everything else stays as bytes.
public struct ParsedRequest: Sendable, Equatable {
    /// The `model` the app asked for (an alias).
    public var alias: String
    /// Where the `model` value sits in the body.
    public var modelValueRange: Range<Int>
    /// `stream: true`.
    public var stream: Bool
    /// `stream_options.include_usage: true`.
    public var includeUsage: Bool
    /// The most completion tokens the app allows (`max_completion_tokens` or `max_tokens`).
    public var maxTokens: Int?

    /// Creates a parsed request.
    public init(alias: String, modelValueRange: Range<Int>, stream: Bool, includeUsage: Bool, maxTokens: Int? = nil) {
        self.alias = alias
        self.modelValueRange = modelValueRange
        self.stream = stream
        self.includeUsage = includeUsage
        self.maxTokens = maxTokens
    }
}
