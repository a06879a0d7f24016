import Backends
import NIOCore
import Privacy
import Wire

/// Runs the tool-calling loop of a scenario inside the house: when the model calls the
/// scenario's plugins, the gateway runs them, adds their results to the conversation and calls
/// the model again (inspected and routed like the first call), until the model answers, calls
/// one of the app's own tools (that turn goes back to the app), or the step limit is reached.
public struct ToolLoop: Sendable {
    private let inspect: InspectStage
    private let dispatch: DispatchStage
    private let executor: ToolCallExecutor

    /// Creates the loop over the same inspect and dispatch stages as the first call.
    public init(inspect: InspectStage, dispatch: DispatchStage, executor: ToolCallExecutor) {
        self.inspect = inspect
        self.dispatch = dispatch
        self.executor = executor
    }

    /// What to do with a model turn.
    enum Plan {
        /// It is the answer.
        case answer
        /// It calls the app's tools: return these calls to the app.
        case returnToApp([ToolCall])
        /// It calls plugins: run them and call the model again.
        case run([ToolCall])
    }

    /// Completes a non-streamed exchange from the first answer's (restored) body; returns the
    /// final body for the app.
    public func complete(_ exchange: inout Exchange, firstAnswer: ByteBuffer) async throws(APIError) -> ByteBuffer {
        var body = firstAnswer
        while true {
            let turn = try AssistantTurn(completionBody: body)
            switch try plan(turn, exchange) {
            case .answer:
                return body
            case .returnToApp(let calls):
                return AssistantTurn.completion(body, keepingOnly: calls)
            case .run(let calls):
                _ = try await runTools(calls, turn: turn, &exchange)
                guard case .complete(let next, _) = exchange.dispatched?.answer else {
                    throw APIError(status: 502, type: "api_error", code: "upstream_malformed", message: "The backend streamed an answer that was asked for whole.")
                }
                body = exchange.restoreAnswer(next)
            }
        }
    }

    /// Relays a streamed exchange from its first stream: text deltas reach the app as they come,
    /// each round of plugin calls is announced with progress chunks (an empty delta plus a
    /// `switchboard` member), and the final turn ends the stream. `write` sends bytes to the app.
    public func stream(_ exchange: inout Exchange, first: UpstreamStream, includeUsage: Bool, write: (ByteBuffer) async throws -> Void) async throws {
        var current = first
        while true {
            var turnBuilder = StreamedTurn()
            var restoration = exchange.privacy.flatMap { $0.sentMasked ? StreamRestoration(vault: $0.vault) : nil }
            var parser = ServerSentEventParser()
            let outcome = await current.relay { chunks in
                for try await chunk in chunks {
                    var bytes = Array(chunk.readableBytesView)
                    if restoration != nil { bytes = restoration!.transform(bytes) }
                    for event in try parser.feed(bytes) where turnBuilder.take(event) {
                        try await write(ByteBuffer(bytes: event.encoded))
                    }
                }
                if restoration != nil {
                    for event in try parser.feed(restoration!.finish()) where turnBuilder.take(event) {
                        try await write(ByteBuffer(bytes: event.encoded))
                    }
                }
            }
            if let restoration {
                exchange.privacy?.restored += restoration.restorer.restored
                exchange.privacy?.invented += restoration.restorer.invented
            }
            exchange.addUsage(outcome.usage)
            if let failure = outcome.failure {
                let error = UpstreamErrorMapper.apiError(for: failure)
                exchange.errorCode = error.code
                try await write(ByteBuffer(bytes: ServerSentEvent(data: error.body).encoded))
                return
            }
            let turn = turnBuilder.turn
            func fail(_ error: APIError) async throws {
                exchange.recordError(error)
                try await write(ByteBuffer(bytes: ServerSentEvent(data: error.body).encoded))
            }
            let plan: Plan
            do throws(APIError) {
                plan = try self.plan(turn, exchange)
            } catch {
                return try await fail(error)
            }
            switch plan {
            case .answer:
                return try await finish(turnBuilder, finishReason: turn.finishReason ?? "stop", calls: [], exchange: exchange, includeUsage: includeUsage, write: write)
            case .returnToApp(let calls):
                return try await finish(turnBuilder, finishReason: "tool_calls", calls: calls, exchange: exchange, includeUsage: includeUsage, write: write)
            case .run(let calls):
                let step = exchange.scenario?.steps ?? 1
                for call in calls {
                    try await write(ByteBuffer(bytes: turnBuilder.progress(call, status: "running", step: step, milliseconds: nil)))
                }
                let executed: [ExecutedToolCall]
                do throws(APIError) {
                    executed = try await runTools(calls, turn: turn, &exchange)
                } catch {
                    return try await fail(error)
                }
                for done in executed {
                    try await write(ByteBuffer(bytes: turnBuilder.progress(done.call, status: done.audit.outcome, step: step, milliseconds: done.audit.micros / 1000)))
                }
                guard case .stream(let next) = exchange.dispatched?.answer else {
                    return try await fail(APIError(status: 502, type: "api_error", code: "upstream_malformed", message: "The backend answered whole when a stream was asked for."))
                }
                current = next
            }
        }
    }

