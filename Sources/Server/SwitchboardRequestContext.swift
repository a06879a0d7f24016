import Gateway
import Hummingbird
import Wire

/// The context of one HTTP request: its request id, and who its API key says the caller is.
struct SwitchboardRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The app's `x-request-id` when it is a valid id, else a fresh one; set by
    /// ``AuthenticationMiddleware`` and echoed on the response.
    var requestID = ""
    /// How authenticating the bearer key ended, on routes that take API keys.
    var authentication: Result<Caller, APIError>?

    /// The address of the connection's other end ("" when unknown).
    let peerAddress: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress ?? ""
    }

    /// The authenticated caller, or the error authentication ended with.
    func caller() throws(APIError) -> Caller {
        guard let authentication else {
            throw APIError(status: 500, type: "api_error", code: "internal_error", message: "This route was reached without authentication.")
        }
        return try authentication.get()
    }

    /// The authenticated caller, if its role may use models (`app`, `admin`); a 403 otherwise.
    func modelCaller() throws(APIError) -> Caller {
        let caller = try caller()
        guard caller.role.mayCallModels else {
            throw APIError.permissionDenied("A key with the role '\(caller.role.rawValue)' may not use models; use a key with the role 'app'.")
        }
        return caller
    }
}
