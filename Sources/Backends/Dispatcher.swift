import Config
import Logging
import Timers

/// Finds a backend that answers a request: walks the alias's targets in planned order (the
/// least loaded first among those that publish their load), leaving out backends whose last
/// health probe failed, skipping open circuits and backends cooling down after a 429, retrying
/// on connection failures, timeouts before the first byte, 5xx and 429, and waiting (fairly,
/// per tenant) for capacity when every target is busy.
public struct Dispatcher: Upstream {
    private let pool: BackendPool
    private let planner = TargetPlanner()
    private let queueTimeout: Duration
    private let maxResponseBytes: Int
    private let loadFreshness: Duration

    /// Creates a dispatcher over `pool`; a published load older than `loadFreshness` is ignored.
    public init(pool: BackendPool, queueTimeout: Duration, maxResponseBytes: Int, loadFreshness: Duration = .seconds(30)) {
        self.pool = pool
        self.queueTimeout = queueTimeout
        self.maxResponseBytes = maxResponseBytes
        self.loadFreshness = loadFreshness
    }

    /// Dispatches `request` for the alias `model`.
    public func dispatch(_ request: UpstreamRequest, model: ModelConfig) async throws(DispatchFailure) -> DispatchedAnswer {
        var generator = SystemRandomNumberGenerator()
        let allPlanned = planner.plan(for: model, using: &generator).compactMap { target -> (Backend, ModelTarget)? in
            guard let backend = pool.backend(named: target.backend), backend.supports(request.operation) else { return nil }
            return (backend, target)
        }
        let allowed = allPlanned.filter { request.allows($0.0.config) }
        // A backend whose last health probe failed is out of rotation until a probe reaches it.
        let plan = Self.leastLoadedFirst(allowed.filter { !$0.0.isKnownUnreachable }, freshness: loadFreshness)
        if plan.isEmpty, !allowed.isEmpty {
            let down = allowed.map { backend, _ in "\(backend.name) (\(backend.reachability.reason))" }.joined(separator: ", ")
            let reason = "every target failed its last health probe: \(down)"
            throw DispatchFailure(kind: allowed.count < allPlanned.count ? .noAllowedBackend("\(request.zoneReason): \(reason)") : .noBackendAvailable(reason), attempts: [])
        }
        if plan.isEmpty, !allPlanned.isEmpty, request.allowedZones != nil || request.allowedRegions != nil {
            let excluded = allPlanned.map { "\($0.0.name) (\($0.0.config.zone.rawValue), \($0.0.config.region))" }.joined(separator: ", ")
            throw DispatchFailure(
                kind: .noAllowedBackend("\(request.zoneReason) allows only \(request.allowedPlaces); '\(model.alias)' has no backend there: \(excluded)"),
                attempts: [])
        }
        guard !plan.isEmpty else {
            let failure = UpstreamFailure(
                backend: model.targets.map(\.backend).joined(separator: ", "), kind: .unsupported,
                message: "no target of '\(model.alias)' serves \(request.operation.rawValue)")
            throw DispatchFailure(kind: .upstream(failure), attempts: [])
        }
        do {
            return try await dispatch(request, model: model, plan: plan, restricted: plan.count < allPlanned.count)
        } catch {
            // Under a zone restriction, allowed backends that are down mean no allowed backend:
            // the request is never retried elsewhere.
            if plan.count < allPlanned.count, case .upstream(let failure) = error.kind, failure.isRetryable {
                throw DispatchFailure(
                    kind: .noAllowedBackend("\(request.zoneReason): no backend in an allowed zone is healthy (last: \(failure.description))"),
                    attempts: error.attempts)
            }
            throw error
        }
    }

