import Foundation

/// Turns an OpenAI `messages` array into an Anthropic `system` prompt and alternating `messages`.
struct AnthropicConversationBuilder {
    /// One Anthropic message being assembled: a role and its content blocks.
    private struct Turn {
        var role: String
        var blocks: [AnthropicJSON]
    }

    private var systemTexts: [String] = []
    private var turns: [Turn] = []

    /// Converts `messages`; throws when a message cannot be expressed for Anthropic.
    static func build(from messages: [AnthropicJSON]) throws(AnthropicTranslationError) -> (system: String?, messages: [AnthropicJSON]) {
        var builder = AnthropicConversationBuilder()
        for (index, message) in messages.enumerated() {
            try builder.add(message, param: "messages[\(index)]")
        }
        guard !builder.turns.isEmpty else {
            throw AnthropicTranslationError(
                message: "At least one user or assistant message with content is required.", param: "messages")
        }
        let system = builder.systemTexts.isEmpty ? nil : builder.systemTexts.joined(separator: "\n\n")
        return (system, builder.turns.map(Self.message(for:)))
    }

    /// Adds one OpenAI message, hoisting system text and merging it into the previous turn when roles repeat.
    private mutating func add(_ message: AnthropicJSON, param: String) throws(AnthropicTranslationError) {
        guard case .object = message else {
            throw AnthropicTranslationError(message: "Each message must be an object.", param: param)
        }
        let content = message["content"]
        switch message["role"]?.stringValue {
        case "system", "developer":
            let text = try AnthropicContentConverter.textPieces(of: content, param: param + ".content").joined(separator: "\n")
            if text.contains(where: { !$0.isWhitespace }) { systemTexts.append(text) }
        case "user":
            append(role: "user", blocks: try AnthropicContentConverter.userBlocks(of: content, param: param + ".content"))
        case "assistant":
            var blocks = try AnthropicContentConverter.assistantBlocks(of: content, param: param + ".content")
            blocks += try AnthropicToolCallConverter.toolUseBlocks(from: message["tool_calls"], param: param + ".tool_calls")
            append(role: "assistant", blocks: blocks)
        case "tool":
            guard let toolCallID = message["tool_call_id"]?.stringValue, !toolCallID.isEmpty else {
                throw AnthropicTranslationError(message: "A tool message needs a tool_call_id.", param: param + ".tool_call_id")
            }
            let text = try AnthropicContentConverter.textPieces(of: content, param: param + ".content").joined(separator: "\n")
            var block: [String: AnthropicJSON] = ["type": .string("tool_result"), "tool_use_id": .string(toolCallID)]
            if !text.isEmpty { block["content"] = .string(text) }
            append(role: "user", blocks: [.object(block)])
        case let role:
            throw AnthropicTranslationError(
                message: "Message role '\(role ?? "")' is not supported by this model.", param: param + ".role")
        }
    }

    /// Appends blocks as a new turn, or to the last turn when it has the same role; empty messages are skipped.
    private mutating func append(role: String, blocks: [AnthropicJSON]) {
        guard !blocks.isEmpty else { return }
        if let last = turns.indices.last, turns[last].role == role {
            turns[last].blocks += blocks
        } else {
            turns.append(Turn(role: role, blocks: blocks))
        }
    }

    /// The Anthropic message for a turn: tool results first in user turns, a lone text block as a plain string.
    private static func message(for turn: Turn) -> AnthropicJSON {
        var blocks = turn.blocks
        if turn.role == "user" {
            let results = blocks.filter { $0["type"]?.stringValue == "tool_result" }
            blocks = results + blocks.filter { $0["type"]?.stringValue != "tool_result" }
        }
        let content: AnthropicJSON
        if blocks.count == 1, blocks[0]["type"]?.stringValue == "text", let text = blocks[0]["text"] {
            content = text
        } else {
            content = .array(blocks)
        }
        return .object(["role": .string(turn.role), "content": content])
    }
}
