import Crypto
import Foundation

/// Encrypts retained content with AES-256-GCM under the configured content key, so an auditor
/// holding the key can read it and nobody else can.
public struct ContentSealer: Sendable {
    private let key: SymmetricKey

    /// A sealer for a base64-encoded 32-byte key; nil if it is not one.
    public init?(base64Key: String) {
        guard let data = Data(base64Encoded: base64Key.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else { return nil }
        key = SymmetricKey(data: data)
    }

    /// A sealer with a fresh random key (for `audit keygen` and tests).
    public init() {
        key = SymmetricKey(size: .bits256)
    }

    /// The key, base64, for the configuration.
    public var base64Key: String { key.withUnsafeBytes { Data($0).base64EncodedString() } }

    /// Encrypts `plaintext`.
    public func seal(_ plaintext: Data) -> SealedContent? {
        guard let box = try? AES.GCM.seal(plaintext, using: key), let combined = box.combined else { return nil }
        return SealedContent(algorithm: "AES-256-GCM", sealed: combined.base64EncodedString())
    }

    /// Decrypts content sealed with this key; nil with any other key or if it was altered.
    public func open(_ content: SealedContent) -> Data? {
        guard content.algorithm == "AES-256-GCM", let combined = Data(base64Encoded: content.sealed),
              let box = try? AES.GCM.SealedBox(combined: combined)
        else { return nil }
        return try? AES.GCM.open(box, using: key)
    }
}

/// Keyed hashing of end-user identifiers (HMAC-SHA256), so records can be grouped by user
/// without storing who the user is.
public struct EndUserHasher: Sendable {
    private let key: SymmetricKey

    /// A hasher with a 32-byte key.
    public init(key: [UInt8]) {
        self.key = SymmetricKey(data: key)
    }

    /// `hmac-sha256:<hex>` of the identifier.
    public func hash(_ endUser: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(endUser.utf8), using: key)
        return "hmac-sha256:" + mac.withUnsafeBytes { Hex.encode($0) }
    }
}
