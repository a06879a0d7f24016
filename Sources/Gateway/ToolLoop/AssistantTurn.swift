import NIOCore
import Wire

/// One answer of the model inside a tool-calling loop: its text, the tool calls it made, why
/// it stopped, and the usage it reported.
public struct AssistantTurn: Sendable, Equatable {
    /// The text, if any.
    public var content: String?
    /// The tool calls, in order.
    public var toolCalls: [ToolCall]
    /// The finish reason the backend gave.
    public var finishReason: String?

    /// Creates a turn.
    public init(content: String?, toolCalls: [ToolCall], finishReason: String?) {
        self.content = content
        self.toolCalls = toolCalls
        self.finishReason = finishReason
    }

    /// Reads the first choice of an OpenAI chat completion body.
    public init(completionBody body: ByteBuffer) throws(APIError) {
        let value = try body.withReadableBytes { bytes throws(APIError) in
            do throws(JSONSyntaxError) {
                return try JSONValue.parse(bytes)
            } catch {
                throw APIError(status: 502, type: "api_error", code: "upstream_malformed", message: "The model's answer is not valid JSON: \(error.description).")
            }
        }
        guard let choice = value["choices"]?.arrayValue?.first, let message = choice["message"] else {
            throw APIError(status: 502, type: "api_error", code: "upstream_malformed", message: "The model's answer has no choices[0].message.")
        }
        content = message["content"]?.stringValue
        let calls: [JSONValue] = message["tool_calls"]?.arrayValue ?? []
        toolCalls = calls.enumerated().map { index, call in
            let function: JSONValue? = call["function"]
            let id: String = call["id"]?.stringValue ?? "call_\(index + 1)"
            return ToolCall(id: id, name: function?["name"]?.stringValue ?? "", arguments: function?["arguments"]?.stringValue ?? "")
        }
        finishReason = choice["finish_reason"]?.stringValue
    }

    /// The turn as the assistant message that goes back into the conversation.
    public var message: JSONValue {
        var members: [String: JSONValue] = ["role": .string("assistant"), "content": content.map(JSONValue.string) ?? .null]
        if !toolCalls.isEmpty { members["tool_calls"] = .array(toolCalls.map(\.json)) }
        return .object(members)
    }

    /// `body` (a chat completion) with its first choice's tool calls narrowed to `kept`.
    public static func completion(_ body: ByteBuffer, keepingOnly kept: [ToolCall]) -> ByteBuffer {
        guard let value = body.withUnsafeReadableBytes({ try? JSONValue.parse($0) }), var members = value.objectValue,
            var choices = members["choices"]?.arrayValue, !choices.isEmpty, var choice = choices[0].objectValue,
            var message = choice["message"]?.objectValue
        else { return body }
        message["tool_calls"] = .array(kept.map(\.json))
        choice["message"] = .object(message)
        choices[0] = .object(choice)
        members["choices"] = .array(choices)
        return ByteBuffer(bytes: JSONValue.object(members).encoded)
    }
}
