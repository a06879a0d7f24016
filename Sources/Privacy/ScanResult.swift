/// What the scanner found in one text.
public struct ScanResult: Sendable, Equatable {
    /// Sensitive values, in order of position, not overlapping.
    public var entities: [DetectedEntity]
    /// Keywords found.
    public var keywords: [KeywordHit]
    /// The highest level among the entities' types and the keywords' categories; L1 when none.
    public var level: DataLevel

    /// Creates a result.
    public init(entities: [DetectedEntity], keywords: [KeywordHit], level: DataLevel) {
        self.entities = entities
        self.keywords = keywords
        self.level = level
    }
}
