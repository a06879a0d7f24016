import Backends
import Config
import Foundation
import Plugins
import NIOCore
import Wire

/// The model-free fast path: when the scenario declares intents and the app's last question
/// matches one, calls its plugin and answers from the result without any model (the stage
/// answers by itself; the stages after it do not run). When none
/// applies, a scenario with a model goes on to it; one without (`switchboard/direct`) answers
/// 400 `no_intent_matched`.
public struct IntentStage: ExchangeStage {
    public let name = "intent"
    private let invoker: PluginInvoker

    /// Creates the stage.
    public init(invoker: PluginInvoker) {
        self.invoker = invoker
    }

    public func process(_ exchange: inout Exchange) async throws(APIError) -> StageOutcome {
        guard let scenario = exchange.scenario, !scenario.config.intents.isEmpty, let caller = exchange.caller else { return .next }
        let intents = scenario.config.intents
        let question = Self.lastUserText(exchange.body)
        var refusals: [String] = []
        for match in IntentMatcher(intents).matches(question) {
            let intent = intents[match.intent]
            let arguments = IntentAnswer.arguments(intent.argumentsJSON, slots: match.slots)
            let context = PluginContext(
                tenant: caller.tenant, endUser: exchange.endUser, scenario: scenario.name, requestID: exchange.id, deadline: .now + invoker.runner.timeout)
            let plugin = invoker.runner.registry.plugin(named: intent.plugin).flatMap { $0.definition.effect == .read ? $0 : nil }
            let (outcome, audit) = await invoker.invoke(
                intent.plugin, arguments: arguments, callID: "intent:\(intent.name)", plugin: plugin, step: 0, context: context, caller: caller)
            guard case .result(let result) = outcome else {
                if case .failed(let error) = outcome { refusals.append("\(intent.name): \(error.message)") }
                continue
            }
            exchange.toolCalls.append(audit)
            exchange.pluginEvidence.append(PluginEvidence(
                tool: intent.plugin, callID: audit.id, result: result.content, asOf: Provenance.timestamp(result.provenance.asOf)))
            exchange.answeredByIntent = true
            let text = IntentAnswer.text(intent, result: result, slots: match.slots)
            let model = ScenarioStage.directModel
            guard exchange.request?.stream == true else {
                return .answer(.complete(ByteBuffer(bytes: IntentAnswer.completion(text, model: model, id: exchange.id))))
            }
            let events = IntentAnswer.stream(text, model: model, id: exchange.id, includeUsage: exchange.request?.includeUsage ?? false)
            return .answer(.stream(UpstreamStream(replaying: [events])))
        }
        guard scenario.hasModel else {
            let examples = intents.compactMap(\.patterns.first).prefix(6).joined(separator: "; ")
            let detail = refusals.isEmpty ? "" : " (matched but could not answer: \(refusals.joined(separator: "; ")))"
            throw .invalidRequest(
                "No model is configured here and the question matches no intent\(detail). Questions answered directly look like: \(examples).",
                code: "no_intent_matched")
        }
        return .next
    }

    /// The text of the last user message (text parts joined with newlines).
    static func lastUserText(_ body: ByteBuffer) -> String {
        guard let messages = body.withUnsafeReadableBytes({ try? JSONValue.parse($0) })?["messages"]?.arrayValue,
            let last = messages.last(where: { $0["role"]?.stringValue == "user" })
        else { return "" }
        if let text = last["content"]?.stringValue { return text }
        return (last["content"]?.arrayValue ?? []).compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }.joined(separator: "\n")
    }
}
