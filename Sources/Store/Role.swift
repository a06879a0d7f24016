/// What an API key may do.
public enum Role: String, Sendable, Equatable, CaseIterable, Codable {
    /// An application: calls the OpenAI-compatible API.
    case app
    /// An operator: everything an app may do, plus the admin API.
    case admin
    /// An auditor: reads the audit trail; may not call models.
    case auditor
    /// An approver: approves or rejects pending write calls; may not call models.
    case approver

    /// Whether this role may call the model API (`/v1/...`).
    public var mayCallModels: Bool { self == .app || self == .admin }

    /// Whether this role may approve or reject pending write calls.
    public var mayApprove: Bool { self == .approver || self == .admin }
}
