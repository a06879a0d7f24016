import ArgumentParser
import Finance
import Foundation

/// `switchboard search bench`: document search latency over a large index, against a naive
/// scan of the same passages for the query's words in the same run.
struct SearchBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure document search latency over N passages against a naive scan of the same passages.")

    @Option(help: "Passages in the index (built from the demo documents' sentences).")
    var chunks = 10_000

    @Option(help: "Seconds to spend on each measurement.")
    var seconds = 1.0

    static let queries = [
        "ST股票涨跌幅限制", "货币基金赎回规则", "structured note knock-in", "适当性 C1 最低类别", "stale quote 过期行情",
        "交易费用 印花税", "T+1 卖出", "redemption fee", "科创板 申报数量", "风险揭示 本金损失",
    ]

    func run() async throws {
        let sentences = EmbeddedDemoDocuments.all.flatMap { document in
            document.text.split(whereSeparator: { "。！？\n".contains($0) }).map(String.init).filter { $0.count > 8 }
        }
        var generator = SeededGenerator(seed: 7)
        let passages = (0..<chunks).map { index in
            DocumentChunk(
                document: "doc-\(index / 20).md", title: "Document \(index / 20)", section: "Section \(index % 20)",
                text: (0..<6).map { _ in sentences[Int(generator.next() % UInt64(sentences.count))] }.joined(separator: "。"))
        }
        let started = ContinuousClock.now
        let index = BM25Index(passages)
        print(String(format: "%d passages indexed in %.0f ms; %d queries, Chinese and English; one core", passages.count, (ContinuousClock.now - started).seconds * 1000, Self.queries.count))
        let words = Self.queries.map { query in query.split(separator: " ").map(String.init) }
        var turn = 0
        let scan = ScanBenchmark.medianMicros(seconds: seconds) {
            turn += 1
            let terms = words[turn % words.count]
            return passages.reduce(0) { count, passage in terms.contains { passage.text.contains($0) } ? count + 1 : count }
        }
        let search = ScanBenchmark.medianMicros(seconds: seconds) {
            turn += 1
            return index.search(Self.queries[turn % Self.queries.count], limit: 5).count
        }
        print(String(format: "naive scan (substring match, no ranking): %8.0f µs per query (median)", scan))
        print(String(format: "BM25 search, top 5:                       %8.0f µs per query (median), %.3fx the scan's time", search, search / scan))
    }
}

/// `switchboard search`: the document index.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Document search (run it with `switchboard tool search_documents`).", subcommands: [SearchBenchmark.self])
}
