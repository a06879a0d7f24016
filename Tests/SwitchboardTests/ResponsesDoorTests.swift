import Audit
import Foundation
import NIOCore
import Privacy
import Store
import Synchronization
import Testing
import Wire
@testable import Gateway

/// The Responses front door: its translations as golden tests, stored responses in both stores
/// (isolation, expiry on an injected clock, sealing), and the door through the gateway's own
/// pipeline in-process.
@Suite("Responses door")
struct ResponsesDoorTests {
    static func json(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

    @Test("a request with instructions, every input item type, tools, a format and sampling becomes one Chat request")
    func requestGolden() throws {
        let body = #"""
            {"model":"fin-chat","instructions":"你是投顾助手。","temperature":0.3,"top_p":0.9,"max_output_tokens":256,"parallel_tool_calls":false,
             "tool_choice":{"type":"function","name":"get_quote"},"metadata":{"app":"advisor"},"reasoning":{"effort":"low"},"user":"u-1",
             "text":{"format":{"type":"json_schema","name":"quote","schema":{"type":"object"},"strict":true}},
             "tools":[{"type":"function","name":"get_quote","description":"行情","parameters":{"type":"object"},"strict":true}],
             "input":[
               {"role":"developer","content":"只说中文。"},
               {"type":"message","role":"user","content":[{"type":"input_text","text":"看图"},{"type":"input_image","image_url":"data:image/png;base64,iVBO","detail":"low"},
                 {"type":"input_file","filename":"a.txt","file_data":"data:text/plain;base64,5L2g5aW9"}]},
               {"type":"reasoning","id":"rs_1","summary":[]},
               {"type":"message","role":"assistant","content":[{"type":"output_text","text":"我查一下。","annotations":[]}]},
               {"type":"function_call","call_id":"call_1","name":"get_quote","arguments":"{\"code\":\"600519\"}"},
               {"type":"function_call","call_id":"call_2","name":"get_quote","arguments":"{\"code\":\"000858\"}"},
               {"type":"function_call_output","call_id":"call_1","output":"1688.00"},
               {"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"142.50"}]}
             ]}
            """#
        let request = try ResponsesRequest(Array(body.utf8))
        #expect(request.model == "fin-chat" && request.store && !request.stream && request.previousResponseID == nil)
        let history: [JSONValue] = [.object(["role": .string("user"), "content": .string("上一轮")])]
        let chat = try JSONValue.parse(request.chatRequest(history: history))
        #expect(chat == (try Self.json(#"""
            {"model":"fin-chat","temperature":0.3,"top_p":0.9,"max_tokens":256,"parallel_tool_calls":false,"user":"u-1",
             "tool_choice":{"type":"function","function":{"name":"get_quote"}},
             "response_format":{"type":"json_schema","json_schema":{"name":"quote","schema":{"type":"object"},"strict":true}},
             "tools":[{"type":"function","function":{"name":"get_quote","description":"行情","parameters":{"type":"object"},"strict":true}}],
             "messages":[
               {"role":"system","content":"你是投顾助手。"},
               {"role":"user","content":"上一轮"},
               {"role":"system","content":"只说中文。"},
               {"role":"user","content":[{"type":"text","text":"看图"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBO","detail":"low"}},
                 {"type":"file","file":{"filename":"a.txt","file_data":"data:text/plain;base64,5L2g5aW9"}}]},
               {"role":"assistant","content":"我查一下。","tool_calls":[
                 {"id":"call_1","type":"function","function":{"name":"get_quote","arguments":"{\"code\":\"600519\"}"}},
                 {"id":"call_2","type":"function","function":{"name":"get_quote","arguments":"{\"code\":\"000858\"}"}}]},
               {"role":"tool","tool_call_id":"call_1","content":"1688.00"},
               {"role":"tool","tool_call_id":"call_2","content":"142.50"}
             ]}
            """#)))
        #expect(request.echoed["metadata"] == .object(["app": .string("advisor")]))
        #expect(request.inputMessages.count == 5, "the instructions are not part of the conversation a follow-up carries")
    }

    @Test("what the door cannot translate is refused, naming the field", arguments: [
        (#"{"model":"m","input":"x","conversation":"c"}"#, "conversation"),
        (#"{"model":"m","input":[{"type":"item_reference","id":"x"}]}"#, "input[0].type"),
        (#"{"model":"m","input":"x","tools":[{"type":"file_search"}]}"#, "tools[0].type"),
        (#"{"model":"m","input":[{"role":"user","content":[{"type":"input_image","file_id":"f"}]}]}"#, "input[0].content[0].image_url"),
        (#"{"model":"m","input":[{"role":"assistant","content":[{"type":"input_image","image_url":"https://x"}]}]}"#, "input[0].content"),
        (#"{"model":"m"}"#, "input"),
        (#"{"input":"x"}"#, "model"),
    ])
    func refusals(request: String, param: String) {
        do {
            _ = try ResponsesRequest(Array(request.utf8))
            Issue.record("accepted \(request)")
        } catch {
            #expect(error.status == 400)
            #expect(error.param == param)
        }
    }

    @Test("parallel tool calls streamed interleaved become whole function_call items; every event is numbered in order")
    func streamedToolCalls() throws {
        let object = ResponsesObject(id: "resp_abc", createdAt: 1_796_000_000, echoed: ["model": .string("fin-chat")])
        var translator = ResponsesStreamTranslator(object: object)
        var events = translator.translate(ChatChunk(id: "c", text: "好", toolCalls: [], finishReason: nil, usage: nil))
        let first = #"{"code":"600519"}"#.map(String.init)
        let second = #"{"code":"000858","n":2}"#.map(String.init)
        events += translator.translate(ChatChunk(id: nil, text: "", toolCalls: [.init(index: 0, id: "call_a", name: "get_quote", arguments: ""), .init(index: 1, id: "call_b", name: "get_quote", arguments: "")], finishReason: nil, usage: nil))
        for index in 0..<max(first.count, second.count) {
            var deltas: [ChatToolCallDelta] = []
            if index < second.count { deltas.append(.init(index: 1, id: nil, name: nil, arguments: second[index])) }
            if index < first.count { deltas.append(.init(index: 0, id: nil, name: nil, arguments: first[index])) }
            events += translator.translate(ChatChunk(id: nil, text: "", toolCalls: deltas, finishReason: nil, usage: nil))
        }
        events += translator.translate(ChatChunk(id: nil, text: "", toolCalls: [], finishReason: "tool_calls", usage: TokenUsage(promptTokens: 5, completionTokens: 9)))
        events += translator.closeItems()
        let response = translator.response(usage: nil)
        events.append(translator.completed(response))
        let parsed = try events.map { try JSONValue.parse($0.data) }
        #expect(parsed.map { $0["sequence_number"]?.intValue } == Array(0..<parsed.count).map(Optional.some))
        #expect(events.map(\.event) == parsed.map { $0["type"]?.stringValue })
        var arguments: [String: String] = [:]
        for event in parsed where event["type"]?.stringValue == "response.function_call_arguments.delta" {
            arguments[event["item_id"]!.stringValue!, default: ""] += event["delta"]!.stringValue!
        }
        #expect(arguments == ["fc_abc_1": first.joined(), "fc_abc_2": second.joined()])
        #expect(parsed.filter { $0["type"]?.stringValue == "response.output_item.done" }.map { $0["item"]?["id"]?.stringValue } == ["msg_abc_0", "fc_abc_1", "fc_abc_2"])
        #expect(response["status"]?.stringValue == "completed")
        #expect(response["output"]?.arrayValue?.map { $0["type"]?.stringValue } == ["message", "function_call", "function_call"])
        #expect(response["output"]?.arrayValue?.last?["arguments"]?.stringValue == second.joined())
        #expect(response["usage"]?["total_tokens"]?.intValue == 14)
        #expect(events.last?.event == "response.completed")
    }

    @Test("finish reasons: length makes the response incomplete with max_output_tokens, content_filter with content_filter", arguments: [
        ("stop", "completed", nil), ("tool_calls", "completed", nil), ("length", "incomplete", "max_output_tokens"), ("content_filter", "incomplete", "content_filter"),
    ] as [(String, String, String?)])
    func finishReasons(finish: String, status: String, reason: String?) {
        let object = ResponsesObject(id: "resp_x", createdAt: 0, echoed: [:])
        let response = object.response(status: ResponsesObject.status(finish), output: [], usage: nil, finishReason: finish)
        #expect(response["status"]?.stringValue == status)
        #expect(response["incomplete_details"]?["reason"]?.stringValue == reason)
    }

    @Test("stored responses belong to their tenant, expire on the clock, keep their level, are sealed, and can be deleted", arguments: StoreKind.allCases)
    func archive(kind: StoreKind) async throws {
        let store = try await TestStores.open(kind)
        let clock = Mutex(Date(timeIntervalSince1970: 1_796_000_000))
        let archive = ResponseArchive(storage: store, sealer: ContentSealer(), keepFor: .seconds(3600), now: { clock.withLock { $0 } })
        let conversation: [JSONValue] = [.object(["role": .string("user"), "content": .string("身份证 11010519491231002X 的客户")])]
        try await archive.save(id: "resp_1", tenant: "acme", level: .sensitive3, response: .object(["id": .string("resp_1")]), conversation: conversation)
        let entry = try await archive.load(id: "resp_1", tenant: "acme")
        #expect(entry.conversation == conversation)
        #expect(entry.level == .sensitive3)
        await #expect(throws: APIError.self) { try await archive.load(id: "resp_1", tenant: "rival") }
        let stored = try #require(try await store.storedResponse(id: "resp_1", tenant: "acme", now: clock.withLock { $0 }))
        #expect(!stored.content.contains("11010519491231002X") && !(Data(base64Encoded: stored.content).map { String(decoding: $0, as: UTF8.self) }?.contains("身份证") ?? false))
        clock.withLock { $0 += 3601 }
        do {
            _ = try await archive.load(id: "resp_1", tenant: "acme", param: "previous_response_id")
            Issue.record("an expired response was found")
        } catch {
            #expect(error.status == 404 && error.code == "previous_response_not_found")
        }
        #expect(try await archive.prune() == 1)
        try await archive.save(id: "resp_2", tenant: "acme", level: .public1, response: .object([:]), conversation: [])
        #expect(try await archive.delete(id: "resp_2", tenant: "rival") == false)
        #expect(try await archive.delete(id: "resp_2", tenant: "acme"))
        #expect(try await archive.delete(id: "resp_2", tenant: "acme") == false)
    }

    static func responsesBody(_ input: String, previous: String? = nil, stream: Bool = false, model: String = "fin-chat") -> String {
        let previousField = previous.map { #","previous_response_id":"\#($0)""# } ?? ""
        return #"{"model":"\#(model)","stream":\#(stream),"input":\#(JSONStringLiteral.string(input))\#(previousField)}"#
    }

    @Test("through the pipeline: a scenario's plugin runs in the tool loop, the response is stored before the end, a follow-up carries the conversation and its level", arguments: [false, true])
    func throughThePipeline(stream: Bool) async throws {
        let upstream = ScriptedUpstream([.toolCalls([ExchangePipelineTests.calculate("round(1.15 * 1.1, 2)")]), .text("涨停价是 1.27 元。"), .text("不客气。")])
        let gateway = try await InProcessGateway.start(yaml: ExchangePipelineTests.yaml(), upstream: upstream)
        let reply = await gateway.chat(Self.responsesBody("前收盘价 1.15 元的涨停价？", stream: stream, model: "scenario/analyst"), door: .responses)
        #expect(reply.status == 200)
        let response: [String: Any]
        if stream {
            #expect(!reply.body.contains("[DONE]"))
            #expect(reply.chunks.first?["type"] as? String == "response.created")
            let last = try #require(reply.chunks.last)
            #expect(last["type"] as? String == "response.completed")
            response = try #require(last["response"] as? [String: Any])
        } else {
            response = reply.json
        }
        let id = try #require(response["id"] as? String)
        let output = try #require(response["output"] as? [[String: Any]])
        #expect(output.map { $0["type"] as? String } == ["message"], "the plugin call stays inside")
        #expect(((output.first?["content"] as? [[String: Any]])?.first?["text"] as? String) == "涨停价是 1.27 元。")
        #expect((response["usage"] as? [String: Any])?["input_tokens"] as? Int == 22)
        let entry = try await gateway.gateway.responses.load(id: id, tenant: "acme")
        #expect(entry.conversation.count == 2, "the user's question and the answer, without the scenario's prompt or the plugin's turn")
        let follow = await gateway.chat(Self.responsesBody("谢谢", previous: id), door: .responses)
        #expect(follow.status == 200)
        let sent = upstream.messages(2).map { $0["content"] as? String }
        #expect(sent == ["前收盘价 1.15 元的涨停价？", "涨停价是 1.27 元。", "谢谢"])
        let records = try await gateway.auditRecords()
        #expect(records.map { $0["operation"] as? String } == ["responses", "responses"])
        await gateway.stop()
    }

    @Test("a follow-up inherits the level of the conversation it continues, so a public backend never gets it")
    func levelInherited() async throws {
        let upstream = ScriptedUpstream(backend: "maas", zone: .public, [.text("好的。"), .text("不会发出。")])
        let yaml = publicBackendYAML(policy: [#"{ level: ">=3", zones: [private] }"#, #"{ level: "<=2", zones: [private, public] }"#])
        let gateway = try await InProcessGateway.start(yaml: yaml, upstream: upstream)
        let archive = gateway.gateway.responses
        try await archive.save(
            id: "resp_held", tenant: "acme", level: .sensitive3, response: .object([:]),
            conversation: [.object(["role": .string("user"), "content": .string("（一段三级数据）")])])
        let follow = await gateway.chat(Self.responsesBody("今天天气如何？", previous: "resp_held"), door: .responses)
        #expect(follow.status == 503)
        #expect(follow.errorCode == "no_allowed_backend")
        #expect(upstream.requests.isEmpty)
        let fresh = await gateway.chat(Self.responsesBody("今天天气如何？"), door: .responses)
        #expect(fresh.status == 200)
        await gateway.stop()
    }
}
