/// A passage of a document that search returns, with where it came from.
public struct DocumentChunk: Sendable, Equatable {
    /// The document's file name (relative to the indexed folder).
    public var document: String
    /// The document's title (its first heading, else the file name).
    public var title: String
    /// The heading path of the section, e.g. `费用 › 赎回费`; empty before the first heading.
    public var section: String
    /// The passage's text.
    public var text: String

    /// Creates a chunk.
    public init(document: String, title: String, section: String, text: String) {
        self.document = document
        self.title = title
        self.section = section
        self.text = text
    }

    /// The citation, e.g. `faq.md § 交易要收哪些费用？`.
    public var citation: String {
        section.isEmpty ? document : "\(document) § \(section)"
    }
}
