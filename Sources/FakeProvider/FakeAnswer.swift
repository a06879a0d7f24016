import Foundation

/// What the fake will answer to one request, worked out from the script.
struct FakeAnswer: Sendable {
    var rule: FakeRule
    var content: String?
    var toolCalls: [FakeToolCall]
    var finishReason: String
    var promptTokens: Int

    init(rule: FakeRule?, lastUserText: String, promptCharacters: Int, toolResults: String = "") {
        let rule = rule ?? FakeRule()
        self.rule = rule
        let reply = rule.reply ?? FakeReply(content: "You said: {{echo}}")
        content = reply.content?.replacingOccurrences(of: "{{echo}}", with: lastUserText).replacingOccurrences(of: "{{tool_results}}", with: toolResults)
        toolCalls = (reply.toolCalls ?? []).enumerated().map { index, call in
            FakeToolCall(id: call.id ?? "call_\(index + 1)", name: call.name, arguments: call.arguments)
        }
        finishReason = reply.finishReason ?? (toolCalls.isEmpty ? "stop" : "tool_calls")
        promptTokens = max(1, promptCharacters)
    }

    var completionTokens: Int {
        max(1, (content?.count ?? 0) + toolCalls.reduce(0) { $0 + $1.arguments.count })
    }

    /// The content cut into about `rule.chunks` pieces (by characters, so Chinese stays whole).
    var contentPieces: [String] {
        guard let content, !content.isEmpty else { return [] }
        let characters = Array(content)
        let pieces = max(1, min(rule.chunks ?? 4, characters.count))
        let size = (characters.count + pieces - 1) / pieces
        return stride(from: 0, to: characters.count, by: size).map { String(characters[$0..<min($0 + size, characters.count)]) }
    }

    var delay: Duration { .milliseconds(rule.delayMs ?? 0) }
    var chunkDelay: Duration { .milliseconds(rule.chunkDelayMs ?? 0) }
    var faultAfterChunks: Int { rule.faultAfterChunks ?? 1 }
}

/// Reading the parts of a request body the fake cares about.
enum FakeRequestReader {
    /// The text of the last user message (text parts joined with newlines).
    static func lastUserText(_ body: [String: Any]) -> String {
        guard let messages = body["messages"] as? [[String: Any]],
              let last = messages.last(where: { ($0["role"] as? String) == "user" })
        else { return "" }
        return text(of: last["content"])
    }

    /// Whether the last message is a tool result.
    static func endsWithToolResult(_ body: [String: Any]) -> Bool {
        ((body["messages"] as? [[String: Any]])?.last?["role"] as? String) == "tool"
    }

    /// The contents of the tool messages after the last assistant message, joined with newlines.
    static func toolResults(_ body: [String: Any]) -> String {
        let messages = body["messages"] as? [[String: Any]] ?? []
        let start = (messages.lastIndex { ($0["role"] as? String) == "assistant" }).map { $0 + 1 } ?? 0
        return messages[start...].filter { ($0["role"] as? String) == "tool" }.map { text(of: $0["content"]) }.joined(separator: "\n")
    }

    /// The characters of every message's text, as a stand-in for prompt tokens.
    static func promptCharacters(_ body: [String: Any]) -> Int {
        let messages = body["messages"] as? [[String: Any]] ?? []
        return messages.reduce(0) { $0 + text(of: $1["content"]).count }
    }

    static func text(of content: Any?) -> String {
        if let text = content as? String { return text }
        if let parts = content as? [[String: Any]] {
            return parts.compactMap { part in
                (part["type"] as? String) == "text" ? part["text"] as? String : nil
            }.joined(separator: "\n")
        }
        return ""
    }
}
