import Config
import Foundation
import Plugins
import Wire

/// Turning a matched intent into an answer: the plugin's arguments from the slots, the answer
/// text from the plugin's result, and that text as a chat completion (JSON or a stream).
public enum IntentAnswer {
    /// `template` (JSON) with every `{{slot}}` inside a string value replaced by the slot's text.
    static func arguments(_ template: String, slots: [String: String]) -> String {
        guard let value = try? JSONValue.parse(template) else { return template }
        return fill(value, slots).encodedString
    }

    private static func fill(_ value: JSONValue, _ slots: [String: String]) -> JSONValue {
        switch value {
        case .string(var text):
            for (name, slot) in slots { text = text.replacingOccurrences(of: "{{\(name)}}", with: slot) }
            return .string(text)
        case .array(let elements): return .array(elements.map { fill($0, slots) })
        case .object(let members): return .object(members.mapValues { fill($0, slots) })
        default: return value
        }
    }

    /// The answer: `intent.answer` rendered with the result's members, `provenance` and the slots.
    static func text(_ intent: IntentConfig, result: PluginResult, slots: [String: String]) -> String {
        var context = (mustacheValue(result.content) as? [String: Any]) ?? ["result": mustacheValue(result.content)]
        context["provenance"] = mustacheValue(result.provenance.json)
        for (name, value) in slots where context[name] == nil { context[name] = value }
        return intent.answer.render(context)
    }

    /// A JSON value as the plain Swift values Mustache renders.
    static func mustacheValue(_ value: JSONValue) -> Any {
        switch value {
        case .null: return ""
        case .bool(let flag): return flag
        case .number(let literal): return literal
        case .string(let text): return text
        case .array(let elements): return elements.map(mustacheValue)
        case .object(let members): return members.mapValues(mustacheValue)
        }
    }

    /// A chat completion carrying `text` from `model`.
    public static func completion(_ text: String, model: String, id: String) -> [UInt8] {
        JSONValue.object([
            "id": .string("chatcmpl-\(id)"), "object": .string("chat.completion"), "created": .integer(Int(Date().timeIntervalSince1970)),
            "model": .string(model),
            "choices": .array([
                .object([
                    "index": .integer(0), "message": .object(["role": .string("assistant"), "content": .string(text)]),
                    "finish_reason": .string("stop"), "logprobs": .null,
                ])
            ]),
            "usage": .object(["prompt_tokens": .integer(0), "completion_tokens": .integer(0), "total_tokens": .integer(0)]),
        ]).encoded
    }

    /// The same answer as a stream: role, text, finish, usage when asked, `[DONE]`.
    public static func stream(_ text: String, model: String, id: String, includeUsage: Bool) -> [ServerSentEvent] {
        let created = JSONValue.integer(Int(Date().timeIntervalSince1970))
        func chunk(_ delta: JSONValue, finish: String?, usage: Bool = false) -> ServerSentEvent {
            var members: [String: JSONValue] = [
                "id": .string("chatcmpl-\(id)"), "object": .string("chat.completion.chunk"), "created": created, "model": .string(model),
                "choices": usage ? .array([]) : .array([.object(["index": .integer(0), "delta": delta, "finish_reason": finish.map(JSONValue.string) ?? .null])]),
            ]
            if usage { members["usage"] = .object(["prompt_tokens": .integer(0), "completion_tokens": .integer(0), "total_tokens": .integer(0)]) }
            return ServerSentEvent(data: JSONValue.object(members).encoded)
        }
        var events = [
            chunk(.object(["role": .string("assistant"), "content": .string("")]), finish: nil),
            chunk(.object(["content": .string(text)]), finish: nil),
            chunk(.object([:]), finish: "stop"),
        ]
        if includeUsage { events.append(chunk(.null, finish: nil, usage: true)) }
        events.append(ServerSentEvent(data: Array("[DONE]".utf8)))
        return events
    }
}
