import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import NIOCore
import Pool
import Store
import Wire

/// Serves the pool's admin API: `GET /admin/tenants` and `GET /admin/tenants/{name}` (admin and
/// auditor keys), `PUT /admin/tenants/{name}` with a policy, `POST /admin/tenants/{name}/suspend`
/// and `…/resume` (admin keys), and `GET /admin/usage` as JSON or CSV (admin and auditor keys
/// for every tenant, other keys for their own).
struct TenantResponder: Sendable {
    let gateway: Gateway

    func list(_ request: Request, context: SwitchboardRequestContext) async -> Response {
        await respond(context, mayRead: true) { _ throws(APIError) in
            let names = await gateway.knownTenants()
            var standings: [JSONValue] = []
            for name in names { standings.append(await gateway.tenantStanding(name)) }
            return .object(["object": .string("list"), "data": .array(standings)])
        }
    }

    func show(_ request: Request, context: SwitchboardRequestContext, name: String) async -> Response {
        await respond(context, mayRead: true) { _ throws(APIError) in await gateway.tenantStanding(name) }
    }

    func set(_ request: Request, context: SwitchboardRequestContext, name: String) async -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: 64 * 1024)
        } catch {
            return APIError.invalidRequest("The body must be a JSON object under 64 KiB with the tenant's policy.", code: "invalid_body").response(requestID: context.requestID)
        }
        return await respond(context, mayRead: false) { caller throws(APIError) in
            guard let json = body.withUnsafeReadableBytes({ try? JSONValue.parse($0) }) else {
                throw .invalidRequest("The body is not JSON; send the tenant's policy, such as {\"share\": 2, \"requests_per_minute\": 60}.", code: "invalid_json")
            }
            _ = try await gateway.setTenantPolicy(json, name: name, caller: caller, requestID: context.requestID)
            return await gateway.tenantStanding(name)
        }
    }

    func suspend(_ request: Request, context: SwitchboardRequestContext, name: String, suspended: Bool) async -> Response {
        await respond(context, mayRead: false) { caller throws(APIError) in
            try await gateway.setTenantSuspended(suspended, name: name, caller: caller, requestID: context.requestID)
            return await gateway.tenantStanding(name)
        }
    }

    func usage(_ request: Request, context: SwitchboardRequestContext) async -> Response {
        let requestID = context.requestID
        do throws(APIError) {
            let caller = try context.caller()
            let parameters = request.uri.queryParameters
            let mayReadAll = caller.role == .admin || caller.role == .auditor
            var tenant = parameters.get("tenant")
            if !mayReadAll {
                if let tenant, tenant != caller.tenant { throw APIError.permissionDenied("This key may read its own tenant's usage only.") }
                tenant = caller.tenant
            }
            let (first, last) = try Self.days(parameters)
            let rows = try await gateway.usage(from: first, through: last, tenant: tenant)
            switch parameters.get("format") ?? "json" {
            case "csv":
                return Response(
                    status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .requestID: requestID, .contentDisposition: "attachment; filename=\"usage-\(first)-\(last).csv\""],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: UsageTable.csv(rows))))
            case "json":
                let json = UsageTable.json(rows, from: first, through: last, currency: gateway.config.pool.currency)
                return Response(status: .ok, headers: [.contentType: "application/json", .requestID: requestID], body: ResponseBody(byteBuffer: ByteBuffer(bytes: json.encoded)))
            case let other:
                throw .invalidRequest("'format' must be json or csv, found '\(other)'.", param: "format", code: "invalid_value")
            }
        } catch {
            return error.response(requestID: requestID)
        }
    }

    /// The tenant named in the path, percent-decoded (`/admin/tenants/%E4%B8%AD…` is 中…); a
    /// malformed escape is left as written, and then names no tenant that a key could belong to.
    static func tenantName(_ context: SwitchboardRequestContext) -> String {
        let raw = context.parameters.get("name") ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    /// `from` and `to` (days, inclusive), or `month`; the current month when none is given.
    private static func days(_ parameters: Parameters) throws(APIError) -> (String, String) {
        if let month = parameters.get("month") {
            guard let days = PoolCalendar.days(ofMonth: month) else {
                throw .invalidRequest("'month' must be a month such as 2026-11, found '\(month)'.", param: "month", code: "invalid_value")
            }
            return days
        }
        let from = parameters.get("from") ?? "0000-00-00"
        let to = parameters.get("to") ?? "9999-99-99"
        for (key, value) in [("from", from), ("to", to)] where parameters.get(key) != nil && !isDay(value) {
            throw .invalidRequest("'\(key)' must be a day such as 2026-11-01, found '\(value)'.", param: key, code: "invalid_value")
        }
        return (from, to)
    }

    private static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2 && parts.allSatisfy { $0.allSatisfy(\.isASCII) && Int($0) != nil }
    }

    private func respond(_ context: SwitchboardRequestContext, mayRead: Bool, _ body: (Caller) async throws(APIError) -> JSONValue) async -> Response {
        let requestID = context.requestID
        do throws(APIError) {
            let caller = try context.caller()
            guard caller.role == .admin || (mayRead && caller.role == .auditor) else {
                throw APIError.permissionDenied(mayRead ? "Only admin and auditor keys may read tenants." : "Only admin keys may change tenants.")
            }
            let value = try await body(caller)
            return Response(
                status: .ok, headers: [.contentType: "application/json", .requestID: requestID], body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.encoded)))
        } catch {
            return error.response(requestID: requestID)
        }
    }
}
