import Foundation

/// A recognizer from config: a regular expression, optionally a checksum every match must pass,
/// optionally context words one of which must appear shortly before a match.
public struct CustomRecognizer: Sendable {
    /// The type it reports.
    public let type: EntityType
    private let expression: NSRegularExpression
    private let validator: ChecksumValidator?
    private let context: ContextWords

    /// A recognizer, or an error naming what is wrong with `pattern`.
    public init(type: EntityType, pattern: String, validator: ChecksumValidator?, context: [String]) throws {
        expression = try NSRegularExpression(pattern: pattern)
        self.type = type
        self.validator = validator
        self.context = ContextWords(context)
    }

    /// Every match in `text` (whose bytes are `scanText`) that passes the validator and context.
    func spans(in text: String, scanText: ScanText) -> [RecognizedSpan] {
        var spans: [RecognizedSpan] = []
        for match in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let range = Range(match.range, in: text), !range.isEmpty else { continue }
            let value = text[range]
            if let validator, !validator.isValid(String(value)) { continue }
            let start = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
            let end = start + value.utf8.count
            if !context.isEmpty,
               !context.occurs(in: scanText.window(before: start, scalars: PrivacyScanner.contextReach), of: scanText) {
                continue
            }
            spans.append(RecognizedSpan(byteStart: start, byteEnd: end, confidence: validator == nil ? 0.7 : 0.9, type: type))
        }
        return spans
    }
}
