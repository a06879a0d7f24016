import Audit

/// Generation and hashing of API key secrets.
///
/// Secrets are `sk-sb-` followed by 43 random base62 characters (about 256 bits), so an
/// unsalted SHA-256 digest is enough to store them: there is nothing to brute-force.
public enum APIKeySecret {
    /// The prefix every secret starts with, so that leaked keys are easy to scan for.
    public static let prefix = "sk-sb-"

    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// A new random secret.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let body = (0..<43).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }
        return prefix + String(body)
    }

    /// A new public key identifier.
    public static func generateIdentifier() -> String {
        "key_" + Hex.random(bytes: 6)
    }

    /// The hex SHA-256 digest under which a secret is stored and looked up.
    public static func digest(_ secret: String) -> String {
        ContentDigest.sha256(secret)
    }
}
