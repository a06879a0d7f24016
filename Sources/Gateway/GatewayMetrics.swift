import Checks
import Audit
import Backends
import Plugins
import Prometheus
import Synchronization

/// The gateway's Prometheus metrics, kept in memory and rendered for `GET /metrics`.
///
/// Counters and histograms are updated as exchanges finish; gauges that describe current state
/// (backend health, circuits, queues, the audit backlog) are read when the metrics are scraped.
public final class GatewayMetrics: Sendable {
    /// The handles every finished exchange updates, resolved once per label set (labels are
    /// configured names only, so the table is bounded by the configuration).
    private struct ExchangeSeries: Sendable {
        let requests: Counter
        let duration: DurationHistogram
        let overhead: DurationHistogram
        let tokensIn: Counter
        let tokensOut: Counter
    }

    private struct AttemptKey: Hashable {
        var backend: String
        var outcome: String
    }

    private struct PrivacyKey: Hashable {
        var level: Int
        var masked: Bool
    }

    private struct SeriesKey: Hashable {
        var tenant: String
        var model: String
        var backend: String
        var status: Int
    }

    private let registry = PrometheusCollectorRegistry()
    private let inFlight: Gauge
    private let auditLag: DurationHistogram
    private let exchangeSeries = Mutex<[SeriesKey: ExchangeSeries]>([:])
    private let attemptSeries = Mutex<[AttemptKey: DurationHistogram]>([:])
    private let privacySeries = Mutex<[PrivacyKey: Counter]>([:])
    private let queueWaitSeries = Mutex<[String: DurationHistogram]>([:])
    private let firstTokenSeries = Mutex<[String: DurationHistogram]>([:])
    /// Every tenant and backend pair whose queue depth was ever published, so that an emptied
    /// queue reads 0 rather than its last depth.
    private let publishedQueues = Mutex<Set<[String]>>([])

