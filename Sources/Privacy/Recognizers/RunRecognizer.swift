/// A candidate value: runs `firstRun` through `lastRun` of a ``ScanText``, each joined to the
/// next by a single space or dash.
struct RunCandidate {
    /// The first run's index.
    let firstRun: Int
    /// The last run's index.
    let lastRun: Int
    /// The runs' characters in ASCII, joiners left out.
    let characters: ArraySlice<UInt8>
    /// Byte offset where the candidate starts in the text.
    let byteStart: Int
    /// Byte offset just past it.
    let byteEnd: Int
    /// Whether every character is a digit.
    let isAllDigits: Bool

    /// How many runs it spans.
    var runCount: Int { lastRun - firstRun + 1 }
}

/// Where a recognizer found its value (it may reach beyond the candidate, e.g. a `+86` prefix)
/// and how sure it is before context is considered.
struct RecognizedSpan {
    /// Byte offset of the value's start.
    var byteStart: Int
    /// Byte offset just past it.
    var byteEnd: Int
    /// Confidence from 0 to 1.
    var confidence: Double
    /// The type found, when the recognizer reports more than one; nil for the recognizer's own type.
    var type: EntityType? = nil
}

/// One built-in recognizer of values made of letter-and-digit runs: a small unit that accepts or
/// rejects a candidate, with its own validator where the format has one.
protocol RunRecognizer: Sendable {
    /// The type it reports.
    var type: EntityType { get }
    /// Whether a negative context word (order number, reference …) before a hit suppresses it.
    var yieldsToNegativeContext: Bool { get }
    /// The value in `candidate`, or nil.
    func recognize(_ candidate: RunCandidate, in text: ScanText) -> RecognizedSpan?
}

extension RunRecognizer {
    var yieldsToNegativeContext: Bool { false }
}
