/// The kind of a JSON value, as found by ``JSONObjectScanner`` without decoding it.
public enum JSONValueKind: Sendable, Equatable {
    case object
    case array
    case string
    case number
    case bool
    case null
}
