import Foundation

/// Maps Anthropic `stop_reason` values to OpenAI `finish_reason` values.
enum AnthropicStopReason {
    /// The OpenAI `finish_reason` for an Anthropic `stop_reason`; nil when there is none yet.
    static func finishReason(for stopReason: String?) -> String? {
        switch stopReason {
        case nil: return nil
        case "end_turn", "stop_sequence", "pause_turn": return "stop"
        case "max_tokens", "model_context_window_exceeded": return "length"
        case "tool_use": return "tool_calls"
        case "refusal": return "content_filter"
        default: return "stop"
        }
    }
}
