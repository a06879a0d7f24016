import Foundation

/// Turns Anthropic SSE events into OpenAI chat.completion.chunk payloads, one event at a time.
public struct AnthropicStreamTranslator: Sendable {
    private let alias: String
    private let created: Int
    private let includeUsage: Bool
    private var messageID: String?
    private var usage = AnthropicUsage()
    /// OpenAI tool call index for each Anthropic content block index that is a `tool_use` block.
    private var toolIndexByBlock: [Int: Int] = [:]

    /// True once `message_stop` was seen (the caller then sends `data: [DONE]`).
    public private(set) var finished = false
    /// Token usage seen so far (prompt = input_tokens [+ cache tokens], completion = output_tokens).
    public private(set) var promptTokens: Int?
    /// Output tokens seen so far.
    public private(set) var completionTokens: Int?

    /// Creates a translator whose chunks carry `model` = `alias` and `created`; `includeUsage` adds a final usage chunk.
    public init(alias: String, created: Int, includeUsage: Bool) {
        self.alias = alias
        self.created = created
        self.includeUsage = includeUsage
    }

    /// `event` is the SSE `event:` name (may be nil), `data` the joined `data:` payload. Returns zero or more OpenAI chunk JSON payloads (each to be sent as `data: <payload>\n\n`). Throws on an Anthropic `error` event or malformed data.
    public mutating func translate(event: String?, data: Data) throws(AnthropicTranslationError) -> [Data] {
        guard let payload = AnthropicJSON.parse(data), case .object = payload else {
            if event == "ping" { return [] }
            throw AnthropicTranslationError(message: "The upstream stream sent a malformed \(event ?? "data") event.")
        }
        let type = payload["type"]?.stringValue ?? event
        if type == "error" {
            let details = AnthropicErrorBody.details(from: payload)
            throw AnthropicTranslationError(message: details?.message ?? "The upstream stream reported an error.")
        }
        if finished { return [] }
        switch type {
        case "message_start":
            return try start(payload)
        case "content_block_start":
            return try blockStart(payload)
        case "content_block_delta":
            return try blockDelta(payload)
        case "message_delta":
            return try messageDelta(payload)
        case "message_stop":
            try requireStarted()
            finished = true
            return includeUsage ? [usageChunk()] : []
        default:
            return []
        }
    }

    /// `message_start`: records the id and input usage, and emits the assistant role chunk.
    private mutating func start(_ payload: AnthropicJSON) throws(AnthropicTranslationError) -> [Data] {
        guard let message = payload["message"], let id = message["id"]?.stringValue else {
            throw AnthropicTranslationError(message: "The upstream stream sent a message_start event without a message id.")
        }
        messageID = id
        record(message["usage"])
        return [chunk(delta: ["role": .string("assistant"), "content": .string("")])]
    }

    /// `content_block_start`: opens a text block (emitting any initial text) or a tool call.
    private mutating func blockStart(_ payload: AnthropicJSON) throws(AnthropicTranslationError) -> [Data] {
        try requireStarted()
        let (blockIndex, block) = try indexedBlock(payload, key: "content_block")
        switch block["type"]?.stringValue {
        case "text":
            guard let text = block["text"]?.stringValue, !text.isEmpty else { return [] }
            return [chunk(delta: ["content": .string(text)])]
        case "tool_use":
            guard let id = block["id"]?.stringValue, let name = block["name"]?.stringValue else {
                throw AnthropicTranslationError(message: "The upstream stream sent a tool_use block without id or name.")
            }
            let toolIndex = toolIndexByBlock.count
            toolIndexByBlock[blockIndex] = toolIndex
            return [chunk(delta: ["tool_calls": .array([.object([
                "index": .int(toolIndex),
                "id": .string(id),
                "type": .string("function"),
                "function": .object(["name": .string(name), "arguments": .string("")]),
            ])])])]
        default:
            return []
        }
    }

    /// `content_block_delta`: text becomes content, partial JSON becomes tool call arguments; thinking is dropped.
    private mutating func blockDelta(_ payload: AnthropicJSON) throws(AnthropicTranslationError) -> [Data] {
        try requireStarted()
        let (blockIndex, delta) = try indexedBlock(payload, key: "delta")
        switch delta["type"]?.stringValue {
        case "text_delta":
            guard let text = delta["text"]?.stringValue, !text.isEmpty else { return [] }
            return [chunk(delta: ["content": .string(text)])]
        case "input_json_delta":
            guard let toolIndex = toolIndexByBlock[blockIndex],
                  let json = delta["partial_json"]?.stringValue, !json.isEmpty
            else { return [] }
            return [chunk(delta: ["tool_calls": .array([.object([
                "index": .int(toolIndex),
                "function": .object(["arguments": .string(json)]),
            ])])])]
        default:
            return []
        }
    }

    /// `message_delta`: records output usage and emits the finish reason chunk.
    private mutating func messageDelta(_ payload: AnthropicJSON) throws(AnthropicTranslationError) -> [Data] {
        try requireStarted()
        record(payload["usage"])
        guard let finishReason = AnthropicStopReason.finishReason(for: payload["delta"]?["stop_reason"]?.stringValue) else {
            return []
        }
        return [chunk(delta: [:], finishReason: .string(finishReason))]
    }

    /// The `index` and the object under `key` of a content block event.
    private func indexedBlock(_ payload: AnthropicJSON, key: String) throws(AnthropicTranslationError) -> (Int, AnthropicJSON) {
        guard let index = payload["index"]?.intValue, let object = payload[key], case .object = object else {
            throw AnthropicTranslationError(message: "The upstream stream sent a content block event without index or \(key).")
        }
        return (index, object)
    }

    /// Throws unless `message_start` has been seen.
    private func requireStarted() throws(AnthropicTranslationError) {
        guard messageID != nil else {
            throw AnthropicTranslationError(message: "The upstream stream sent content before message_start.")
        }
    }

    /// Takes the counts in an Anthropic `usage` object and refreshes the public token totals.
    private mutating func record(_ json: AnthropicJSON?) {
        usage.update(from: json)
        promptTokens = usage.promptTokens
        completionTokens = usage.completionTokens
    }

    /// A chunk payload with one choice carrying `delta` and `finishReason`.
    private func chunk(delta: [String: AnthropicJSON], finishReason: AnthropicJSON = .null) -> Data {
        var chunk = envelope()
        chunk["choices"] = .array([.object([
            "index": .int(0),
            "delta": .object(delta),
            "finish_reason": finishReason,
            "logprobs": .null,
        ])])
        if includeUsage { chunk["usage"] = .null }
        return AnthropicJSON.object(chunk).serialized
    }

    /// The final chunk with no choices and the accumulated usage.
    private func usageChunk() -> Data {
        var chunk = envelope()
        chunk["choices"] = .array([])
        chunk["usage"] = usage.openAIUsage
        return AnthropicJSON.object(chunk).serialized
    }

    /// The fields every chunk shares: id, object, created and model.
    private func envelope() -> [String: AnthropicJSON] {
        [
            "id": .string("chatcmpl-" + (messageID ?? "")),
            "object": .string("chat.completion.chunk"),
            "created": .int(created),
            "model": .string(alias),
        ]
    }
}
