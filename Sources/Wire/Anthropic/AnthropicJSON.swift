import Foundation

/// A JSON value read from or written to an OpenAI or Anthropic body.
enum AnthropicJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([AnthropicJSON])
    case object([String: AnthropicJSON])

    /// Parses `data` as JSON; nil when it is not valid JSON.
    static func parse(_ data: Data) -> AnthropicJSON? {
        try? JSONDecoder().decode(AnthropicJSON.self, from: data)
    }

    /// The compact JSON encoding, with sorted keys and unescaped slashes.
    var serialized: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("null".utf8)
    }

    /// The compact JSON encoding as a string.
    var serializedString: String {
        String(decoding: serialized, as: UTF8.self)
    }

    /// The member named `key` when this is an object; nil when absent or JSON `null`.
    subscript(key: String) -> AnthropicJSON? {
        guard case .object(let members) = self, let value = members[key], value != .null else { return nil }
        return value
    }

    /// The string payload, if this is a string.
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer payload, if this is an integral number.
    var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9.0e15: return Int(value)
        default: return nil
        }
    }

    /// The Boolean payload, if this is a Boolean.
    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements, if this is an array.
    var arrayValue: [AnthropicJSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    var objectValue: [String: AnthropicJSON]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is a number (integral or not).
    var isNumber: Bool {
        switch self {
        case .int, .double: return true
        default: return false
        }
    }
}

extension AnthropicJSON: Codable {
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode([AnthropicJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: AnthropicJSON].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
