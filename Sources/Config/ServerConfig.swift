/// The HTTP listener and the limits applied to every request.
public struct ServerConfig: Sendable, Equatable {
    /// Host to bind, e.g. `127.0.0.1` or `::1`.
    public var host: String
    /// TCP port; 0 picks a free one.
    public var port: Int
    /// The largest request body accepted, in bytes; larger bodies get 413.
    public var maxBodyBytes: Int
    /// The largest response body read from a backend for a non-streamed request, in bytes.
    public var maxUpstreamBodyBytes: Int
    /// How often backends are probed for reachability.
    public var healthCheckInterval: Duration
    /// How long a request waits for a free slot on a backend at capacity before failing.
    public var queueTimeout: Duration
    /// When set, `GET /metrics` answers only `Authorization: Bearer` with this token (a
    /// Prometheus scraper's); when nil it is open, for a listener on an internal interface.
    public var metricsToken: String?
    /// The largest request head (request line and headers) accepted, in bytes; a larger one
    /// gets 431 and the connection is closed.
    public var maxHeaderBytes = 16 << 10
    /// How long a client may take to send one request, head and body, from its first byte; a
    /// slower one gets 408 and the connection is closed.
    public var readTimeout: Duration = .seconds(30)
    /// How long a keep-alive connection may sit idle between requests before it is closed.
    public var idleTimeout: Duration = .seconds(60)
    /// The most connections open at once; beyond it new connections wait in the listen
    /// backlog until one closes.
    public var maxConnections = 1024

    /// The defaults used when a key is absent.
    public static let defaults = ServerConfig(
        host: "127.0.0.1", port: 8080, maxBodyBytes: 4 << 20, maxUpstreamBodyBytes: 64 << 20,
        healthCheckInterval: .seconds(10), queueTimeout: .seconds(30))

    /// Creates a server configuration.
    public init(
        host: String, port: Int, maxBodyBytes: Int, maxUpstreamBodyBytes: Int, healthCheckInterval: Duration, queueTimeout: Duration,
        metricsToken: String? = nil
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.maxUpstreamBodyBytes = maxUpstreamBodyBytes
        self.healthCheckInterval = healthCheckInterval
        self.queueTimeout = queueTimeout
        self.metricsToken = metricsToken
    }
}

extension ServerConfig {
    /// Sets host and port from `address` as `server.listen` takes it (`127.0.0.1:8080`,
    /// `[::1]:0`); returns false, changing nothing, when it is no such address.
    public mutating func listen(on address: String) -> Bool {
        guard let (host, port) = ValueParsers.listenAddress(address) else { return false }
        self.host = host
        self.port = port
        return true
    }
}
