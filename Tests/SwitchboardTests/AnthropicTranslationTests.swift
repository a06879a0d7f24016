import Foundation
import Testing
@testable import Wire

/// OpenAI ⇄ Anthropic Messages translation: requests, responses, errors and streams.
@Suite struct AnthropicTranslationTests {
    // MARK: - Helpers

    /// Parses JSON text into a comparable value; fails the test on invalid JSON.
    private func json(_ text: String) -> AnthropicJSON {
        let value = AnthropicJSON.parse(Data(text.utf8))
        #expect(value != nil, "invalid JSON literal in test: \(text)")
        return value ?? .null
    }

    /// Parses translator output into a comparable value.
    private func json(_ data: Data) -> AnthropicJSON {
        json(String(decoding: data, as: UTF8.self))
    }

    /// Translates an OpenAI request body for upstream model `claude-test`.
    private func anthropicRequest(_ body: String, defaultMaxTokens: Int = 4096) throws -> AnthropicJSON {
        json(try AnthropicRequestTranslator.messagesRequest(
            fromChatCompletion: Data(body.utf8), upstreamModel: "claude-test", defaultMaxTokens: defaultMaxTokens))
    }

    /// The error thrown when translating an OpenAI request body, if any.
    private func requestError(_ body: String) -> AnthropicTranslationError? {
        do {
            _ = try AnthropicRequestTranslator.messagesRequest(fromChatCompletion: Data(body.utf8), upstreamModel: "claude-test")
            return nil
        } catch {
            return error
        }
    }

    /// Translates an Anthropic message response with alias `my-alias` and created 1700000000.
    private func chatCompletion(_ body: String) throws -> AnthropicJSON {
        json(try AnthropicResponseTranslator.chatCompletion(fromMessage: Data(body.utf8), alias: "my-alias", created: 1_700_000_000))
    }

    /// Feeds `(event, data)` pairs through a translator and returns every chunk produced, parsed.
    private func chunks(
        _ events: [(String?, String)], translator: inout AnthropicStreamTranslator
    ) throws -> [AnthropicJSON] {
        var output: [AnthropicJSON] = []
        for (event, data) in events {
            output += try translator.translate(event: event, data: Data(data.utf8)).map { json($0) }
        }
        return output
    }

    /// A message_start event for message `msg_stream` with 12 input tokens.
    private let messageStart = (
        "message_start",
        #"{"type":"message_start","message":{"id":"msg_stream","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"usage":{"input_tokens":12,"cache_read_input_tokens":3,"output_tokens":1}}}"#
    )

    // MARK: - Requests

