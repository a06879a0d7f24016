import AsyncHTTPClient
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
        let httpRequest = try makeHTTPRequest(request, upstreamModel: upstreamModel)
        let timeouts = config.timeouts
        let totalDeadline = ContinuousClock.Instant.now + timeouts.total
        let limit = request.stream ? min(timeouts.firstByte, timeouts.total) : timeouts.total
        let failure = UpstreamFailure(
            backend: name, kind: request.stream ? .firstByteTimeout : .totalTimeout,
            message: request.stream ? "no response within timeouts.first_byte (\(limit))" : "no complete response within timeouts.total (\(limit))")
        do {
            guard request.stream else {
                // A complete answer must arrive within timeouts.total, which the client's own
                // deadline enforces: the call runs in this task, with no timer task racing it.
                return try await execute(
                    httpRequest, request: request, totalDeadline: totalDeadline, clientTimeout: timeouts.total, maxResponseBytes: maxResponseBytes,
                    lease: lease)
            }
            return try await withTimeout(limit, failure: failure) {
                // The gateway's own timers decide; the client's deadline is only a backstop.
                try await self.execute(
                    httpRequest, request: request, totalDeadline: totalDeadline, clientTimeout: timeouts.total + .seconds(1),
                    maxResponseBytes: maxResponseBytes, lease: lease)
            }
        } catch let failure as UpstreamFailure {
            throw failure
        } catch is CancellationError {
            throw UpstreamFailure(backend: name, kind: .cancelled, message: "the request was cancelled")
        } catch {
            throw UpstreamFailure(backend: name, kind: .connection, message: describe(error))
        }
    }

    private func execute(
        _ httpRequest: HTTPClientRequest, request: UpstreamRequest, totalDeadline: ContinuousClock.Instant, clientTimeout: Duration, maxResponseBytes: Int,
        lease: BackendLease
    ) async throws -> UpstreamAnswer {
        let response: HTTPClientResponse
        do {
            response = try await client.execute(httpRequest, timeout: .nanoseconds(clientTimeout.nanoseconds))
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw UpstreamFailure(backend: name, kind: .totalTimeout, message: "no response within timeouts.total (\(config.timeouts.total))")
        } catch {
            throw UpstreamFailure(backend: name, kind: .connection, message: describe(error))
        }
        guard response.status == .ok else {
            throw await failure(from: response)
        }
        if request.stream {
            return try await firstEvent(of: response, request: request, totalDeadline: totalDeadline, maxEventBytes: maxResponseBytes, lease: lease)
        }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: maxResponseBytes)
        } catch is NIOTooManyBytesError {
            throw UpstreamFailure(backend: name, kind: .tooLarge, message: "the response is larger than server.max_upstream_body_bytes (\(maxResponseBytes) bytes)")
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw UpstreamFailure(backend: name, kind: .totalTimeout, message: "no complete response within timeouts.total (\(config.timeouts.total))")
        } catch {
            throw UpstreamFailure(backend: name, kind: .cutOff, message: "the connection broke while reading the response: \(describe(error))")
        }
        return try completeAnswer(body, request: request)
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
        let isObject = openAIBody.withUnsafeReadableBytes { (try? JSONObjectScanner.scanDocument($0)) != nil }
        guard isObject else {
            throw UpstreamFailure(backend: name, kind: .malformed, message: "the response is not a JSON object")
        }
        return .complete(openAIBody)
    }

    private func firstEvent(
        of response: HTTPClientResponse, request: UpstreamRequest, totalDeadline: ContinuousClock.Instant, maxEventBytes: Int, lease: BackendLease
    ) async throws -> UpstreamAnswer {
        let decoder = StreamDecoder(kind: config.kind, alias: request.alias, maximumEventBytes: maxEventBytes)
        let stream = try await UpstreamStream.start(
            body: response.body, decoder: decoder, backend: name, lease: lease,
            firstEventDeadline: .now + config.timeouts.firstByte, idleTimeout: config.timeouts.idle, totalDeadline: totalDeadline)
        return .stream(stream)
    }

    private func failure(from response: HTTPClientResponse) async -> UpstreamFailure {
        let status = Int(response.status.code)
        let body = (try? await response.body.collect(upTo: 64 << 10)) ?? ByteBuffer()
        let details = UpstreamErrorDetails(body: Data(body.readableBytesView), kind: config.kind)
        let message = details.message ?? "HTTP \(status) \(response.status.reasonPhrase)"
        return UpstreamFailure(
            backend: name, kind: .status(status), message: message,
            retryAfter: RetryAfter.parse(response.headers.first(name: "retry-after")),
            upstreamType: details.type, upstreamCode: details.code)
    }

    private func makeHTTPRequest(_ request: UpstreamRequest, upstreamModel: String) throws(UpstreamFailure) -> HTTPClientRequest {
        var httpRequest: HTTPClientRequest
        switch config.kind {
        case .openai:
            httpRequest = HTTPClientRequest(url: "\(config.url)/\(request.operation.rawValue)")
            httpRequest.body = .bytes(request.body(
                forUpstreamModel: upstreamModel, zone: config.zone, askForUsage: config.streamUsage && request.wantsUsageFromBackend))
            if let apiKey = config.apiKey, !apiKey.isEmpty {
                httpRequest.headers.add(name: "authorization", value: "Bearer \(apiKey)")
            }
        case .anthropic:
            guard request.operation == .chatCompletions else {
                throw UpstreamFailure(backend: name, kind: .unsupported, message: "an Anthropic backend does not serve \(request.operation.rawValue)")
            }
            httpRequest = HTTPClientRequest(url: "\(config.url)/v1/messages")
            if let native = request.passThroughBody(forUpstreamModel: upstreamModel, zone: config.zone) {
                httpRequest.body = .bytes(native)
            } else {
                let translated: Data
                do {
                    translated = try AnthropicRequestTranslator.messagesRequest(
                        fromChatCompletion: Data(request.body(forUpstreamModel: upstreamModel, zone: config.zone).readableBytesView), upstreamModel: upstreamModel)
                } catch {
                    throw UpstreamFailure(backend: name, kind: .unsupported, message: error.message, upstreamType: "invalid_request_error", param: error.param)
                }
                httpRequest.body = .bytes(ByteBuffer(bytes: translated))
            }
            httpRequest.headers.add(name: "anthropic-version", value: "2023-06-01")
            if let apiKey = config.apiKey, !apiKey.isEmpty {
                httpRequest.headers.add(name: "x-api-key", value: apiKey)
            }
        }
        httpRequest.method = .POST
        httpRequest.headers.add(name: "content-type", value: "application/json")
        httpRequest.headers.add(name: "accept", value: request.stream ? "text/event-stream" : "application/json")
        for (headerName, value) in config.headers {
            httpRequest.headers.replaceOrAdd(name: headerName, value: value)
        }
        for header in request.forwardedHeaders {
            httpRequest.headers.replaceOrAdd(name: header.name, value: header.value)
        }
        return httpRequest
    }

    private func describe(_ error: any Error) -> String {
        if let clientError = error as? HTTPClientError {
            return clientError.shortDescription
        }
        return String(describing: error)
    }
}
