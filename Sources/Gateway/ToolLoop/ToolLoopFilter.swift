import Backends
import NIOCore
import Privacy
import Wire

/// The tool-calling loop of a scenario, as the first answer filter: when the model calls the
/// scenario's plugins, the gateway runs them, adds their results to the conversation and calls
/// the model again through the tool-step pipeline (inspected and routed like the first call),
/// until the model answers, calls one of the app's own tools (that turn goes back to the app),
/// or the step limit is reached.
///
/// A JSON turn is held whole. A streamed turn's text reaches the app as it comes; its tool-call
/// deltas, finish chunk and usage are held until the turn's end shows whether it is the answer,
/// and each round of plugin calls is announced with progress chunks (an empty delta plus a
/// `switchboard` member).
struct ToolLoopFilter: ResponseFilter {
    /// What to do with a model turn.
    enum Plan: Equatable {
        /// It is the answer.
        case answer
        /// It calls the app's tools: return these calls to the app.
        case returnToApp([ToolCall])
        /// It calls plugins: run them and call the model again.
        case run([ToolCall])
    }

    let executor: ToolCallExecutor
    /// Inspection and dispatch, for each step's model call.
    let step: Pipeline
    /// Whether the app asked for a usage chunk at the end of a stream.
    let includeUsage: Bool

    /// A JSON turn, held until its end.
    private var completion: ByteBuffer?
    /// A streamed turn, built as it passes.
    private var streamed: StreamedTurn?
    /// The plugin calls of a turn that continues, and that turn.
    private var pending: (calls: [ToolCall], turn: AssistantTurn)?

    init(executor: ToolCallExecutor, step: Pipeline, includeUsage: Bool) {
        self.executor = executor
        self.step = step
        self.includeUsage = includeUsage
    }

    mutating func filter(_ event: ResponseEvent, exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) {
        switch event {
        case .completion(let body):
            completion = body
        case .chunk(let chunk):
            if streamed == nil { streamed = StreamedTurn() }
            if streamed!.take(chunk) { output.append(event) }
        case .done:
            if streamed == nil { streamed = StreamedTurn() }
        case .failure:
            output.append(event)
        }
    }

    mutating func end(exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) -> ResponseFilterEnd {
        if let body = completion {
            // A later filter may continue the answer (a retry): its next turn starts afresh here.
            completion = nil
            let turn = try AssistantTurn(completionBody: body)
            switch try Self.plan(turn, exchange) {
            case .answer:
                output.append(.completion(body))
            case .returnToApp(let calls):
                output.append(.completion(AssistantTurn.completion(body, keepingOnly: calls)))
            case .run(let calls):
                pending = (calls, turn)
                return .continues
            }
            return .ended
        }
        guard let streamed else { return .ended }
        let turn = streamed.turn
        switch try Self.plan(turn, exchange) {
        case .answer:
            finish(streamed, finishReason: turn.finishReason ?? "stop", calls: [], exchange: exchange, into: &output)
            self.streamed = nil
        case .returnToApp(let calls):
            finish(streamed, finishReason: "tool_calls", calls: calls, exchange: exchange, into: &output)
            self.streamed = nil
        case .run(let calls):
            let step = exchange.scenario?.steps ?? 1
            for call in calls {
                output.append(.chunk(streamed.progress(call, status: "running", step: step, milliseconds: nil)))
            }
            pending = (calls, turn)
            return .continues
        }
        return .ended
    }

    mutating func nextTurn(exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) -> UpstreamAnswer {
        guard let (calls, turn) = pending else {
            throw APIError(status: 500, type: "api_error", code: "internal_error", message: "The tool loop was asked for a step it had not planned.")
        }
        pending = nil
        let wasStreamed = streamed
        let step = exchange.scenario?.steps ?? 1
        completion = nil
        streamed = nil
        let (executed, next) = try await runTools(calls, turn: turn, &exchange)
        if let wasStreamed {
            for done in executed {
                output.append(.chunk(wasStreamed.progress(done.call, status: done.audit.outcome, step: step, milliseconds: done.audit.micros / 1000)))
            }
        }
        switch (next, wasStreamed) {
        case (.stream, .some), (.complete, .none): return next
        case (.complete, .some):
            throw APIError(status: 502, type: "api_error", code: "upstream_malformed", message: "The backend answered whole when a stream was asked for.")
        case (.stream, .none):
            throw APIError(status: 502, type: "api_error", code: "upstream_malformed", message: "The backend streamed an answer that was asked for whole.")
        }
    }