    @Test func systemAndDeveloperMessagesBecomeTopLevelSystem() throws {
        let request = try anthropicRequest(#"""
        {"model":"gpt-4o","messages":[
          {"role":"system","content":"你是一个乐于助人的助手。"},
          {"role":"developer","content":[{"type":"text","text":"用中文回答"},{"type":"text","text":"保持简洁"}]},
          {"role":"user","content":"你好，世界"}
        ]}
        """#)
        #expect(request == json(#"""
        {"model":"claude-test","max_tokens":4096,
         "system":"你是一个乐于助人的助手。\n\n用中文回答\n保持简洁",
         "messages":[{"role":"user","content":"你好，世界"}]}
        """#))
    }

    @Test func imagePartsBecomeImageBlocks() throws {
        let request = try anthropicRequest(#"""
        {"messages":[{"role":"user","content":[
          {"type":"text","text":"这两张图有什么不同？"},
          {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}},
          {"type":"image_url","image_url":{"url":"https://example.com/猫.jpg"}}
        ]}]}
        """#)
        #expect(request["messages"] == json(#"""
        [{"role":"user","content":[
          {"type":"text","text":"这两张图有什么不同？"},
          {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
          {"type":"image","source":{"type":"url","url":"https://example.com/猫.jpg"}}
        ]}]
        """#))
    }

    @Test func inlinePDFFilePartBecomesDocumentBlock() throws {
        let request = try anthropicRequest(#"""
        {"messages":[{"role":"user","content":[
          {"type":"file","file":{"filename":"报告.pdf","file_data":"data:application/pdf;base64,JVBERi0="}},
          {"type":"text","text":"总结一下"}
        ]}]}
        """#)
        #expect(request["messages"] == json(#"""
        [{"role":"user","content":[
          {"type":"document","title":"报告.pdf","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}},
          {"type":"text","text":"总结一下"}
        ]}]
        """#))
    }

    @Test func assistantToolCallsAndToolResultsTranslate() throws {
        let request = try anthropicRequest(#"""
        {"messages":[
          {"role":"user","content":"北京和上海的天气怎么样？"},
          {"role":"assistant","content":null,"tool_calls":[
            {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"北京\"}"}},
            {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"上海\",\"unit\":\"c\"}"}}
          ]},
          {"role":"tool","tool_call_id":"call_1","content":"晴，25°C"},
          {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"小雨"},{"type":"text","text":"18°C"}]},
          {"role":"user","content":"谢谢"}
        ]}
        """#)
        #expect(request["messages"] == json(#"""
        [
          {"role":"user","content":"北京和上海的天气怎么样？"},
          {"role":"assistant","content":[
            {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"北京"}},
            {"type":"tool_use","id":"call_2","name":"get_weather","input":{"city":"上海","unit":"c"}}
          ]},
          {"role":"user","content":[
            {"type":"tool_result","tool_use_id":"call_1","content":"晴，25°C"},
            {"type":"tool_result","tool_use_id":"call_2","content":"小雨\n18°C"},
            {"type":"text","text":"谢谢"}
          ]}
        ]
        """#))
    }

    @Test func assistantTextPrecedesToolUseAndEmptyArgumentsMeanEmptyInput() throws {
        let request = try anthropicRequest(#"""
        {"messages":[
          {"role":"user","content":"现在几点？"},
          {"role":"assistant","content":"我来查一下。","tool_calls":[
            {"id":"call_t","type":"function","function":{"name":"now","arguments":""}}
          ]},
          {"role":"tool","tool_call_id":"call_t","content":"10:00"}
        ]}
        """#)
        #expect(request["messages"] == json(#"""
        [
          {"role":"user","content":"现在几点？"},
          {"role":"assistant","content":[
            {"type":"text","text":"我来查一下。"},
            {"type":"tool_use","id":"call_t","name":"now","input":{}}
          ]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_t","content":"10:00"}]}
        ]
        """#))
    }

    @Test func consecutiveSameRoleMessagesMergeWithToolResultsFirst() throws {
        let request = try anthropicRequest(#"""
        {"messages":[
          {"role":"user","content":"第一句"},
          {"role":"user","content":[{"type":"text","text":"第二句"}]},
          {"role":"assistant","content":"好"},
          {"role":"assistant","content":"","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
          {"role":"user","content":"插话"},
          {"role":"tool","tool_call_id":"c1","content":"结果"}
        ]}
        """#)
        #expect(request["messages"] == json(#"""
        [
          {"role":"user","content":[{"type":"text","text":"第一句"},{"type":"text","text":"第二句"}]},
          {"role":"assistant","content":[{"type":"text","text":"好"},{"type":"tool_use","id":"c1","name":"f","input":{}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"c1","content":"结果"},{"type":"text","text":"插话"}]}
        ]
        """#))
    }

    @Test func toolsAndToolChoiceTranslate() throws {
        let tools = #"""
        "tools":[
          {"type":"function","function":{"name":"search","description":"搜索网页","parameters":{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}}},
          {"type":"function","function":{"name":"now"}}
        ]
        """#
        let request = try anthropicRequest(#"{"messages":[{"role":"user","content":"hi"}],"# + tools + "}")
        #expect(request["tools"] == json(#"""
        [
          {"name":"search","description":"搜索网页","input_schema":{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}},
          {"name":"now","input_schema":{"type":"object"}}
        ]
        """#))
        #expect(request["tool_choice"] == nil)

        let choices: [(String, String)] = [
            (#""auto""#, #"{"type":"auto"}"#),
            (#""required""#, #"{"type":"any"}"#),
            (#""none""#, #"{"type":"none"}"#),
            (#"{"type":"function","function":{"name":"search"}}"#, #"{"type":"tool","name":"search"}"#),
        ]
        for (openAI, anthropic) in choices {
            let body = #"{"messages":[{"role":"user","content":"hi"}],"# + tools + #","tool_choice":"# + openAI + "}"
            #expect(try anthropicRequest(body)["tool_choice"] == json(anthropic))
        }

        let serial = try anthropicRequest(#"{"messages":[{"role":"user","content":"hi"}],"# + tools + #","parallel_tool_calls":false}"#)
        #expect(serial["tool_choice"] == json(#"{"type":"auto","disable_parallel_tool_use":true}"#))
        let forced = try anthropicRequest(
            #"{"messages":[{"role":"user","content":"hi"}],"# + tools + #","tool_choice":"required","parallel_tool_calls":false}"#)
        #expect(forced["tool_choice"] == json(#"{"type":"any","disable_parallel_tool_use":true}"#))
    }

    @Test func samplingParametersTranslateAndUnsupportedFieldsAreDropped() throws {
        let request = try anthropicRequest(#"""
        {"model":"gpt-4o","messages":[{"role":"user","content":"写一首诗"}],
         "max_tokens":50,"max_completion_tokens":300,"temperature":0.7,"top_p":0.9,
         "stop":["。","END"],"stream":true,"user":"用户-42",
         "n":1,"seed":7,"logprobs":true,"top_logprobs":2,"frequency_penalty":0.5,"presence_penalty":0.1,
         "response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{}}},
         "stream_options":{"include_usage":true},"some_future_field":{"a":1}}
        """#)
        #expect(request == json(#"""
        {"model":"claude-test","messages":[{"role":"user","content":"写一首诗"}],
         "max_tokens":300,"temperature":0.7,"top_p":0.9,"stop_sequences":["。","END"],
         "stream":true,"metadata":{"user_id":"用户-42"}}
        """#))

        let simple = try anthropicRequest(#"{"messages":[{"role":"user","content":"hi"}],"max_tokens":64,"stop":"STOP","temperature":null}"#)
        #expect(simple["max_tokens"] == .int(64))
        #expect(simple["stop_sequences"] == json(#"["STOP"]"#))
        #expect(simple["temperature"] == nil)

        let defaulted = try anthropicRequest(#"{"messages":[{"role":"user","content":"hi"}]}"#, defaultMaxTokens: 1024)
        #expect(defaulted["max_tokens"] == .int(1024))
    }

    @Test func chineseTextAndURLsAreNotEscaped() throws {
        let body = #"{"messages":[{"role":"user","content":"请访问 https://example.com/路径 😀"}]}"#
        let output = try AnthropicRequestTranslator.messagesRequest(fromChatCompletion: Data(body.utf8), upstreamModel: "claude/test")
        let text = String(decoding: output, as: UTF8.self)
        #expect(text.contains("请访问 https://example.com/路径 😀"))
        #expect(text.contains(#""model":"claude/test""#))
        #expect(!text.contains(#"\/"#))
        #expect(!text.contains(#"\u"#))
    }

    @Test func malformedRequestsReportTheOffendingParam() {
        let cases: [(body: String, param: String?)] = [
            ("not json", nil),
            ("[1,2]", nil),
            (#"{"model":"x"}"#, "messages"),
            (#"{"messages":"hi"}"#, "messages"),
            (#"{"messages":[]}"#, "messages"),
            (#"{"messages":[{"role":"system","content":"只有系统提示"}]}"#, "messages"),
            (#"{"messages":[{"role":"user","content":"hi"}],"n":2}"#, "n"),
            (#"{"messages":[{"role":"user","content":"hi"}],"max_tokens":0}"#, "max_tokens"),
            (#"{"messages":[{"role":"user","content":"hi"}],"stop":5}"#, "stop"),
            (#"{"messages":[{"role":"user","content":"hi"}],"temperature":"hot"}"#, "temperature"),
            (#"{"messages":[{"role":"user","content":"hi"}],"tool_choice":"sometimes","tools":[{"type":"function","function":{"name":"f"}}]}"#, "tool_choice"),
            (#"{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"description":"无名"}}]}"#, "tools[0].function.name"),
            (#"{"messages":[{"role":"oracle","content":"hi"}]}"#, "messages[0].role"),
            (#"{"messages":[{"role":"user","content":"hi"},{"role":"tool","content":"x"}]}"#, "messages[1].tool_call_id"),
            (#"{"messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AA==","format":"wav"}}]}]}"#, "messages[0].content[0].type"),
            (#"{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://host/x.png"}}]}]}"#, "messages[0].content[0].image_url.url"),
            (#"{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png,notbase64"}}]}]}"#, "messages[0].content[0].image_url.url"),
            (#"{"messages":[{"role":"system","content":[{"type":"image_url","image_url":{"url":"https://x/y.png"}}]},{"role":"user","content":"hi"}]}"#, "messages[0].content[0].type"),
        ]
        for (body, param) in cases {
            let error = requestError(body)
            #expect(error != nil, "expected an error for \(body)")
            #expect(error?.param == param, "wrong param for \(body)")
            #expect(error?.message.isEmpty == false)
        }
    }

    @Test func invalidToolCallArgumentsNameTheParam() {
        let body = #"""
        {"messages":[
          {"role":"user","content":"算一下"},
          {"role":"assistant","tool_calls":[
            {"id":"ok","type":"function","function":{"name":"calc","arguments":"{}"}},
            {"id":"bad","type":"function","function":{"name":"calc","arguments":"{\"x\": 1"}}
          ]}
        ]}
        """#
        #expect(requestError(body)?.param == "messages[1].tool_calls[1].function.arguments")
        let notObject = #"{"messages":[{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"[1]"}}]}]}"#
        #expect(requestError(notObject)?.param == "messages[0].tool_calls[0].function.arguments")
    }

    // MARK: - Responses

    @Test func messageResponseTranslatesTextToolUseAndUsage() throws {
        let completion = try chatCompletion(#"""
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
         "content":[
           {"type":"thinking","thinking":"先想一想","signature":"sig"},
           {"type":"text","text":"我来查询"},
           {"type":"text","text":"北京的天气。"},
           {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"北京","days":3}}
         ],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":100,"cache_creation_input_tokens":20,"cache_read_input_tokens":30,"output_tokens":42}}
        """#)
        #expect(completion == json(#"""
        {"id":"chatcmpl-msg_01","object":"chat.completion","created":1700000000,"model":"my-alias",
         "choices":[{"index":0,"finish_reason":"tool_calls","logprobs":null,
           "message":{"role":"assistant","content":"我来查询北京的天气。","refusal":null,
             "tool_calls":[{"id":"toolu_01","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"北京\",\"days\":3}"}}]}}],
         "usage":{"prompt_tokens":150,"completion_tokens":42,"total_tokens":192,"prompt_tokens_details":{"cached_tokens":30}}}
        """#))
    }

    @Test func toolOnlyResponseHasNullContentAndParsableArguments() throws {
        let completion = try chatCompletion(#"""
        {"id":"msg_02","type":"message","role":"assistant","content":[
          {"type":"tool_use","id":"toolu_a","name":"search","input":{"q":"斯威夫特 并发","url":"https://a/b"}}],
         "stop_reason":"tool_use","usage":{"input_tokens":5,"output_tokens":6}}
        """#)
        let message = completion["choices"]?.arrayValue?.first?["message"]
        #expect(message?.objectValue?["content"] == .null)
        let arguments = message?["tool_calls"]?.arrayValue?.first?["function"]?["arguments"]?.stringValue ?? ""
        #expect(json(arguments) == json(#"{"q":"斯威夫特 并发","url":"https://a/b"}"#))
        #expect(completion["usage"] == json(#"{"prompt_tokens":5,"completion_tokens":6,"total_tokens":11}"#))
    }

    @Test(arguments: [
        ("end_turn", "stop"), ("stop_sequence", "stop"), ("max_tokens", "length"),
        ("tool_use", "tool_calls"), ("refusal", "content_filter"),
    ])
    func stopReasonsMapToFinishReasons(stopReason: String, finishReason: String) throws {
        let completion = try chatCompletion(
            #"{"id":"m","type":"message","role":"assistant","content":[{"type":"text","text":"好"}],"stop_reason":""# + stopReason
                + #"","usage":{"input_tokens":1,"output_tokens":1}}"#)
        #expect(completion["choices"]?.arrayValue?.first?["finish_reason"] == .string(finishReason))
        #expect(completion["choices"]?.arrayValue?.first?["message"]?["content"] == .string("好"))
    }

    @Test func emptyResponseHasEmptyStringContent() throws {
        let completion = try chatCompletion(
            #"{"id":"m","type":"message","role":"assistant","content":[],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":0}}"#)
        #expect(completion["choices"]?.arrayValue?.first?["message"]?["content"] == .string(""))
    }

    @Test func malformedResponsesThrow() {
        for body in ["<html>", "[]", #"{"type":"message","content":[]}"#, #"{"id":"m","content":"text"}"#] {
            #expect(throws: AnthropicTranslationError.self, "\(body)") {
                _ = try AnthropicResponseTranslator.chatCompletion(fromMessage: Data(body.utf8), alias: "a", created: 0)
            }
        }
        let errorBody = #"{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: 过大"}}"#
        #expect(throws: AnthropicTranslationError(message: "max_tokens: 过大")) {
            _ = try AnthropicResponseTranslator.chatCompletion(fromMessage: Data(errorBody.utf8), alias: "a", created: 0)
        }
    }

    @Test func errorBodiesMapToOpenAIErrorTypes() {
        let cases: [(String, String)] = [
            ("invalid_request_error", "invalid_request_error"), ("not_found_error", "invalid_request_error"),
            ("request_too_large", "invalid_request_error"), ("authentication_error", "authentication_error"),
            ("permission_error", "permission_error"), ("rate_limit_error", "rate_limit_error"),
            ("api_error", "server_error"), ("overloaded_error", "server_error"), ("billing_error", "insufficient_quota"),
        ]
        for (anthropic, openAI) in cases {
            let body = #"{"type":"error","error":{"type":""# + anthropic + #"","message":"出错了"}}"#
            let details = AnthropicResponseTranslator.errorDetails(fromErrorBody: Data(body.utf8))
            #expect(details?.type == openAI)
            #expect(details?.message == "出错了")
        }
        #expect(AnthropicResponseTranslator.errorDetails(fromErrorBody: Data(#"{"id":"m","type":"message"}"#.utf8)) == nil)
        #expect(AnthropicResponseTranslator.errorDetails(fromErrorBody: Data("Bad Gateway".utf8)) == nil)
    }

    // MARK: - Streams

    @Test func fullStreamReassemblesTextToolCallsAndUsage() throws {
        var translator = AnthropicStreamTranslator(alias: "my-alias", created: 1_700_000_000, includeUsage: true)
        let output = try chunks([
            messageStart,
            ("ping", #"{"type":"ping"}"#),
            ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"嗯……"}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"abc"}}"#),
            ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
            ("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"我来查一下"}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"天气。"}}"#),
            ("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
            ("content_block_start", #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"北"}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"京\"}"}}"#),
            ("content_block_stop", #"{"type":"content_block_stop","index":2}"#),
            ("content_block_start", #"{"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_2","name":"get_time","input":{}}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{\"tz\":\"Asia/Shanghai\"}"}}"#),
            ("content_block_stop", #"{"type":"content_block_stop","index":3}"#),
            ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":57}}"#),
        ], translator: &translator)
        #expect(!translator.finished)
        let last = try chunks([("message_stop", #"{"type":"message_stop"}"#)], translator: &translator)
        #expect(translator.finished)
        #expect(translator.promptTokens == 15)
        #expect(translator.completionTokens == 57)

        for chunk in output + last {
            #expect(chunk["id"] == .string("chatcmpl-msg_stream"))
            #expect(chunk["object"] == .string("chat.completion.chunk"))
            #expect(chunk["created"] == .int(1_700_000_000))
            #expect(chunk["model"] == .string("my-alias"))
        }
        let choices = output.compactMap { $0["choices"]?.arrayValue?.first }
        #expect(choices.count == output.count)
        #expect(choices.allSatisfy { $0["index"] == .int(0) })
        #expect(choices.first?["delta"] == json(#"{"role":"assistant","content":""}"#))

        let text = choices.compactMap { $0["delta"]?["content"]?.stringValue }.joined()
        #expect(text == "我来查一下天气。")

        var calls: [Int: (id: String?, name: String?, arguments: String)] = [:]
        for call in choices.compactMap({ $0["delta"]?["tool_calls"]?.arrayValue }).joined() {
            let index = try #require(call["index"]?.intValue)
            var entry = calls[index] ?? (nil, nil, "")
            if let id = call["id"]?.stringValue { entry.id = id }
            if let name = call["function"]?["name"]?.stringValue { entry.name = name }
            entry.arguments += call["function"]?["arguments"]?.stringValue ?? ""
            calls[index] = entry
        }
        #expect(calls.keys.sorted() == [0, 1])
        #expect(calls[0]?.id == "toolu_1")
        #expect(calls[0]?.name == "get_weather")
        #expect(calls[0]?.arguments == #"{"city": "北京"}"#)
        #expect(calls[1]?.id == "toolu_2")
        #expect(calls[1]?.name == "get_time")
        #expect(json(calls[1]?.arguments ?? "") == json(#"{"tz":"Asia/Shanghai"}"#))

        let finishReasons = choices.compactMap { $0["finish_reason"]?.stringValue }
        #expect(finishReasons == ["tool_calls"])
        #expect(choices.last?["delta"] == .object([:]))
        #expect(output.allSatisfy { $0.objectValue?["usage"] == .null })

        #expect(last.count == 1)
        #expect(last.first?["choices"] == .array([]))
        #expect(last.first?["usage"] == json(
            #"{"prompt_tokens":15,"completion_tokens":57,"total_tokens":72,"prompt_tokens_details":{"cached_tokens":3}}"#))
    }

    @Test func streamWithoutUsageEndsWithFinishReasonOnly() throws {
        var translator = AnthropicStreamTranslator(alias: "a", created: 1, includeUsage: false)
        let output = try chunks([
            messageStart,
            (nil, #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
            (nil, #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"够了"}}"#),
            (nil, #"{"type":"content_block_stop","index":0}"#),
            (nil, #"{"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":2}}"#),
            (nil, #"{"type":"message_stop"}"#),
        ], translator: &translator)
        #expect(translator.finished)
        #expect(output.count == 3)
        #expect(output.allSatisfy { $0.objectValue?["usage"] == nil })
        #expect(output[1]["choices"]?.arrayValue?.first?["delta"] == json(#"{"content":"够了"}"#))
        #expect(output[2]["choices"]?.arrayValue?.first?["finish_reason"] == .string("length"))
        #expect(translator.promptTokens == 15)
        #expect(translator.completionTokens == 2)
    }

    @Test func streamChunksKeepChineseAndSlashesUnescaped() throws {
        var translator = AnthropicStreamTranslator(alias: "team/claude", created: 1, includeUsage: false)
        _ = try translator.translate(event: messageStart.0, data: Data(messageStart.1.utf8))
        let output = try translator.translate(
            event: "content_block_delta",
            data: Data(#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"见 https://例子.cn/a 👍"}}"#.utf8))
        let text = String(decoding: try #require(output.first), as: UTF8.self)
        #expect(text.contains("见 https://例子.cn/a 👍"))
        #expect(text.contains(#""model":"team/claude""#))
        #expect(!text.contains(#"\/"#))
    }

    @Test func streamErrorEventThrowsItsMessage() throws {
        var translator = AnthropicStreamTranslator(alias: "a", created: 1, includeUsage: true)
        _ = try translator.translate(event: messageStart.0, data: Data(messageStart.1.utf8))
        #expect(throws: AnthropicTranslationError(message: "服务过载")) {
            _ = try translator.translate(
                event: "error", data: Data(#"{"type":"error","error":{"type":"overloaded_error","message":"服务过载"}}"#.utf8))
        }
        #expect(!translator.finished)
    }

    @Test func malformedStreamEventsThrow() throws {
        var fresh = AnthropicStreamTranslator(alias: "a", created: 1, includeUsage: false)
        #expect(try fresh.translate(event: "ping", data: Data()).isEmpty)
        #expect(throws: AnthropicTranslationError.self) {
            _ = try fresh.translate(event: "content_block_delta", data: Data("{not json".utf8))
        }
        #expect(throws: AnthropicTranslationError.self) {
            _ = try fresh.translate(
                event: "content_block_delta",
                data: Data(#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"早"}}"#.utf8))
        }
        #expect(throws: AnthropicTranslationError.self) {
            _ = try fresh.translate(event: "message_start", data: Data(#"{"type":"message_start","message":{}}"#.utf8))
        }
        #expect(try fresh.translate(event: "some_future_event", data: Data(#"{"type":"some_future_event"}"#.utf8)).isEmpty)
        #expect(fresh.promptTokens == nil)
        #expect(fresh.completionTokens == nil)
    }
}
