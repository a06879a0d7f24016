/// A keyword found in a text: its category, the level that category sets, and where it is
/// (Unicode scalar offsets).
public struct KeywordHit: Sendable, Equatable {
    /// The category's name.
    public var category: String
    /// The level the category sets.
    public var level: DataLevel
    /// Offset of the first Unicode scalar.
    public var start: Int
    /// Offset just past the last.
    public var end: Int
    /// The keyword as written.
    public var text: String
}

/// A keyword category: words that mark a text as at least `level`.
public struct KeywordCategory: Sendable, Equatable {
    /// The category's name.
    public var name: String
    /// Its words.
    public var words: [String]
    /// The level they set.
    public var level: DataLevel

    /// Creates a category.
    public init(name: String, words: [String], level: DataLevel) {
        self.name = name
        self.words = words
        self.level = level
    }
}
