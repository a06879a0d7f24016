import AsyncHTTPClient
import Config
import NIOCore
import Pool
import Synchronization

/// One model backend at run time: its configuration, its own warm connection pool, its
/// capacity limit, its circuit breaker, and what the health checks last found.
public final class Backend: Sendable {
    /// Whether the backend may be sent a request now.
    public enum Admission: Sendable, Equatable {
        /// Yes; `isProbe` when this request is the half-open circuit's single probe.
        case admitted(isProbe: Bool)
        case circuitOpen
        case coolingDown(remaining: Duration)
    }

    /// The configuration it was built from.
    public let config: BackendConfig
    /// Its concurrent-request slots (`capacity`), shared fairly between tenants.
    public let scheduler: FairScheduler
    /// AsyncHTTPClient, for health checks and load reads (and model calls to `https://` URLs).
    let client: HTTPClient
    /// How model calls travel.
    let transport: any UpstreamTransport
    private let breaker: Mutex<CircuitBreaker>
    private let cooldownUntil = Mutex<ContinuousClock.Instant?>(nil)
    private let lastProbe = Mutex<Reachability>(.unknown)
    private let lastLoad = Mutex<BackendLoad?>(nil)

    /// What the last health check found.
    public enum Reachability: Sendable, Equatable {
        case unknown
        case reachable
        case unreachable(String)

        /// Why it is unreachable, or what is known.
        public var reason: String {
            switch self {
            case .unknown: "not probed yet"
            case .reachable: "reachable"
            case .unreachable(let reason): reason
            }
        }
    }

    /// Which client carries model calls.
    enum TransportChoice: Sendable {
        /// ``PlainHTTPClient`` for an `http://` URL, AsyncHTTPClient otherwise.
        case automatic
        /// AsyncHTTPClient whatever the URL (for tests of that path over plain HTTP).
        case asyncHTTPClient
    }

    /// Creates the backend and its connection pool; `batchShare` is the least fraction of its
    /// slots batch work gets while interactive work waits too.
    public convenience init(config: BackendConfig, eventLoopGroup: any EventLoopGroup, batchShare: Double = 0.1) {
        self.init(config: config, eventLoopGroup: eventLoopGroup, batchShare: batchShare, transport: .automatic)
    }

    /// Creates the backend with model calls carried as `transport` says.
    init(config: BackendConfig, eventLoopGroup: any EventLoopGroup, batchShare: Double = 0.1, transport choice: TransportChoice) {
        self.config = config
        scheduler = FairScheduler(capacity: config.capacity, batchShare: batchShare)
        breaker = Mutex(CircuitBreaker(failureThreshold: config.circuitBreaker.failureThreshold, openDuration: config.circuitBreaker.openDuration))
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .nanoseconds(config.timeouts.connect.nanoseconds)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, config.capacity)
        configuration.connectionPool.idleTimeout = .seconds(60)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .shared(eventLoopGroup), configuration: configuration)
        if choice == .automatic, let address = PlainHTTPClient.Address(url: config.url) {
            transport = PlainHTTPClient(
                address: address, group: eventLoopGroup, connectTimeout: config.timeouts.connect, maxIdlePerLoop: max(8, config.capacity))
        } else {
            transport = AsyncHTTPClientTransport(client: client, baseURL: config.url)
        }
    }

    /// The backend's name.
    public var name: String { config.name }

    /// The circuit breaker's state name (`closed`, `open`, `half_open`).
    public var circuitState: String { breaker.withLock { $0.stateName } }

    /// What the last health check found.
    public var reachability: Reachability { lastProbe.withLock { $0 } }

    /// Whether the last health probe failed.
    public var isKnownUnreachable: Bool {
        if case .unreachable = reachability { true } else { false }
    }

    /// The load it last published, if it publishes one.
    public var load: BackendLoad? { lastLoad.withLock { $0 } }

    /// How loaded it is now (lower is less), when it published a load within `freshness`: its
    /// published load plus the share of its slots this gateway holds, which moves between reads.
    public func loadScore(freshness: Duration, now: ContinuousClock.Instant = .now) -> Double? {
        guard let load, now - load.readAt <= freshness else { return nil }
        return load.score(capacity: config.capacity) + Double(scheduler.inUse) / Double(max(1, config.capacity))
    }

    /// Where it publishes its load: vLLM serves `/metrics` at the server's root, beside `/v1`.
    public var loadURL: String? {
        guard config.load == .vllm else { return nil }
        let root = config.url.hasSuffix("/v1") ? String(config.url.dropLast(3)) : config.url
        return root + "/metrics"
    }

    /// Whether this backend can serve `operation` at all (Anthropic has no embeddings).
    public func supports(_ operation: UpstreamRequest.Operation) -> Bool {
        config.kind == .openai || operation == .chatCompletions
    }

    /// Decides whether a request may go now.
    public func admit(now: ContinuousClock.Instant = .now) -> Admission {
        if let until = cooldownUntil.withLock({ $0 }), now < until {
            return .coolingDown(remaining: until - now)
        }
        switch breaker.withLock({ $0.claim(now: now) }) {
        case .refused: return .circuitOpen
        case .allowed: return .admitted(isProbe: false)
        case .probe: return .admitted(isProbe: true)
        }
    }

    /// Records what a request learned about the backend: nil for a success. `isProbe` says
    /// whether the request held the half-open probe, which only its own outcome may release.
    public func record(_ failure: UpstreamFailure?, isProbe: Bool, now: ContinuousClock.Instant = .now) {
        guard let failure else {
            breaker.withLock { $0.recordSuccess() }
            return
        }
        switch failure.kind {
        case .status(429):
            cooldownUntil.withLock { $0 = now + min(failure.retryAfter ?? .seconds(1), RetryAfter.maximum) }
            if isProbe { returnUnusedAdmission() }
        case _ where failure.countsAgainstBackend:
            breaker.withLock { $0.recordFailure(now: now) }
        case .status, .tooLarge:
            // The backend answered: it is alive.
            breaker.withLock { $0.recordSuccess() }
        default:
            // Cancelled or never sent: nothing was learned.
            if isProbe { returnUnusedAdmission() }
        }
    }

    /// Gives back a probe admission that was not used (e.g. no capacity was free).
    public func returnUnusedAdmission() {
        breaker.withLock { $0.releaseUnusedProbe() }
    }

    /// Stores a health check result.
    func setReachability(_ reachability: Reachability) {
        lastProbe.withLock { $0 = reachability }
    }

    /// Stores a load reading (nil when it could not be read).
    func setLoad(_ load: BackendLoad?) {
        lastLoad.withLock { $0 = load }
    }

    /// Closes the connection pools.
    public func shutdown() async {
        await transport.shutdown()
        try? await client.shutdown()
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : scaled + attoseconds / 1_000_000_000
    }
}
