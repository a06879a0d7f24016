import Backends
import Gateway
import HTTPTypes
import Hummingbird
import NIOCore
import Privacy
import Wire

/// Serves `POST /v1/chat/completions` and `POST /v1/embeddings`: reads the body within the
/// size limit, runs the gateway pipeline, and writes the answer as JSON or as an SSE stream.
struct ModelCallResponder: Sendable {
    let gateway: Gateway
    let operation: UpstreamRequest.Operation

    func respond(to request: Request) async -> Response {
        let requestID = RequestIdentifier.make(from: request.headers[.requestID])
        gateway.metrics.requestStarted()
        var exchange = Exchange(
            id: requestID, operation: operation, body: ByteBuffer(), authorization: request.headers[.authorization],
            traceparent: request.headers[.traceparent].flatMap(TraceIdentity.parse(traceparent:))?.traceparent, endUser: request.headers[.switchboardUser])
        exchange.scenarioHeader = request.headers[.switchboardScenario]
        exchange.userProfileHeader = request.headers[.switchboardUserProfile]
        if let declared = request.headers[.switchboardDataLevel] {
            let digits = declared.hasPrefix("L") || declared.hasPrefix("l") ? String(declared.dropFirst()) : declared
            guard let level = Int(digits.trimmingCharacters(in: .whitespaces)).flatMap(DataLevel.init(rawValue:)) else {
                return await fail(&exchange, with: .invalidRequest(
                    "The header X-Switchboard-Data-Level must be a level from 1 to 5 (or L1 to L5), found '\(declared)'.", code: "invalid_data_level"))
            }
            exchange.requestedLevel = level
        }
        let limit = gateway.config.server.maxBodyBytes
        do {
            exchange.body = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            return await fail(&exchange, with: .bodyTooLarge(limit: limit))
        } catch {
            return await fail(&exchange, with: .invalidRequest("The request body could not be read: \(error).", code: "unreadable_body"))
        }
        do throws(APIError) {
            try await gateway.process(&exchange)
        } catch {
            return await fail(&exchange, with: error)
        }
        if let text = exchange.directAnswer {
            return await answerDirectly(text, exchange: &exchange)
        }
        guard let dispatched = exchange.dispatched else {
            return await fail(&exchange, with: APIError(status: 500, type: "api_error", code: "internal_error", message: "The pipeline ended without an answer."))
        }
        switch dispatched.answer {
        case .complete(let answer, _):
            var body = exchange.restoreAnswer(answer)
            if exchange.scenario?.runsTools == true {
                do throws(APIError) {
                    body = try await gateway.toolLoop.complete(&exchange, firstAnswer: body)
                } catch {
                    return await fail(&exchange, with: error)
                }
            }
            exchange.firstByteAt = ContinuousClock.now
            exchange.finishedAt = exchange.firstByteAt
            if gateway.auditor.retainsContent { exchange.responseBody = body }
            if let auditFailure = await gateway.finish(exchange) {
                return auditFailure.response(requestID: requestID)
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json", .requestID: requestID], body: ResponseBody(byteBuffer: body))
        case .stream(let stream):
            return streamResponse(stream, exchange: exchange)
        }
    }

    private func streamResponse(_ stream: UpstreamStream, exchange: Exchange) -> Response {
        let gateway = self.gateway
        let headers: HTTPFields = [
            .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache", .requestID: exchange.id,
            HTTPField.Name("x-accel-buffering")!: "no",
        ]
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                var exchange = exchange
                exchange.firstByteAt = .now
                let retained = gateway.auditor.retainsContent
                var transcript = ByteBuffer()
                let send: (ByteBuffer) async throws -> Void = { chunk in
                    if retained, transcript.readableBytes < Self.maximumRetainedBytes { transcript.writeImmutableBuffer(chunk) }
                    try await writer.write(chunk)
                }
                var clientLeft = false
                if exchange.scenario?.runsTools == true {
                    do {
                        try await gateway.toolLoop.stream(&exchange, first: stream, includeUsage: exchange.request?.includeUsage ?? false, write: send)
                    } catch {
                        // The app stopped reading mid-loop: the loop stops, and the exchange is still recorded.
                        clientLeft = true
                        exchange.errorCode = exchange.errorCode ?? "client_disconnected"
                    }
                } else {
                    await Self.relay(stream, &exchange, write: send)
                }
                exchange.finishedAt = .now
                if retained { exchange.responseBody = transcript }
                // The stream's end is sent only once its audit record is durable.
                let auditFailure = await gateway.finish(exchange)
                if clientLeft { return }
                if let auditFailure {
                    try await writer.write(auditFailure.streamEvent)
                }
                try await writer.finish(nil)
            })
    }

    /// Answers with an intent's text, as JSON or as a stream, once its audit record is durable.
    private func answerDirectly(_ text: String, exchange: inout Exchange) async -> Response {
        let model = ScenarioStage.directModel
        let stream = exchange.request?.stream ?? false
        let bytes =
            stream
            ? IntentAnswer.stream(text, model: model, id: exchange.id, includeUsage: exchange.request?.includeUsage ?? false)
            : IntentAnswer.completion(text, model: model, id: exchange.id)
        exchange.firstByteAt = .now
        exchange.finishedAt = exchange.firstByteAt
        if gateway.auditor.retainsContent { exchange.responseBody = ByteBuffer(bytes: bytes) }
        if let auditFailure = await gateway.finish(exchange) {
            return auditFailure.response(requestID: exchange.id)
        }
        let contentType = stream ? "text/event-stream; charset=utf-8" : "application/json"
        return Response(status: .ok, headers: [.contentType: contentType, .requestID: exchange.id], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Relays a stream as the backend sends it, with pseudonyms put back when it got the masked request.
    private static func relay(_ stream: UpstreamStream, _ exchange: inout Exchange, write: (ByteBuffer) async throws -> Void) async {
        var restoration = exchange.privacy.flatMap { $0.sentMasked ? StreamRestoration(vault: $0.vault) : nil }
        let outcome = await stream.relay { chunks in
            do {
                for try await upstreamChunk in chunks {
                    var chunk = upstreamChunk
                    if restoration != nil {
                        chunk = ByteBuffer(bytes: restoration!.transform(Array(upstreamChunk.readableBytesView)))
                        if chunk.readableBytes == 0 { continue }
                    }
                    try await write(chunk)
                }
                if restoration != nil {
                    let rest = restoration!.finish()
                    if !rest.isEmpty { try await write(ByteBuffer(bytes: rest)) }
                }
            } catch let failure as UpstreamFailure {
                try await write(UpstreamErrorMapper.apiError(for: failure).streamEvent)
            }
        }
        if let restoration {
            exchange.privacy?.restored = restoration.restorer.restored
            exchange.privacy?.invented = restoration.restorer.invented
        }
        if let usage = outcome.usage { exchange.usage = usage }
        if let failure = outcome.failure {
            exchange.errorCode = UpstreamErrorMapper.apiError(for: failure).code
        }
    }

    /// The most of a streamed response kept for the audit trail's encrypted content.
    static let maximumRetainedBytes = 4 << 20

    private func fail(_ exchange: inout Exchange, with error: APIError) async -> Response {
        exchange.recordError(error)
        exchange.finishedAt = .now
        if gateway.auditor.retainsContent { exchange.responseBody = ByteBuffer(bytes: error.body) }
        _ = await gateway.finish(exchange)
        return error.response(requestID: exchange.id)
    }
}