    private func finish(
        _ turn: StreamedTurn, finishReason: String, calls: [ToolCall], exchange: Exchange, includeUsage: Bool, write: (ByteBuffer) async throws -> Void
    ) async throws {
        for (index, call) in calls.enumerated() {
            var entry = call.json.objectValue ?? [:]
            entry["index"] = .integer(index)
            try await write(ByteBuffer(bytes: turn.chunk(delta: ["tool_calls": .array([.object(entry)])], finishReason: nil)))
        }
        try await write(ByteBuffer(bytes: turn.chunk(delta: [:], finishReason: finishReason)))
        if includeUsage, let usage = exchange.usage {
            let total = usage.promptTokens + usage.completionTokens
            try await write(ByteBuffer(bytes: turn.chunk(choices: [], extra: [
                "usage": .object([
                    "prompt_tokens": .integer(usage.promptTokens), "completion_tokens": .integer(usage.completionTokens), "total_tokens": .integer(total),
                ])
            ])))
        }
        try await write(ByteBuffer(string: "data: [DONE]\n\n"))
    }

    func plan(_ turn: AssistantTurn, _ exchange: Exchange) throws(APIError) -> Plan {
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
    /// the next model call (inspected and dispatched like the first).
    private func runTools(_ calls: [ToolCall], turn: AssistantTurn, _ exchange: inout Exchange) async throws(APIError) -> [ExecutedToolCall] {
        guard var scenario = exchange.scenario else { return [] }
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
        try await inspect.process(&exchange)
        exchange.privacy?.restored += restored
        exchange.privacy?.invented += invented
        try await dispatch.process(&exchange)
        return executed
    }
}

extension StreamedTurn {
    /// A progress chunk: an empty delta (standard clients ignore it) with a `switchboard` member.
    func progress(_ call: ToolCall, status: String, step: Int, milliseconds: Int64?) -> [UInt8] {
        var event: [String: JSONValue] = [
            "type": .string("tool_call"), "id": .string(call.id), "name": .string(call.name), "status": .string(status), "step": .integer(step),
        ]
        if let milliseconds { event["duration_ms"] = .integer(Int(milliseconds)) }
        return chunk(delta: [:], finishReason: nil, extra: ["switchboard": .object(event)])
    }
}

extension Exchange {
    /// `body` (a complete answer) with the exchange's pseudonyms put back when the backend got
    /// the masked request; counts what was restored.
    public mutating func restoreAnswer(_ body: ByteBuffer) -> ByteBuffer {
        guard let privacy, privacy.sentMasked else { return body }
        var restorer = PseudonymRestorer(vault: privacy.vault)
        let restored = body.withUnsafeReadableBytes { ByteBuffer(bytes: CompletionRestoration.restore($0, restorer: &restorer)) }
        self.privacy?.restored += restorer.restored
        self.privacy?.invented += restorer.invented
        return restored
    }
}
