/// The script that drives the fake provider: rules tried in order against each request.
struct FakeScript: Codable, Sendable {
    var rules: [FakeRule] = []
    /// The load published at `GET /metrics` in vLLM's format; nil serves 404 there.
    var load: FakeLoad?
}

/// A load as vLLM publishes it.
struct FakeLoad: Codable, Sendable {
    /// `vllm:num_requests_waiting`.
    var waiting: Double
    /// `vllm:num_requests_running`.
    var running: Double
    /// `vllm:kv_cache_usage_perc`, a fraction.
    var kvCache: Double?
}

/// One scripted behaviour.
struct FakeRule: Codable, Sendable {
    /// A substring the last user message must contain; nil matches every request.
    var match: String?
    /// `tool_result` matches only when the last message is a tool result, `user` only when it
    /// is not; nil matches both.
    var when: String?
    /// How many times the rule may be used; nil for always.
    var times: Int?
    /// What to answer.
    var reply: FakeReply?
    /// How many content pieces a streamed answer is cut into.
    var chunks: Int?
    /// Delay before the response head, in milliseconds.
    var delayMs: Int?
    /// Delay between streamed chunks, in milliseconds.
    var chunkDelayMs: Int?
    /// `status`, `stall`, `cut` or `malformed`.
    var fault: String?
    /// The HTTP status of a `status` fault.
    var status: Int?
    /// `Retry-After` seconds sent with a `status` fault.
    var retryAfter: Int?
    /// The error message of a `status` fault.
    var errorMessage: String?
    /// How many chunks are sent before a streamed `stall`, `cut` or `malformed` fault.
    var faultAfterChunks: Int?
}

/// The answer a rule gives.
struct FakeReply: Codable, Sendable {
    /// Text; `{{echo}}` is replaced by the last user message, `{{tool_results}}` by the tool
    /// messages after the last assistant message (joined with newlines).
    var content: String?
    /// Tool calls the model "makes".
    var toolCalls: [FakeToolCall]?
    /// The finish reason; defaults to `stop`, or `tool_calls` when there are tool calls.
    var finishReason: String?
}

/// A scripted tool call.
struct FakeToolCall: Codable, Sendable {
    var id: String?
    var name: String
    var arguments: String
}
