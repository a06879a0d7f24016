import Gateway
import HTTPTypes
import Hummingbird
import NIOCore
import Wire

extension APIError {
    /// The error as an HTTP response with an OpenAI-shaped JSON body.
    /// For the Messages door the body takes Anthropic's shape.
    func response(requestID: String?, door: FrontDoor = .chatCompletions) -> Response {
        let head = responseHead(requestID: requestID)
        return Response(status: head.status, headers: head.headerFields, body: ResponseBody(byteBuffer: responseBody(door: door)))
    }

    /// The head of the error's response: its status, `content-type`, the request id and any
    /// `retry-after`.
    func responseHead(requestID: String?) -> HTTPResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let requestID { headers[.requestID] = requestID }
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return HTTPResponse(status: HTTPResponse.Status(code: status), headerFields: headers)
    }

    /// The error's JSON body: OpenAI's shape, or Anthropic's for the Messages door.
    func responseBody(door: FrontDoor) -> ByteBuffer {
        ByteBuffer(bytes: door == .messages ? MessagesErrorBody.body(for: self) : body)
    }

    /// The error as an SSE event, for a stream that has already begun.
    var streamEvent: ByteBuffer {
        ByteBuffer(bytes: ServerSentEvent(data: body).encoded)
    }
}

extension HTTPField.Name {
    /// `x-request-id`.
    static let requestID = HTTPField.Name("x-request-id")!
    /// `request-id`, where Anthropic's SDKs look for the request id.
    static let requestIDAnthropic = HTTPField.Name("request-id")!
    /// `traceparent` (W3C Trace Context).
    static let traceparent = HTTPField.Name("traceparent")!
    /// `x-switchboard-user`: the end user on whose behalf the app calls.
    static let switchboardUser = HTTPField.Name("x-switchboard-user")!
    /// The lowest data level the app declares for a request (1–5, or L1–L5).
    static let switchboardDataLevel = HTTPField.Name("x-switchboard-data-level")!
    /// `x-switchboard-scenario`: the scenario the app picks (instead of model `scenario/NAME`).
    static let switchboardScenario = HTTPField.Name("x-switchboard-scenario")!
    static let switchboardPriority = HTTPField.Name("x-switchboard-priority")!
    /// `x-switchboard-user-profile`: the end user's profile fields for a scenario's prompt (JSON object of strings).
    static let switchboardUserProfile = HTTPField.Name("x-switchboard-user-profile")!
    /// `x-api-key`: the key as Anthropic's SDKs send it.
    static let apiKey = HTTPField.Name("x-api-key")!
    /// `anthropic-version`: sent by Anthropic's SDKs with every request.
    static let anthropicVersion = HTTPField.Name("anthropic-version")!
}
