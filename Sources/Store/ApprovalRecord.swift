import Foundation

/// A write call waiting for, or past, a person's decision.
public struct ApprovalRecord: Sendable, Equatable {
    /// Where an approval stands.
    public enum Status: String, Sendable, Equatable, CaseIterable {
        /// Waiting for an approver.
        case pending
        /// Approved; the plugin is running or has run (see ``ApprovalRecord/result``).
        case approved
        /// Rejected by an approver; the plugin never ran.
        case rejected
        /// Not decided in time; the plugin never ran.
        case expired
    }

    /// The approval's id, e.g. `apr_…`.
    public var id: String
    /// The tenant whose app asked.
    public var tenant: String
    /// The API key of the app that asked.
    public var requesterKeyID: String
    /// The end user the app named, if any.
    public var endUser: String?
    /// The scenario the exchange ran under.
    public var scenario: String?
    /// The request id of the exchange in which the model made the call.
    public var requestID: String
    /// The plugin to run.
    public var tool: String
    /// Its validated arguments, as JSON.
    public var arguments: String
    /// What the call would do, in one line for the approver.
    public var summary: String
    /// Where it stands.
    public var status: Status
    /// When it was asked for.
    public var createdAt: Date
    /// When it lapses if undecided.
    public var expiresAt: Date
    /// The key of the approver who decided.
    public var decidedBy: String?
    /// The end user the approver named, if any.
    public var decidedByUser: String?
    /// When it was decided.
    public var decidedAt: Date?
    /// The plugin's result (or error) as JSON, once it ran.
    public var result: String?

    /// Creates a record.
    public init(
        id: String, tenant: String, requesterKeyID: String, endUser: String?, scenario: String?, requestID: String, tool: String,
        arguments: String, summary: String, status: Status, createdAt: Date, expiresAt: Date, decidedBy: String? = nil,
        decidedByUser: String? = nil, decidedAt: Date? = nil, result: String? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.requesterKeyID = requesterKeyID
        self.endUser = endUser
        self.scenario = scenario
        self.requestID = requestID
        self.tool = tool
        self.arguments = arguments
        self.summary = summary
        self.status = status
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.decidedBy = decidedBy
        self.decidedByUser = decidedByUser
        self.decidedAt = decidedAt
        self.result = result
    }
}

extension ApprovalRecord {
    /// What deciding a record now would do to it.
    public enum Decision: Sendable, Equatable {
        /// It is no longer pending: nothing changes.
        case unchanged
        /// It lapsed before the decision: it becomes this (expired) record.
        case expire(ApprovalRecord)
        /// It becomes this (approved or rejected) record.
        case decide(ApprovalRecord)
    }

    /// What an approver's decision at `now` does to this record; the same rule in every store.
    public func deciding(approve: Bool, by keyID: String, user: String?, at now: Date) -> Decision {
        guard status == .pending else { return .unchanged }
        var next = self
        if expiresAt <= now {
            next.status = .expired
            return .expire(next)
        }
        next.status = approve ? .approved : .rejected
        next.decidedBy = keyID
        next.decidedByUser = user
        next.decidedAt = now
        return .decide(next)
    }
}

/// What deciding an approval did.
public enum ApprovalDecisionOutcome: Sendable, Equatable {
    /// This decision moved it out of `pending`; when approved, the caller must run the plugin.
    case decided(ApprovalRecord)
    /// It had already been decided (or had expired); nothing changed.
    case unchanged(ApprovalRecord)
    /// There is no approval with that id (for that tenant).
    case notFound
}

/// Where pending write calls are kept.
public protocol ApprovalStorage: Sendable {
    /// Stores a new pending approval.
    func createApproval(_ record: ApprovalRecord) async throws(StoreError)
    /// The approval with `id`, if `tenant` is nil or owns it.
    func approval(id: String, tenant: String?) async throws(StoreError) -> ApprovalRecord?
    /// Approvals, newest first, optionally only one tenant's or one status.
    func approvals(tenant: String?, status: ApprovalRecord.Status?, limit: Int) async throws(StoreError) -> [ApprovalRecord]
    /// Moves a pending, unexpired approval to approved or rejected, atomically: of two
    /// concurrent decisions exactly one gets ``ApprovalDecisionOutcome/decided(_:)``.
    func decideApproval(id: String, tenant: String?, approve: Bool, by keyID: String, user: String?, at now: Date) async throws(StoreError) -> ApprovalDecisionOutcome
    /// Records the result of the approved call.
    func recordApprovalResult(id: String, result: String) async throws(StoreError)
}
