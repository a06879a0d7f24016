import Backends
import Foundation
import Gateway

/// The overview: this instance's traffic over a chosen window, with the backends and queues as they are now.
struct OverviewPage: Sendable {
    let gateway: Gateway
    let format: ConsoleFormat

    /// The windows one may choose, and how many periods each chart splits it into.
    static let windows: [(value: String, duration: Duration, slots: Int)] = [
        ("15m", .seconds(15 * 60), 15), ("1h", .seconds(3600), 30), ("6h", .seconds(6 * 3600), 36), ("24h", .seconds(24 * 3600), 48),
    ]

    func render(_ visit: ConsoleVisit, now: Date = Date()) -> ConsoleOutcome {
        let chosen = Self.windows.first { $0.value == visit.parameter("window") } ?? Self.windows[1]
        let series = gateway.traffic.series(window: chosen.duration, slots: chosen.slots, now: now)
        let total = series.total
        let currency = gateway.config.pool.currency
        let labels = series.slotStarts.map(format.clock)
        var context: [String: Any] = [:]
        context["windows"] = Self.windows.map { window in
            ["value": window.value, "label": visit.text("window_\(window.value)"), "active": window.value == chosen.value] as [String: Any]
        }
        context["kpis"] = [
            "requests": ConsoleFormat.count(total.requests),
            "errors": "\(ConsoleFormat.count(total.errors)) (\(ConsoleFormat.share(total.errors, of: total.requests)))",
            "gatewayP50": ConsoleFormat.milliseconds(total.gateway.percentile(0.5)), "gatewayP95": ConsoleFormat.milliseconds(total.gateway.percentile(0.95)),
            "upstreamP50": ConsoleFormat.milliseconds(total.upstream.percentile(0.5)), "upstreamP95": ConsoleFormat.milliseconds(total.upstream.percentile(0.95)),
        ]
        context["trafficChart"] = SVGChart.bars(
            id: "chart-traffic", primary: series.slots.map(\.requests), secondary: series.slots.map(\.errors), labels: labels, title: visit.text("traffic"))
        context["latencyChart"] = SVGChart.lines(
            id: "chart-latency",
            series: [
                series.slots.map { $0.gateway.percentile(0.95).map { Double($0) / 1000 } },
                series.slots.map { $0.upstream.percentile(0.95).map { Double($0) / 1000 } },
            ],
            labels: labels, title: visit.text("latency_p95"))
        context["tenantRows"] = total.tenants.sorted { $0.key < $1.key }.map { name, tenant in
            [
                "name": name.isEmpty ? "–" : name, "requests": ConsoleFormat.count(tenant.requests), "errors": ConsoleFormat.count(tenant.errors),
                "tokensIn": ConsoleFormat.count(tenant.tokensIn), "tokensOut": ConsoleFormat.count(tenant.tokensOut),
                "cost": ConsoleFormat.money(tenant.cost, currency: currency),
            ]
        }
        context["backendRows"] = gateway.pool.backends.map { backend in backendRow(backend, visit) }
        context["queueRows"] = queueRows(total)
        context["levelRows"] = (0...5).map { level -> [String: Any] in
            [
                "level": level, "label": level == 0 ? visit.text("not_inspected") : "L\(level)", "count": ConsoleFormat.count(total.levels[level]),
                "share": ConsoleFormat.share(total.levels[level], of: total.requests),
            ]
        }
        context["zoneRows"] = ExchangeSummary.Destination.allCases.map { destination -> [String: Any] in
            let count = total.destinations[destination] ?? 0
            return [
                "value": destination.rawValue, "label": visit.text("dest_\(destination.rawValue)"), "count": ConsoleFormat.count(count),
                "share": ConsoleFormat.share(count, of: total.requests),
            ]
        }
        context["quality"] = [
            "pass": ConsoleFormat.count(total.verdicts["pass"] ?? 0), "flag": ConsoleFormat.count(total.verdicts["flag"] ?? 0),
            "block": ConsoleFormat.count(total.verdicts["block"] ?? 0), "figures": ConsoleFormat.count(total.figures),
            "unsupported": ConsoleFormat.count(total.unsupported),
        ]
        return .page(.overview, template: "overview", context: context)
    }

    private func backendRow(_ backend: Backend, _ visit: ConsoleVisit) -> [String: Any] {
        let health: (String, String) =
            switch backend.reachability {
            case .unknown: (visit.text("unprobed"), "muted")
            case .reachable: (visit.text("healthy"), "ok")
            case .unreachable: (visit.text("unreachable"), "bad")
            }
        let circuit = backend.circuitState
        let load = backend.load.map { String(format: "%.0f / %.0f · KV %.0f%%", $0.running, $0.waiting, $0.kvCacheUsage * 100) } ?? "–"
        return [
            "name": backend.name, "zone": backend.config.zone.rawValue, "health": health.0, "healthKind": health.1, "circuit": circuit,
            "circuitKind": circuit == "closed" ? "ok" : circuit == "open" ? "bad" : "warn", "load": load,
            "inFlight": backend.scheduler.inUse, "capacity": backend.scheduler.capacity, "queued": backend.scheduler.waiting,
        ]
    }

    /// Each tenant queued now or seen in the window: how many wait now, and the window's p95 wait.
    private func queueRows(_ total: TrafficTally) -> [[String: Any]] {
        var queued: [String: Int] = [:]
        for backend in gateway.pool.backends {
            queued.merge(backend.scheduler.waitingByTenant, uniquingKeysWith: +)
        }
        let names = Set(queued.keys).union(total.tenants.keys.filter { !$0.isEmpty })
        return names.sorted().map { name in
            [
                "tenant": name, "queued": queued[name] ?? 0,
                "waitP95": ConsoleFormat.milliseconds(total.tenants[name]?.queueWait.percentile(0.95)),
            ]
        }
    }
}
