/// Which wire protocol a backend speaks.
public enum BackendKind: String, Sendable, Equatable, CaseIterable {
    /// Anything OpenAI-compatible: vLLM, SGLang, Ollama, llama.cpp, MindIE, DeepSeek, Qwen, OpenAI…
    case openai
    /// Anthropic's Messages API, translated both ways.
    case anthropic
}

/// Where a backend runs, which decides what data it may see.
public enum Zone: String, Sendable, Equatable, CaseIterable {
    /// Deployed inside the institution.
    case `private`
    /// A public cloud model service (MaaS).
    case `public`
}

/// How long each phase of a call to a backend may take.
public struct BackendTimeouts: Sendable, Equatable {
    /// Establishing the TCP (and TLS) connection.
    public var connect: Duration
    /// From sending the request to the first byte of the response body.
    public var firstByte: Duration
    /// The longest silence between two chunks of a response body.
    public var idle: Duration
    /// The whole call, from sending the request to the last byte.
    public var total: Duration

    /// The defaults used when a key is absent.
    public static let defaults = BackendTimeouts(connect: .seconds(5), firstByte: .seconds(60), idle: .seconds(30), total: .seconds(600))

    /// Creates timeouts.
    public init(connect: Duration, firstByte: Duration, idle: Duration, total: Duration) {
        self.connect = connect
        self.firstByte = firstByte
        self.idle = idle
        self.total = total
    }
}

/// When a backend's circuit breaker opens and for how long.
public struct CircuitBreakerSettings: Sendable, Equatable {
    /// Consecutive failures that open the circuit.
    public var failureThreshold: Int
    /// How long the circuit stays open before one probe request is let through.
    public var openDuration: Duration

    /// The defaults used when a key is absent.
    public static let defaults = CircuitBreakerSettings(failureThreshold: 5, openDuration: .seconds(10))

    /// Creates settings.
    public init(failureThreshold: Int, openDuration: Duration) {
        self.failureThreshold = failureThreshold
        self.openDuration = openDuration
    }
}

/// Where a backend publishes its own load, for load-aware routing.
public enum LoadSource: String, Sendable, Equatable, CaseIterable {
    /// It does not (the default).
    case none
    /// vLLM's Prometheus `/metrics`: requests waiting and running, KV-cache use.
    case vllm
}

/// One model backend: a server that answers chat completions.
public struct BackendConfig: Sendable, Equatable {
    /// The region a backend is in unless configured, and the one the built-in policy keeps
    /// personal information of level 3 and above to: mainland China.
    public static let homeRegion = "CN"

    /// Unique name, used by model targets and in logs.
    public var name: String
    /// Its wire protocol.
    public var kind: BackendKind
    /// Base URL, e.g. `http://gpu-1:8000/v1` (OpenAI) or `https://api.anthropic.com` (Anthropic).
    public var url: String
    /// Its zone.
    public var zone: Zone
    /// The country or area where it runs and its data is processed: an ISO 3166-1 alpha-2
    /// code (`CN`, `HK`, `SG`, `US`); `CN` unless configured.
    public var region: String
    /// Concurrent requests it may be sent.
    public var capacity: Int
    /// Bearer key (OpenAI) or `x-api-key` (Anthropic), if it needs one.
    public var apiKey: String?
    /// The model name sent upstream when a target names none; nil sends the alias.
    public var model: String?
    /// Timeouts per phase.
    public var timeouts: BackendTimeouts
    /// Circuit breaker thresholds.
    public var circuitBreaker: CircuitBreakerSettings
    /// Extra headers sent with every request.
    public var headers: [String: String]
    /// Whether a streamed chat request the app sent without `stream_options.include_usage` is
    /// sent to this (OpenAI-compatible) backend with it, so the exchange's tokens are known;
    /// the usage chunk is then kept from the app. Off for a backend that rejects the field.
    public var streamUsage: Bool
    /// The member tenant that lent the backend to the pool, credited with its usage.
    public var lentBy: String?
    /// Where it publishes its load.
    public var load: LoadSource

    /// Creates a backend configuration.
    public init(
        name: String, kind: BackendKind, url: String, zone: Zone, capacity: Int = 16, apiKey: String? = nil,
        model: String? = nil, timeouts: BackendTimeouts = .defaults, circuitBreaker: CircuitBreakerSettings = .defaults,
        headers: [String: String] = [:], streamUsage: Bool = true, region: String = BackendConfig.homeRegion,
        lentBy: String? = nil, load: LoadSource = .none
    ) {
        self.name = name
        self.kind = kind
        self.url = url
        self.zone = zone
        self.region = region
        self.capacity = capacity
        self.apiKey = apiKey
        self.model = model
        self.timeouts = timeouts
        self.circuitBreaker = circuitBreaker
        self.headers = headers
        self.streamUsage = streamUsage
        self.lentBy = lentBy
        self.load = load
    }
}
