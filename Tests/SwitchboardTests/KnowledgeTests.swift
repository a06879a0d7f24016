import Config
import Finance
import Foundation
import Logging
import Testing

/// Document search: terms for Chinese and English, passages with citations, BM25 ranking, and
/// re-indexing when the folder changes.
@Suite("Knowledge search")
struct KnowledgeTests {
    @Test("terms: English words lower-cased, CJK as overlapping bigrams, full-width folded")
    func terms() {
        #expect(SearchTokenizer.terms("ST股票涨跌幅") == ["st", "股票", "票涨", "涨跌", "跌幅"])
        #expect(SearchTokenizer.terms("Redemption FEE, T+1") == ["redemption", "fee", "t", "1"])
        #expect(SearchTokenizer.terms("ＡＢＣ１２３ 的") == ["abc123", "的"])
    }

    @Test("Markdown passages keep their section path for citation; long paragraphs are cut")
    func chunks() {
        let text = "# 产品说明书\n\n引言。\n\n## 费用\n\n### 赎回费\n\n持有不足7日收取1.5%。\n\n## 风险揭示\n\n" + String(repeating: "市场风险可能导致损失。", count: 80)
        let chunks = DocumentChunker(maximumCharacters: 200).chunks(of: text, document: "wp.md", markdown: true)
        #expect(chunks.first?.title == "产品说明书")
        #expect(chunks.first?.section == "")
        #expect(chunks.contains { $0.section == "费用 › 赎回费" && $0.text.contains("1.5%") && $0.citation == "wp.md § 费用 › 赎回费" })
        let risk = chunks.filter { $0.section == "风险揭示" }
        #expect(risk.count >= 4, "an 880-character paragraph is cut into passages of at most 200")
        #expect(risk.allSatisfy { $0.text.count <= 200 })
    }

    @Test("BM25: more occurrences of a rarer term rank higher; unrelated passages do not match")
    func ranking() {
        let index = BM25Index([
            DocumentChunk(document: "a.md", title: "a", section: "", text: "涨跌幅限制是10%。"),
            DocumentChunk(document: "b.md", title: "b", section: "", text: "ST股票的涨跌幅限制：2026年7月6日起ST股票涨跌幅为10%。"),
            DocumentChunk(document: "c.md", title: "c", section: "", text: "Money market funds redeem on T+1."),
            DocumentChunk(document: "d.md", title: "d", section: "", text: "开户需要身份证。"),
        ])
        let hits = index.search("ST股票涨跌幅", limit: 10)
        #expect(hits.map(\.chunk.document) == ["b.md", "a.md"])
        #expect(index.search("money market redeem", limit: 3).first?.chunk.document == "c.md")
        #expect(index.search("保险", limit: 3).isEmpty)
    }

    @Test("a changed folder is re-indexed; a folder that disappears keeps the previous index")
    func reindex() throws {
        let folder = try ScratchSpace.directory("kb")
        try "# 费用\n\n申购费为零。".write(to: folder.appendingPathComponent("fees.md"), atomically: true, encoding: .utf8)
        let knowledge = try KnowledgeBase(config: KnowledgeConfig(folder: folder.path), logger: Logger(label: "test"))
        #expect(knowledge.index.search("赎回", limit: 3).isEmpty)
        try "# 赎回\n\n赎回款T+1到账。".write(to: folder.appendingPathComponent("redeem.txt"), atomically: true, encoding: .utf8)
        knowledge.reindexIfChanged()
        #expect(knowledge.index.search("赎回", limit: 3).first?.chunk.document == "redeem.txt")
        try FileManager.default.removeItem(at: folder)
        knowledge.reindexIfChanged()
        #expect(knowledge.index.search("赎回", limit: 3).count == 1, "the previous index stays")
    }

    /// A one-page PDF whose text is `text` (ASCII), with a correct cross-reference table.
    static func pdf(_ text: String) -> Data {
        let stream = "BT /F1 12 Tf 72 720 Td (\(text)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var output = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(output.utf8.count)
            output += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = output.utf8.count
        output += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { output += String(format: "%010d 00000 n \n", offset) }
        output += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(output.utf8)
    }

