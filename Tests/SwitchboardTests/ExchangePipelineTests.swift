import Backends
import Foundation
import NIOCore
import Testing
import Wire
@testable import Store
@testable import Gateway

/// The exchange pipeline both ways, in-process: the gateway's stages, response filters and tool
/// loop against a scripted model behind the `Upstream` seam, with no child process.
@Suite("Exchange pipeline, in-process")
struct ExchangePipelineTests {
    static let appTool = #"[{"type":"function","function":{"name":"open_ticket","parameters":{"type":"object"}}}]"#

    /// Backends and aliases, scenario `analyst` (calculate, three model calls at most) and
    /// `trader` (an intent answered by the suitability rules); `policy` when given.
    static func yaml(policy: String? = nil, zone: String = "private") -> String {
        var yaml = """
            backends:
              - { name: in-house, kind: openai, url: "http://127.0.0.1:9/v1", zone: \(zone) }
            models:
              - { alias: fin-chat, targets: [in-house] }
            scenarios:
              - name: analyst
                model: fin-chat
                prompt: "你是{{tenant}}的分析助手。"
                plugins: [calculate]
                max_steps: 3
              - name: trader
                model: fin-chat
                plugins: [check_suitability]
                intents:
                  - name: suitability
                    patterns: ["{investor} 能买 {product} 吗"]
                    plugin: check_suitability
                    arguments: { investor: "{{investor}}", product: "{{product}}", initiated_by: investor }
                    answer: "{{investor}}/{{product}}: {{verdict}}"
            """
        if let policy { yaml += "\npolicy:\n\(policy)" }
        return yaml
    }

