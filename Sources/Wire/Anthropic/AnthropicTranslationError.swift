import Foundation

/// A request or response that cannot be expressed in the other protocol.
public struct AnthropicTranslationError: Error, Sendable, Equatable {
    /// A human-readable explanation, suitable for an OpenAI-style error `message`.
    public let message: String
    /// The offending request parameter (for example `messages[2].tool_calls[0].function.arguments`), if any.
    public let param: String?

    /// Creates an error with a message and, optionally, the parameter it concerns.
    public init(message: String, param: String? = nil) {
        self.message = message
        self.param = param
    }
}
