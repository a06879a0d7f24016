import Backends
import Checks
import Config
import NIOCore
import Wire

/// The quality checks as an answer filter (after the tool loop, so it sees the final answer of
/// every path: a model, the tool loop, an intent): grounds the answer's figures in the
/// exchange's evidence and runs the compliance rails, then acts on what they found.
///
/// - `block` (a rail that blocks, or unsupported figures under the `block` policy): the safe
///   message replaces the answer, with `finish_reason: content_filter`.
/// - `append`: the rule's line is added to the answer.
/// - `retry`: the model is told which figures lack evidence and answers again, up to
///   `retries` times (the next turn runs through the tool loop, so it may call plugins).
/// - Always: the report travels in the answer's `switchboard.quality` member, and on the
///   exchange for the audit record and metrics.
///
/// A JSON answer is checked whole. A stream is released sentence by sentence as it passes
/// (see ``StreamedAnswerCheck``); what is held goes out, or is replaced, at the end.
struct QualityFilter: ResponseFilter {
    let checks: AnswerChecks
    /// The pipeline for a retry's model call.
    let step: Pipeline
    /// The evidence, and the conversation's size it was read at (the tool loop and retries grow it).
    private var evidence: (evidence: GroundingEvidence, bodyBytes: Int, plugins: Int)?
    /// The indices of the retry feedback messages in the conversation, which are not evidence.
    private var feedbackMessages: Set<Int> = []
    private var retriesLeft: Int

    // A JSON answer, held until its end.
    private var completion: ByteBuffer?
    // A stream: the events held, each with how much of the text it completes.
    private var streamCheck: StreamedAnswerCheck?
    private var held: [(event: ResponseEvent, textEnd: Int, tail: Bool)] = []
    private var streamedText = 0
    private var blocked = false
    private var template = StreamedTurn()
    private var pendingRetry: String?

    init(checks: AnswerChecks, step: Pipeline) {
        self.checks = checks
        self.step = step
        retriesLeft = checks.config.grounding == .retry ? checks.config.retries : 0
    }

    mutating func filter(_ event: ResponseEvent, exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) {
        switch event {
        case .completion(let body):
            completion = body
        case .failure:
            output.append(event)
        case .done:
            guard !blocked else { return }
            held.append((event, streamedText, true))
        case .chunk(let chunk):
            guard !blocked else { return }
            let parsed = try? JSONValue.parse(chunk.data)
            if let parsed { _ = template.take(parsed: parsed) }
            let choice = parsed?["choices"]?.arrayValue?.first
            let piece = choice?["delta"]?["content"]?.stringValue
            let tail = choice == nil || choice?["finish_reason"]?.stringValue != nil
            if let piece, !piece.isEmpty {
                let current = evidence(of: exchange)
                if streamCheck == nil { streamCheck = StreamedAnswerCheck(checks: checks, evidence: current) } else { streamCheck!.update(evidence: current) }
                streamedText += piece.unicodeScalars.count
                held.append((event, streamedText, tail))
                switch streamCheck!.append(piece) {
                case .release(let upTo): release(upTo: upTo, into: &output)
                case .block(let report): block(report, exchange: &exchange, into: &output)
                }
            } else {
                held.append((event, streamedText, tail))
                release(upTo: streamCheck?.released ?? streamedText, into: &output)
            }
        }
    }

    mutating func end(exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) -> ResponseFilterEnd {
        if let body = completion {
            completion = nil
            return endCompletion(body, exchange: &exchange, into: &output)
        }
        guard !blocked else { return .ended }
        guard var check = streamCheck else {
            // No text (tool calls for the app, or an empty answer): nothing to check.
            output += held.map(\.event)
            held = []
            return .ended
        }
        check.update(evidence: evidence(of: exchange))
        var report = check.report()
        report.retries = checks.config.retries - retriesLeft
        if report.blocks {
            block(report, exchange: &exchange, into: &output)
            return .ended
        }
        if retriesLeft > 0, !report.unsupported.isEmpty {
            pendingRetry = check.text
            resetStream()
            return .continues
        }
        exchange.quality = report
        release(upTo: .max, tails: false, into: &output)
        if !report.rails.appendix.isEmpty {
            output.append(.chunk(template.chunk(delta: ["content": .string(Self.appendixText(report.rails.appendix))], finishReason: nil)))
        }
        output.append(.chunk(template.chunk(delta: [:], finishReason: nil, extra: ["switchboard": .object(["quality": report.json])])))
        output += held.map(\.event)
        held = []
        return .ended
    }

    mutating func nextTurn(exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) -> UpstreamAnswer {
        guard let answer = pendingRetry else {
            throw APIError(status: 500, type: "api_error", code: "internal_error", message: "The quality checks were asked for a retry they had not planned.")
        }
        pendingRetry = nil
        retriesLeft -= 1
        let report = checks.check(answer, evidence: evidence(of: exchange))
        let figures = report.unsupported.map { "「\($0.figure.text)」" }.joined(separator: "、")
        let feedback = """
            Switchboard's grounding check found figures in your answer that no tool result or user message supports: \(figures). \
            Answer again: take every figure from the tool results (call a tool if you need one), or leave the figure out.
            """
        let messages = exchange.body.withUnsafeReadableBytes { try? JSONValue.parse($0) }?["messages"]?.arrayValue?.count ?? 0
        exchange.body = try ConversationBody.appending(
            exchange.body, assistant: .object(["role": .string("assistant"), "content": .string(answer)]),
            toolMessages: [.object(["role": .string("user"), "content": .string(feedback)])], forceAnswer: false)
        // After the answer (at `messages`) comes the feedback.
        feedbackMessages.insert(messages + 1)
        exchange.request = try ParseStage.parse(exchange.body, operation: exchange.operation)
        return try await step.run(&exchange)
    }

