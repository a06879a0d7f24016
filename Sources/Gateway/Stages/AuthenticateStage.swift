import Wire

/// Establishes the caller from the API key (or takes the server's authentication of it) and
/// checks that its role may call models.
public struct AuthenticateStage: ExchangeStage {
    public let name = "authenticate"
    private let authenticator: APIKeyAuthenticator

    /// Creates the stage.
    public init(authenticator: APIKeyAuthenticator) {
        self.authenticator = authenticator
    }

    public func process(_ exchange: inout Exchange) async throws(APIError) -> StageOutcome {
        let caller: Caller
        if let authentication = exchange.authentication {
            caller = try authentication.get()
        } else {
            caller = try await authenticator.authenticate(authorization: exchange.authorization)
        }
        exchange.caller = caller
        guard caller.role.mayCallModels else {
            throw .permissionDenied("A key with the role '\(caller.role.rawValue)' may not call models; use a key with the role 'app'.")
        }
        return .next
    }
}
