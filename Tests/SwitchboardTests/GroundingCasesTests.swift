import Foundation
import Testing
@testable import Checks
import Wire

/// The labelled grounding cases in `tests/grounding-cases/`, checked in-process: every figure a
/// case labels must be found, with its status (grounded, derived, stale or ungrounded).
@Suite("Grounding cases")
struct GroundingCasesTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("tests/grounding-cases/cases.jsonl")

    struct Outcome {
        var labelled = 0
        var matched = 0
        var misses: [String] = []
        var ungroundedCaught = 0
        var ungroundedLabelled = 0
    }

    static func score() throws -> Outcome {
        var outcome = Outcome()
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
            let value = try JSONValue.parse(String(line))
            let id = value["id"]?.stringValue ?? "?"
            let answer = value["answer"]?.stringValue ?? ""
            var evidence = GroundingEvidence()
            for (index, item) in (value["evidence"]?.arrayValue ?? []).enumerated() {
                evidence.addItem(item.stringValue ?? item.encodedString, index: index)
            }
            let report = GroundingChecker.check(AnswerText(answer), against: evidence)
            for label in value["figures"]?.arrayValue ?? [] {
                let text = label["text"]?.stringValue ?? ""
                let status = label["status"]?.stringValue ?? ""
                outcome.labelled += 1
                if status == "ungrounded" || status == "stale" { outcome.ungroundedLabelled += 1 }
                let found = report.figures.first { $0.figure.text == text || $0.figure.text.contains(text) || text.contains($0.figure.text) }
                if let found, found.status.rawValue == status {
                    outcome.matched += 1
                    if status == "ungrounded" || status == "stale" { outcome.ungroundedCaught += 1 }
                } else {
                    outcome.misses.append("\(id) \(text): labelled \(status), found \(found?.status.rawValue ?? "no figure") — \(answer)")
                }
            }
        }
        return outcome
    }

    @Test("at least 95% of the labelled figures get their labelled status, and 95% of the unsupported ones are caught")
    func labelledStatuses() throws {
        let outcome = try Self.score()
        let accuracy = Double(outcome.matched) / Double(outcome.labelled)
        let caught = Double(outcome.ungroundedCaught) / Double(outcome.ungroundedLabelled)
        #expect(outcome.labelled >= 300, "the set has \(outcome.labelled) figures")
        #expect(accuracy >= 0.95, "accuracy \(accuracy): \(outcome.misses.joined(separator: "\n"))")
        #expect(caught >= 0.95, "unsupported caught \(caught): \(outcome.misses.joined(separator: "\n"))")
        print("grounding cases: \(outcome.matched)/\(outcome.labelled) figures as labelled; unsupported caught \(outcome.ungroundedCaught)/\(outcome.ungroundedLabelled)")
        for miss in outcome.misses { print("  " + miss) }
    }
}
