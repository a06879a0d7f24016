/// A JSON document that is not well formed, with the place where reading stopped.
///
/// `line` and `column` count from 1; `column` counts bytes within the line, which is what
/// editors show for ASCII JSON and close enough to locate a fault in any other.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset from the start of the document.
    public let offset: Int
    /// Line number, from 1.
    public let line: Int
    /// Column number within the line, from 1.
    public let column: Int
    /// What was wrong, e.g. "expected ',' or '}' after an object member".
    public let reason: String

    /// Creates an error at `offset` of `bytes`, computing the line and column.
    init(reason: String, offset: Int, in bytes: UnsafeRawBufferPointer) {
        var line = 1
        var lineStart = 0
        let end = min(offset, bytes.count)
        var index = 0
        while index < end {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        self.offset = offset
        self.line = line
        self.column = offset - lineStart + 1
        self.reason = reason
    }

    public var description: String {
        "\(reason) at line \(line), column \(column)"
    }
}