    private static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120),
    ]
    private static let overheadBuckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
    ]

    /// Creates the metrics.
    public init() {
        inFlight = registry.makeGauge(descriptor: Self.name("in_flight", "requests", "Model calls being served now."))
        auditLag = registry.makeDurationHistogram(
            descriptor: Self.name("audit_write_lag", "seconds", "Time from an audit append to its durable commit."), labels: [],
            buckets: Self.overheadBuckets + [.milliseconds(250), .seconds(1)])
    }

    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "switchboard", metricName: metric, unitName: unit, helpText: help)
    }

    /// Notes plugin calls: by plugin and outcome, with their durations.
    public func toolCallsFinished(_ calls: [AuditToolCall]) {
        for call in calls {
            let plugin = Self.pluginLabel(call)
            registry.makeCounter(
                descriptor: Self.name("tool_calls", "total", "Plugin calls, by plugin and outcome (ok, pending_approval, or the error kind)."),
                labels: [("plugin", plugin), ("outcome", call.outcome)]
            ).increment()
            registry.makeDurationHistogram(
                descriptor: Self.name("tool_call_duration", "seconds", "Plugin call time, by plugin."), labels: [("plugin", plugin)],
                buckets: Self.latencyBuckets
            ).record(.microseconds(call.micros))
        }
    }

    /// Notes what the quality checks found: figures by status (the grounding rate is grounded
    /// and derived over all), rail hits by rule and category, and answers by verdict.
    func qualityChecked(_ report: QualityReport, scenario: String) {
        for figure in report.grounding?.figures ?? [] {
            registry.makeCounter(
                descriptor: Self.name("grounding_figures", "total", "Figures in checked answers, by scenario and status (grounded, derived, stale, ungrounded)."),
                labels: [("scenario", scenario), ("status", figure.status.rawValue)]
            ).increment()
        }
        for hit in report.rails.hits {
            registry.makeCounter(
                descriptor: Self.name("rail_hits", "total", "Compliance rail hits, by scenario, rule and category."),
                labels: [("scenario", scenario), ("rule", hit.rule), ("category", hit.category)]
            ).increment()
        }
        registry.makeCounter(
            descriptor: Self.name("checked_answers", "total", "Answers the quality checks saw, by scenario and verdict (pass, flag, block)."),
            labels: [("scenario", scenario), ("verdict", report.blocks ? "block" : report.rails.verdict.rawValue)]
        ).increment()
    }

    /// Notes an audited event that is not an exchange: approval decisions and MCP plugin calls.
    public func eventRecorded(_ event: AuditEvent) {
        if event.operation.hasPrefix("approvals/") {
            registry.makeCounter(
                descriptor: Self.name("approval_decisions", "total", "Approval decisions, by decision."),
                labels: [("decision", String(event.operation.dropFirst("approvals/".count)))]
            ).increment()
        }
        toolCallsFinished(event.toolCall.map { [$0] } ?? [])
    }

    /// Notes a model call that started.
    public func requestStarted() {
        inFlight.increment()
    }

    /// Records a finished exchange (and that it is no longer in flight).
    public func requestFinished(_ exchange: Exchange) {
        inFlight.decrement()
        let finished = exchange.finishedAt ?? .now
        let total = finished - exchange.startedAt
        let upstream = exchange.upstreamTime
        let tenant = exchange.caller?.tenant ?? ""
        let model = Self.modelLabel(exchange)
        let backend = exchange.servedBy?.name ?? ""
        let series = series(for: SeriesKey(tenant: tenant, model: model, backend: backend, status: exchange.status))
        series.requests.increment()
        series.duration.record(total)
        series.overhead.record(max(.zero, total - upstream))
        for attempt in exchange.attempts {
            Self.handle(in: attemptSeries, for: AttemptKey(backend: attempt.backend, outcome: attempt.outcome)) {
                registry.makeDurationHistogram(
                    descriptor: Self.name("upstream_duration", "seconds", "Time per upstream attempt, until the answer (or its first event) arrived."),
                    labels: [("backend", attempt.backend), ("outcome", attempt.outcome)], buckets: Self.latencyBuckets)
            }.record(attempt.duration)
        }
        if exchange.request?.stream == true, let firstByte = exchange.firstByteAt {
            Self.handle(in: firstTokenSeries, for: model) {
                registry.makeDurationHistogram(
                    descriptor: Self.name("time_to_first_token", "seconds", "For streams: from request to the first event sent to the app."),
                    labels: [("model", model)], buckets: Self.latencyBuckets)
            }.record(firstByte - exchange.startedAt)
        }
        // Read where they lie: binding the privacy state (`if let`) would copy all of it.
        if exchange.privacy != nil {
            let level = exchange.privacy!.decision.level.rawValue, masked = exchange.privacy!.sentMasked
            Self.handle(in: privacySeries, for: PrivacyKey(level: level, masked: masked)) {
                registry.makeCounter(
                    descriptor: Self.name("privacy_requests", "total", "Inspected model calls by data level and whether they were sent masked."),
                    labels: [("level", String(level)), ("masked", masked ? "true" : "false")])
            }.increment()
            let entities = Self.name("privacy_entities", "total", "Sensitive values found in requests, by type (counts only).")
            for (type, count) in exchange.privacy!.entityCounts {
                registry.makeCounter(descriptor: entities, labels: [("type", type.rawValue)]).increment(by: Int64(count))
            }
            let invented = exchange.privacy!.invented
            if invented > 0 {
                registry.makeCounter(
                    descriptor: Self.name("privacy_invented_pseudonyms", "total", "Pseudonym-shaped text in answers that was never issued (left alone)."),
                    labels: []
                ).increment(by: Int64(invented))
            }
        }
        toolCallsFinished(exchange.toolCalls)
        if let quality = exchange.quality { qualityChecked(quality, scenario: exchange.scenario?.name ?? "") }
        if exchange.answeredByIntent {
            registry.makeCounter(
                descriptor: Self.name("direct_answers", "total", "Questions answered by an intent, without a model."), labels: [("scenario", exchange.scenario?.name ?? "")]
            ).increment()
        }
        if let usage = exchange.usage {
            series.tokensIn.increment(by: Int64(usage.promptTokens))
            series.tokensOut.increment(by: Int64(usage.completionTokens))
        }
        if let tenant = exchange.tenant, exchange.dispatchedCalls > 0 || exchange.queueWait > .zero {
            Self.handle(in: queueWaitSeries, for: tenant.name) {
                registry.makeDurationHistogram(
                    descriptor: Self.name("queue_wait", "seconds", "Time a request waited for backend slots, by tenant."), labels: [("tenant", tenant.name)],
                    buckets: Self.latencyBuckets)
            }.record(exchange.queueWait)
        }
        if exchange.status == 429 || exchange.status == 403, let code = exchange.errorCode, ["quota_exceeded", "tenant_suspended", "queue_full", "capacity_exhausted"].contains(code) {
            registry.makeCounter(
                descriptor: Self.name("admission_refusals", "total", "Requests refused by a quota, a suspension or a full queue, by tenant and code."),
                labels: [("tenant", exchange.tenant?.name ?? exchange.caller?.tenant ?? ""), ("code", code)]
            ).increment()
        }
    }

    /// The handles for `key`, made the first time it is seen.
    private func series(for key: SeriesKey) -> ExchangeSeries {
        Self.handle(in: exchangeSeries, for: key) {
            let tokens = Self.name("tokens", "total", "Tokens reported by backends, by direction.")
            return ExchangeSeries(
                requests: registry.makeCounter(
                    descriptor: Self.name("requests", "total", "Model calls by tenant, model alias, backend and HTTP status."),
                    labels: [("tenant", key.tenant), ("model", key.model), ("backend", key.backend), ("status", String(key.status))]),
                duration: registry.makeDurationHistogram(
                    descriptor: Self.name("request_duration", "seconds", "Whole exchange time, from request to last byte."), labels: [("model", key.model)],
                    buckets: Self.latencyBuckets),
                overhead: registry.makeDurationHistogram(
                    descriptor: Self.name("gateway_overhead", "seconds", "Time spent in the gateway itself (exchange time minus upstream time)."),
                    labels: [("model", key.model)], buckets: Self.overheadBuckets),
                tokensIn: registry.makeCounter(descriptor: tokens, labels: [("tenant", key.tenant), ("model", key.model), ("direction", "in")]),
                tokensOut: registry.makeCounter(descriptor: tokens, labels: [("tenant", key.tenant), ("model", key.model), ("direction", "out")]))
        }
    }

    /// The handle for `key` in `table`, made by `make` the first time the key is seen (labels
    /// are configured names and bounded codes only, so every table is bounded).
    private static func handle<Key: Hashable & Sendable, Handle: Sendable>(in table: borrowing Mutex<[Key: Handle]>, for key: Key, make: () -> Handle) -> Handle {
        if let known = table.withLock({ $0[key] }) { return known }
        let made = make()
        return table.withLock { table in
            if let raced = table[key] { return raced }
            table[key] = made
            return made
        }
    }

    /// The alias a finished exchange is counted under: a configured alias (or the intents'
    /// model) only, never a name the app sent that matched nothing, so that no request can add
    /// a series. Unresolved requests are counted under "".
    static func modelLabel(_ exchange: Exchange) -> String {
        if let model = exchange.model { return model.alias }
        return exchange.answeredByIntent ? ScenarioStage.directModel : ""
    }

    /// The plugin a call is counted under: its name when it named a plugin of the gateway, and
    /// `unknown` for a name the model made up, so that no model output can add a series.
    static func pluginLabel(_ call: AuditToolCall) -> String {
        call.outcome == PluginError.Kind.unknownPlugin.rawValue ? "unknown" : call.name
    }

    /// Records how long a batch of audit records waited to become durable.
    public func auditCommitted(oldestWait: Duration) {
        auditLag.record(oldestWait)
    }

    /// The Prometheus text exposition, with current backend and audit state.
    public func render(pool: BackendPool, auditPending: Int) -> [UInt8] {
        for backend in pool.backends {
            let labels = [("backend", backend.name), ("zone", backend.config.zone.rawValue)]
            registry.makeGauge(descriptor: Self.name("backend_up", "bool", "1 when the last health check reached the backend."), labels: labels)
                .set(to: backend.reachability == .reachable ? 1 : 0)
            let circuit: Double =
                switch backend.circuitState {
                case "closed": 0
                case "half_open": 1
                default: 2
                }
            registry.makeGauge(descriptor: Self.name("backend_circuit", "state", "Circuit breaker: 0 closed, 1 half-open, 2 open."), labels: labels)
                .set(to: circuit)
            registry.makeGauge(descriptor: Self.name("backend_in_use", "requests", "Requests holding a backend slot."), labels: labels)
                .set(to: Double(backend.scheduler.inUse))
            registry.makeGauge(descriptor: Self.name("backend_queued", "requests", "Requests waiting for a backend slot."), labels: labels)
                .set(to: Double(backend.scheduler.waiting))
            let waiting = backend.scheduler.waitingByTenant
            let known = publishedQueues.withLock { published in
                for tenant in waiting.keys { published.insert([tenant, backend.name]) }
                return published.filter { $0[1] == backend.name }.map { $0[0] }
            }
            for tenant in known {
                registry.makeGauge(
                    descriptor: Self.name("tenant_queued", "requests", "Requests waiting for a backend slot, by tenant and backend."),
                    labels: [("tenant", tenant), ("backend", backend.name)]
                ).set(to: Double(waiting[tenant] ?? 0))
            }
        }
        registry.makeGauge(descriptor: Self.name("audit_pending", "records", "Audit records waiting to be committed."))
            .set(to: Double(auditPending))
        return registry.emitToBuffer()
    }
}
