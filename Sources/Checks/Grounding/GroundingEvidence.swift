import Foundation
import Wire

/// The evidence of one exchange that an answer's figures are checked against: every number,
/// date and security code in the plugins' results and in the user's messages, indexed for
/// look-up by value.
public struct GroundingEvidence: Sendable {
    /// A number of the evidence (its reference is kept apart, in ``references``, so that the
    /// look-ups copy no strings).
    struct Number: Sendable {
        var value: Decimal
        var approximate: Double
        /// Its source marked it stale.
        var stale: Bool
        /// A security code, which grounds codes but is no operand of arithmetic.
        var isCode = false
        /// Stated in per cent (a `%` figure of a text, or a field named like `change_pct`).
        var isPercent = false
        /// The value as a significand and a power of ten, when it fits.
        var exact: ExactNumber?
    }

    private(set) var numbers: [Number] = []
    /// Where each number came from, by the same index.
    private(set) var references: [EvidenceReference] = []
    private(set) var dates: [(FigureDate, EvidenceReference)] = []
    private(set) var codes: [String: EvidenceReference] = [:]
    /// The numbers' indices, in order of value.
    private(set) var sorted: [Int] = []

    /// Empty evidence.
    public init() {}

    /// Adds a tool's result: every number in it (JSON numbers and strings that are numbers),
    /// every date and code, and the figures of its text. An object with `"stale": true` marks
    /// what it holds stale; its `as_of` dates what it holds.
    public mutating func addToolResult(_ result: JSONValue, source: EvidenceSource) {
        walk(result, path: "", source: source, asOf: nil, stale: false)
        sortByValue()
    }

    /// Adds a text (a user's message, a document passage): the figures in it.
    public mutating func addText(_ text: String, source: EvidenceSource) {
        addFigures(of: text, path: "", source: source, asOf: nil, stale: false)
        sortByValue()
    }

    /// Adds what a chat request's conversation holds as evidence: the user's messages and the
    /// tool messages (a Switchboard tool message's result, with its provenance's `as_of`).
    /// System and assistant messages are not evidence: they are instructions and the model's
    /// own words; nor are the messages at `skipped` (the gateway's own, such as a retry's
    /// feedback, which quotes the very figures that lack evidence).
    public mutating func addConversation(_ messages: [JSONValue], skipping skipped: Set<Int> = []) {
        var toolNames: [String: String] = [:]
        for (index, message) in messages.enumerated() where !skipped.contains(index) {
            switch message["role"]?.stringValue {
            case "user":
                for text in Self.texts(of: message["content"]) { addText(text, source: EvidenceSource(kind: .user, message: index)) }
            case "assistant":
                for call in message["tool_calls"]?.arrayValue ?? [] {
                    if let id = call["id"]?.stringValue, let name = call["function"]?["name"]?.stringValue { toolNames[id] = name }
                }
            case "tool":
                let callID = message["tool_call_id"]?.stringValue
                for text in Self.texts(of: message["content"]) {
                    addToolMessage(text, callID: callID, toolName: callID.flatMap { toolNames[$0] }, index: index)
                }
            default:
                continue
            }
        }
    }

    /// Adds one item as the command line and evaluation suites give evidence: a JSON object
    /// `{"tool": name, "result": …}` (with `as_of` or `provenance.as_of`) is a tool's result,
    /// other JSON is an unnamed tool's result, and anything else is a user's message.
    public mutating func addItem(_ text: String, index: Int) {
        guard let parsed = try? JSONValue.parse(text), case .object(let members) = parsed else {
            addText(text, source: EvidenceSource(kind: .user, message: index))
            return
        }
        if let tool = members["tool"]?.stringValue, let result = members["result"] {
            let asOf = members["as_of"]?.stringValue ?? members["provenance"]?["as_of"]?.stringValue
            addToolResult(result, source: EvidenceSource(kind: .tool, tool: tool, callID: members["call_id"]?.stringValue, message: index, asOf: asOf))
        } else {
            addToolResult(parsed, source: EvidenceSource(kind: .tool, message: index))
        }
    }

    private mutating func addToolMessage(_ text: String, callID: String?, toolName: String?, index: Int) {
        guard let parsed = try? JSONValue.parse(text), case .object(let members) = parsed else {
            addText(text, source: EvidenceSource(kind: .tool, tool: toolName, callID: callID, message: index))
            return
        }
        if members["note"] != nil, let tool = members["tool"]?.stringValue {
            // A Switchboard tool message: the result, dated by its provenance.
            let asOf = members["provenance"]?["as_of"]?.stringValue
            guard let result = members["result"] else { return }
            addToolResult(result, source: EvidenceSource(kind: .tool, tool: tool, callID: callID, message: index, asOf: asOf))
            return
        }
        addToolResult(parsed, source: EvidenceSource(kind: .tool, tool: toolName, callID: callID, message: index))
    }

