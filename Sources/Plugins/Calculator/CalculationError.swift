/// Why an expression could not be calculated: what is wrong, and where (a Unicode scalar offset).
public struct CalculationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in words a model or a person can act on.
    public var message: String
    /// Offset of the offending character in the expression, when there is one.
    public var position: Int?

    /// Creates an error.
    public init(_ message: String, at position: Int? = nil) {
        self.message = message
        self.position = position
    }

    public var description: String {
        position.map { "\(message) (at character \($0 + 1))" } ?? message
    }
}
