import Checks
import Foundation
import Gateway
import NIOCore
import Wire

/// The playground: a chat under a chosen scenario, run through the whole gateway as the signed-in
/// admin, with what happened shown beside the answer.
struct PlaygroundPage: Sendable {
    let gateway: Gateway
    /// Turns of the conversation kept (user and model), the newest.
    static let maximumTurns = 20

    /// One turn of the conversation.
    struct Turn: Equatable {
        /// `user` or `assistant`.
        var role: String
        /// What was said.
        var content: String
    }

    /// `GET /console/playground`: the empty form.
    func render(_ visit: ConsoleVisit) -> ConsoleOutcome {
        .page(.playground, template: "playground", context: form(visit, turns: [], scenario: visit.parameter("scenario"), model: nil))
    }

    /// `POST /console/playground`: sends the conversation and the new message, and shows the answer and its report.
    func send(_ visit: ConsoleVisit) async -> ConsoleOutcome {
        var turns = Self.turns(fromHistory: visit.form["history"] ?? "")
        let scenario = visit.form.trimmed("scenario")
        let model = visit.form.trimmed("model") ?? gateway.config.models.first?.alias ?? ""
        guard let message = visit.form.trimmed("message") else {
            return .page(.playground, template: "playground", context: form(visit, turns: turns, scenario: scenario, model: model))
        }
        turns.append(Turn(role: "user", content: message))
        let body = JSONValue.object([
            "model": .string(model),
            "messages": .array(turns.map { .object(["role": .string($0.role), "content": .string($0.content)]) }),
        ])
        var exchange = Exchange(id: visit.requestID, operation: .chatCompletions, body: ByteBuffer(string: body.encodedString), authorization: nil, traceparent: nil, endUser: nil)
        exchange.authentication = .success(visit.caller)
        exchange.scenarioHeader = scenario
        gateway.metrics.requestStarted()
        let (answer, finished) = await gateway.answerKeepingExchange(exchange)
        var context = form(visit, turns: turns, scenario: scenario, model: model)
        switch answer {
        case .json(let body):
            let text = Self.answerText(body)
            context["answer"] = text
            turns.append(Turn(role: "assistant", content: text))
            context["history"] = Self.history(turns)
        case .error(let error):
            context["failure"] = "\(error.status) \(error.code): \(error.message)"
        case .stream:
            context["failure"] = "The gateway answered with a stream, which the playground does not show."
        }
        if let finished { context["report"] = report(finished, visit) }
        return .page(.playground, template: "playground", context: context)
    }

    private func form(_ visit: ConsoleVisit, turns: [Turn], scenario: String?, model: String?) -> [String: Any] {
        var context: [String: Any] = [:]
        context["turns"] = turns.map { ["role": $0.role, "roleLabel": visit.text("turn_\($0.role)"), "content": $0.content] }
        context["hasTurns"] = !turns.isEmpty
        context["history"] = Self.history(turns)
        context["scenarios"] = [["value": "", "label": visit.text("no_scenario"), "selected": scenario == nil] as [String: Any]]
            + gateway.config.scenarios.map { ["value": $0.name, "label": $0.name, "selected": $0.name == scenario] as [String: Any] }
        context["models"] = gateway.config.models.map { ["value": $0.alias, "label": $0.alias, "selected": $0.alias == model] as [String: Any] }
        return context
    }

    /// What happened: the level, masking, backend and zone, each tool call with its arguments
    /// and result, the grounding report and the rails' verdict.
    private func report(_ exchange: Exchange, _ visit: ConsoleVisit) -> [String: Any] {
        var report: [String: Any] = [:]
        report["requestID"] = exchange.id
        report["status"] = String(exchange.status) + (exchange.errorCode.map { " \($0)" } ?? "")
        if let privacy = exchange.privacy {
            report["level"] = "L\(privacy.decision.level.rawValue) · \(privacy.decision.ruleDescription)"
            report["masked"] = privacy.sentMasked ? visit.text("masked_yes", String(privacy.vault.count)) : visit.text("masked_no")
        } else {
            report["level"] = visit.text("not_inspected")
            report["masked"] = visit.text("masked_no")
        }
        report["backend"] = exchange.servedBy.map { "\($0.name) (\($0.upstreamModel))" } ?? "–"
        report["zone"] = exchange.servedBy?.zone.rawValue ?? "–"
        report["tools"] = Self.toolCalls(in: exchange.body).map {
            ["name": $0.name, "arguments": ConsoleFormat.prettyJSON($0.arguments), "result": ConsoleFormat.prettyJSON($0.result)]
        }
        let figures = exchange.quality?.grounding?.figures ?? []
        report["figures"] = figures.map { figure in
            ["text": figure.figure.text, "status": figure.status.rawValue, "kind": figure.status.isGrounded ? "ok" : figure.status == .stale ? "warn" : "bad"]
        }
        report["groundingNote"] = exchange.quality == nil ? visit.text("not_checked") : visit.text("grounding_none")
        if let rails = exchange.quality?.rails {
            let verdict = exchange.quality?.blocks == true ? "block" : rails.verdict.rawValue
            report["railVerdict"] = visit.text("verdict_\(verdict)")
            report["railKind"] = verdict == "pass" ? "ok" : verdict == "flag" ? "warn" : "bad"
            report["railHits"] = rails.hits.map { ["rule": $0.rule, "text": $0.text] }
        } else {
            report["railVerdict"] = visit.text("not_checked")
            report["railKind"] = "muted"
        }
        return report
    }

    /// The tool calls in a conversation the tool loop extended: each assistant call with the
    /// tool message that answered it.
    static func toolCalls(in body: ByteBuffer) -> [(name: String, arguments: String, result: String)] {
        guard let json = body.withUnsafeReadableBytes({ try? JSONValue.parse($0) }), let messages = json["messages"]?.arrayValue else { return [] }
        var results: [String: String] = [:]
        for message in messages where message["role"]?.stringValue == "tool" {
            if let id = message["tool_call_id"]?.stringValue { results[id] = message["content"]?.stringValue ?? message["content"]?.encodedString ?? "" }
        }
        var calls: [(name: String, arguments: String, result: String)] = []
        for message in messages where message["role"]?.stringValue == "assistant" {
            for call in message["tool_calls"]?.arrayValue ?? [] {
                let id = call["id"]?.stringValue ?? ""
                calls.append((call["function"]?["name"]?.stringValue ?? "", call["function"]?["arguments"]?.stringValue ?? "", results[id] ?? ""))
            }
        }
        return calls
    }

    private static func answerText(_ body: ByteBuffer) -> String {
        let json = body.withUnsafeReadableBytes { try? JSONValue.parse($0) }
        return json?["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""
    }

    /// The conversation as the form's hidden field keeps it.
    static func history(_ turns: [Turn]) -> String {
        JSONValue.array(turns.suffix(maximumTurns).map { .object(["role": .string($0.role), "content": .string($0.content)]) }).encodedString
    }

    /// The conversation the hidden field carries; turns other than user and assistant text are dropped.
    static func turns(fromHistory text: String) -> [Turn] {
        guard !text.isEmpty, let json = try? text.utf8.withContiguousStorageIfAvailable({ try JSONValue.parse(UnsafeRawBufferPointer($0)) }) ?? nil,
              let items = json.arrayValue
        else { return [] }
        let turns = items.compactMap { item -> Turn? in
            guard let role = item["role"]?.stringValue, role == "user" || role == "assistant", let content = item["content"]?.stringValue else { return nil }
            return Turn(role: role, content: content)
        }
        return Array(turns.suffix(maximumTurns))
    }
}
