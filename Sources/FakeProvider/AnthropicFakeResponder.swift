import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Answers Anthropic `POST /v1/messages` (JSON and streamed events) as the script says.
struct AnthropicFakeResponder: Sendable {
    let state: FakeState

    func messages(_ body: [String: Any]) async -> Response {
        let text = FakeRequestReader.lastUserText(body)
        let answer = FakeAnswer(rule: await state.rule(for: text), lastUserText: text, promptCharacters: FakeRequestReader.promptCharacters(body))
        let model = body["model"] as? String ?? "claude-fake"
        try? await Task.sleep(for: answer.delay)
        let fault = answer.rule.fault.flatMap(FakeFault.init(rawValue:))
        if fault == .status {
            let status = answer.rule.status ?? 500
            var headers: HTTPFields = [:]
            if let retryAfter = answer.rule.retryAfter { headers[.retryAfter] = String(retryAfter) }
            let type = status == 429 ? "rate_limit_error" : status == 400 ? "invalid_request_error" : status == 529 ? "overloaded_error" : "api_error"
            return JSONBody.response(
                ["type": "error", "error": ["type": type, "message": answer.rule.errorMessage ?? "scripted failure"]],
                status: HTTPResponse.Status(code: status), headers: headers)
        }
        let stopReason =
            switch answer.finishReason {
            case "tool_calls": "tool_use"
            case "length": "max_tokens"
            default: "end_turn"
            }
        if body["stream"] as? Bool ?? false {
            return stream(answer, model: model, stopReason: stopReason)
        }
        var content: [[String: Any]] = []
        if let text = answer.content { content.append(["type": "text", "text": text]) }
        for call in answer.toolCalls {
            let input = (try? JSONSerialization.jsonObject(with: Data(call.arguments.utf8))) ?? [String: Any]()
            content.append(["type": "tool_use", "id": call.id ?? "toolu_1", "name": call.name, "input": input])
        }
        await state.noteCompleted()
        return JSONBody.response([
            "id": "msg_fake", "type": "message", "role": "assistant", "model": model, "content": content,
            "stop_reason": stopReason, "stop_sequence": NSNull(),
            "usage": ["input_tokens": answer.promptTokens, "output_tokens": answer.completionTokens],
        ])
    }

    private func stream(_ answer: FakeAnswer, model: String, stopReason: String) -> Response {
        let state = self.state
        var events: [ByteBuffer] = [
            JSONBody.sseEvent(
                ["type": "message_start", "message": [
                    "id": "msg_fake", "type": "message", "role": "assistant", "model": model, "content": [], "stop_reason": NSNull(),
                    "usage": ["input_tokens": answer.promptTokens, "output_tokens": 1],
                ]], event: "message_start")
        ]
        var blockIndex = 0
        if answer.content != nil {
            events.append(JSONBody.sseEvent(["type": "content_block_start", "index": blockIndex, "content_block": ["type": "text", "text": ""]], event: "content_block_start"))
            for piece in answer.contentPieces {
                events.append(JSONBody.sseEvent(["type": "content_block_delta", "index": blockIndex, "delta": ["type": "text_delta", "text": piece]], event: "content_block_delta"))
            }
            events.append(JSONBody.sseEvent(["type": "content_block_stop", "index": blockIndex], event: "content_block_stop"))
            blockIndex += 1
        }
        for call in answer.toolCalls {
            events.append(JSONBody.sseEvent(
                ["type": "content_block_start", "index": blockIndex, "content_block": ["type": "tool_use", "id": call.id ?? "toolu_1", "name": call.name, "input": [String: Any]()]],
                event: "content_block_start"))
            let arguments = Array(call.arguments)
            let half = arguments.count / 2
            for part in [String(arguments[..<half]), String(arguments[half...])] {
                events.append(JSONBody.sseEvent(["type": "content_block_delta", "index": blockIndex, "delta": ["type": "input_json_delta", "partial_json": part]], event: "content_block_delta"))
            }
            events.append(JSONBody.sseEvent(["type": "content_block_stop", "index": blockIndex], event: "content_block_stop"))
            blockIndex += 1
        }
        events.append(JSONBody.sseEvent(["type": "message_delta", "delta": ["stop_reason": stopReason, "stop_sequence": NSNull()], "usage": ["output_tokens": answer.completionTokens]], event: "message_delta"))
        events.append(JSONBody.sseEvent(["type": "message_stop"], event: "message_stop"))
        let chunkDelay = answer.chunkDelay
        let allEvents = events
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                do {
                    for (index, event) in allEvents.enumerated() {
                        if index > 0, chunkDelay > .zero { try await Task.sleep(for: chunkDelay) }
                        try await writer.write(event)
                    }
                    try await writer.finish(nil)
                    await state.noteCompleted()
                } catch {
                    await state.noteCancelled()
                    throw error
                }
            })
    }
}