    static func calculate(_ expression: String) -> (name: String, arguments: String) {
        ("calculate", #"{"expression":\#(JSONStringLiteral.string(expression))}"#)
    }

    @Test("the tool loop's plan: an answer, the app's own tools back to the app, plugins run within the step limit")
    func planning() throws {
        var exchange = Exchange(id: "r", operation: .chatCompletions, body: ByteBuffer(), authorization: nil, traceparent: nil, endUser: nil)
        #expect(try ToolLoopFilter.plan(AssistantTurn(content: "x", toolCalls: [], finishReason: "stop"), exchange) == .answer, "no scenario, no loop")
        var scenario = ScenarioRun(
            config: .init(name: "s", model: "fin-chat", prompt: nil, plugins: ["calculate"]), plugins: [:], appTools: ["open_ticket"])
        scenario.config.maxSteps = 2
        exchange.scenario = scenario
        let plugin = ToolCall(id: "a", name: "calculate", arguments: "{}")
        let app = ToolCall(id: "b", name: "open_ticket", arguments: "{}")
        #expect(try ToolLoopFilter.plan(AssistantTurn(content: "x", toolCalls: [], finishReason: "stop"), exchange) == .answer)
        #expect(try ToolLoopFilter.plan(AssistantTurn(content: nil, toolCalls: [plugin], finishReason: "tool_calls"), exchange) == .run([plugin]))
        #expect(try ToolLoopFilter.plan(AssistantTurn(content: nil, toolCalls: [plugin, app], finishReason: "tool_calls"), exchange) == .returnToApp([app]))
        exchange.scenario?.steps = 2
        #expect(throws: APIError.self) { try ToolLoopFilter.plan(AssistantTurn(content: nil, toolCalls: [plugin], finishReason: "tool_calls"), exchange) }
        #expect(try ToolLoopFilter.plan(AssistantTurn(content: nil, toolCalls: [app], finishReason: "tool_calls"), exchange) == .returnToApp([app]))
    }

    @Test("answers carry the alias as model and their usage is counted; a stream's usage chunk goes only to an app that asked", arguments: [false, true])
    func modelNameAndUsage(includeUsage: Bool) async throws {
        let upstream = ScriptedUpstream([.text("你好，这是答复。"), .text("再一次。")])
        let gateway = try await InProcessGateway.start(yaml: Self.yaml(), upstream: upstream)
        let json = await gateway.chat(chatBody("你好"))
        #expect(json.status == 200)
        #expect(json.json["model"] as? String == "fin-chat")
        #expect(json.text == "你好，这是答复。")
        let stream = await gateway.chat(chatBody("你好", stream: true, includeUsage: includeUsage))
        #expect(stream.streamed)
        #expect(stream.streamedText == "再一次。")
        #expect(stream.chunks.allSatisfy { $0["model"] as? String == "fin-chat" })
        #expect(stream.chunks.contains { $0["usage"] is [String: Any] } == includeUsage)
        #expect(stream.body.hasSuffix("data: [DONE]\n\n"))
        #expect(stream.body.components(separatedBy: "[DONE]").count == 2, "one end")
        let records = try await gateway.auditRecords()
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0["tokens_in"] as? Int == 11 && $0["tokens_out"] as? Int == 7 && $0["backend"] as? String == "in-house" })
        await gateway.stop()
    }

    @Test("a stream's last batch goes out with its end, once the record is durable; when the record fails, an error replaces that batch")
    func endAfterTheRecord() async throws {
        let upstream = ScriptedUpstream([.text("你好，这是答复。"), .text("再一次。")])
        let gateway = try await InProcessGateway.start(yaml: Self.yaml(), upstream: upstream)
        let writes = await gateway.streamWrites(chatBody("你好", stream: true))
        #expect(writes.count > 2, "one write per batch")
        #expect(writes.dropLast().allSatisfy { !$0.bytes.contains("[DONE]") && $0.recordsStored == 0 })
        #expect(writes.last?.bytes == "data: [DONE]\n\n")
        #expect(writes.last?.recordsStored == 1, "the end is written after the record")
        #expect(writes.map(\.isLast) == Array(repeating: false, count: writes.count - 1) + [true], "only the write before the end is marked last")

        // Every commit fails while the block index is away.
        try await gateway.store.pool.write { db in try db.execute(sql: "ALTER TABLE audit_block RENAME TO audit_block_away") }
        let failed = await gateway.streamWrites(chatBody("你好", stream: true))
        try await gateway.store.pool.write { db in try db.execute(sql: "ALTER TABLE audit_block_away RENAME TO audit_block") }
        #expect(InProcessGateway.Reply(status: 200, body: failed.map(\.bytes).joined(), streamed: true).streamedText == "再一次。")
        #expect(failed.last?.bytes.contains("audit_unavailable") == true, "\(failed.last?.bytes ?? "")")
        #expect(!failed.contains { $0.bytes.contains("[DONE]") }, "no end for an answer that was not recorded")
        #expect(failed.last?.isLast == true)
        await gateway.stop()
    }

    @Test("a masked request's pseudonyms are put back in a JSON answer and across the chunks of a stream")
    func restorationThroughTheFilters() async throws {
        let mobile = "13812345678"
        let policy = """
              - { level: ">=4", zones: [private] }
              - { level: ">=2", zones: [private, public], mask: true }
              - { level: "1", zones: [private, public] }
            """
        // The model repeats the pseudonym it was sent; three characters per chunk split it.
        let upstream = ScriptedUpstream(zone: .public, [.text("请回电 [[cn_mobile_1]]。"), .text("请回电 [[cn_mobile_1]]，或 [[cn_mobile_9]]。")])
        let gateway = try await InProcessGateway.start(yaml: Self.yaml(policy: policy, zone: "public"), upstream: upstream)
        let json = await gateway.chat(chatBody("客户手机 \(mobile)，请联系。"))
        #expect(json.text == "请回电 \(mobile)。")
        #expect(!upstream.requests[0].contains(mobile), "the public model got the pseudonym")
        #expect(upstream.requests[0].contains("[[cn_mobile_1]]"))
        let stream = await gateway.chat(chatBody("客户手机 \(mobile)，请联系。", stream: true))
        #expect(stream.streamedText == "请回电 \(mobile)，或 [[cn_mobile_9]]。", "an unknown pseudonym stays as written")
        let records = try await gateway.auditRecords()
        let privacy = records.compactMap { $0["privacy"] as? [String: Any] }
        #expect(privacy.count == 2)
        #expect(privacy.map { $0["restored"] as? Int } == [1, 1])
        #expect(privacy.map { $0["invented"] as? Int } == [0, 1])
        await gateway.stop()
    }

    @Test("the tool loop, JSON: the plugin runs in the house, the next call carries its result, the record lists the call")
    func toolLoopJSON() async throws {
        let upstream = ScriptedUpstream([.toolCalls([Self.calculate("round(1.15 * 1.1, 2)")]), .text("涨停价是 1.27 元。")])
        let gateway = try await InProcessGateway.start(yaml: Self.yaml(), upstream: upstream)
        let reply = await gateway.chat(chatBody("前收盘价 1.15 元的涨停价？", model: "scenario/analyst"))
        #expect(reply.status == 200)
        #expect(reply.text == "涨停价是 1.27 元。")
        #expect(reply.json["model"] as? String == "fin-chat")
        #expect(upstream.requests.count == 2)
        #expect(upstream.messages(0).first?["content"] as? String == "你是acme的分析助手。")
        let tool = try #require(upstream.messages(1).last)
        #expect(tool["role"] as? String == "tool")
        #expect(tool["tool_call_id"] as? String == "call_1")
        #expect((tool["content"] as? String)?.contains(#""result":"1.27""#) == true, "the exact decimal")
        let record = try #require(try await gateway.auditRecords().first)
        #expect(record["steps"] as? Int == 2)
        #expect((record["tools"] as? [[String: Any]])?.map { $0["name"] as? String } == ["calculate"])
        #expect(record["tokens_in"] as? Int == 22, "usage over both model calls")
        await gateway.stop()
    }

    @Test("the tool loop, streamed: progress chunks announce the call, the answer's text streams, usage covers every step, one end")
    func toolLoopStreamed() async throws {
        let upstream = ScriptedUpstream([.toolCalls([Self.calculate("2 + 2")]), .text("结果是 4。")])
        let gateway = try await InProcessGateway.start(yaml: Self.yaml(), upstream: upstream)
        let reply = await gateway.chat(chatBody("2 加 2？", model: "scenario/analyst", stream: true, includeUsage: true))
        #expect(reply.streamedText == "结果是 4。")
        let progress = reply.chunks.compactMap { $0["switchboard"] as? [String: Any] }.filter { $0["type"] as? String == "tool_call" }
        #expect(progress.map { $0["status"] as? String } == ["running", "ok"])
        #expect(progress.allSatisfy { $0["name"] as? String == "calculate" && $0["step"] as? Int == 1 })
        let finishes = reply.chunks.compactMap { ($0["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String }
        #expect(finishes == ["stop"], "the plugin turn's finish is held back")
        let usage = try #require(reply.chunks.compactMap { $0["usage"] as? [String: Any] }.last)
        #expect(usage["prompt_tokens"] as? Int == 22)
        #expect(reply.body.components(separatedBy: "[DONE]").count == 2)
        #expect(!reply.chunks.contains { (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["tool_calls"] != nil })
        await gateway.stop()
    }

    @Test("the step limit ends the exchange with tool_step_limit, as a JSON error and as a stream's last event", arguments: [false, true])
    func stepLimit(stream: Bool) async throws {
        let call = Self.calculate("1 + 1")
        let upstream = ScriptedUpstream([.toolCalls([call]), .toolCalls([call]), .toolCalls([call])])
        let gateway = try await InProcessGateway.start(yaml: Self.yaml(), upstream: upstream)
        let reply = await gateway.chat(chatBody("loop", model: "scenario/analyst", stream: stream))
        #expect(reply.errorCode == "tool_step_limit")
        #expect(reply.status == (stream ? 200 : 502))
        #expect(upstream.requests.count == 3, "max_steps 3 model calls")
        func body(_ index: Int) -> [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(upstream.requests[index].utf8))) as? [String: Any]) ?? [:] }
        #expect(body(2)["tool_choice"] as? String == "none", "the last allowed call may not use tools")
        #expect(body(1)["tool_choice"] == nil)
        let record = try #require(try await gateway.auditRecords().first)
        #expect(record["error_code"] as? String == "tool_step_limit")
        #expect((record["tools"] as? [[String: Any]])?.count == 2)
        await gateway.stop()
    }

    @Test("a turn that calls the app's own tool goes back to the app, JSON and streamed", arguments: [false, true])
    func appToolGoesBack(stream: Bool) async throws {
        let upstream = ScriptedUpstream([.toolCalls([("open_ticket", #"{"topic":"fees"}"#), Self.calculate("1 + 1")])])
        let gateway = try await InProcessGateway.start(yaml: Self.yaml(), upstream: upstream)
        let reply = await gateway.chat(chatBody("open a ticket", model: "scenario/analyst", stream: stream, tools: Self.appTool))
        #expect(reply.status == 200)
        if stream {
            let calls = reply.chunks.compactMap { (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["tool_calls"] as? [[String: Any]] }
            #expect(calls.flatMap { $0 }.compactMap { ($0["function"] as? [String: Any])?["name"] as? String } == ["open_ticket"])
            #expect(reply.chunks.compactMap { ($0["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String } == ["tool_calls"])
        } else {
            let choice = (reply.json["choices"] as? [[String: Any]])?.first ?? [:]
            #expect(choice["finish_reason"] as? String == "tool_calls")
            let message = choice["message"] as? [String: Any] ?? [:]
            #expect((message["tool_calls"] as? [[String: Any]])?.compactMap { ($0["function"] as? [String: Any])?["name"] as? String } == ["open_ticket"])
        }
        #expect(upstream.requests.count == 1, "no further model call")
        let sent = ((try? JSONSerialization.jsonObject(with: Data(upstream.requests[0].utf8))) as? [String: Any]) ?? [:]
        let offered = (sent["tools"] as? [[String: Any]] ?? []).compactMap { ($0["function"] as? [String: Any])?["name"] as? String }
        #expect(offered == ["open_ticket", "calculate"], "the app's tools first, then the scenario's plugins")
        // An app tool named like a plugin is refused rather than shadowed.
        let clash = #"[{"type":"function","function":{"name":"calculate","parameters":{"type":"object"}}}]"#
        let refused = await gateway.chat(chatBody("x", model: "scenario/analyst", stream: stream, tools: clash))
        #expect(refused.status == 400)
        #expect(refused.errorCode == "tool_name_conflict")
        await gateway.stop()
    }

    @Test("an intent answers without a model, JSON and streamed; an unmatched question goes to the model", arguments: [false, true])
    func intents(stream: Bool) async throws {
        let upstream = ScriptedUpstream([.text("模型的回答")])
        let gateway = try await InProcessGateway.start(yaml: Self.yaml(), upstream: upstream)
        let direct = await gateway.chat(chatBody("C5 能买 R5 吗？", model: "scenario/trader", stream: stream))
        #expect(direct.status == 200)
        let text = stream ? direct.streamedText : direct.text ?? ""
        #expect(text.hasPrefix("C5/R5: suitable"), "\(text)")
        #expect(upstream.requests.isEmpty)
        let other = await gateway.chat(chatBody("今天天气如何", model: "scenario/trader", stream: stream))
        #expect((stream ? other.streamedText : other.text ?? "") == "模型的回答")
        let records = try await gateway.auditRecords()
        #expect(records.first?["backend"] == nil)
        #expect((records.first?["tools"] as? [[String: Any]])?.first?["id"] as? String == "intent:suitability")
        #expect(records.last?["backend"] as? String == "in-house")
        await gateway.stop()
    }

    @Test("a stream that breaks off ends with an error event after what was sent, and its record keeps the cause")
    func brokenStream() async throws {
        let upstream = ScriptedUpstream([.cutOff("一半的回答")])
        let gateway = try await InProcessGateway.start(yaml: Self.yaml(), upstream: upstream)
        let reply = await gateway.chat(chatBody("你好", stream: true))
        #expect(reply.streamedText == "一半的回答")
        #expect(reply.errorCode == "upstream_disconnected", "\(reply.body)")
        #expect(!reply.body.contains("[DONE]"))
        #expect(try await gateway.auditRecords().first?["error_code"] as? String == reply.errorCode)
        await gateway.stop()
    }

    @Test("a response filter that rewrites, and one that withholds the answer and puts its own, work on JSON and streams", arguments: [false, true])
    func customFilters(stream: Bool) async throws {
        let upstream = ScriptedUpstream(piece: 100, [.text("本产品保本保收益。"), .text("本产品保本保收益，且无风险。")])
        let gateway = try await InProcessGateway.start(
            yaml: Self.yaml(), upstream: upstream, filters: [WordRewriteFilterFactory(word: "保本保收益", replacement: "不保本"), WithholdingCheckFactory(banned: "无风险")])
        let rewritten = await gateway.chat(chatBody("介绍产品", stream: stream))
        #expect((stream ? rewritten.streamedText : rewritten.text ?? "") == "本产品不保本。")
        let withheld = await gateway.chat(chatBody("介绍产品", stream: stream))
        #expect((stream ? withheld.streamedText : withheld.text ?? "") == WithholdingCheck.replacement)
        #expect(!withheld.body.contains("无风险"))
        if stream { #expect(withheld.body.hasSuffix("data: [DONE]\n\n")) }
        await gateway.stop()
    }
}

/// Replaces `word` in the text of every answer event (a stand-in for a rewriting check).
struct WordRewriteFilterFactory: ResponseFilterFactory {
    let word: String
    let replacement: String

    func makeFilter(for exchange: Exchange) -> (any ResponseFilter)? { WordRewriteFilter(word: word, replacement: replacement) }
}

struct WordRewriteFilter: ResponseFilter {
    let word: String
    let replacement: String

    mutating func filter(_ event: ResponseEvent, exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) {
        switch event {
        case .completion(let body): output.append(.completion(ByteBuffer(string: String(buffer: body).replacingOccurrences(of: word, with: replacement))))
        case .chunk(var chunk):
            chunk.data = Array(String(decoding: chunk.data, as: UTF8.self).replacingOccurrences(of: word, with: replacement).utf8)
            output.append(.chunk(chunk))
        default: output.append(event)
        }
    }
}

/// Holds the whole answer; when it contains `banned`, puts a replacement in its place (a stub
/// of a compliance check that withholds).
struct WithholdingCheckFactory: ResponseFilterFactory {
    let banned: String

    func makeFilter(for exchange: Exchange) -> (any ResponseFilter)? { WithholdingCheck(banned: banned) }
}

struct WithholdingCheck: ResponseFilter {
    static let replacement = "此回答未通过合规检查，已被拦截。"
    let banned: String
    private var held: [ResponseEvent] = []

    init(banned: String) {
        self.banned = banned
    }

    mutating func filter(_ event: ResponseEvent, exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) {
        held.append(event)
    }

    mutating func end(exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) -> ResponseFilterEnd {
        let text = held.map { event -> String in
            switch event {
            case .completion(let body): String(buffer: body)
            case .chunk(let chunk): String(decoding: chunk.data, as: UTF8.self)
            default: ""
            }
        }.joined()
        guard text.contains(banned) else {
            output += held
            return .ended
        }
        let content = JSONStringLiteral.string(Self.replacement)
        if case .completion = held.first {
            output.append(.completion(ByteBuffer(string: #"{"object":"chat.completion","model":"fin-chat","choices":[{"index":0,"message":{"role":"assistant","content":\#(content)},"finish_reason":"stop"}]}"#)))
        } else {
            output.append(.chunk(ServerSentEvent(data: Array(#"{"object":"chat.completion.chunk","model":"fin-chat","choices":[{"index":0,"delta":{"role":"assistant","content":\#(content)},"finish_reason":"stop"}]}"#.utf8))))
            output.append(.done)
        }
        return .ended
    }
}
