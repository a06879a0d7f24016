import Crypto

/// SHA-256 digests, in hex, of content the audit trail refers to without keeping it.
public enum ContentDigest {
    /// The lowercase hex SHA-256 of `bytes`.
    public static func sha256(_ bytes: some Sequence<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).withUnsafeBytes { Hex.encode($0) }
    }

    /// The lowercase hex SHA-256 of the UTF-8 of `text`.
    public static func sha256(_ text: String) -> String {
        sha256(Array(text.utf8))
    }
}
