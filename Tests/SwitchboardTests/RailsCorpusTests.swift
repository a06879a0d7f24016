import Foundation
import Testing

/// The rails' labelled corpus, scored by the real `switchboard check score`, and `switchboard
/// check` on one answer read from stdin.
@Suite("Rails corpus and the check command")
struct RailsCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("tests/rails-corpus")

    @Test("precision and recall are 0.9 or better for every category of the labelled corpus")
    func corpusScores() throws {
        let result = try runToCompletion(try BuiltProducts.url("switchboard"), [
            "check", "score", "--config", Self.folder.appendingPathComponent("switchboard.yaml").path,
            "--corpus", Self.folder.appendingPathComponent("cases.jsonl").path, "--require", "0.9",
        ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("advice-forbidden") && result.stdout.contains("undisclosed-recommendation"), "\(result.stdout)")
        let cases = Int(result.stdout.prefix { $0.isNumber }) ?? 0
        #expect(cases >= 150, "the corpus has \(cases) answers")
    }

    @Test("check score exits 1 when a category falls short, and 2 on an unreadable corpus line")
    func scoreFailures() throws {
        let binary = try BuiltProducts.url("switchboard")
        let config = Self.folder.appendingPathComponent("switchboard.yaml").path
        let strict = try runToCompletion(binary, ["check", "score", "--config", config, "--corpus", Self.folder.appendingPathComponent("holdout.jsonl").path, "--require", "1.0"])
        #expect(strict.status == 1, "the held-out set is not perfect: \(strict.stdout)")
        let bad = ScratchSpace.path("bad", suffix: ".jsonl")
        try Data("{\"answer\": 3}\n".utf8).write(to: bad)
        let unreadable = try runToCompletion(binary, ["check", "score", "--config", config, "--corpus", bad.path])
        #expect(unreadable.status == 2)
        #expect(unreadable.stderr.contains("line 1"), "\(unreadable.stderr)")
    }

    @Test("check reads {answer, evidence} on stdin and prints figures with scalar offsets, evidence, and the rails' verdict")
    func checkOneAnswer() throws {
        let binary = try BuiltProducts.url("switchboard").path
        let input = #"{"answer":"茅台现价1,688元，涨1.2%，保本！","evidence":["{\"tool\":\"quote\",\"result\":{\"last\":\"1688.00\",\"change_pct\":\"1.20\"}}"]}"#
        let result = try runToCompletion(URL(fileURLWithPath: "/bin/sh"), ["-c", "printf '%s' '\(input)' | '\(binary)' check"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let figures = ((report["grounding"] as? [String: Any])?["figures"] as? [[String: Any]]) ?? []
        #expect(figures.map { $0["text"] as? String } == ["1,688元", "1.2%"])
        #expect(figures.map { $0["start"] as? Int } == [4, 12], "offsets count Unicode scalars")
        #expect(figures.allSatisfy { $0["grounded"] as? Bool == true })
        let evidence = (figures.first?["evidence"] as? [[String: Any]])?.first
        #expect(evidence?["tool"] as? String == "quote")
        #expect(evidence?["path"] as? String == "last")
        let rails = report["rails"] as? [String: Any]
        #expect(rails?["verdict"] as? String == "block")
        #expect(((rails?["hits"] as? [[String: Any]])?.first)?["start"] as? Int == 17)
        let broken = try runToCompletion(URL(fileURLWithPath: "/bin/sh"), ["-c", "printf 'not json' | '\(binary)' check"])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("not JSON"), "\(broken.stderr)")
    }

    @Test("check refuses hostile input with exit 2 and a clear message: wrong types, an unknown scenario, more than 16 MiB")
    func checkRefusesBadInput() throws {
        let binary = try BuiltProducts.url("switchboard").path
        let shell = URL(fileURLWithPath: "/bin/sh")
        for (input, message) in [
            (#"{"answer": 3}"#, "needs \"answer\" as a string"),
            (#"{"answer": "x", "evidence": [3]}"#, "evidence[0] must be a string or a JSON object"),
            ("[]", "needs \"answer\""),
        ] {
            let result = try runToCompletion(shell, ["-c", "printf '%s' '\(input)' | '\(binary)' check"])
            #expect(result.status == 2 && result.stderr.contains(message), "\(input): \(result.stderr)")
        }
        let unknown = try runToCompletion(shell, ["-c", "printf '{}' | '\(binary)' check --scenario nonesuch"])
        #expect(unknown.status == 2 && unknown.stderr.contains("there is no scenario 'nonesuch'"), "\(unknown.stderr)")
        let huge = try runToCompletion(shell, ["-c", "head -c 17000000 /dev/zero | tr '\\0' 'a' | '\(binary)' check"])
        #expect(huge.status == 2 && huge.stderr.contains("larger than 16 MiB"), "\(huge.stderr)")
    }
}
