/// A Chat Completions `finish_reason` in the other front doors' terms.
public enum ChatFinishReason {
    /// The Messages `stop_reason`.
    public static func anthropicStopReason(_ finishReason: String?) -> String {
        switch finishReason {
        case "length": "max_tokens"
        case "tool_calls", "function_call": "tool_use"
        case "content_filter": "refusal"
        default: "end_turn"
        }
    }

    /// The Responses `incomplete_details.reason`, or nil when the answer is complete.
    public static func responsesIncompleteReason(_ finishReason: String?) -> String? {
        switch finishReason {
        case "length": "max_output_tokens"
        case "content_filter": "content_filter"
        default: nil
        }
    }
}
