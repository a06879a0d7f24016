import Audit
import Foundation
import Plugins
import Store
import Wire

/// Where write calls wait for a person: opens pending approvals for the tool loop, and carries
/// out an approver's decision, running the plugin exactly once.
public struct ApprovalDesk: Sendable {
    private let storage: any ApprovalStorage
    private let runner: PluginRunner
    private let expireAfter: Duration

    /// Creates the desk.
    public init(storage: any ApprovalStorage, runner: PluginRunner, expireAfter: Duration) {
        self.storage = storage
        self.runner = runner
        self.expireAfter = expireAfter
    }

    /// Stores a pending approval for a write call.
    func open(plugin: any Plugin, arguments: JSONValue, context: PluginContext, caller: Caller) async throws(PluginError) -> ApprovalRecord {
        let now = Date()
        let record = ApprovalRecord(
            id: "apr_" + Hex.random(bytes: 10), tenant: context.tenant, requesterKeyID: caller.keyID, endUser: context.endUser, scenario: context.scenario,
            requestID: context.requestID, tool: plugin.definition.name, arguments: arguments.encodedString, summary: plugin.summary(of: arguments),
            status: .pending, createdAt: now, expiresAt: now.addingTimeInterval(Double(expireAfter.components.seconds)))
        do {
            try await storage.createApproval(record)
        } catch {
            throw PluginError(.unavailable, "the approval could not be stored, so the action was not requested: \(error.message)")
        }
        return record
    }

    /// What an approver's decision did.
    public struct Decision: Sendable {
        /// The approval after the decision.
        public var record: ApprovalRecord
        /// Whether this request made the decision (false: it had been decided before, nothing ran).
        public var decidedNow: Bool
        /// The plugin call's audit entry, when this decision ran it.
        public var toolCall: AuditToolCall?
    }

    /// Approves or rejects approval `id` for `approver`. The approver may not be the key or end
    /// user that asked; admins see every tenant's approvals, approvers only their own tenant's.
    /// An approval runs its plugin once, in the first request that approves it.
    public func decide(id: String, approve: Bool, approver: Caller, approverUser: String?) async throws(APIError) -> Decision {
        let tenant = approver.role == .admin ? nil : approver.tenant
        let existing: ApprovalRecord?
        do {
            existing = try await storage.approval(id: id, tenant: tenant)
        } catch {
            throw APIError(status: 503, type: "api_error", code: "store_unavailable", message: "The approval could not be read: \(error.message)")
        }
        guard let existing else {
            throw APIError(status: 404, type: "invalid_request_error", code: "approval_not_found", message: "There is no approval '\(id)' for this key.")
        }
        if existing.requesterKeyID == approver.keyID || (approverUser != nil && approverUser == existing.endUser) {
            throw APIError(
                status: 403, type: "permission_error", code: "self_approval",
                message: "An approval must come from a different person than the one who asked; use another approver's key.")
        }
        let outcome: ApprovalDecisionOutcome
        do {
            outcome = try await storage.decideApproval(id: id, tenant: tenant, approve: approve, by: approver.keyID, user: approverUser, at: Date())
        } catch {
            throw APIError(status: 503, type: "api_error", code: "store_unavailable", message: "The decision could not be stored: \(error.message)")
        }
        switch outcome {
        case .notFound:
            throw APIError(status: 404, type: "invalid_request_error", code: "approval_not_found", message: "There is no approval '\(id)' for this key.")
        case .unchanged(let record):
            return Decision(record: record, decidedNow: false, toolCall: nil)
        case .decided(var record):
            guard record.status == .approved else { return Decision(record: record, decidedNow: true, toolCall: nil) }
            let (result, call) = await run(record)
            record.result = result
            try? await storage.recordApprovalResult(id: id, result: result)
            return Decision(record: record, decidedNow: true, toolCall: call)
        }
    }

    private func run(_ record: ApprovalRecord) async -> (String, AuditToolCall) {
        let started = ContinuousClock.now
        let context = PluginContext(
            tenant: record.tenant, endUser: record.endUser, scenario: record.scenario, requestID: record.requestID, deadline: .now + runner.timeout)
        let content: String
        let outcome: String
        do {
            let arguments = try JSONValue.parse(record.arguments)
            let result = try await runner.run(record.tool, arguments: arguments, context: context)
            content = result.json.encodedString
            outcome = "ok"
        } catch let error as PluginError {
            content = JSONValue.object(error.json.mapValues(JSONValue.string)).encodedString
            outcome = error.kind.rawValue
        } catch {
            content = #"{"error":"invalid_arguments","message":"stored arguments are not JSON"}"#
            outcome = "invalid_arguments"
        }
        let call = AuditToolCall(
            name: record.tool, id: record.id, step: 0, effect: "write", outcome: outcome, argumentsSHA256: ContentDigest.sha256(record.arguments),
            resultSHA256: ContentDigest.sha256(content), micros: (ContinuousClock.now - started).wholeMicroseconds, approval: record.id)
        return (content, call)
    }
}
