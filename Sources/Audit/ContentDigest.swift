import Crypto

/// SHA-256 digests, in hex, of content the audit trail refers to without keeping it.
public enum ContentDigest {
    /// The lowercase hex SHA-256 of `bytes`.
    public static func sha256(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        // Contiguous bytes (an array, a string's UTF-8) are hashed where they lie, without a copy.
        if bytes.withContiguousStorageIfAvailable({ hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) == nil {
            hasher.update(data: Array(bytes))
        }
        return hasher.finalize().withUnsafeBytes { Hex.encode($0) }
    }

    /// The lowercase hex SHA-256 of the UTF-8 of `text`.
    public static func sha256(_ text: String) -> String {
        var text = text
        return text.withUTF8 { sha256($0) }
    }
}
