/// A sensitive value found in a text: its type, where it is (Unicode scalar offsets, end
/// exclusive), the text as written, and how sure the recognizer is.
public struct DetectedEntity: Sendable, Equatable {
    /// The value's type.
    public var type: EntityType
    /// Offset of the first Unicode scalar.
    public var start: Int
    /// Offset just past the last Unicode scalar.
    public var end: Int
    /// The value as written (internal spaces, dashes and prefixes included).
    public var text: String
    /// Confidence from 0 to 1 after context adjustments; only values at or above the reporting
    /// threshold are reported.
    public var confidence: Double
    /// Where the value is in the text's UTF-8 bytes.
    public var utf8Range: Range<Int>

    /// Creates an entity.
    public init(type: EntityType, start: Int, end: Int, text: String, confidence: Double, utf8Range: Range<Int>) {
        self.type = type
        self.start = start
        self.end = end
        self.text = text
        self.confidence = confidence
        self.utf8Range = utf8Range
    }
}
