import Audit
import Wire

/// A tool call after the gateway handled it: the tool message for the model and the audit entry.
public struct ExecutedToolCall: Sendable {
    /// The call as the model made it.
    public var call: ToolCall
    /// The content of the tool message (framed as data).
    public var content: String
    /// The audit trail's entry.
    public var audit: AuditToolCall

    /// The OpenAI tool message.
    public var message: JSONValue {
        .object(["role": .string("tool"), "tool_call_id": .string(call.id), "content": .string(content)])
    }
}
