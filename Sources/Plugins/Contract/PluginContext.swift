import Foundation

/// Who a plugin runs for, established by the gateway from authentication and configuration —
/// never from anything a model or a tool said.
public struct PluginContext: Sendable, Equatable {
    /// The tenant of the API key.
    public var tenant: String
    /// The end user the app named (`X-Switchboard-User`), if any.
    public var endUser: String?
    /// The scenario the exchange runs under, if any.
    public var scenario: String?
    /// The request id of the exchange, for the plugin's own logs.
    public var requestID: String
    /// When the plugin must have answered.
    public var deadline: ContinuousClock.Instant

    /// Creates a context.
    public init(tenant: String, endUser: String?, scenario: String?, requestID: String, deadline: ContinuousClock.Instant) {
        self.tenant = tenant
        self.endUser = endUser
        self.scenario = scenario
        self.requestID = requestID
        self.deadline = deadline
    }
}
