import NIOCore
import Wire

/// The request body of the next model call in a tool-calling loop: the conversation so far
/// plus the model's turn and the tool messages that answer it.
enum ConversationBody {
    /// `body` with `assistant` and `toolMessages` appended to `messages`; with `forceAnswer`,
    /// `tool_choice` is `none` so that the model must answer in text.
    static func appending(_ body: ByteBuffer, assistant: JSONValue, toolMessages: [JSONValue], forceAnswer: Bool) throws(APIError) -> ByteBuffer {
        guard var members = body.withUnsafeReadableBytes({ try? JSONValue.parse($0) })?.objectValue else {
            throw APIError(status: 500, type: "api_error", code: "internal_error", message: "The conversation could not be continued: its body is not a JSON object.")
        }
        members["messages"] = .array((members["messages"]?.arrayValue ?? []) + [assistant] + toolMessages)
        if forceAnswer { members["tool_choice"] = .string("none") }
        return ByteBuffer(bytes: JSONValue.object(members).encoded)
    }
}
