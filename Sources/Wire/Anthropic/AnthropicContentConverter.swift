import Foundation

/// Converts OpenAI message `content` (a string or an array of parts) into Anthropic content blocks or text.
enum AnthropicContentConverter {
    /// The text pieces of a content value that may only hold text (system, developer and tool messages).
    static func textPieces(of content: AnthropicJSON?, param: String) throws(AnthropicTranslationError) -> [String] {
        guard let content else { return [] }
        if let text = content.stringValue { return [text] }
        guard let parts = content.arrayValue else {
            throw AnthropicTranslationError(message: "Content must be a string or an array of parts.", param: param)
        }
        var pieces: [String] = []
        for (index, part) in parts.enumerated() {
            let partParam = "\(param)[\(index)]"
            guard part["type"]?.stringValue == "text" else {
                throw AnthropicTranslationError(message: "Only text parts are allowed in this message.", param: partParam + ".type")
            }
            pieces.append(try text(of: part, param: partParam))
        }
        return pieces
    }

    /// Anthropic content blocks for a `user` message's content (text, images and inline files).
    static func userBlocks(of content: AnthropicJSON?, param: String) throws(AnthropicTranslationError) -> [AnthropicJSON] {
        guard let content else { return [] }
        if let text = content.stringValue { return textBlock(text).map { [$0] } ?? [] }
        guard let parts = content.arrayValue else {
            throw AnthropicTranslationError(message: "Content must be a string or an array of parts.", param: param)
        }
        var blocks: [AnthropicJSON] = []
        for (index, part) in parts.enumerated() {
            let partParam = "\(param)[\(index)]"
            switch part["type"]?.stringValue {
            case "text":
                if let block = textBlock(try text(of: part, param: partParam)) { blocks.append(block) }
            case "image_url":
                let url = part["image_url"]?["url"]?.stringValue ?? part["image_url"]?.stringValue
                guard let url else {
                    throw AnthropicTranslationError(message: "An image_url part needs a url.", param: partParam + ".image_url.url")
                }
                blocks.append(try AnthropicMediaBlock.image(fromURL: url, param: partParam + ".image_url.url"))
            case "file":
                blocks.append(try AnthropicMediaBlock.document(fromFilePart: part, param: partParam))
            case let type:
                throw AnthropicTranslationError(
                    message: "Content part type '\(type ?? "")' is not supported by this model.", param: partParam + ".type")
            }
        }
        return blocks
    }

    /// Anthropic text blocks for an `assistant` message's content (text and refusal parts).
    static func assistantBlocks(of content: AnthropicJSON?, param: String) throws(AnthropicTranslationError) -> [AnthropicJSON] {
        guard let content else { return [] }
        if let text = content.stringValue { return textBlock(text).map { [$0] } ?? [] }
        guard let parts = content.arrayValue else {
            throw AnthropicTranslationError(message: "Content must be a string or an array of parts.", param: param)
        }
        var blocks: [AnthropicJSON] = []
        for (index, part) in parts.enumerated() {
            let partParam = "\(param)[\(index)]"
            let text: String
            switch part["type"]?.stringValue {
            case "text": text = try self.text(of: part, param: partParam)
            case "refusal":
                guard let refusal = part["refusal"]?.stringValue else {
                    throw AnthropicTranslationError(message: "A refusal part needs a refusal string.", param: partParam + ".refusal")
                }
                text = refusal
            default:
                throw AnthropicTranslationError(
                    message: "Only text and refusal parts are allowed in assistant messages.", param: partParam + ".type")
            }
            if let block = textBlock(text) { blocks.append(block) }
        }
        return blocks
    }

    /// A text block, or nil for empty or whitespace-only text (which Anthropic rejects).
    static func textBlock(_ text: String) -> AnthropicJSON? {
        guard text.contains(where: { !$0.isWhitespace }) else { return nil }
        return .object(["type": .string("text"), "text": .string(text)])
    }

    /// The `text` string of a text part.
    private static func text(of part: AnthropicJSON, param: String) throws(AnthropicTranslationError) -> String {
        guard let text = part["text"]?.stringValue else {
            throw AnthropicTranslationError(message: "A text part needs a text string.", param: param + ".text")
        }
        return text
    }
}
