import Audit
import Gateway
import HTTPTypes
import Hummingbird
import NIOCore
import Wire

/// Serves `GET /admin/audit`: the audit trail, filtered and paged, for `admin` and `auditor` keys.
struct AuditResponder: Sendable {
    let gateway: Gateway

    func records(_ request: Request, context: SwitchboardRequestContext) async -> Response {
        let requestID = context.requestID
        do throws(APIError) {
            let caller = try context.caller()
            guard caller.role == .admin || caller.role == .auditor else {
                throw APIError.permissionDenied("Only admin and auditor keys may read the audit trail.")
            }
            let query = try Self.query(request.uri.queryParameters)
            let records: [SealedAuditRecord]
            do {
                records = try await gateway.auditStorage.auditRecords(matching: query)
            } catch {
                throw APIError(status: 503, type: "api_error", code: "audit_unavailable", message: "The audit trail cannot be read now: \(error.message)")
            }
            var output: [UInt8] = Array(#"{"object":"list","data":["#.utf8)
            for (index, sealed) in records.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                output.append(contentsOf: #"{"sequence":\#(sealed.sequence),"hash":"#.utf8)
                JSONStringLiteral.append(sealed.hash.hex, to: &output)
                output.append(contentsOf: #","record":"#.utf8)
                output.append(contentsOf: sealed.body.utf8)
                output.append(UInt8(ascii: "}"))
            }
            output.append(contentsOf: #"],"next_after":"#.utf8)
            let next = records.count == query.limit ? records.last.map { String($0.sequence) } : nil
            output.append(contentsOf: (next ?? "null").utf8)
            output.append(UInt8(ascii: "}"))
            return Response(
                status: .ok, headers: [.contentType: "application/json", .requestID: requestID],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: output)))
        } catch {
            return error.response(requestID: requestID)
        }
    }

    private static func query(_ parameters: Parameters) throws(APIError) -> AuditQuery {
        var query = AuditQuery(limit: 100)
        if let tenant = parameters.get("tenant") { query.tenant = tenant }
        if let from = parameters.get("from") {
            guard let value = AuditTime.parse(from) else { throw .invalidRequest("'from' must be epoch milliseconds or an ISO 8601 date or time.", param: "from", code: "invalid_value") }
            query.from = value
        }
        if let to = parameters.get("to") {
            guard let value = AuditTime.parse(to) else { throw .invalidRequest("'to' must be epoch milliseconds or an ISO 8601 date or time.", param: "to", code: "invalid_value") }
            query.to = value
        }
        if let status = parameters.get("status") {
            guard let value = Int(status), (100...599).contains(value) else { throw .invalidRequest("'status' must be an HTTP status code.", param: "status", code: "invalid_value") }
            query.status = value
        }
        if let after = parameters.get("after") {
            guard let value = Int64(after), value >= 0 else { throw .invalidRequest("'after' must be a sequence number from a previous page's next_after.", param: "after", code: "invalid_value") }
            query.afterSequence = value
        }
        if let limit = parameters.get("limit") {
            guard let value = Int(limit), (1...1000).contains(value) else { throw .invalidRequest("'limit' must be between 1 and 1000.", param: "limit", code: "invalid_value") }
            query.limit = value
        }
        return query
    }
}