    private func dispatch(
        _ request: UpstreamRequest, model: ModelConfig, plan: [(Backend, ModelTarget)], restricted: Bool
    ) async throws(DispatchFailure) -> DispatchedAnswer {
        var attempts: [AttemptRecord] = []
        var lastFailure: UpstreamFailure?
        var idleRounds = 0
        var queueWait = Duration.zero
        while attempts.count < model.maxAttempts {
            var attemptedThisRound = false
            var busy: [(Backend, ModelTarget)] = []
            var soonestCooldown: Duration?
            var openCircuits: [String] = []
            for (backend, target) in plan where attempts.count < model.maxAttempts {
                let isProbe: Bool
                switch backend.admit() {
                case .circuitOpen:
                    openCircuits.append(backend.name)
                    continue
                case .coolingDown(let remaining):
                    soonestCooldown = min(soonestCooldown ?? remaining, remaining)
                    continue
                case .admitted(let probe):
                    isProbe = probe
                }
                guard backend.scheduler.tryAdmit(request.ticket) else {
                    if isProbe { backend.returnUnusedAdmission() }
                    busy.append((backend, target))
                    continue
                }
                attemptedThisRound = true
                let lease = BackendLease(backend: backend, isProbe: isProbe)
                switch await attempt(request, on: backend, target: target, model: model, lease: lease, attempts: &attempts) {
                case .success(let dispatched): return dispatched
                case .failure(let failure):
                    lastFailure = failure
                    if !failure.isRetryable {
                        throw DispatchFailure(kind: .upstream(failure), attempts: attempts)
                    }
                }
            }
            if attemptedThisRound { continue }
            idleRounds += 1
            if let (backend, target) = busy.first, idleRounds <= 2 {
                let queuedAt = ContinuousClock.now
                do {
                    try await backend.scheduler.admit(request.ticket, timeout: queueTimeout)
                } catch {
                    var failure: DispatchFailure
                    switch error {
                    case .cancelled:
                        failure = DispatchFailure(kind: .upstream(UpstreamFailure(backend: backend.name, kind: .cancelled, message: "cancelled while queued")), attempts: attempts)
                    case .queueFull(let waiting):
                        failure = DispatchFailure(kind: .queueFull(backend: backend.name, waiting: waiting), attempts: attempts)
                    case .timedOut:
                        failure = DispatchFailure(kind: .capacityExhausted, attempts: attempts)
                    }
                    failure.queueWait = .now - queuedAt
                    throw failure
                }
                queueWait += .now - queuedAt
                guard case .admitted(let isProbe) = backend.admit() else {
                    backend.scheduler.release()
                    continue
                }
                let lease = BackendLease(backend: backend, isProbe: isProbe)
                switch await attempt(request, on: backend, target: target, model: model, lease: lease, attempts: &attempts) {
                case .success(var dispatched):
                    dispatched.queueWait = queueWait
                    return dispatched
                case .failure(let failure):
                    lastFailure = failure
                    if !failure.isRetryable {
                        throw DispatchFailure(kind: .upstream(failure), attempts: attempts)
                    }
                }
                continue
            }
            if let soonestCooldown, soonestCooldown <= model.maxRetryAfter, idleRounds <= 2 {
                do {
                    try await Sleeper.sleep(for: soonestCooldown)
                } catch {
                    throw DispatchFailure(kind: .upstream(UpstreamFailure(backend: "", kind: .cancelled, message: "cancelled while waiting out Retry-After")), attempts: attempts)
                }
                continue
            }
            if let lastFailure {
                throw DispatchFailure(kind: .upstream(lastFailure), attempts: attempts)
            }
            if !busy.isEmpty, openCircuits.isEmpty, soonestCooldown == nil {
                throw DispatchFailure(kind: .capacityExhausted, attempts: attempts)
            }
            var reasons: [String] = []
            if !openCircuits.isEmpty { reasons.append("circuit open for \(openCircuits.joined(separator: ", "))") }
            if let soonestCooldown { reasons.append("rate limited by the backend for another \(soonestCooldown)") }
            if !busy.isEmpty { reasons.append("\(busy.map(\.0.name).joined(separator: ", ")) at capacity") }
            if restricted {
                throw DispatchFailure(
                    kind: .noAllowedBackend("\(request.zoneReason): no backend in an allowed zone is available (\(reasons.joined(separator: "; ")))"),
                    attempts: attempts)
            }
            throw DispatchFailure(kind: .noBackendAvailable(reasons.joined(separator: "; ")), attempts: attempts)
        }
        throw DispatchFailure(
            kind: .upstream(lastFailure ?? UpstreamFailure(backend: "", kind: .connection, message: "no attempt was made")), attempts: attempts)
    }

    /// `plan` with the targets that published a fresh load first, least loaded first, then the
    /// rest in their planned order.
    static func leastLoadedFirst(_ plan: [(Backend, ModelTarget)], freshness: Duration) -> [(Backend, ModelTarget)] {
        let scored = plan.enumerated().compactMap { index, entry in entry.0.loadScore(freshness: freshness).map { (index, $0) } }
        guard !scored.isEmpty else { return plan }
        let ordered = scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map { plan[$0.0] }
        let unscored = Set(0..<plan.count).subtracting(scored.map(\.0)).sorted().map { plan[$0] }
        return ordered + unscored
    }

    private enum AttemptResult {
        case success(DispatchedAnswer)
        case failure(UpstreamFailure)
    }

    /// One attempt on a backend whose slot `lease` holds.
    private func attempt(
        _ request: UpstreamRequest, on backend: Backend, target: ModelTarget, model: ModelConfig, lease: BackendLease, attempts: inout [AttemptRecord]
    ) async -> AttemptResult {
        let started = ContinuousClock.now
        let upstreamModel = target.model ?? backend.config.model ?? model.alias
        do {
            let answer = try await backend.send(request, upstreamModel: upstreamModel, maxResponseBytes: maxResponseBytes, lease: lease)
            attempts.append(AttemptRecord(backend: backend.name, outcome: "ok", duration: .now - started))
            switch answer {
            case .complete: lease.end(with: nil)
            case .stream: lease.markServing()
            }
            return .success(DispatchedAnswer(answer: answer, backend: backend.name, zone: backend.config.zone, upstreamModel: upstreamModel, attempts: attempts))
        } catch {
            attempts.append(AttemptRecord(backend: backend.name, outcome: error.label, duration: .now - started))
            lease.end(with: error)
            return .failure(error)
        }
    }
}
