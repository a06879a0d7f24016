import Foundation
import NIOCore
import Testing
import Wire
@testable import Gateway

/// The Anthropic Messages front door: its translations as golden tests, and the door through
/// the gateway's own pipeline in-process (scenarios, the tool loop, the audit record).
@Suite("Messages door")
struct MessagesDoorTests {
    static func json(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }
    static func translated(_ request: String) throws -> JSONValue { try JSONValue.parse(try MessagesRequestTranslator.chatRequest(Array(request.utf8))) }

    @Test("a request with system blocks, images, tool uses and results, thinking, tools and a tool choice becomes one Chat request")
    func requestGolden() throws {
        let request = #"""
            {"model":"fin-chat","max_tokens":300,"temperature":0.2,"top_k":5,"stop_sequences":["END"],"stream":true,
             "metadata":{"user_id":"u-9"},
             "system":[{"type":"text","text":"你是客服。"},{"type":"text","text":"只说中文。","cache_control":{"type":"ephemeral"}}],
             "tools":[{"name":"get_quote","description":"行情","input_schema":{"type":"object","properties":{"code":{"type":"string"}}}}],
             "tool_choice":{"type":"any","disable_parallel_tool_use":true},
             "messages":[
               {"role":"user","content":[{"type":"text","text":"看图"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBO"}}]},
               {"role":"assistant","content":[{"type":"thinking","thinking":"…","signature":"s"},{"type":"text","text":"我查一下。"},
                 {"type":"tool_use","id":"toolu_1","name":"get_quote","input":{"code":"600519"}}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"停牌","is_error":true},{"type":"text","text":"那怎么办？"}]}
             ]}
            """#
        let expected = try Self.json(#"""
            {"model":"fin-chat","max_tokens":300,"temperature":0.2,"stop":["END"],"stream":true,"stream_options":{"include_usage":true},"user":"u-9",
             "tools":[{"type":"function","function":{"name":"get_quote","description":"行情","parameters":{"type":"object","properties":{"code":{"type":"string"}}}}}],
             "tool_choice":"required","parallel_tool_calls":false,
             "messages":[
               {"role":"system","content":"你是客服。\n\n只说中文。"},
               {"role":"user","content":[{"type":"text","text":"看图"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBO"}}]},
               {"role":"assistant","content":"我查一下。","tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"get_quote","arguments":"{\"code\":\"600519\"}"}}]},
               {"role":"tool","tool_call_id":"toolu_1","content":"Error: 停牌"},
               {"role":"user","content":[{"type":"text","text":"那怎么办？"}]}
             ]}
            """#)
        #expect(try Self.translated(request) == expected)
    }

    @Test("what the door cannot translate is refused, naming the field", arguments: [
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"mcp_servers":[]}"#, "mcp_servers"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"document","source":{}}]}]}"#, "messages[0].content[0].type"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"tools":[{"type":"bash_20250124","name":"bash"}]}"#, "tools[0].type"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}]}"#, "max_tokens"),
        (#"{"model":"m","max_tokens":5,"messages":[{"role":"system","content":"x"}]}"#, "messages[0].role"),
        (#"{"model":"m","max_tokens":5,"messages":[]}"#, "messages"),
    ])
    func refusals(request: String, param: String) {
        #expect(throws: APIError.self) { try MessagesRequestTranslator.chatRequest(Array(request.utf8)) }
        do {
            _ = try MessagesRequestTranslator.chatRequest(Array(request.utf8))
        } catch {
            #expect(error.status == 400)
            #expect(error.param == param)
        }
    }

    @Test("a completion with text and tool calls becomes a message; finish reasons map to stop reasons", arguments: [
        ("stop", "end_turn"), ("length", "max_tokens"), ("tool_calls", "tool_use"), ("content_filter", "refusal"),
    ])
    func answerGolden(finish: String, stop: String) throws {
        let completion = #"""
            {"id":"chatcmpl-7","object":"chat.completion","model":"fin-chat","choices":[{"index":0,"finish_reason":"\#(finish)",
             "message":{"role":"assistant","content":"好的","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_quote","arguments":"{\"code\":\"600519\"}"}}]}}],
             "usage":{"prompt_tokens":12,"completion_tokens":4,"total_tokens":16}}
            """#
        let message = try JSONValue.parse(try MessagesAnswerTranslator.message(Array(completion.utf8), model: "fin-chat"))
        #expect(message == (try Self.json(#"""
            {"id":"msg_7","type":"message","role":"assistant","model":"fin-chat","stop_reason":"\#(stop)","stop_sequence":null,
             "content":[{"type":"text","text":"好的"},{"type":"tool_use","id":"call_1","name":"get_quote","input":{"code":"600519"}}],
             "usage":{"input_tokens":12,"output_tokens":4}}
            """#)))
    }

    @Test("parallel tool calls streamed interleaved across many deltas keep each call whole, in its own block")
    func streamedToolCalls() throws {
        var translator = MessagesStreamTranslator(model: "fin-chat")
        var events: [ServerSentEvent] = []
        events += translator.translate(ChatChunk(id: "chatcmpl-1", text: "查", toolCalls: [], finishReason: nil, usage: nil))
        let first = #"{"code":"600519","note":"茅台"}"#.map(String.init)
        let second = #"{"code":"000858"}"#.map(String.init)
        events += translator.translate(ChatChunk(id: nil, text: "", toolCalls: [.init(index: 0, id: "call_a", name: "get_quote", arguments: "")], finishReason: nil, usage: nil))
        events += translator.translate(ChatChunk(id: nil, text: "", toolCalls: [.init(index: 1, id: "call_b", name: "get_quote", arguments: "")], finishReason: nil, usage: nil))
        for index in 0..<max(first.count, second.count) {
            var deltas: [ChatToolCallDelta] = []
            if index < first.count { deltas.append(.init(index: 0, id: nil, name: nil, arguments: first[index])) }
            if index < second.count { deltas.append(.init(index: 1, id: nil, name: nil, arguments: second[index])) }
            events += translator.translate(ChatChunk(id: nil, text: "", toolCalls: deltas, finishReason: nil, usage: nil))
        }
        events += translator.translate(ChatChunk(id: nil, text: "", toolCalls: [], finishReason: "tool_calls", usage: nil))
        events += translator.translate(ChatChunk(id: nil, text: "", toolCalls: [], finishReason: nil, usage: TokenUsage(promptTokens: 9, completionTokens: 30)))
        events += translator.finish()
        let parsed = try events.map { try JSONValue.parse($0.data) }
        #expect(events.map(\.event) == parsed.map { $0["type"]?.stringValue })
        #expect(events.first?.event == "message_start" && events[1].event == "ping" && events.last?.event == "message_stop")
        var arguments: [Int: String] = [:]
        var starts: [Int: JSONValue] = [:]
        var stops: [Int] = []
        for event in parsed {
            let index = event["index"]?.intValue ?? -1
            switch event["type"]?.stringValue {
            case "content_block_start": starts[index] = event["content_block"]
            case "content_block_delta" where event["delta"]?["type"]?.stringValue == "input_json_delta":
                arguments[index, default: ""] += event["delta"]?["partial_json"]?.stringValue ?? ""
            case "content_block_stop": stops.append(index)
            default: break
            }
        }
        #expect(starts[0]?["type"]?.stringValue == "text")
        #expect(starts[1]?["id"]?.stringValue == "call_a" && starts[2]?["id"]?.stringValue == "call_b")
        #expect(arguments == [1: first.joined(), 2: second.joined()])
        #expect(stops == [0, 1, 2])
        let delta = try #require(parsed.first { $0["type"]?.stringValue == "message_delta" })
        #expect(delta["delta"]?["stop_reason"]?.stringValue == "tool_use")
        #expect(delta["usage"] == (try Self.json(#"{"input_tokens":9,"output_tokens":30}"#)))
    }

    static func messagesBody(_ text: String, stream: Bool = false) -> String {
        #"{"model":"scenario/analyst","max_tokens":200,"stream":\#(stream),"messages":[{"role":"user","content":\#(JSONStringLiteral.string(text))}]}"#
    }

    @Test("through the pipeline: a scenario's plugin runs in the tool loop and the app gets a Messages answer, recorded as 'messages'", arguments: [false, true])
    func throughThePipeline(stream: Bool) async throws {
        let upstream = ScriptedUpstream([.toolCalls([ExchangePipelineTests.calculate("round(1.15 * 1.1, 2)")]), .text("涨停价是 1.27 元。")])
        let gateway = try await InProcessGateway.start(yaml: ExchangePipelineTests.yaml(), upstream: upstream)
        let reply = await gateway.chat(Self.messagesBody("前收盘价 1.15 元的涨停价？", stream: stream), door: .messages)
        #expect(reply.status == 200)
        if stream {
            #expect(!reply.body.contains("[DONE]"))
            let events = reply.chunks
            #expect(events.first?["type"] as? String == "message_start")
            #expect(events.last?["type"] as? String == "message_stop")
            let text = events.compactMap { ($0["delta"] as? [String: Any])?["text"] as? String }.joined()
            #expect(text == "涨停价是 1.27 元。")
            #expect(!events.contains { ($0["content_block"] as? [String: Any])?["type"] as? String == "tool_use" }, "the plugin call stays inside")
        } else {
            #expect(reply.json["type"] as? String == "message")
            #expect((reply.json["content"] as? [[String: Any]])?.map { $0["text"] as? String } == ["涨停价是 1.27 元。"])
            #expect(reply.json["stop_reason"] as? String == "end_turn")
            #expect((reply.json["usage"] as? [String: Any])?["input_tokens"] as? Int == 22)
        }
        #expect(upstream.requests.count == 2)
        let record = try #require(try await gateway.auditRecords().first)
        #expect(record["operation"] as? String == "messages")
        #expect((record["tools"] as? [[String: Any]])?.map { $0["name"] as? String } == ["calculate"])
        await gateway.stop()
    }

    @Test("a refusal comes back as the gateway's error and is recorded like any other exchange")
    func refusalRecorded() async throws {
        let gateway = try await InProcessGateway.start(yaml: ExchangePipelineTests.yaml(), upstream: ScriptedUpstream([]))
        let reply = await gateway.chat(#"{"model":"fin-chat","messages":[{"role":"user","content":"x"}]}"#, door: .messages)
        #expect(reply.status == 400)
        let record = try #require(try await gateway.auditRecords().first)
        #expect(record["operation"] as? String == "messages")
        #expect(record["status"] as? Int == 400)
        await gateway.stop()
    }
}

/// The Messages door's pass-through: the app's own request, inspected as it is, for an Anthropic
/// backend's first model call, where it may go unmasked.
@Suite("Messages door pass-through")
struct MessagesPassThroughTests {
    static let request = #"{"model":"fin-chat","max_tokens":50,"top_k":3,"messages":[{"role":"user","content":[{"type":"text","text":"你好","cache_control":{"type":"ephemeral"}}]}]}"#

    @Test("a plain request goes as it came, with only the model spliced; a scenario's is translated")
    func plainAndScenario() async throws {
        let upstream = ScriptedUpstream([.text("好。"), .toolCalls([ExchangePipelineTests.calculate("1 + 1")]), .text("2。")])
        let yaml = ExchangePipelineTests.yaml().replacingOccurrences(of: "kind: openai", with: #"kind: anthropic, api_key: "k""#)
        let gateway = try await InProcessGateway.start(yaml: yaml, upstream: upstream)
        #expect(await gateway.chat(Self.request, door: .messages).status == 200)
        #expect(upstream.passThroughs.first == .some(Self.request.replacingOccurrences(of: #""model":"fin-chat""#, with: #""model":"upstream-model""#)))
        let scenario = Self.request.replacingOccurrences(of: "fin-chat", with: "scenario/analyst")
        #expect(await gateway.chat(scenario, door: .messages).status == 200)
        #expect(upstream.passThroughs.dropFirst() == [nil, nil], "the scenario's prompt and the tool loop's turn change the request")
        await gateway.stop()
    }

    @Test("what only the app's own request holds counts: a password in a thinking block keeps it from a public backend")
    func nativeInspection() async throws {
        let upstream = ScriptedUpstream(backend: "maas", zone: .public, [.text("不会发出。")])
        let yaml = publicBackendYAML(kind: "anthropic", policy: [#"{ level: ">=4", zones: [private] }"#, #"{ level: ">=2", zones: [private, public], mask: true }"#, #"{ level: "1", zones: [private, public] }"#])
        let gateway = try await InProcessGateway.start(yaml: yaml, upstream: upstream)
        let request = #"""
            {"model":"fin-chat","max_tokens":50,"messages":[{"role":"user","content":"帮我看看"},
             {"role":"assistant","content":[{"type":"thinking","thinking":"用户的交易密码是Abc12345","signature":"s"},{"type":"text","text":"好的"}]},
             {"role":"user","content":"继续"}]}
            """#
        let reply = await gateway.chat(request, door: .messages)
        #expect(reply.status == 503)
        #expect(upstream.requests.isEmpty)
        let masked = #"{"model":"fin-chat","max_tokens":50,"messages":[{"role":"user","content":"请回拨13812345678"}]}"#
        #expect(await gateway.chat(masked, door: .messages).status == 200)
        #expect(upstream.passThroughs == [nil], "a request the policy masks for the public zone is never passed through there")
        #expect(upstream.requests.first?.contains("13812345678") == false)
        await gateway.stop()
    }
}

/// What the audit trail keeps of a door's exchange.
@Suite("Messages door audit content")
struct MessagesAuditContentTests {
    @Test("with content kept (masked), the record holds the app's own request beside its translation, masked too")
    func appRequestKept() async throws {
        let upstream = ScriptedUpstream([.text("好。")])
        let gateway = try await InProcessGateway.start(yaml: ExchangePipelineTests.yaml() + "\naudit: { content: masked }", upstream: upstream)
        let request = #"""
            {"model":"fin-chat","max_tokens":50,"messages":[{"role":"user","content":"帮我看看"},
             {"role":"assistant","content":[{"type":"thinking","thinking":"客户手机13812345678","signature":"s"},{"type":"text","text":"好的"}]},
             {"role":"user","content":"继续"}]}
            """#
        #expect(await gateway.chat(request, door: .messages).status == 200)
        let record = try #require(try await gateway.auditRecords().first)
        let content = try #require(record["content_masked"] as? String)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(content.utf8)) as? [String: Any])
        let appRequest = try #require(parsed["app_request"] as? String)
        #expect(appRequest.contains("thinking"), "what the translation dropped is on the record")
        #expect(!content.contains("13812345678"))
        #expect(appRequest.contains("[[cn_mobile_1]]"))
        await gateway.stop()
    }
}
