/// The Responses API's stored responses (`store: true`).
public struct ResponsesConfig: Sendable, Equatable {
    /// How long a stored response can be read and continued from.
    public var keepFor: Duration = .seconds(30 * 86_400)
    /// The base64 AES-256 key stored responses are encrypted with; when nil, `audit.content_key`,
    /// else a key the gateway generates and keeps in the store.
    public var contentKey: String?

    /// Kept for 30 days, under `audit.content_key` or a generated key.
    public static let defaults = ResponsesConfig()

    /// Creates the defaults.
    public init() {}
}
