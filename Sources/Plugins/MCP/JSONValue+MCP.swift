import Foundation
import MCP
import Wire

extension JSONValue {
    /// The MCP SDK's value for this JSON (numbers become `int` when whole, else `double`).
    public var mcpValue: Value {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .number(let literal): Int(literal).map(Value.int) ?? .double(Double(literal) ?? 0)
        case .string(let text): .string(text)
        case .array(let elements): .array(elements.map(\.mcpValue))
        case .object(let members): .object(members.mapValues(\.mcpValue))
        }
    }

    /// The JSON of an MCP SDK value (binary data becomes a base64 `data:` URL string).
    public init(mcp value: Value) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .number(String(number))
        case .double(let number): self = number.isFinite ? .number("\(number)") : .null
        case .string(let text): self = .string(text)
        case .data(let mimeType, let data): self = .string("data:\(mimeType ?? "application/octet-stream");base64,\(data.base64EncodedString())")
        case .array(let elements): self = .array(elements.map(JSONValue.init(mcp:)))
        case .object(let members): self = .object(members.mapValues(JSONValue.init(mcp:)))
        }
    }
}