    /// The texts of a message's content: a string, or the text parts of an array.
    static func texts(of content: JSONValue?) -> [String] {
        switch content {
        case .string(let text): return [text]
        case .array(let parts): return parts.compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }
        default: return []
        }
    }

    private mutating func walk(_ value: JSONValue, path: String, source: EvidenceSource, asOf: String?, stale: Bool) {
        switch value {
        case .number(let literal):
            addNumber(literal, path: path, source: source, asOf: asOf, stale: stale)
        case .string(let text):
            if Self.isPlainNumber(text) {
                if text.utf8.count == 6, !text.utf8.contains(UInt8(ascii: ".")) {
                    codes[text] = codes[text] ?? EvidenceReference(source: source, path: path, value: text, asOf: asOf, stale: stale)
                }
                addNumber(text, path: path, source: source, asOf: asOf, stale: stale)
                if text.utf8.count == 6, codes[text] != nil { numbers[numbers.count - 1].isCode = true }
            } else {
                addFigures(of: text, path: path, source: source, asOf: asOf, stale: stale)
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() { walk(element, path: path + "[" + String(index) + "]", source: source, asOf: asOf, stale: stale) }
        case .object(let members):
            let itemAsOf = members["as_of"]?.stringValue ?? asOf
            let itemStale = stale || members["stale"]?.boolValue == true
            for (key, member) in members { walk(member, path: path.isEmpty ? key : path + "." + key, source: source, asOf: itemAsOf, stale: itemStale) }
        case .bool, .null:
            return
        }
    }

    private mutating func addNumber(_ literal: String, path: String, source: EvidenceSource, asOf: String?, stale: Bool) {
        guard let value = Decimal(string: literal), !value.isNaN else { return }
        let reference = EvidenceReference(source: source, path: path, value: literal, asOf: asOf, stale: stale)
        numbers.append(Number(
            value: value, approximate: NSDecimalNumber(decimal: value).doubleValue, stale: stale, isPercent: Self.isPercentField(path),
            exact: ExactNumber(literal: literal)))
        references.append(reference)
    }

    private static let percentFieldWords = ["pct", "percent", "rate", "ratio", "yield", "return", "growth", "margin", "涨跌幅", "涨幅", "跌幅", "收益率", "比例", "占比", "利率"]

    /// Whether a field's name says its value is in per cent (`change_pct`, `yield`, `收益率`).
    static func isPercentField(_ path: String) -> Bool {
        let name = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return percentFieldWords.contains { name.contains($0) }
    }

    private mutating func addFigures(of text: String, path: String, source: EvidenceSource, asOf: String?, stale: Bool) {
        for figure in FigureExtractor.figures(in: text) {
            let at = path + "@" + String(figure.start)
            let reference = EvidenceReference(source: source, path: at, value: figure.text, asOf: asOf, stale: stale)
            switch figure.kind {
            case .date:
                if let date = figure.date { dates.append((date, reference)) }
            case .code:
                if let code = figure.code { codes[code] = codes[code] ?? reference }
            default:
                var value = figure.value
                if figure.falling { value = -value }
                let significand = figure.falling ? -figure.significand : figure.significand
                numbers.append(Number(
                    value: value, approximate: NSDecimalNumber(decimal: value).doubleValue, stale: stale,
                    isPercent: figure.kind == .percentage || figure.kind == .percentagePoints,
                    exact: ExactNumber(significand: significand, exponent: figure.scaleExponent - figure.decimals)))
                references.append(reference)
            }
        }
    }

    /// `-12.30`, `1688`: an optional sign, digits and at most one point.
    static func isPlainNumber(_ text: String) -> Bool {
        var digits = 0
        var points = 0
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."): points += 1
            case UInt8(ascii: "-"), UInt8(ascii: "+"): if index != 0 { return false }
            default: return false
            }
        }
        return digits > 0 && digits <= 30 && points <= 1
    }

    private mutating func sortByValue() {
        sorted = numbers.indices.sorted { numbers[$0].approximate < numbers[$1].approximate }
    }

    /// The evidence dates (timestamps such as `as_of` included) that are `date`.
    func dateMatches(_ date: FigureDate) -> [EvidenceReference] {
        dates.filter { $0.0.matches(date) }.map(\.1)
    }
}
