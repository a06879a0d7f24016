import Foundation

/// Builds Anthropic `image` and `document` content blocks from OpenAI image and file parts.
enum AnthropicMediaBlock {
    /// An Anthropic `image` block for an OpenAI `image_url` part's URL (`data:` base64 or http(s)).
    static func image(fromURL url: String, param: String) throws(AnthropicTranslationError) -> AnthropicJSON {
        let source: AnthropicJSON
        if url.lowercased().hasPrefix("data:") {
            source = try base64Source(fromDataURL: url, param: param)
        } else if let scheme = url.split(separator: ":", maxSplits: 1).first?.lowercased(),
                  scheme == "http" || scheme == "https" {
            source = .object(["type": .string("url"), "url": .string(url)])
        } else {
            throw AnthropicTranslationError(
                message: "Image URLs must be data: URLs or http(s) URLs.", param: param)
        }
        return .object(["type": .string("image"), "source": source])
    }

    /// An Anthropic `document` block for an OpenAI `file` part carrying inline `file_data`.
    static func document(fromFilePart part: AnthropicJSON, param: String) throws(AnthropicTranslationError) -> AnthropicJSON {
        guard let file = part["file"], let fileData = file["file_data"]?.stringValue else {
            throw AnthropicTranslationError(
                message: "Only file parts with inline file_data can be sent to this model.",
                param: param + ".file.file_data")
        }
        var block: [String: AnthropicJSON] = [
            "type": .string("document"),
            "source": try base64Source(fromDataURL: fileData, param: param + ".file.file_data"),
        ]
        if let filename = file["filename"]?.stringValue, !filename.isEmpty {
            block["title"] = .string(filename)
        }
        return .object(block)
    }

    /// A `{"type":"base64","media_type","data"}` source for a `data:<media type>;base64,<data>` URL.
    private static func base64Source(fromDataURL url: String, param: String) throws(AnthropicTranslationError) -> AnthropicJSON {
        let invalid = AnthropicTranslationError(
            message: "Expected a base64 data URL of the form data:<media type>;base64,<data>.", param: param)
        guard let comma = url.firstIndex(of: ",") else { throw invalid }
        let header = url[url.index(url.startIndex, offsetBy: 5)..<comma]
        let attributes = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let mediaType = attributes.first, !mediaType.isEmpty, mediaType.contains("/"),
              attributes.dropFirst().contains(where: { $0.lowercased() == "base64" })
        else { throw invalid }
        let payload = url[url.index(after: comma)...]
        guard !payload.isEmpty else { throw invalid }
        return .object([
            "type": .string("base64"),
            "media_type": .string(mediaType.lowercased()),
            "data": .string(String(payload)),
        ])
    }
}
