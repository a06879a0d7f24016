import Checks
import Foundation
import Gateway
import NIOCore
import Store
import Wire

/// Runs a suite's cases through a gateway in-process, the whole exchange pipeline included
/// (scenario, intents, inspection, the tool loop, the quality checks, the audit record), and
/// judges each answer against the case's expectations.
public struct EvalRunner: Sendable {
    let gateway: Gateway
    let store: any Store
    let key: String

    /// A runner for `gateway`, calling it with the app key `key`; `store` holds its audit trail.
    public init(gateway: Gateway, store: any Store, key: String) {
        self.gateway = gateway
        self.store = store
        self.key = key
    }

    /// Runs every case `repeats` times (in order), reporting each finished run to `progress`
    /// (runs done, runs in all, the case's name).
    public func run(_ suite: EvalSuite, scenario: String?, repeats: Int, progress: (Int, Int, String) -> Void) async -> [EvalCaseResult] {
        var results: [EvalCaseResult] = []
        var done = 0
        var seen: Int64 = 0
        let total = suite.cases.count * repeats
        for item in suite.cases {
            var runs: [EvalCaseRun] = []
            for _ in 0..<repeats {
                runs.append(await run(item, suite: suite, scenario: scenario, seen: &seen))
                done += 1
                progress(done, total, item.name)
            }
            results.append(EvalCaseResult(name: item.name, runs: runs))
        }
        return results
    }

    private func run(_ item: EvalSuite.Case, suite: EvalSuite, scenario: String?, seen: inout Int64) async -> EvalCaseRun {
        let model = scenario.map { "scenario/" + $0 } ?? suite.model ?? "default"
        let messages = item.conversation.map { JSONValue.object(["role": .string($0.role), "content": .string($0.content)]) }
        let body = JSONValue.object(["model": .string(model), "messages": .array(messages)]).encoded
        let id = "eval-" + UUID().uuidString.prefix(12).lowercased()
        let exchange = Exchange(
            id: id, operation: .chatCompletions, body: ByteBuffer(bytes: body), authorization: "Bearer " + key, traceparent: nil, endUser: item.user)
        gateway.metrics.requestStarted()
        let started = ContinuousClock.now
        let answer = await gateway.answer(exchange)
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let tools = await toolsCalled(requestID: id, after: &seen)
        switch answer {
        case .json(let buffer):
            let value = (try? JSONValue.parse(Array(buffer.readableBytesView))) ?? .null
            return Self.judge(item, response: value, tools: tools, milliseconds: milliseconds)
        case .error(let error):
            let message = String(decoding: error.body, as: UTF8.self)
            return EvalCaseRun(
                passed: false, reasons: ["HTTP \(error.status) \(error.code)"], answer: message, latencyMilliseconds: milliseconds, tokensIn: 0, tokensOut: 0,
                tools: tools, toolsCorrect: item.expectTools.map { Set($0) == Set(tools) }, figures: 0, grounded: 0, railHits: [], verdict: "error")
        case .stream:
            return EvalCaseRun(
                passed: false, reasons: ["a stream came back for a JSON request"], answer: "", latencyMilliseconds: milliseconds, tokensIn: 0, tokensOut: 0,
                tools: tools, toolsCorrect: nil, figures: 0, grounded: 0, railHits: [], verdict: "error")
        }
    }

    /// The plugins the exchange `requestID` called, from its audit record.
    private func toolsCalled(requestID: String, after seen: inout Int64) async -> [String] {
        guard let records = try? await store.auditRecords(after: seen, limit: 1000) else { return [] }
        var tools: [String] = []
        for record in records {
            seen = max(seen, record.sealed.sequence)
            guard let body = try? JSONValue.parse(record.sealed.body), body["request_id"]?.stringValue == requestID else { continue }
            tools = (body["tools"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        }
        return tools
    }

    /// Judges one answer (a chat completion) against the case.
    static func judge(_ item: EvalSuite.Case, response: JSONValue, tools: [String], milliseconds: Double) -> EvalCaseRun {
        let answer = response["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""
        let quality = response["switchboard"]?["quality"]
        let figures = quality?["grounding"]?["figures"]?.arrayValue ?? []
        let grounded = figures.filter { $0["grounded"]?.boolValue == true }.count
        let hits = (quality?["rails"]?["hits"]?.arrayValue ?? []).compactMap { $0["rule"]?.stringValue }
        let verdict = quality?["blocked"]?.boolValue == true ? "block" : quality?["rails"]?["verdict"]?.stringValue ?? "pass"
        var reasons: [String] = []
        var toolsCorrect: Bool?
        if let expected = item.expectTools {
            toolsCorrect = Set(expected) == Set(tools)
            if toolsCorrect == false { reasons.append("called [\(tools.joined(separator: ", "))], expected [\(expected.joined(separator: ", "))]") }
        }
        let answerFigures = FigureExtractor.figures(in: answer)
        for wanted in item.mustInclude ?? [] where !contains(answer, answerFigures, wanted) {
            reasons.append("missing '\(wanted)'")
        }
        for unwanted in item.mustNotInclude ?? [] where answer.contains(unwanted) {
            reasons.append("contains '\(unwanted)'")
        }
        if item.requireGrounded == true, grounded < figures.count {
            let unsupported = figures.filter { $0["grounded"]?.boolValue != true }.compactMap { $0["text"]?.stringValue }
            reasons.append("figures without evidence: \(unsupported.joined(separator: ", "))")
        }
        if let reference = item.reference, reference.trimmingCharacters(in: .whitespacesAndNewlines) != answer.trimmingCharacters(in: .whitespacesAndNewlines) {
            reasons.append("differs from the reference")
        }
        if let expected = item.expectVerdict {
            if expected != verdict { reasons.append("rails said \(verdict), expected \(expected)") }
        } else if verdict == "block" {
            reasons.append("blocked by the rails (\(hits.joined(separator: ", ")))")
        }
        let usage = response["usage"]
        return EvalCaseRun(
            passed: reasons.isEmpty, reasons: reasons, answer: answer, latencyMilliseconds: milliseconds, tokensIn: usage?["prompt_tokens"]?.intValue ?? 0,
            tokensOut: usage?["completion_tokens"]?.intValue ?? 0, tools: tools, toolsCorrect: toolsCorrect, figures: figures.count, grounded: grounded,
            railHits: hits, verdict: verdict)
    }

    /// Whether the answer states `wanted`: a figure by value (`1,688元` matches `1688.00元`), or
    /// else the text itself.
    static func contains(_ answer: String, _ figures: [Figure], _ wanted: String) -> Bool {
        if answer.contains(wanted) { return true }
        let target = FigureExtractor.figures(in: wanted)
        guard target.count == 1, let figure = target.first else { return false }
        return figures.contains { $0.kind == figure.kind && $0.value == figure.value && $0.code == figure.code && $0.date == figure.date }
    }
}
