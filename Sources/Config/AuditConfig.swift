import Foundation

/// What the audit trail keeps of each exchange's content.
public enum ContentRetention: String, Sendable, Equatable, CaseIterable {
    /// Nothing but the metadata.
    case none
    /// The request and response bodies, AES-256-GCM encrypted with `content_key`.
    case encrypted
    /// The request and response with every sensitive value found replaced by its pseudonym,
    /// kept readable.
    case masked
}

/// How the end user an app names (`X-Switchboard-User`) is recorded.
public enum EndUserRecording: String, Sendable, Equatable, CaseIterable {
    /// A keyed hash (HMAC-SHA256), stable per user, that does not reveal who the user is.
    case hashed
    /// The identifier as the app sent it.
    case raw
}

/// The audit trail's settings.
public struct AuditConfig: Sendable, Equatable {
    /// The Ed25519 private key (raw 32 bytes, base64) that signs checkpoints; nil for none.
    public var signingKey: String?
    /// A checkpoint every this many records…
    public var checkpointEvery: Int
    /// …or this often, when records arrived since the last one.
    public var checkpointInterval: Duration
    /// What content is kept.
    public var content: ContentRetention
    /// The AES-256 key (32 bytes, base64) for `content: encrypted`.
    public var contentKey: String?
    /// How end users are recorded.
    public var endUser: EndUserRecording
    /// Records older than this many days are pruned; nil keeps them forever.
    public var keepDays: Int?

    /// The defaults: no signing key, a checkpoint every 1000 records or 60 s, no content, hashed users, keep forever.
    public static let defaults = AuditConfig(
        signingKey: nil, checkpointEvery: 1000, checkpointInterval: .seconds(60), content: .none, contentKey: nil, endUser: .hashed, keepDays: nil)

    /// Creates settings.
    public init(
        signingKey: String?, checkpointEvery: Int, checkpointInterval: Duration, content: ContentRetention, contentKey: String?,
        endUser: EndUserRecording, keepDays: Int?
    ) {
        self.signingKey = signingKey
        self.checkpointEvery = checkpointEvery
        self.checkpointInterval = checkpointInterval
        self.content = content
        self.contentKey = contentKey
        self.endUser = endUser
        self.keepDays = keepDays
    }

    /// Whether `text` is base64 for exactly 32 bytes (the size of both keys).
    static func isKey(_ text: String) -> Bool {
        Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines))?.count == 32
    }
}
