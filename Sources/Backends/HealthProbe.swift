import AsyncHTTPClient
import Logging
import NIOCore

/// Checks whether a backend can be reached: any HTTP answer to `GET …/models` counts (even
/// 401 or 404, which prove a server is there); a connection failure or timeout does not.
struct HealthProbe {
    let backend: Backend

    func run(logger: Logger) async {
        let config = backend.config
        var request = HTTPClientRequest(url: config.kind == .anthropic ? "\(config.url)/v1/models" : "\(config.url)/models")
        request.method = .GET
        if let apiKey = config.apiKey, !apiKey.isEmpty {
            switch config.kind {
            case .openai: request.headers.add(name: "authorization", value: "Bearer \(apiKey)")
            case .anthropic:
                request.headers.add(name: "x-api-key", value: apiKey)
                request.headers.add(name: "anthropic-version", value: "2023-06-01")
            }
        }
        let previous = backend.reachability
        let now: Backend.Reachability
        do {
            let response = try await backend.client.execute(request, timeout: .nanoseconds((config.timeouts.connect + .seconds(5)).nanoseconds))
            _ = try? await response.body.collect(upTo: 1 << 20)
            now = .reachable
        } catch {
            let reason = (error as? HTTPClientError)?.shortDescription ?? String(describing: error)
            now = .unreachable(reason)
        }
        backend.setReachability(now)
        if now == .reachable, let url = backend.loadURL {
            await readLoad(url, logger: logger)
        } else {
            backend.setLoad(nil)
        }
        guard now != previous else { return }
        switch now {
        case .reachable:
            logger.info("backend reachable", metadata: ["backend": "\(config.name)", "url": "\(config.url)", "zone": "\(config.zone.rawValue)"])
        case .unreachable(let reason):
            logger.warning("backend unreachable", metadata: ["backend": "\(config.name)", "url": "\(config.url)", "zone": "\(config.zone.rawValue)", "reason": "\(reason)"])
        case .unknown:
            break
        }
    }

    /// Reads the load the backend publishes; an unreadable load is dropped, so routing falls
    /// back to the alias's own order rather than trusting an old reading.
    private func readLoad(_ url: String, logger: Logger) async {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        var load: BackendLoad?
        do {
            let response = try await backend.client.execute(request, timeout: .nanoseconds((backend.config.timeouts.connect + .seconds(5)).nanoseconds))
            let body = try await response.body.collect(upTo: 4 << 20)
            if response.status == .ok { load = BackendLoad.parse(vllmMetrics: Substring(String(buffer: body)), at: .now) }
        } catch {
            load = nil
        }
        if load == nil, backend.load != nil {
            logger.warning("backend load unreadable", metadata: ["backend": "\(backend.name)", "url": "\(url)"])
        }
        backend.setLoad(load)
    }
}
