import Wire

/// The strings in an OpenAI request body that a model reads: every message's text (string or
/// multi-part `text` parts, for system, user, assistant and tool messages) and `name`, the
/// arguments of tool calls in the conversation, the tool definitions (each function's
/// `description`, and every string value in its `parameters` schema: descriptions, enums,
/// defaults, examples), every string value of `response_format`, and the `input` of an
/// embeddings request. Object keys (a schema's property names) are structure and are not
/// scanned.
public enum ModelVisibleText {
    /// One string literal in the body.
    public struct Field: Sendable, Equatable {
        /// Where the literal (quotes included) sits in the body.
        public var literalRange: Range<Int>
        /// Its decoded text.
        public var text: String
        /// Whether it holds a tool call's JSON arguments.
        public var isToolArguments: Bool
    }

    /// Which request shape to read.
    public enum Shape: Sendable {
        /// `messages` of a chat completion request.
        case chat
        /// `input` of an embeddings request.
        case embeddings
    }

    /// The fields of `body`, which must be a JSON object already validated (``JSONObjectScanner/scanDocument(_:)``).
    public static func fields(in body: UnsafeRawBufferPointer, shape: Shape) throws(JSONSyntaxError) -> [Field] {
        let root = try JSONObjectScanner.scanValidatedDocument(body)
        var fields: [Field] = []
        switch shape {
        case .embeddings:
            guard let input = root.member("input") else { return [] }
            try collectStrings(body, range: input.valueRange, kind: input.kind, into: &fields)
        case .chat:
            for key in ["tools", "functions"] {
                guard let tools = root.member(key), tools.kind == .array else { continue }
                for (range, kind) in try JSONObjectScanner.scanArray(body, in: tools.valueRange) where kind == .object {
                    // `tools` wraps each definition in `function`; the older `functions` does not.
                    var definition = try JSONObjectScanner.scanObject(body, in: range)
                    if let function = definition.member("function"), function.kind == .object {
                        definition = try JSONObjectScanner.scanObject(body, in: function.valueRange)
                    }
                    for member in definition.members where member.key == "description" || member.key == "parameters" {
                        try collectStrings(body, range: member.valueRange, kind: member.kind, into: &fields)
                    }
                }
            }
            if let format = root.member("response_format") {
                try collectStrings(body, range: format.valueRange, kind: format.kind, into: &fields)
            }
            guard let messages = root.member("messages"), messages.kind == .array else { return fields }
            for (range, kind) in try JSONObjectScanner.scanArray(body, in: messages.valueRange) where kind == .object {
                let message = try JSONObjectScanner.scanObject(body, in: range)
                if let content = message.member("content") {
                    try collectContent(body, member: content, into: &fields)
                }
                if let name = message.member("name"), name.kind == .string {
                    try collectStrings(body, range: name.valueRange, kind: name.kind, into: &fields)
                }
                if let calls = message.member("tool_calls"), calls.kind == .array {
                    for (callRange, callKind) in try JSONObjectScanner.scanArray(body, in: calls.valueRange) where callKind == .object {
                        let call = try JSONObjectScanner.scanObject(body, in: callRange)
                        guard let function = call.member("function"), function.kind == .object else { continue }
                        let functionObject = try JSONObjectScanner.scanObject(body, in: function.valueRange)
                        guard let arguments = functionObject.member("arguments"), arguments.kind == .string else { continue }
                        fields.append(Field(
                            literalRange: arguments.valueRange, text: try JSONObjectScanner.decodeString(body, at: arguments.valueRange), isToolArguments: true))
                    }
                }
            }
        }
        return fields
    }

    private static func collectContent(_ body: UnsafeRawBufferPointer, member: JSONObjectScan.Member, into fields: inout [Field]) throws(JSONSyntaxError) {
        switch member.kind {
        case .string:
            fields.append(Field(literalRange: member.valueRange, text: try JSONObjectScanner.decodeString(body, at: member.valueRange), isToolArguments: false))
        case .array:
            for (range, kind) in try JSONObjectScanner.scanArray(body, in: member.valueRange) {
                if kind == .string {
                    fields.append(Field(literalRange: range, text: try JSONObjectScanner.decodeString(body, at: range), isToolArguments: false))
                } else if kind == .object {
                    let part = try JSONObjectScanner.scanObject(body, in: range)
                    if let text = part.member("text"), text.kind == .string {
                        fields.append(Field(literalRange: text.valueRange, text: try JSONObjectScanner.decodeString(body, at: text.valueRange), isToolArguments: false))
                    }
                }
            }
        default:
            break
        }
    }

    /// Every string value in the value at `range`, at any depth (object keys excepted).
    private static func collectStrings(_ body: UnsafeRawBufferPointer, range: Range<Int>, kind: JSONValueKind, into fields: inout [Field]) throws(JSONSyntaxError) {
        switch kind {
        case .string:
            fields.append(Field(literalRange: range, text: try JSONObjectScanner.decodeString(body, at: range), isToolArguments: false))
        case .array:
            for (element, elementKind) in try JSONObjectScanner.scanArray(body, in: range) {
                try collectStrings(body, range: element, kind: elementKind, into: &fields)
            }
        case .object:
            for member in try JSONObjectScanner.scanObject(body, in: range).members {
                try collectStrings(body, range: member.valueRange, kind: member.kind, into: &fields)
            }
        default:
            break
        }
    }
}
