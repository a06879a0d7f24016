import Backends
import Gateway
import HTTPTypes
import NIOCore
import Privacy
import Wire

/// Turns a model call (`POST /v1/chat/completions`, `POST /v1/embeddings`, and the front doors
/// `POST /v1/messages` and `POST /v1/responses`) into an exchange: authenticates its key, reads
/// its Switchboard headers, and asks the gateway for the answer. Every call, refused or not,
/// ends in the audit trail.
struct ModelCallResponder: Sendable {
    let gateway: Gateway

    /// The gateway's answer to `call`: a refusal (bad key, bad header, body too large) or the
    /// model's JSON answer or stream.
    func answer(_ call: ModelCall) async -> GatewayAnswer {
        gateway.metrics.requestStarted()
        let headers = call.headers
        let authorization = headers.bearerAuthorization
        // The exchange lives in a slot that `take()` empties when it is handed on: passed from a
        // variable, it would be copied whole, and the copy released again.
        var slot: Exchange? = Exchange(
            id: call.requestID, operation: call.route.operation, body: ByteBuffer(), authorization: authorization,
            traceparent: headers.traceparent.flatMap(TraceIdentity.parse(traceparent:))?.traceparent, endUser: headers.user)
        do throws(APIError) {
            slot!.authentication = .success(try await gateway.authenticator.authenticate(authorization: authorization))
        } catch {
            slot!.authentication = .failure(error)
        }
        slot!.door = call.route.door
        slot!.scenarioHeader = headers.scenario
        slot!.priorityHeader = headers.priority
        slot!.userProfileHeader = headers.userProfile
        if let declared = headers.dataLevel {
            let digits = declared.hasPrefix("L") || declared.hasPrefix("l") ? String(declared.dropFirst()) : declared
            guard let level = Int(digits.trimmingCharacters(in: .whitespaces)).flatMap(DataLevel.init(rawValue:)) else {
                return await gateway.refuse(
                    slot.take()!,
                    with: .invalidRequest(
                        "The header X-Switchboard-Data-Level must be a level from 1 to 5 (or L1 to L5), found '\(declared)'.", code: "invalid_data_level"))
            }
            slot!.requestedLevel = level
        }
        switch call.body {
        case .success(let body):
            slot!.body = body
            return await gateway.answer(slot.take()!)
        case .failure(let error):
            return await gateway.refuse(slot.take()!, with: error)
        }
    }
}
