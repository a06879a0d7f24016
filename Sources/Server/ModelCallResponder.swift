import Backends
import Gateway
import HTTPTypes
import Hummingbird
import NIOCore
import Privacy
import Wire

/// Serves `POST /v1/chat/completions`, `POST /v1/embeddings` and the other front doors
/// (`POST /v1/messages`): reads the headers and the body (within the size limit) into an
/// exchange, and writes the gateway's answer as JSON or as an SSE stream.
struct ModelCallResponder: Sendable {
    let gateway: Gateway
    let operation: UpstreamRequest.Operation
    var door: FrontDoor = .chatCompletions

    func respond(to request: Request, context: SwitchboardRequestContext) async -> Response {
        let requestID = context.requestID
        gateway.metrics.requestStarted()
        var exchange = Exchange(
            id: requestID, operation: operation, body: ByteBuffer(), authorization: AuthenticationMiddleware.authorization(request),
            traceparent: request.headers[.traceparent].flatMap(TraceIdentity.parse(traceparent:))?.traceparent, endUser: request.headers[.switchboardUser])
        exchange.authentication = context.authentication
        exchange.door = door
        exchange.scenarioHeader = request.headers[.switchboardScenario]
        exchange.priorityHeader = request.headers[.switchboardPriority]
        exchange.userProfileHeader = request.headers[.switchboardUserProfile]
        if let declared = request.headers[.switchboardDataLevel] {
            let digits = declared.hasPrefix("L") || declared.hasPrefix("l") ? String(declared.dropFirst()) : declared
            guard let level = Int(digits.trimmingCharacters(in: .whitespaces)).flatMap(DataLevel.init(rawValue:)) else {
                return await respond(
                    gateway.refuse(
                        exchange,
                        with: .invalidRequest(
                            "The header X-Switchboard-Data-Level must be a level from 1 to 5 (or L1 to L5), found '\(declared)'.", code: "invalid_data_level")),
                    requestID: requestID)
            }
            exchange.requestedLevel = level
        }
        do throws(APIError) {
            exchange.body = try await request.collectBody(upTo: gateway.config.server.maxBodyBytes)
        } catch {
            return await respond(gateway.refuse(exchange, with: error), requestID: requestID)
        }
        return await respond(gateway.answer(exchange), requestID: requestID)
    }

    /// The gateway's answer as an HTTP response.
    private func respond(_ answer: GatewayAnswer, requestID: String) -> Response {
        switch answer {
        case .json(let body):
            return Response(status: .ok, headers: [.contentType: "application/json", .requestID: requestID], body: ResponseBody(byteBuffer: body))
        case .error(let error):
            return error.response(requestID: requestID, door: door)
        case .stream(let stream):
            let headers: HTTPFields = [
                .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache", .requestID: requestID, .requestIDAnthropic: requestID,
                HTTPField.Name("x-accel-buffering")!: "no", StreamWriteCoalescer.holdHeadField: "1",
            ]
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { writer in
                    // The stream's end is sent only once its audit record is durable; the head goes
                    // out with the first events, and the last events with the end.
                    let ended = await stream.write { events, isLast in
                        if isLast {
                            try await writer.write(contentsOf: [events, StreamWriteCoalescer.lastPartFollows])
                        } else {
                            try await writer.write(events)
                        }
                    }
                    if ended { try await writer.finish(nil) }
                })
        }
    }
}
