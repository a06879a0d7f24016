import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Model calls over AsyncHTTPClient: the transport for `https://` backends (TLS, HTTP/2).
struct AsyncHTTPClientTransport: UpstreamTransport {
    /// The client, with the backend's connection pool.
    let client: HTTPClient
    /// The backend's URL, without a trailing `/`.
    let baseURL: String

    func send(_ request: TransportRequest, headDeadline: NIODeadline, deadline: NIODeadline, maxBodyBytes: Int) async throws(TransportError) -> TransportResponse {
        var httpRequest = HTTPClientRequest(url: baseURL + request.path)
        httpRequest.method = .POST
        httpRequest.headers = request.headers
        httpRequest.body = .bytes(request.body)
        let response: HTTPClientResponse
        do {
            let client = self.client
            let httpRequest = httpRequest
            if headDeadline < deadline {
                // AsyncHTTPClient has one deadline, for the whole answer: a timer races the head.
                let limit = Duration.nanoseconds(max(0, (headDeadline - .now()).nanoseconds))
                response = try await withTimeout(limit, failure: TransportError.headTimeout) {
                    try await client.execute(httpRequest, deadline: deadline)
                }
            } else {
                response = try await client.execute(httpRequest, deadline: deadline)
            }
        } catch {
            throw Self.transportError(error, bodyStarted: false)
        }
        if request.stream, response.status == .ok {
            return TransportResponse(status: response.status, headers: response.headers, body: .stream(TransportBodyStream(source: .asyncHTTPClient(response.body))))
        }
        let limit = response.status == .ok ? maxBodyBytes : TransportResponse.maxErrorBodyBytes
        do {
            let body = try await response.body.collect(upTo: limit)
            return TransportResponse(status: response.status, headers: response.headers, body: .complete(body))
        } catch is NIOTooManyBytesError where response.status != .ok {
            // An error answer too long to read is explained by its status alone.
            return TransportResponse(status: response.status, headers: response.headers, body: .complete(ByteBuffer()))
        } catch {
            throw Self.transportError(error, bodyStarted: true)
        }
    }

    /// Nothing to do: the client belongs to the backend, which shuts it down.
    func shutdown() async {}

    private static func transportError(_ error: any Error, bodyStarted: Bool) -> TransportError {
        switch error {
        case let transportError as TransportError: return transportError
        case is CancellationError: return .cancelled
        case is NIOTooManyBytesError: return .tooLarge
        case let clientError as HTTPClientError where clientError == .deadlineExceeded: return .deadlineExceeded
        case let clientError as HTTPClientError where clientError == .cancelled: return .cancelled
        case let clientError as HTTPClientError:
            return bodyStarted ? .cutOff(clientError.shortDescription) : .connection(clientError.shortDescription)
        default:
            return bodyStarted ? .cutOff(String(describing: error)) : .connection(String(describing: error))
        }
    }
}
