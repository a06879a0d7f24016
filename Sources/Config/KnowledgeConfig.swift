/// The `knowledge` section: the documents `search_documents` searches.
public struct KnowledgeConfig: Sendable, Equatable {
    /// The folder of documents (Markdown, text, PDF); nil searches the shipped demo documents.
    public var folder: String?
    /// How often the folder is checked for changed files.
    public var reindexInterval: Duration = .seconds(30)
    /// The longest passage, in characters.
    public var chunkCharacters: Int = 600
    /// Reranking of the best BM25 passages by embedding similarity, when configured.
    public var rerank: Rerank?

    /// Reranking with an embedding model served by the gateway's own backends.
    public struct Rerank: Sendable, Equatable {
        /// The model alias that serves embeddings (its backends must all be private).
        public var model: String
        /// How many BM25 passages are reranked.
        public var candidates: Int

        /// Creates a rerank setting.
        public init(model: String, candidates: Int) {
            self.model = model
            self.candidates = candidates
        }
    }

    /// Creates a configuration.
    public init(folder: String?, reindexInterval: Duration = .seconds(30), chunkCharacters: Int = 600) {
        self.folder = folder
        self.reindexInterval = reindexInterval
        self.chunkCharacters = chunkCharacters
    }
}
