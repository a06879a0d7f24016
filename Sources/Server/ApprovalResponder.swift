import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import NIOCore
import Plugins
import Store
import Wire

/// Serves `GET /admin/approvals`, `GET /admin/approvals/{id}` and `POST /admin/approvals/{id}`
/// (`{"decision": "approve" | "reject"}`) for `approver` and `admin` keys.
struct ApprovalResponder: Sendable {
    let gateway: Gateway

    func list(_ request: Request, context: SwitchboardRequestContext) async -> Response {
        await respond(context) { caller throws(APIError) in
            let parameters = request.uri.queryParameters
            var status: ApprovalRecord.Status?
            if let text = parameters.get("status") {
                guard let value = ApprovalRecord.Status(rawValue: text) else {
                    throw .invalidRequest("'status' must be one of pending, approved, rejected, expired.", param: "status", code: "invalid_value")
                }
                status = value
            }
            let records: [ApprovalRecord]
            do throws(StoreError) {
                records = try await gateway.store.approvals(tenant: caller.role == .admin ? nil : caller.tenant, status: status, limit: 200)
            } catch {
                throw Self.unavailable(error)
            }
            return .object(["object": .string("list"), "data": .array(records.map(Self.json))])
        }
    }

    func show(_ request: Request, context: SwitchboardRequestContext, id: String) async -> Response {
        await respond(context) { caller throws(APIError) in
            let record: ApprovalRecord?
            do throws(StoreError) {
                record = try await gateway.store.approval(id: id, tenant: caller.role == .admin ? nil : caller.tenant)
            } catch {
                throw Self.unavailable(error)
            }
            guard let record else { throw Self.notFound(id) }
            return Self.json(record)
        }
    }

    func decide(_ request: Request, context: SwitchboardRequestContext, id: String) async -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: 64 * 1024)
        } catch {
            return APIError.invalidRequest("The body must be a JSON object under 64 KiB such as {\"decision\": \"approve\"}.", code: "invalid_body")
                .response(requestID: context.requestID)
        }
        return await respond(context) { caller throws(APIError) in
            guard let parsed = body.withUnsafeReadableBytes({ try? JSONValue.parse($0) }) else {
                throw .invalidRequest("The body is not JSON; send {\"decision\": \"approve\"} or {\"decision\": \"reject\"}.", code: "invalid_json")
            }
            let decision = parsed["decision"]?.stringValue
            guard let decision, decision == "approve" || decision == "reject" else {
                throw .invalidRequest("Send {\"decision\": \"approve\"} or {\"decision\": \"reject\"}.", param: "decision", code: "invalid_value")
            }
            let approve = decision == "approve"
            let outcome = try await gateway.approvals.decide(id: id, approve: approve, approver: caller, approverUser: request.headers[.switchboardUser])
            if outcome.decidedNow {
                let event = AuditEvent(
                    operation: "approvals/\(outcome.record.status.rawValue)", requestID: outcome.record.requestID, tenant: outcome.record.tenant,
                    keyID: caller.keyID, endUser: request.headers[.switchboardUser], scenario: outcome.record.scenario, toolCall: outcome.toolCall)
                if let failure = await gateway.record(event) { throw failure }
            } else if outcome.record.status != (approve ? .approved : .rejected) {
                throw APIError(
                    status: 409, type: "invalid_request_error", code: "approval_already_decided",
                    message: "The approval '\(id)' is already \(outcome.record.status.rawValue); it cannot be \(approve ? "approved" : "rejected") now.")
            }
            var json = Self.json(outcome.record).objectValue ?? [:]
            json["decided_now"] = .bool(outcome.decidedNow)
            return .object(json)
        }
    }

    private func respond(_ context: SwitchboardRequestContext, _ body: (Caller) async throws(APIError) -> JSONValue) async -> Response {
        let requestID = context.requestID
        do throws(APIError) {
            let caller = try context.caller()
            guard caller.role.mayApprove else {
                throw APIError.permissionDenied("Only approver and admin keys may see or decide approvals.")
            }
            let value = try await body(caller)
            return Response(
                status: .ok, headers: [.contentType: "application/json", .requestID: requestID], body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.encoded)))
        } catch {
            return error.response(requestID: requestID)
        }
    }

    private static func json(_ record: ApprovalRecord) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(record.id), "object": .string("approval"), "tenant": .string(record.tenant), "tool": .string(record.tool),
            "arguments": (try? JSONValue.parse(record.arguments)) ?? .string(record.arguments), "summary": .string(record.summary),
            "status": .string(record.status == .pending && record.expiresAt <= Date() ? "expired" : record.status.rawValue), "requester_key": .string(record.requesterKeyID), "request_id": .string(record.requestID),
            "created_at": .string(Provenance.timestamp(record.createdAt)), "expires_at": .string(Provenance.timestamp(record.expiresAt)),
        ]
        if let value = record.endUser { members["end_user"] = .string(value) }
        if let value = record.scenario { members["scenario"] = .string(value) }
        if let value = record.decidedBy { members["decided_by"] = .string(value) }
        if let value = record.decidedAt { members["decided_at"] = .string(Provenance.timestamp(value)) }
        if let value = record.result { members["result"] = (try? JSONValue.parse(value)) ?? .string(value) }
        return .object(members)
    }

    private static func notFound(_ id: String) -> APIError {
        APIError(status: 404, type: "invalid_request_error", code: "approval_not_found", message: "There is no approval '\(id)' for this key.")
    }

    private static func unavailable(_ error: StoreError) -> APIError {
        APIError(status: 503, type: "api_error", code: "store_unavailable", message: "Approvals cannot be read now: \(error.message)")
    }
}
