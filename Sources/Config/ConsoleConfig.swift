/// The web console served under `/console`.
public struct ConsoleConfig: Sendable, Equatable {
    /// When the session cookie carries `Secure`.
    public enum SecureCookie: String, Sendable, Equatable {
        /// When the request came over TLS: a proxy in front says `X-Forwarded-Proto: https`.
        case auto
        /// Always (the console is only ever reached over TLS).
        case always
    }

    /// Whether the console is served at all.
    public var enabled = true
    /// A session ends after this long without a request.
    public var sessionIdle: Duration = .seconds(30 * 60)
    /// A session ends this long after sign-in, however busy.
    public var sessionLifetime: Duration = .seconds(8 * 3600)
    /// Failed sign-ins allowed from one client address per ``signInWindow``; more get 429.
    public var signInAttempts = 5
    /// The window failed sign-ins are counted in.
    public var signInWindow: Duration = .seconds(5 * 60)
    /// When the session cookie is `Secure`.
    public var secureCookie = SecureCookie.auto
    /// Addresses of proxies in front (besides this machine's own) whose `X-Forwarded-For` names
    /// the client that failed sign-ins are counted against.
    public var trustedProxies: [String] = []

    /// The console on, with 30-minute idle sessions of at most 8 hours, and 5 failed sign-ins per 5 minutes.
    public static let defaults = ConsoleConfig()

    /// Creates the defaults.
    public init() {}
}
