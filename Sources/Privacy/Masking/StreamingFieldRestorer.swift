/// Restores pseudonyms in one text field that arrives in pieces (a streamed `content` or tool
/// call `arguments`), holding back a tail that may be the first part of a pseudonym split
/// across pieces. The hold-back never exceeds ``PseudonymRestorer/maximumPseudonymBytes``.
public struct StreamingFieldRestorer: Sendable {
    private var held = ""

    /// An empty restorer.
    public init() {}

    /// Whether text is being held back.
    public var isHolding: Bool { !held.isEmpty }

    /// The restored text that can be sent now for the next `piece`.
    public mutating func feed(_ piece: String, using restorer: inout PseudonymRestorer) -> String {
        let text = held + piece
        let pending = PseudonymRestorer.pendingSuffixLength(of: text)
        let utf8 = text.utf8
        let split = utf8.index(utf8.endIndex, offsetBy: -pending)
        held = String(text[split...])
        return restorer.restore(String(text[..<split]))
    }

    /// Whatever is still held, restored, at the end of the field.
    public mutating func flush(using restorer: inout PseudonymRestorer) -> String {
        defer { held = "" }
        return restorer.restore(held)
    }
}
