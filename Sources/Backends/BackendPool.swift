import AsyncHTTPClient
import Config
import Logging
import NIOCore

/// All configured backends, each with its own connection pool, and their health checks.
public final class BackendPool: Sendable {
    /// The backends in configuration order.
    public let backends: [Backend]
    private let byName: [String: Backend]

    /// Creates a backend for each configuration; `batchShare` is the least fraction of a
    /// contended backend's slots batch work gets.
    public init(configs: [BackendConfig], batchShare: Double = 0.1, eventLoopGroup: any EventLoopGroup = HTTPClient.defaultEventLoopGroup) {
        backends = configs.map { Backend(config: $0, eventLoopGroup: eventLoopGroup, batchShare: batchShare) }
        byName = Dictionary(backends.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The backend with this name.
    public func backend(named name: String) -> Backend? {
        byName[name]
    }

    /// Whether at least one backend answered its last health check.
    public var anyReachable: Bool {
        backends.contains { $0.reachability == .reachable }
    }

    /// Probes every backend once, concurrently.
    public func probeAll(logger: Logger) async {
        await withTaskGroup(of: Void.self) { group in
            for backend in backends {
                group.addTask { await HealthProbe(backend: backend).run(logger: logger) }
            }
        }
    }

    /// Probes every backend every `interval` until the task is cancelled.
    public func runHealthChecks(every interval: Duration, logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            await probeAll(logger: logger)
        }
    }

    /// Closes every connection pool.
    public func shutdown() async {
        for backend in backends {
            await backend.shutdown()
        }
    }
}
