import Audit

/// Something audited that is not a model exchange: an approver's decision, or a plugin call
/// made by an MCP client.
public struct AuditEvent: Sendable {
    /// What happened, e.g. `approvals/approved` or `mcp/tools/call`.
    public var operation: String
    /// The request it belongs to.
    public var requestID: String
    /// The tenant it concerns.
    public var tenant: String
    /// The API key that acted.
    public var keyID: String
    /// The end user who acted, as the app named them (hashed in the record unless configured raw).
    public var endUser: String?
    /// The scenario involved.
    public var scenario: String?
    /// The plugin call it made, if any.
    public var toolCall: AuditToolCall?
    /// An administrative change's new state, as JSON text.
    public var change: String?
    /// The HTTP status the actor got (200 unless the action was refused).
    public var status: Int
    /// The error code the actor got, when refused.
    public var errorCode: String?

    /// Creates an event.
    public init(
        operation: String, requestID: String, tenant: String, keyID: String, endUser: String?, scenario: String?, toolCall: AuditToolCall?, change: String? = nil,
        status: Int = 200, errorCode: String? = nil
    ) {
        self.operation = operation
        self.requestID = requestID
        self.tenant = tenant
        self.keyID = keyID
        self.endUser = endUser
        self.scenario = scenario
        self.toolCall = toolCall
        self.change = change
        self.status = status
        self.errorCode = errorCode
    }
}