    @Test("PDFs are indexed through pdftotext")
    func pdfDocuments() throws {
        let folder = try ScratchSpace.directory("kb-pdf")
        try Self.pdf("The redemption fee of the bond fund is 0.5 percent").write(to: folder.appendingPathComponent("terms.pdf"))
        let knowledge = try KnowledgeBase(config: KnowledgeConfig(folder: folder.path), logger: Logger(label: "test"))
        let hit = try #require(knowledge.index.search("bond fund redemption fee", limit: 1).first, "pdftotext (poppler-utils) must be installed")
        #expect(hit.chunk.document == "terms.pdf")
        #expect(hit.chunk.text.contains("0.5 percent"))
    }

    @Test("the demo documents are the shipped files, and search_documents cites them")
    func demoDocuments() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/demo/documents")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.sorted()
        #expect(EmbeddedDemoDocuments.all.map(\.name) == files)
        for document in EmbeddedDemoDocuments.all {
            let shipped = try String(contentsOf: folder.appendingPathComponent(document.name), encoding: .utf8)
            #expect(document.text == shipped.trimmingCharacters(in: .newlines), "run scripts/embed-resources.sh after editing \(document.name)")
        }
        let knowledge = try KnowledgeBase(config: KnowledgeConfig(folder: nil), logger: Logger(label: "test"))
        let hit = try #require(knowledge.index.search("ST股票涨跌幅限制 2026年7月6日", limit: 1).first)
        #expect(hit.chunk.document == "trading-rules-summary.md")
        #expect(hit.chunk.citation.hasPrefix("trading-rules-summary.md § "))
    }
}

/// Reranking document search with an embedding model inside the house.
@Suite("Knowledge search reranking")
struct KnowledgeRerankTests {
    static func yaml(fake: FakeProviderProcess, zone: String) -> String {
        gatewayYAML(
            backends: [#"{ name: in-house, kind: openai, url: "\#(fake.baseURL)/v1", zone: \#(zone) }"#],
            models: ["{ alias: fin-chat, targets: [in-house] }", "{ alias: embedder, targets: [in-house] }"])
            + """

            knowledge:
              demo: true
              rerank: { model: embedder, candidates: 8 }
            scenarios:
              - { name: docs, model: fin-chat, plugins: [search_documents] }
            """
    }

    @Test("the best BM25 passages are reranked by an in-house embedding model; a public one is refused at start")
    func rerank() async throws {
        let fake = try await FakeProviderProcess(script: """
            {"rules":[
              {"when":"tool_result","reply":{"content":"{{tool_results}}"}},
              {"reply":{"toolCalls":[\(ToolLoopEndToEndTests.call("search_documents", #"{"query":"货币基金赎回规则","limit":3}"#))]}}
            ]}
            """)
        defer { fake.stop() }
        let gateway = try await GatewayProcess(yaml: Self.yaml(fake: fake, zone: "private"))
        defer { gateway.stop() }
        let response = try await gateway.post(body: ToolLoopEndToEndTests.chat("货币基金怎么赎回？", model: "scenario/docs"))
        #expect(response.status == 200)
        let content = ((response.json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String ?? ""
        #expect(content.contains(#""similarity":"#), "\(content.prefix(300))")
        #expect(content.contains("reranked by embedding similarity"))
        let embeddingRequests = try await fake.requests().filter { ($0["path"] as? String)?.hasSuffix("/embeddings") == true }
        let input = (embeddingRequests.first?["body"] as? [String: Any])?["input"] as? [String]
        #expect(input?.first == "货币基金赎回规则", "the query is embedded with the candidates")
        #expect(input?.count == 9)

        let refused = try CommandLineTests.checkConfig(Self.yaml(fake: fake, zone: "public"))
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("knowledge.rerank.model: the alias 'embedder' can use the backend 'in-house', which is not in the private zone"), "\(refused.stderr)")
    }
}
