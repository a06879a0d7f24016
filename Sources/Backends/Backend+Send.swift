import Config
import Foundation
import NIOCore
import NIOHTTP1
import Wire

extension Backend {
    /// Sends one attempt of `request` to this backend as `upstreamModel` and waits for an
    /// answer the app can be given: a complete body, or a stream whose first event arrived.
    /// Nothing has reached the app when this throws, so the caller may try another backend.
    /// A streamed answer takes over `lease` and ends it when the backend's side is done; for
    /// anything else the caller ends it.
    public func send(_ request: UpstreamRequest, upstreamModel: String, maxResponseBytes: Int, lease: BackendLease) async throws(UpstreamFailure) -> UpstreamAnswer {
        let transportRequest = try makeTransportRequest(request, upstreamModel: upstreamModel)
        let timeouts = config.timeouts
        let totalDeadline = ContinuousClock.Instant.now + timeouts.total
        guard request.stream else {
            // A complete answer must arrive within timeouts.total, which the transport's own
            // deadline enforces: the call runs in this task, with no timer task racing it.
            return try await execute(
                transportRequest, request: request, firstByteLimit: nil, totalDeadline: totalDeadline, transportTimeout: timeouts.total,
                maxResponseBytes: maxResponseBytes, lease: lease)
        }
        // A stream's head and then its first event must arrive within timeouts.first_byte of the
        // request: the transport holds the head to it, the stream's watchdog the first event. The
        // stream's own timers decide its end; the transport's deadline is only a backstop.
        return try await execute(
            transportRequest, request: request, firstByteLimit: min(timeouts.firstByte, timeouts.total), totalDeadline: totalDeadline,
            transportTimeout: timeouts.total + .seconds(1), maxResponseBytes: maxResponseBytes, lease: lease)
    }

    private func execute(
        _ transportRequest: TransportRequest, request: UpstreamRequest, firstByteLimit: Duration?, totalDeadline: ContinuousClock.Instant,
        transportTimeout: Duration, maxResponseBytes: Int, lease: BackendLease
    ) async throws(UpstreamFailure) -> UpstreamAnswer {
        let sentAt = ContinuousClock.Instant.now
        let response: TransportResponse
        do {
            let now = NIODeadline.now()
            response = try await transport.send(
                transportRequest, headDeadline: firstByteLimit.map { now + .nanoseconds($0.nanoseconds) } ?? .distantFuture,
                deadline: now + .nanoseconds(transportTimeout.nanoseconds), maxBodyBytes: maxResponseBytes)
        } catch {
            throw upstreamFailure(error, maxResponseBytes: maxResponseBytes)
        }
        switch response.body {
        case .stream(let body):
            let decoder = StreamDecoder(kind: config.kind, alias: request.alias, maximumEventBytes: maxResponseBytes)
            let stream = try await UpstreamStream.start(
                body: body, decoder: decoder, backend: name, lease: lease,
                firstEventDeadline: sentAt + (firstByteLimit ?? config.timeouts.firstByte), idleTimeout: config.timeouts.idle, totalDeadline: totalDeadline)
            return .stream(stream)
        case .complete(let body):
            guard response.status == .ok else {
                throw failure(status: response.status, headers: response.headers, body: body)
            }
            return try completeAnswer(body, request: request)
        }
    }

    private func upstreamFailure(_ error: TransportError, maxResponseBytes: Int) -> UpstreamFailure {
        switch error {
        case .connection(let reason):
            UpstreamFailure(backend: name, kind: .connection, message: reason)
        case .headTimeout:
            UpstreamFailure(
                backend: name, kind: .firstByteTimeout, message: "no response within timeouts.first_byte (\(min(config.timeouts.firstByte, config.timeouts.total)))")
        case .deadlineExceeded:
            UpstreamFailure(backend: name, kind: .totalTimeout, message: "no complete response within timeouts.total (\(config.timeouts.total))")
        case .tooLarge:
            UpstreamFailure(backend: name, kind: .tooLarge, message: "the response is larger than server.max_upstream_body_bytes (\(maxResponseBytes) bytes)")
        case .cutOff(let reason):
            UpstreamFailure(backend: name, kind: .cutOff, message: "the connection broke while reading the response: \(reason)")
        case .cancelled:
            UpstreamFailure(backend: name, kind: .cancelled, message: "the request was cancelled")
        }
    }

    private func completeAnswer(_ body: ByteBuffer, request: UpstreamRequest) throws(UpstreamFailure) -> UpstreamAnswer {
        var openAIBody = body
        if config.kind == .anthropic {
            do {
                let translated = try AnthropicResponseTranslator.chatCompletion(
                    fromMessage: Data(body.readableBytesView), alias: request.alias, created: Int(Date().timeIntervalSince1970))
                openAIBody = ByteBuffer(bytes: translated)
            } catch {
                throw UpstreamFailure(backend: name, kind: .malformed, message: error.message)
            }
        }
        let isObject = openAIBody.withUnsafeReadableBytes { JSONObjectScanner.isObjectDocument($0) }
        guard isObject else {
            throw UpstreamFailure(backend: name, kind: .malformed, message: "the response is not a JSON object")
        }
        return .complete(openAIBody)
    }

    private func failure(status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer) -> UpstreamFailure {
        let code = Int(status.code)
        let details = UpstreamErrorDetails(body: Data(body.readableBytesView), kind: config.kind)
        let message = details.message ?? "HTTP \(code) \(status.reasonPhrase)"
        return UpstreamFailure(
            backend: name, kind: .status(code), message: message,
            retryAfter: RetryAfter.parse(headers.first(name: "retry-after")),
            upstreamType: details.type, upstreamCode: details.code)
    }

    private func makeTransportRequest(_ request: UpstreamRequest, upstreamModel: String) throws(UpstreamFailure) -> TransportRequest {
        var headers = HTTPHeaders()
        let path: String
        let body: ByteBuffer
        switch config.kind {
        case .openai:
            path = "/" + request.operation.rawValue
            body = request.body(forUpstreamModel: upstreamModel, zone: config.zone, askForUsage: config.streamUsage && request.wantsUsageFromBackend)
            if let apiKey = config.apiKey, !apiKey.isEmpty {
                headers.add(name: "authorization", value: "Bearer \(apiKey)")
            }
        case .anthropic:
            guard request.operation == .chatCompletions else {
                throw UpstreamFailure(backend: name, kind: .unsupported, message: "an Anthropic backend does not serve \(request.operation.rawValue)")
            }
            path = "/v1/messages"
            if let native = request.passThroughBody(forUpstreamModel: upstreamModel, zone: config.zone) {
                body = native
            } else {
                do {
                    body = ByteBuffer(bytes: try AnthropicRequestTranslator.messagesRequest(
                        fromChatCompletion: Data(request.body(forUpstreamModel: upstreamModel, zone: config.zone).readableBytesView), upstreamModel: upstreamModel))
                } catch {
                    throw UpstreamFailure(backend: name, kind: .unsupported, message: error.message, upstreamType: "invalid_request_error", param: error.param)
                }
            }
            headers.add(name: "anthropic-version", value: "2023-06-01")
            if let apiKey = config.apiKey, !apiKey.isEmpty {
                headers.add(name: "x-api-key", value: apiKey)
            }
        }
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "accept", value: request.stream ? "text/event-stream" : "application/json")
        for (headerName, value) in config.headers {
            headers.replaceOrAdd(name: headerName, value: value)
        }
        for header in request.forwardedHeaders {
            headers.replaceOrAdd(name: header.name, value: header.value)
        }
        return TransportRequest(path: path, headers: headers, body: body, stream: request.stream)
    }
}
