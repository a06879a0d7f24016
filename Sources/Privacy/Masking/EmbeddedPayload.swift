import Foundation

/// Content carried inside a JSON string in another encoding (a `data:` URL, or bare base64 in
/// `file_data`), and what inspection can read of it.
enum EmbeddedPayload: Equatable {
    /// Text, decoded; `prefix` is written before its base64 when a masked copy is encoded again
    /// (`data:text/csv;base64,`, or empty for bare base64).
    case text(String, prefix: String)
    /// Content that cannot be read as text (an image, audio, a PDF, an unknown type).
    case opaque(mediaType: String)

    /// The payload of `string` when it is a `data:` URL; nil when it is not one.
    static func dataURL(_ string: Substring) -> EmbeddedPayload? {
        guard string.utf8.count > 5, string.utf8.prefix(5).elementsEqual("data:".utf8), let comma = string.firstIndex(of: ",") else { return nil }
        let header = string[string.index(string.startIndex, offsetBy: 5)..<comma]
        var parameters = header.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let isBase64 = parameters.last?.lowercased() == "base64"
        if isBase64 { parameters.removeLast() }
        // RFC 2397: an empty media type means text/plain;charset=US-ASCII.
        let mediaType = parameters.first.map { $0.isEmpty ? "text/plain" : $0.lowercased() } ?? "text/plain"
        let data = string[string.index(after: comma)...]
        guard isTextual(mediaType) else { return .opaque(mediaType: mediaType) }
        let prefix = "data:" + parameters.joined(separator: ";") + ";base64,"
        let decoded: String?
        if isBase64 {
            decoded = decodeBase64(data).flatMap(text(of:))
        } else {
            decoded = String(data).removingPercentEncoding
        }
        guard let decoded else { return .opaque(mediaType: mediaType) }
        return .text(decoded, prefix: prefix)
    }

    /// The payload of `string` read as bare base64 (a `file_data` value, or a long run of the
    /// base64 alphabet in any field): text when it decodes to UTF-8 text, opaque otherwise.
    static func bareBase64(_ string: Substring) -> EmbeddedPayload {
        guard let data = decodeBase64(string), let text = text(of: data) else { return .opaque(mediaType: "application/octet-stream") }
        return .text(text, prefix: "")
    }

    /// Whether `string` may be bare base64 content rather than prose: at least `minimumLength`
    /// characters, all of the base64 alphabet (standard or URL-safe) with padding only at the end.
    static func looksLikeBase64(_ bytes: UnsafeRawBufferPointer, minimumLength: Int = 256) -> Bool {
        guard bytes.count >= minimumLength else { return false }
        var padding = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                guard padding == 0 else { return false }
            case UInt8(ascii: "="):
                padding += 1
                guard padding <= 2 else { return false }
            default:
                return false
            }
        }
        return true
    }

    /// Whether content of `mediaType` is text the scanner can read: `text/*`, JSON, XML, CSV,
    /// YAML and their `+json`/`+xml` forms.
    static func isTextual(_ mediaType: String) -> Bool {
        let type = mediaType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if type.hasPrefix("text/") { return true }
        if type.hasSuffix("+json") || type.hasSuffix("+xml") { return true }
        return [
            "application/json", "application/x-ndjson", "application/jsonl", "application/xml", "application/csv", "application/yaml",
            "application/x-yaml", "application/javascript", "application/x-www-form-urlencoded",
        ].contains(type)
    }

    /// The bytes of standard or URL-safe base64, padding optional; nil when it is not base64.
    static func decodeBase64(_ string: Substring) -> Data? {
        var text = String(string)
        if text.contains("-") || text.contains("_") {
            text = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        }
        let remainder = text.utf8.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { text += String(repeating: "=", count: 4 - remainder) }
        return Data(base64Encoded: text)
    }

    /// `data` as text: valid UTF-8 without control characters other than tab, line breaks and
    /// form feed; nil otherwise (binary content).
    static func text(of data: Data) -> String? {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        for scalar in text.unicodeScalars where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" && scalar != "\u{0C}" {
            return nil
        }
        return text
    }
}
