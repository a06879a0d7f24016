/// The `knowledge` section: the documents `search_documents` searches.
public struct KnowledgeConfig: Sendable, Equatable {
    /// The folder of documents (Markdown, text, PDF); nil searches the shipped demo documents.
    public var folder: String?
    /// How often the folder is checked for changed files.
    public var reindexInterval: Duration = .seconds(30)
    /// The longest passage, in characters.
    public var chunkCharacters: Int = 600

    /// Creates a configuration.
    public init(folder: String?, reindexInterval: Duration = .seconds(30), chunkCharacters: Int = 600) {
        self.folder = folder
        self.reindexInterval = reindexInterval
        self.chunkCharacters = chunkCharacters
    }
}
