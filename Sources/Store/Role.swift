/// What an API key may do.
public enum Role: String, Sendable, Equatable, CaseIterable, Codable {
    /// An application: calls the OpenAI-compatible API.
    case app
    /// An operator: everything an app may do, plus the admin API.
    case admin
    /// An auditor: reads the audit trail; may not call models.
    case auditor

    /// Whether this role may call the model API (`/v1/...`).
    public var mayCallModels: Bool { self == .app || self == .admin }
}