    // MARK: JSON answers

    private mutating func endCompletion(_ body: ByteBuffer, exchange: inout Exchange, into output: inout [ResponseEvent]) -> ResponseFilterEnd {
        guard let value = body.withUnsafeReadableBytes({ try? JSONValue.parse($0) }), let content = value["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue,
            !content.isEmpty
        else {
            output.append(.completion(body))
            return .ended
        }
        var report = checks.check(content, evidence: evidence(of: exchange))
        report.retries = checks.config.retries - retriesLeft
        if !report.blocks, retriesLeft > 0, !report.unsupported.isEmpty {
            pendingRetry = content
            return .continues
        }
        exchange.quality = report
        var edited = CompletionEdit(value)
        if report.blocks {
            edited.replaceContent(with: checks.config.safeMessage, finishReason: "content_filter")
        } else if !report.rails.appendix.isEmpty {
            edited.replaceContent(with: content + Self.appendixText(report.rails.appendix), finishReason: nil)
        }
        edited.setQuality(report.json)
        output.append(.completion(ByteBuffer(bytes: edited.value.encoded)))
        return .ended
    }

    // MARK: Streams

    /// Passes on the held events whose text is within `upTo` (tails, the finish chunk and
    /// `[DONE]`, wait for the end unless `tails`).
    private mutating func release(upTo: Int, tails: Bool = false, into output: inout [ResponseEvent]) {
        var count = 0
        for entry in held {
            guard entry.textEnd <= upTo, !entry.tail || tails else { break }
            output.append(entry.event)
            count += 1
        }
        held.removeFirst(count)
    }

    /// Ends the stream with the safe message in place of what was held.
    private mutating func block(_ report: QualityReport, exchange: inout Exchange, into output: inout [ResponseEvent]) {
        var report = report
        report.retries = checks.config.retries - retriesLeft
        exchange.quality = report
        blocked = true
        let released = streamCheck?.released ?? 0
        let message = (released > 0 ? "\n\n" : "") + checks.config.safeMessage
        let usage = held.compactMap { entry -> ResponseEvent? in
            if case .chunk(let chunk) = entry.event, (try? JSONValue.parse(chunk.data))?["choices"]?.arrayValue?.isEmpty == true { return entry.event }
            return nil
        }
        held = []
        output.append(.chunk(template.chunk(delta: ["content": .string(message)], finishReason: nil)))
        output.append(.chunk(template.chunk(delta: [:], finishReason: "content_filter", extra: ["switchboard": .object(["quality": report.json])])))
        output += usage
        output.append(.done)
    }

    private mutating func resetStream() {
        streamCheck = nil
        held = []
        streamedText = 0
    }

    /// The lines to append, after a blank line.
    static func appendixText(_ lines: [String]) -> String {
        "\n\n" + lines.joined(separator: "\n")
    }

    /// The exchange's evidence: the conversation's user and tool messages (not the gateway's
    /// retry feedback), and the results of plugins an intent called. Read again only when the
    /// conversation has grown since (the conversation only ever grows by appending).
    private mutating func evidence(of exchange: Exchange) -> GroundingEvidence {
        let bodyBytes = exchange.body.readableBytes
        if let evidence, evidence.bodyBytes == bodyBytes, evidence.plugins == exchange.pluginEvidence.count { return evidence.evidence }
        var built = GroundingEvidence()
        if checks.config.grounding != .off {
            if let messages = exchange.body.withUnsafeReadableBytes({ try? JSONValue.parse($0) })?["messages"]?.arrayValue {
                built.addConversation(messages, skipping: feedbackMessages)
            }
            for result in exchange.pluginEvidence {
                built.addToolResult(result.result, source: EvidenceSource(kind: .tool, tool: result.tool, callID: result.callID, asOf: result.asOf))
            }
        }
        evidence = (built, bodyBytes, exchange.pluginEvidence.count)
        return built
    }
}

/// Adds the quality checks to every chat answer of a scenario (with the scenario's checks),
/// and to plain model aliases' answers when `checks.model_aliases` is on.
struct QualityFilterFactory: ResponseFilterFactory {
    /// The compiled checks by scenario name.
    let scenarios: [String: AnswerChecks]
    /// The top-level checks, for model aliases; nil when they are not checked.
    let aliases: AnswerChecks?
    let step: Pipeline

    init(config: SwitchboardConfig, securityNames: [String], step: Pipeline) {
        var scenarios: [String: AnswerChecks] = [:]
        for scenario in config.scenarios {
            scenarios[scenario.name] = AnswerChecks(scenario: scenario.name, in: config, securityNames: securityNames)
        }
        self.scenarios = scenarios
        aliases = config.checks.modelAliases ? AnswerChecks(scenario: nil, in: config, securityNames: securityNames) : nil
        self.step = step
    }

    func makeFilter(for exchange: Exchange) -> (any ResponseFilter)? {
        guard exchange.operation == .chatCompletions else { return nil }
        let checks = exchange.scenario.map { scenarios[$0.name] } ?? aliases
        return checks.map { QualityFilter(checks: $0, step: step) }
    }
}
