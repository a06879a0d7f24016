import Config
import Foundation
import Logging
import Synchronization
import Timers

/// The indexed documents: a folder of Markdown and plain-text files (and PDFs through
/// `pdftotext` when it is installed), or the shipped demo documents, re-indexed when a file
/// changes. A failed re-index keeps the previous index.
public final class KnowledgeBase: Sendable {
    private let config: KnowledgeConfig
    private let state: Mutex<(index: BM25Index, fingerprint: [String])>
    private let logger: Logger

    /// Indexes the configured documents.
    public init(config: KnowledgeConfig, logger: Logger) throws(KnowledgeError) {
        self.config = config
        self.logger = logger
        let fingerprint = Self.fingerprint(config)
        state = Mutex((try Self.load(config, logger: logger), fingerprint))
    }

    /// The current index.
    public var index: BM25Index {
        state.withLock { $0.index }
    }

    /// Where the documents come from, for provenance.
    public var source: String {
        config.folder.map { "knowledge:\($0)" } ?? "knowledge:demo documents"
    }

    /// Checks for changed files every `reindex_interval` until cancelled.
    public func run() async {
        guard config.folder != nil else { return }
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: config.reindexInterval)
            } catch {
                return
            }
            // Reading files and waiting for pdftotext block: off the threads that serve requests.
            guard (try? await BlockingWork.run { self.reindexIfChanged() }) != nil else { return }
        }
    }

    /// Re-indexes when any file was added, removed or changed since the last index. It reads
    /// files and waits for `pdftotext`, blocking while it does: ``run()`` calls it through
    /// ``BlockingWork``.
    public func reindexIfChanged() {
        let fingerprint = Self.fingerprint(config)
        guard fingerprint != state.withLock({ $0.fingerprint }) else { return }
        do {
            let index = try Self.load(config, logger: logger)
            state.withLock { $0 = (index, fingerprint) }
            logger.info("documents re-indexed", metadata: ["passages": "\(index.chunks.count)"])
        } catch {
            logger.error("documents could not be re-indexed; keeping the previous index", metadata: ["error": "\(error.description)"])
        }
    }

    private static func files(in folder: String) -> [String] {
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: folder) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { ["md", "markdown", "txt", "pdf"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
    }

    private static func fingerprint(_ config: KnowledgeConfig) -> [String] {
        guard let folder = config.folder else { return [] }
        return files(in: folder).map { file in
            let attributes = try? FileManager.default.attributesOfItem(atPath: (folder as NSString).appendingPathComponent(file))
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(file)|\(size)|\(modified)"
        }
    }

    private static func load(_ config: KnowledgeConfig, logger: Logger) throws(KnowledgeError) -> BM25Index {
        let chunker = DocumentChunker(maximumCharacters: config.chunkCharacters)
        guard let folder = config.folder else {
            return BM25Index(EmbeddedDemoDocuments.all.flatMap { chunker.chunks(of: $0.text, document: $0.name, markdown: true) })
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw KnowledgeError(description: "the knowledge folder \(folder) does not exist")
        }
        var chunks: [DocumentChunk] = []
        for file in files(in: folder) {
            let path = (folder as NSString).appendingPathComponent(file)
            let lowercased = file.lowercased()
            let text: String?
            if lowercased.hasSuffix(".pdf") {
                text = PDFText.extract(path)
                if text == nil { logger.warning("PDF skipped: pdftotext is not installed or could not read it", metadata: ["file": "\(path)"]) }
            } else {
                text = try? String(contentsOfFile: path, encoding: .utf8)
                if text == nil { logger.warning("document skipped: not UTF-8 text", metadata: ["file": "\(path)"]) }
            }
            guard let text else { continue }
            chunks += chunker.chunks(of: text, document: file, markdown: lowercased.hasSuffix(".md") || lowercased.hasSuffix(".markdown"))
        }
        return BM25Index(chunks)
    }
}

/// Documents that cannot be indexed.
public struct KnowledgeError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var description: String
}
