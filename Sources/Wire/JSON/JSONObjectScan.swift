/// The members of one JSON object, located but not decoded.
///
/// Produced by ``JSONObjectScanner``. Value ranges are byte offsets into the document that
/// was scanned, so a caller can decode only the members it needs, or splice new values in
/// with ``JSONSplicer`` and forward everything else byte for byte.
public struct JSONObjectScan: Sendable, Equatable {
    /// One `"key": value` pair of the object.
    public struct Member: Sendable, Equatable {
        /// The decoded key.
        public let key: String
        /// The byte range of the key's string literal, quotes included.
        public let keyRange: Range<Int>
        /// The byte range of the value, from its first to its last byte.
        public let valueRange: Range<Int>
        /// What kind of value it is.
        public let kind: JSONValueKind
    }

    /// The members in document order.
    public let members: [Member]
    /// The byte range of the whole object, braces included.
    public let objectRange: Range<Int>

    /// The last member with this key (JSON parsers conventionally let a later duplicate win).
    public func member(_ key: String) -> Member? {
        members.last { $0.key == key }
    }
}
