import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Answers OpenAI `chat/completions`, `embeddings` and `models` as the script says.
struct OpenAIFakeResponder: Sendable {
    let state: FakeState

    func chatCompletion(_ body: [String: Any]) async -> Response {
        let text = FakeRequestReader.lastUserText(body)
        let afterTool = FakeRequestReader.endsWithToolResult(body)
        let answer = FakeAnswer(
            rule: await state.rule(for: text, afterToolResult: afterTool), lastUserText: text, promptCharacters: FakeRequestReader.promptCharacters(body),
            toolResults: FakeRequestReader.toolResults(body))
        let model = body["model"] as? String ?? "fake-model"
        try? await Task.sleep(for: answer.delay)
        let fault = answer.rule.fault.flatMap(FakeFault.init(rawValue:))
        if fault == .status { return errorResponse(answer.rule) }
        let stream = body["stream"] as? Bool ?? false
        if stream {
            let includeUsage = (body["stream_options"] as? [String: Any])?["include_usage"] as? Bool ?? false
            return streamResponse(answer, model: model, includeUsage: includeUsage, fault: fault)
        }
        switch fault {
        case .stall:
            try? await Task.sleep(for: .seconds(3600))
            return JSONBody.response(["error": "stalled"], status: .internalServerError)
        case .malformed:
            await state.noteCompleted()
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: "{\"id\": \"chatcmpl-broken\", \"choices\": [")))
        case .cut:
            let full = JSONBody.data(completion(answer, model: model))
            return Response(
                status: .ok, headers: [.contentType: "application/json", .contentLength: String(full.count)],
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(data: full.prefix(full.count / 2)))
                    throw ConnectionCut()
                })
        default:
            await state.noteCompleted()
            return JSONBody.response(completion(answer, model: model))
        }
    }

    func embeddings(_ body: [String: Any]) async -> Response {
        let inputs: [String] = (body["input"] as? [String]) ?? [(body["input"] as? String) ?? ""]
        let rule = await state.rule(for: inputs.joined(separator: "\n"))
        if let rule, rule.fault == FakeFault.status.rawValue { return errorResponse(rule) }
        let base64 = (body["encoding_format"] as? String) == "base64"
        let data: [[String: Any]] = inputs.enumerated().map { index, input in
            let vector = Self.vector(for: input)
            let embedding: Any =
                base64
                ? vector.withUnsafeBufferPointer { Data(buffer: $0) }.base64EncodedString()
                : vector.map { Double($0) }
            return ["object": "embedding", "index": index, "embedding": embedding]
        }
        let tokens = inputs.reduce(0) { $0 + $1.count }
        await state.noteCompleted()
        return JSONBody.response([
            "object": "list", "data": data, "model": body["model"] as? String ?? "fake-embedding",
            "usage": ["prompt_tokens": tokens, "total_tokens": tokens],
        ])
    }

    func models() -> Response {
        JSONBody.response(["object": "list", "data": [["id": "fake-model", "object": "model", "created": 0, "owned_by": "fake"]]])
    }

    private func errorResponse(_ rule: FakeRule) -> Response {
        let status = rule.status ?? 500
        var headers: HTTPFields = [:]
        if let retryAfter = rule.retryAfter { headers[.retryAfter] = String(retryAfter) }
        let type =
            switch status {
            case 400: "invalid_request_error"
            case 401: "authentication_error"
            case 429: "rate_limit_error"
            default: "server_error"
            }
        return JSONBody.response(
            ["error": ["message": rule.errorMessage ?? "scripted failure", "type": type, "code": "fake_\(status)", "param": NSNull()]],
            status: HTTPResponse.Status(code: status), headers: headers)
    }

    private func completion(_ answer: FakeAnswer, model: String) -> [String: Any] {
        var message: [String: Any] = ["role": "assistant", "content": answer.content.map { $0 as Any } ?? NSNull()]
        if !answer.toolCalls.isEmpty {
            message["tool_calls"] = answer.toolCalls.map { call in
                ["id": call.id ?? "call_1", "type": "function", "function": ["name": call.name, "arguments": call.arguments]]
            }
        }
        return [
            "id": "chatcmpl-fake", "object": "chat.completion", "created": Int(Date().timeIntervalSince1970), "model": model,
            "choices": [["index": 0, "message": message, "finish_reason": answer.finishReason, "logprobs": NSNull()]],
            "usage": ["prompt_tokens": answer.promptTokens, "completion_tokens": answer.completionTokens, "total_tokens": answer.promptTokens + answer.completionTokens],
        ]
    }

    private func streamResponse(_ answer: FakeAnswer, model: String, includeUsage: Bool, fault: FakeFault?) -> Response {
        let state = self.state
        let created = Int(Date().timeIntervalSince1970)
        func chunk(_ delta: [String: Any], finish: String? = nil) -> ByteBuffer {
            var object: [String: Any] = [
                "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": created, "model": model,
                "choices": [["index": 0, "delta": delta, "finish_reason": finish.map { $0 as Any } ?? NSNull()]],
            ]
            if includeUsage { object["usage"] = NSNull() }
            return JSONBody.sseEvent(object)
        }
        var events: [ByteBuffer] = [chunk(["role": "assistant", "content": ""])]
        events += answer.contentPieces.map { chunk(["content": $0]) }
        for (index, call) in answer.toolCalls.enumerated() {
            let arguments = Array(call.arguments)
            let half = arguments.count / 2
            events.append(chunk(["tool_calls": [["index": index, "id": call.id ?? "call_\(index)", "type": "function", "function": ["name": call.name, "arguments": String(arguments[..<half])]]]]))
            events.append(chunk(["tool_calls": [["index": index, "function": ["arguments": String(arguments[half...])]]]]))
        }
        events.append(chunk([:], finish: answer.finishReason))
        if includeUsage {
            events.append(JSONBody.sseEvent([
                "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": created, "model": model, "choices": [],
                "usage": ["prompt_tokens": answer.promptTokens, "completion_tokens": answer.completionTokens, "total_tokens": answer.promptTokens + answer.completionTokens],
            ]))
        }
        events.append(ByteBuffer(string: "data: [DONE]\n\n"))
        let chunkDelay = answer.chunkDelay
        let allEvents = events
        let faultAfter = answer.faultAfterChunks
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                do {
                    for (index, event) in allEvents.enumerated() {
                        if index == faultAfter, let fault {
                            switch fault {
                            case .stall: try await Task.sleep(for: .seconds(3600))
                            case .cut: throw ConnectionCut()
                            case .malformed: try await writer.write(ByteBuffer(string: "data: {\"id\": broken\n\n"))
                            case .status: break
                            }
                        }
                        if index > 0, chunkDelay > .zero { try await Task.sleep(for: chunkDelay) }
                        try await writer.write(event)
                    }
                    try await writer.finish(nil)
                    await state.noteCompleted()
                } catch let cut as ConnectionCut {
                    throw cut
                } catch {
                    await state.noteCancelled()
                    throw error
                }
            })
    }

    /// A deterministic 8-dimensional unit-ish vector derived from the text.
    static func vector(for text: String) -> [Float] {
        var values = [Float](repeating: 0, count: 8)
        for (index, scalar) in text.unicodeScalars.enumerated() {
            values[index % 8] += Float(scalar.value % 97) / 97
        }
        let norm = max(values.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-6)
        return values.map { $0 / norm }
    }
}
