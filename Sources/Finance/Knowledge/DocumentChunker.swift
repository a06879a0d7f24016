import Foundation

/// Splits documents into passages for search: Markdown by its headings (each passage keeps its
/// heading path for citation), then by paragraphs up to a size; plain text by paragraphs.
public struct DocumentChunker: Sendable {
    /// The longest passage, in characters (a longer paragraph is cut at sentence ends when it can be).
    public let maximumCharacters: Int

    /// Creates a chunker.
    public init(maximumCharacters: Int = 600) {
        self.maximumCharacters = max(100, maximumCharacters)
    }

    /// The passages of one document.
    public func chunks(of text: String, document: String, markdown: Bool) -> [DocumentChunk] {
        var chunks: [DocumentChunk] = []
        var headings: [(level: Int, text: String)] = []
        var title: String?
        var paragraph: [Substring] = []
        var pending = ""
        // The document's title (its first top-level heading) is not repeated in section paths.
        func section() -> String { headings.filter { !($0.level == 1 && $0.text == title) }.map(\.text).joined(separator: " › ") }
        func flushPending() {
            let trimmed = pending.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { chunks.append(DocumentChunk(document: document, title: title ?? document, section: section(), text: trimmed)) }
            pending = ""
        }
        func addParagraph() {
            let text = paragraph.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            paragraph = []
            guard !text.isEmpty else { return }
            for piece in split(text) {
                if pending.count + piece.count + 1 > maximumCharacters { flushPending() }
                pending += pending.isEmpty ? piece : "\n" + piece
            }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if markdown, let heading = Self.heading(line) {
                addParagraph()
                flushPending()
                if title == nil { title = heading.text }
                headings.removeAll { $0.level >= heading.level }
                headings.append(heading)
            } else if line.trimmingCharacters(in: .whitespaces).isEmpty {
                addParagraph()
            } else {
                paragraph.append(line)
            }
        }
        addParagraph()
        flushPending()
        return chunks
    }

    /// A paragraph cut into pieces no longer than the maximum, at sentence ends where possible.
    private func split(_ text: String) -> [String] {
        guard text.count > maximumCharacters else { return [text] }
        var pieces: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            let atSentenceEnd = "。！？!?；;".contains(character) || (character == "." && current.count > maximumCharacters / 2)
            if current.count >= maximumCharacters || (atSentenceEnd && current.count >= maximumCharacters * 3 / 4) {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// `(level, text)` of a Markdown ATX heading line.
    static func heading(_ line: Substring) -> (level: Int, text: String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        let text = line.dropFirst(hashes).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "#").union(.whitespaces))
        return text.isEmpty ? nil : (hashes, text)
    }
}
