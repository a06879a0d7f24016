import Foundation
import Gateway
import Store
import Wire

/// The approvals page: pending write calls, approved or rejected by a second person.
struct ApprovalsPage: Sendable {
    let gateway: Gateway
    let format: ConsoleFormat

    /// `GET /console/approvals`: pending ones first, then the most recent decided ones.
    func render(_ visit: ConsoleVisit, notice: ConsoleOutcome.Notice? = nil) async -> ConsoleOutcome {
        let tenant = visit.caller.role == .admin ? nil : visit.caller.tenant
        let records: [ApprovalRecord]
        do throws(StoreError) {
            records = try await gateway.store.approvals(tenant: tenant, status: nil, limit: 200)
        } catch {
            return .refusal(status: 503, id: "store-unavailable", message: visit.text("store_unavailable", error.message))
        }
        let now = Date()
        let rows = records.map { record -> (pending: Bool, row: [String: Any]) in
            let status = record.status == .pending && record.expiresAt <= now ? ApprovalRecord.Status.expired : record.status
            let kind = status == .pending ? "warn" : status == .approved ? "ok" : status == .rejected ? "bad" : "muted"
            return (
                status == .pending,
                [
                    "id": record.id, "created": format.time(record.createdAt), "tenant": record.tenant, "tool": record.tool, "summary": record.summary,
                    "requester": record.requesterKeyID, "status": status.rawValue, "statusLabel": visit.text("status_\(status.rawValue)"), "statusKind": kind,
                    "pending": status == .pending,
                ]
            )
        }
        let ordered = rows.filter(\.pending) + rows.filter { !$0.pending }
        return .page(.approvals, template: "approvals", context: ["approvals": ordered.map(\.row)], notice: notice)
    }

    /// `POST /console/approvals/{id}`: approves (running the action) or rejects, audited as the API does.
    func decide(_ visit: ConsoleVisit, id: String) async -> ConsoleOutcome {
        let approve: Bool
        switch visit.form["decision"] {
        case "approve": approve = true
        case "reject": approve = false
        default: return await render(visit, notice: .init(kind: "bad", text: "Send decision=approve or decision=reject."))
        }
        do throws(APIError) {
            let outcome = try await gateway.approvals.decide(id: id, approve: approve, approver: visit.caller, approverUser: nil)
            if outcome.decidedNow {
                let event = AuditEvent(
                    operation: "approvals/\(outcome.record.status.rawValue)", requestID: outcome.record.requestID, tenant: outcome.record.tenant,
                    keyID: visit.caller.keyID, endUser: nil, scenario: outcome.record.scenario, toolCall: outcome.toolCall)
                if let failure = await gateway.record(event) { throw failure }
                let text = visit.text(outcome.record.status == .approved ? "approved_now" : "rejected_now")
                return await render(visit, notice: .init(kind: outcome.record.status == .approved ? "ok" : "bad", text: text))
            }
            return await render(visit, notice: .init(kind: "bad", text: visit.text("status_\(outcome.record.status.rawValue)")))
        } catch {
            return await render(visit, notice: .init(kind: "bad", text: error.message))
        }
    }
}
