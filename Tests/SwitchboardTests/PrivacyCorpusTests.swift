import Foundation
import GRDB
import Testing
@testable import Config
@testable import Gateway
import Privacy

/// The labelled corpus in `tests/privacy-corpus/`, scored by the real `switchboard inspect`.
@Suite("Privacy corpus")
struct PrivacyCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("tests/privacy-corpus")

    @Test("precision and recall are 0.99 or better for every type")
    func corpusScores() throws {
        let binary = try BuiltProducts.url("switchboard")
        let result = try runToCompletion(binary, [
            "inspect", "--config", Self.folder.appendingPathComponent("switchboard.yaml").path,
            "--corpus", Self.folder.appendingPathComponent("cases.jsonl").path, "--require", "0.99",
            // The day the corpus was labelled (generate.py's DATE_MAX): its date-bound cases stay true.
            "--today", "2026-11-29",
        ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").dropFirst(2).filter { !$0.hasPrefix("  ") }
        #expect(rows.count == 15, "every built-in type is in the corpus")
        for row in rows {
            let columns = row.split(separator: " ")
            let precision = Double(columns[columns.count - 2]) ?? 0
            let recall = Double(columns[columns.count - 1]) ?? 0
            #expect(precision >= 0.99 && recall >= 0.99, "\(row)")
        }
        #expect(result.stdout.hasPrefix("4") || result.stdout.hasPrefix("5"), "the corpus has at least 300 cases: \(result.stdout.prefix(20))")
    }

    @Test("inspect --today takes a real date as YYYY-MM-DD and refuses anything else with exit 2")
    func todayOption() throws {
        let binary = try BuiltProducts.url("switchboard")
        let config = Self.folder.appendingPathComponent("switchboard.yaml").path
        for bad in ["2026-02-30", "2026/11/29", "明天"] {
            let result = try runToCompletion(binary, ["inspect", "--config", config, "--corpus", Self.folder.appendingPathComponent("cases.jsonl").path, "--today", bad])
            #expect(result.status == 2, "\(bad): \(result.stderr)")
            #expect(result.stderr.contains("--today must be a date as YYYY-MM-DD"), "\(result.stderr)")
        }
    }

    @Test("switchboard inspect prints the level and entities of standard input as JSON, offsets in Unicode scalars")
    func inspectCommand() throws {
        let binary = try BuiltProducts.url("switchboard")
        let input = ScratchSpace.path("inspect", suffix: ".txt")
        try "客户身份证１１０１０５１９４９１２３１００２Ｘ，验证码：834921".write(to: input, atomically: true, encoding: .utf8)
        let result = try runToCompletion(URL(fileURLWithPath: "/bin/sh"), ["-c", "'\(binary.path)' inspect < '\(input.path)'"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["level"] as? Int == 4)
        let entities = try #require(json["entities"] as? [[String: Any]])
        #expect(entities.map { $0["type"] as? String } == ["cn_id_card", "one_time_code"])
        #expect(entities.first?["start"] as? Int == 5 && entities.first?["end"] as? Int == 23)
        #expect(entities.first?["text"] as? String == "１１０１０５１９４９１２３１００２Ｘ")
    }

    @Test("dictionaries are reloaded when their file changes, and a broken reload keeps the old scanner")
    func dictionaryReload() throws {
        let folder = try ScratchSpace.directory("dict")
        let file = folder.appendingPathComponent("names.txt")
        try "张伟\n".write(to: file, atomically: true, encoding: .utf8)
        let config = PrivacyConfig(
            levels: [:], dictionaries: [DictionaryConfig(type: "person_name", source: .file(path: file.path))], reloadInterval: .seconds(1),
            recognizers: [], keywords: [])
        let reloader = try PrivacyScannerReloader(config: config, logger: .init(label: "test"))
        #expect(reloader.scanner.scan("王芳来电").entities.isEmpty)
        try "张伟\n王芳\n# comment\n".write(to: file, atomically: true, encoding: .utf8)
        reloader.reloadIfChanged()
        #expect(reloader.scanner.scan("王芳来电").entities.map(\.text) == ["王芳"])
        try FileManager.default.removeItem(at: file)
        reloader.reloadIfChanged()
        #expect(reloader.scanner.scan("王芳来电").entities.map(\.text) == ["王芳"], "a missing file keeps the previous dictionary")
    }

    @Test("a dictionary can be a named query against the institution's SQLite database")
    func sqliteDictionary() throws {
        let path = ScratchSpace.path("crm", suffix: ".db").path
        let database = try DatabaseQueue(path: path)
        try database.write { db in
            try db.execute(sql: "CREATE TABLE clients (id TEXT, name TEXT)")
            try db.execute(sql: "INSERT INTO clients VALUES ('KH2024000123', '欧阳明华'), ('KH2024000456', '李娜')")
        }
        let config = PrivacyConfig(
            levels: [:], dictionaries: [
                DictionaryConfig(type: "client_id", source: .sqlite(path: path, query: "SELECT id FROM clients")),
                DictionaryConfig(type: "person_name", source: .sqlite(path: path, query: "SELECT name FROM clients")),
            ], reloadInterval: .seconds(1), recognizers: [], keywords: [])
        let scanner = try PrivacyScannerLoader.load(config)
        #expect(scanner.scan("客户欧阳明华（KH2024000456）").entities.map { "\($0.type.rawValue):\($0.text)" } == ["person_name:欧阳明华", "client_id:KH2024000456"])
        let broken = PrivacyConfig(
            levels: [:], dictionaries: [DictionaryConfig(type: "client_id", source: .sqlite(path: path, query: "SELECT nope FROM clients"))],
            reloadInterval: .seconds(1), recognizers: [], keywords: [])
        #expect(throws: PrivacyScannerLoader.LoadError.self) { try PrivacyScannerLoader.load(broken) }
    }
}
