/// The load a backend published about itself (vLLM's `/metrics`), when it was read.
public struct BackendLoad: Sendable, Equatable {
    /// Requests waiting in the backend's own queue.
    public var waiting: Double
    /// Requests it is running.
    public var running: Double
    /// The fraction of its KV cache in use (0 to 1).
    public var kvCacheUsage: Double
    /// When it was read.
    public var readAt: ContinuousClock.Instant

    /// Creates a load reading.
    public init(waiting: Double, running: Double, kvCacheUsage: Double, readAt: ContinuousClock.Instant) {
        self.waiting = waiting
        self.running = running
        self.kvCacheUsage = kvCacheUsage
        self.readAt = readAt
    }

    /// How loaded the backend is for one of `capacity` slots: its running and (doubly weighted)
    /// waiting requests per slot, plus its KV-cache use. Lower is less loaded.
    public func score(capacity: Int) -> Double {
        (running + 2 * waiting) / Double(max(1, capacity)) + kvCacheUsage
    }

    /// The load in a Prometheus text exposition of vLLM's metrics, summed over its series
    /// (one per served model); nil when it has neither request gauge.
    public static func parse(vllmMetrics text: Substring, at instant: ContinuousClock.Instant) -> BackendLoad? {
        var waiting: Double?
        var running: Double?
        var kvCache: Double?
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) where !line.hasPrefix("#") {
            // `name{labels} value [timestamp]`; label values may hold spaces, so the value
            // follows the closing brace when there is one.
            let name: Substring
            let rest: Substring
            if let brace = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}") {
                name = line[..<brace]
                rest = line[line.index(after: close)...]
            } else if let space = line.firstIndex(of: " ") {
                name = line[..<space]
                rest = line[space...]
            } else {
                continue
            }
            guard let valueText = rest.split(separator: " ").first, let value = Double(valueText), value.isFinite else { continue }
            switch name {
            case "vllm:num_requests_waiting": waiting = (waiting ?? 0) + value
            case "vllm:num_requests_running": running = (running ?? 0) + value
            // Newer vLLM names it kv_cache_usage_perc, older releases gpu_cache_usage_perc.
            case "vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc": kvCache = max(kvCache ?? 0, value)
            default: continue
            }
        }
        guard waiting != nil || running != nil else { return nil }
        return BackendLoad(waiting: waiting ?? 0, running: running ?? 0, kvCacheUsage: min(1, max(0, kvCache ?? 0)), readAt: instant)
    }
}