    /// The end of the answer for the app: held tool calls for the app, the finish chunk,
    /// usage over every step when asked, and `[DONE]`.
    private func finish(_ turn: StreamedTurn, finishReason: String, calls: [ToolCall], exchange: Exchange, into output: inout [ResponseEvent]) {
        for (index, call) in calls.enumerated() {
            var entry = call.json.objectValue ?? [:]
            entry["index"] = .integer(index)
            output.append(.chunk(turn.chunk(delta: ["tool_calls": .array([.object(entry)])], finishReason: nil)))
        }
        output.append(.chunk(turn.chunk(delta: [:], finishReason: finishReason)))
        if includeUsage, let usage = exchange.usage {
            let total = usage.promptTokens + usage.completionTokens
            output.append(.chunk(turn.chunk(choices: [], extra: [
                "usage": .object([
                    "prompt_tokens": .integer(usage.promptTokens), "completion_tokens": .integer(usage.completionTokens), "total_tokens": .integer(total),
                ])
            ])))
        }
        output.append(.done)
    }

    /// What to do with `turn`: the answer, calls for the app, or plugins to run (within the
    /// scenario's step limit).
    static func plan(_ turn: AssistantTurn, _ exchange: Exchange) throws(APIError) -> Plan {
        guard let scenario = exchange.scenario, !turn.toolCalls.isEmpty else { return .answer }
        let appCalls = turn.toolCalls.filter { scenario.appTools.contains($0.name) }
        if !appCalls.isEmpty { return .returnToApp(appCalls) }
        guard scenario.steps < scenario.config.maxSteps else {
            throw APIError(
                status: 502, type: "api_error", code: "tool_step_limit",
                message: "The model was still calling tools after \(scenario.config.maxSteps) model calls (max_steps of scenario '\(scenario.name)'), so no answer was produced. Ask a narrower question or raise max_steps.")
        }
        return .run(turn.toolCalls)
    }

    /// Runs the calls, appends the turn and the tool messages to the conversation, and makes
    /// the next model call through the step pipeline.
    private func runTools(_ calls: [ToolCall], turn: AssistantTurn, _ exchange: inout Exchange) async throws(APIError) -> ([ExecutedToolCall], UpstreamAnswer) {
        guard var scenario = exchange.scenario else {
            throw APIError(status: 500, type: "api_error", code: "internal_error", message: "The tool loop ran outside a scenario.")
        }
        let executed = await executor.run(calls, scenario: scenario, exchange: exchange)
        exchange.toolCalls += executed.map(\.audit)
        var assistant = turn
        assistant.toolCalls = calls
        scenario.steps += 1
        exchange.scenario = scenario
        exchange.body = try ConversationBody.appending(
            exchange.body, assistant: assistant.message, toolMessages: executed.map(\.message), forceAnswer: scenario.steps >= scenario.config.maxSteps)
        exchange.request = try ParseStage.parse(exchange.body, operation: exchange.operation)
        // Inspection starts afresh on the longer conversation; what restoration did so far stays counted.
        let restored = exchange.privacy?.restored ?? 0
        let invented = exchange.privacy?.invented ?? 0
        do throws(APIError) {
            let next = try await step.run(&exchange)
            exchange.privacy?.restored += restored
            exchange.privacy?.invented += invented
            return (executed, next)
        } catch {
            exchange.privacy?.restored += restored
            exchange.privacy?.invented += invented
            throw error
        }
    }
}

/// Adds the tool loop to exchanges whose scenario runs plugins and whose answer came from a model.
struct ToolLoopFilterFactory: ResponseFilterFactory {
    let executor: ToolCallExecutor
    let step: Pipeline

    func makeFilter(for exchange: Exchange) -> (any ResponseFilter)? {
        guard exchange.scenario?.runsTools == true, exchange.servedBy != nil else { return nil }
        return ToolLoopFilter(executor: executor, step: step, includeUsage: exchange.request?.includeUsage ?? false)
    }
}

extension StreamedTurn {
    /// A progress chunk: an empty delta (standard clients ignore it) with a `switchboard` member.
    func progress(_ call: ToolCall, status: String, step: Int, milliseconds: Int64?) -> ServerSentEvent {
        var event: [String: JSONValue] = [
            "type": .string("tool_call"), "id": .string(call.id), "name": .string(call.name), "status": .string(status), "step": .integer(step),
        ]
        if let milliseconds { event["duration_ms"] = .integer(Int(milliseconds)) }
        return chunk(delta: [:], finishReason: nil, extra: ["switchboard": .object(event)])
    }
}
