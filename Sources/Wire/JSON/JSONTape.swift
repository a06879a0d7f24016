/// The values, keys and containers of a JSON document in document order, found in one pass.
///
/// Where ``JSONObjectScanner`` locates the members of one object, a tape lays out the whole
/// document, so that code visiting every string (the privacy inspector) reads each byte once,
/// however deep the nesting. Each token knows where its value ends in the tape, so a subtree can
/// be skipped or visited twice.
///
/// ```swift
/// let tape = try JSONTape(validated: bytes)
/// for token in tape.tokens where token.kind == .string { … }
/// ```
public struct JSONTape: Sendable {
    /// What a token is.
    public enum Kind: UInt8, Sendable {
        /// An object; its members follow as key, value pairs.
        case object
        /// An array; its elements follow.
        case array
        /// An object key (its value is the next token).
        case key
        /// A string value.
        case string
        /// A number, `true`, `false` or `null`.
        case scalar
    }

    /// One token.
    public struct Token: Sendable, Equatable {
        /// What it is.
        public var kind: Kind
        /// Its bytes: a literal with its quotes, or a whole container with its brackets.
        public var range: Range<Int>
        /// The index of the first token after this one's value: after a container's last
        /// descendant, or after a key's value.
        public var next: Int
    }

    /// The tokens in document order.
    public private(set) var tokens: [Token]

    /// The tape of `bytes`, which must be one JSON value already validated (``JSONObjectScanner/validate(_:)``
    /// or ``JSONObjectScanner/scanDocument(_:)``); throws only when it is not.
    public init(validated bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) {
        tokens = []
        tokens.reserveCapacity(16 + bytes.count / 64)
        var reader = JSONReader(bytes: bytes, position: 0, end: bytes.count)
        reader.trusted = true
        // Open containers and keys whose value is not finished yet, as token indices.
        var open: [Int] = []
        reader.skipWhitespace()
        while true {
            guard let byte = reader.peek else { throw reader.error("unexpected end of JSON") }
            let start = reader.position
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                reader.position += 1
                open.append(tokens.count)
                tokens.append(Token(kind: byte == UInt8(ascii: "{") ? .object : .array, range: start..<start, next: 0))
                reader.skipWhitespace()
                if reader.peek == UInt8(ascii: "}") || reader.peek == UInt8(ascii: "]") { continue }
                if byte == UInt8(ascii: "{") {
                    try readKey(&reader, &open)
                }
                continue
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                reader.position += 1
                guard let container = open.popLast() else { throw reader.error("unbalanced brackets") }
                tokens[container].range = tokens[container].range.lowerBound..<reader.position
                tokens[container].next = tokens.count
            case UInt8(ascii: "\""):
                try reader.skipString()
                tokens.append(Token(kind: .string, range: start..<reader.position, next: tokens.count + 1))
            default:
                _ = try reader.skipValue(depth: 0)
                tokens.append(Token(kind: .scalar, range: start..<reader.position, next: tokens.count + 1))
            }
            // A value ended: close the key it belonged to, then move to what follows.
            if let last = open.last, tokens[last].kind == .key {
                tokens[last].next = tokens.count
                open.removeLast()
            }
            guard let container = open.last else { return }
            reader.skipWhitespace()
            switch reader.peek {
            case UInt8(ascii: ","):
                reader.position += 1
                reader.skipWhitespace()
                if tokens[container].kind == .object { try readKey(&reader, &open) }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                continue
            default:
                throw reader.error("expected ',' or a closing bracket")
            }
        }
    }

    private mutating func readKey(_ reader: inout JSONReader, _ open: inout [Int]) throws(JSONSyntaxError) {
        guard reader.peek == UInt8(ascii: "\"") else { throw reader.error("expected a string key in the object") }
        let start = reader.position
        try reader.skipString()
        open.append(tokens.count)
        tokens.append(Token(kind: .key, range: start..<reader.position, next: 0))
        reader.skipWhitespace()
        guard reader.peek == UInt8(ascii: ":") else { throw reader.error("expected ':' after an object key") }
        reader.position += 1
        reader.skipWhitespace()
    }

    /// The indices of the direct children of the container at `index`: the elements of an
    /// array, or the keys of an object (each key's value is the token after it).
    public func children(of index: Int) -> [Int] {
        var children: [Int] = []
        var child = index + 1
        while child < tokens[index].next {
            children.append(child)
            child = tokens[child].next
        }
        return children
    }

    /// The path of the token at `target` in the style of OpenAI's error messages:
    /// `messages[0].content[1].image_url.url` (a key token names its own member).
    public func path(to target: Int, in bytes: UnsafeRawBufferPointer) -> String {
        var path = ""
        var index = 0
        while index < target {
            let token = tokens[index]
            guard token.next > target else {
                index = token.next
                continue
            }
            switch token.kind {
            case .object:
                index += 1
            case .array:
                var element = index + 1
                var position = 0
                while tokens[element].next <= target {
                    element = tokens[element].next
                    position += 1
                }
                path += "[\(position)]"
                index = element
            case .key:
                let key = (try? JSONObjectScanner.decodeString(bytes, at: token.range)) ?? "?"
                path += Self.pathSegment(key, first: path.isEmpty)
                index += 1
            case .string, .scalar:
                return path
            }
        }
        if target < tokens.count, tokens[target].kind == .key {
            let key = (try? JSONObjectScanner.decodeString(bytes, at: tokens[target].range)) ?? "?"
            path += Self.pathSegment(key, first: path.isEmpty)
        }
        return path
    }

    /// `.name` for an identifier-like key (`name` at the start), `["any key"]` otherwise.
    static func pathSegment(_ key: String, first: Bool) -> String {
        let isIdentifier = !key.isEmpty && key.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }
        guard isIdentifier else { return "[\(JSONStringLiteral.string(key))]" }
        return first ? key : ".\(key)"
    }
}
