import Wire

/// Restores pseudonyms in a complete chat completion body: every choice's `message.content`
/// and its tool calls' `function.arguments`.
public enum CompletionRestoration {
    /// `body` with the pseudonyms restored; the body unchanged if it is not a JSON object.
    public static func restore(_ body: UnsafeRawBufferPointer, restorer: inout PseudonymRestorer) -> [UInt8] {
        var splicer = JSONSplicer()
        do throws(JSONSyntaxError) {
            let root = try JSONObjectScanner.scanDocument(body)
            guard let choices = root.member("choices"), choices.kind == .array else { return Array(body) }
            for (range, kind) in try JSONObjectScanner.scanArray(body, in: choices.valueRange) where kind == .object {
                let choice = try JSONObjectScanner.scanObject(body, in: range)
                guard let message = choice.member("message"), message.kind == .object else { continue }
                for literal in try TextLiterals.inMessage(body, range: message.valueRange) {
                    let text = try JSONObjectScanner.decodeString(body, at: literal)
                    let restored = restorer.restore(text)
                    if restored != text { splicer.replace(literal, with: JSONStringLiteral.bytes(restored)) }
                }
            }
        } catch {
            return Array(body)
        }
        return splicer.apply(to: body)
    }
}

/// Finds the text literals of a message or delta object: `content`, and each tool call's
/// `function.arguments`, with the tool call's index.
enum TextLiterals {
    /// One literal and what it is.
    struct Located {
        /// Where the literal sits.
        var range: Range<Int>
        /// nil for `content`; the tool call's `index` (or position) for arguments.
        var toolCall: Int?
    }

    /// The `content` and tool call `arguments` literals of the object at `range`.
    static func located(_ body: UnsafeRawBufferPointer, range: Range<Int>) throws(JSONSyntaxError) -> [Located] {
        let object = try JSONObjectScanner.scanObject(body, in: range)
        var found: [Located] = []
        if let content = object.member("content"), content.kind == .string {
            found.append(Located(range: content.valueRange, toolCall: nil))
        }
        if let calls = object.member("tool_calls"), calls.kind == .array {
            for (position, (callRange, kind)) in try JSONObjectScanner.scanArray(body, in: calls.valueRange).enumerated() where kind == .object {
                let call = try JSONObjectScanner.scanObject(body, in: callRange)
                let index = call.member("index").flatMap { JSONObjectScanner.decodeInteger(body, at: $0.valueRange) } ?? position
                guard let function = call.member("function"), function.kind == .object else { continue }
                let functionObject = try JSONObjectScanner.scanObject(body, in: function.valueRange)
                if let arguments = functionObject.member("arguments"), arguments.kind == .string {
                    found.append(Located(range: arguments.valueRange, toolCall: index))
                }
            }
        }
        return found
    }

    /// Just the ranges.
    static func inMessage(_ body: UnsafeRawBufferPointer, range: Range<Int>) throws(JSONSyntaxError) -> [Range<Int>] {
        try located(body, range: range).map(\.range)
    }
}
