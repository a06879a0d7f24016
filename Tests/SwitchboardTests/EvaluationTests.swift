import Foundation
import Testing
import Wire
@testable import Evaluation

/// The evaluation harness's logic in-process: judging an answer, the summary's figures, the
/// comparison of two runs, the suite's errors and the HTML page's escaping.
@Suite("Evaluation harness")
struct EvaluationTests {
    static func suite(_ yaml: String) throws -> URL {
        let url = ScratchSpace.path("suite", suffix: ".yaml")
        try Data(yaml.utf8).write(to: url)
        return url
    }

    static func response(_ content: String, figures: [(String, Bool)] = [], verdict: String = "pass", blocked: Bool = false) -> JSONValue {
        let listed = figures.map { JSONValue.object(["text": .string($0.0), "grounded": .bool($0.1)]) }
        return .object([
            "choices": .array([.object(["message": .object(["content": .string(content)])])]),
            "usage": .object(["prompt_tokens": .integer(10), "completion_tokens": .integer(5)]),
            "switchboard": .object(["quality": .object([
                "blocked": .bool(blocked), "grounding": .object(["figures": .array(listed)]),
                "rails": .object(["verdict": .string(verdict), "hits": .array(blocked ? [.object(["rule": .string("no-guarantees")])] : [])]),
            ])]),
        ])
    }

    @Test("judging: tools as a set, figures by value, excluded text, the reference, the verdict and grounding")
    func judging() throws {
        let loaded = try EvalSuite.load(path: try Self.suite("""
            name: t
            cases:
              - { name: a, question: q, expect_tools: [quote, calculate], must_include: ["1688元", "茅台"], must_not_include: ["保本"], require_grounded: true }
              - { name: b, question: q, reference: "好的" }
              - { name: c, question: q }
            """).path)
        let good = EvalRunner.judge(loaded.cases[0], response: Self.response("茅台1,688.00元", figures: [("1,688.00元", true)]), tools: ["calculate", "quote"], milliseconds: 3)
        #expect(good.passed, "\(good.reasons)")
        #expect(good.toolsCorrect == true && good.tokensIn == 10 && good.grounded == 1)
        let bad = EvalRunner.judge(loaded.cases[0], response: Self.response("保本，1700元", figures: [("1700元", false)]), tools: ["quote"], milliseconds: 3)
        #expect(!bad.passed)
        #expect(bad.reasons.count == 5, "\(bad.reasons)")
        #expect(EvalRunner.judge(loaded.cases[1], response: Self.response(" 好的\n"), tools: [], milliseconds: 1).passed)
        #expect(!EvalRunner.judge(loaded.cases[1], response: Self.response("好"), tools: [], milliseconds: 1).passed)
        let blocked = EvalRunner.judge(loaded.cases[2], response: Self.response("…", verdict: "block", blocked: true), tools: [], milliseconds: 1)
        #expect(!blocked.passed && blocked.reasons == ["blocked by the rails (no-guarantees)"])
    }

    static func run(_ passed: Bool, _ latency: Double) -> EvalCaseRun {
        EvalCaseRun(passed: passed, reasons: passed ? [] : ["x"], answer: "", latencyMilliseconds: latency, tokensIn: 1, tokensOut: 2, tools: [],
                    toolsCorrect: passed, figures: 2, grounded: passed ? 2 : 1, railHits: [], verdict: "pass")
    }

    @Test("summary and comparison: pass rate, pass^k, percentiles; a case that stopped passing is a regression")
    func summaryAndComparison() {
        let before = EvalReport(suite: "s", scenario: nil, repeats: 2, startedAt: "t", cases: [
            EvalCaseResult(name: "a", runs: [Self.run(true, 10), Self.run(true, 20)]),
            EvalCaseResult(name: "b", runs: [Self.run(false, 30), Self.run(true, 40)]),
        ])
        #expect(before.summary.passRate == 0.75)
        #expect(before.summary.passAllRate == 0.5)
        #expect(before.summary.toolAccuracy == 0.75)
        #expect(before.summary.groundingRate == 7.0 / 8.0)
        #expect(before.summary.latencyP50 == 20 && before.summary.latencyP99 == 40)
        let after = EvalReport(suite: "s", scenario: nil, repeats: 2, startedAt: "t", cases: [
            EvalCaseResult(name: "a", runs: [Self.run(true, 10), Self.run(false, 20)]),
            EvalCaseResult(name: "b", runs: [Self.run(true, 30), Self.run(true, 40)]),
        ])
        let comparison = EvalComparison(old: before, new: after)
        #expect(comparison.regressions == ["a"] && comparison.fixes == ["b"])
        #expect(comparison.isRegression)
        #expect(!EvalComparison(old: before, new: before).isRegression)
        let decoded = try? JSONDecoder().decode(EvalReport.self, from: after.json())
        #expect(decoded == after, "the JSON report reads back for --compare")
        #expect(EvalTable.render(after, comparison: comparison).contains("regressed: a"))
    }

    @Test("suite errors name the file and the key; the HTML page escapes what cases and answers contain")
    func errorsAndEscaping() throws {
        for (yaml, expected) in [
            ("name: t\ncases: []", "cases: the suite has no cases"),
            ("name: t\ncases:\n  - { name: a, question: q }\n  - { name: a, question: r }", "cases[1].name"),
            ("name: t\ncases:\n  - { name: a }", "cases[0]: give question or messages"),
            ("cases:\n  - { name: a, question: q }", "name: missing"),
        ] {
            let url = try Self.suite(yaml)
            #expect(throws: EvalSuiteError.self) { try EvalSuite.load(path: url.path) }
            do {
                _ = try EvalSuite.load(path: url.path)
            } catch {
                #expect(error.description.contains(url.path) && error.description.contains(expected), "\(error.description)")
            }
        }
        let report = EvalReport(suite: "<b>套件</b>", scenario: nil, repeats: 1, startedAt: "t", cases: [EvalCaseResult(name: "<script>x</script>", runs: [Self.run(true, 1)])])
        let html = EvalHTMLReport.render(report, comparison: nil)
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;") && html.contains("&lt;b&gt;套件"))
    }
}
