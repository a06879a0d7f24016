/// The overview page: traffic, latency, tenants, backends, queues, data levels and quality over a chosen window.
enum OverviewTemplate {
    /// The page body.
    static let body = #"""
    <div class="windows">{{#windows}}<a class="window{{#active}} active{{/active}}" data-window="{{value}}" href="/console?window={{value}}">{{label}}</a>{{/windows}}</div>
    <p class="muted">{{t.overview_scope}}</p>
    <div class="kpis">
    <div class="kpi" id="kpi-requests"><span class="value">{{kpis.requests}}</span><span class="label">{{t.requests}}</span></div>
    <div class="kpi" id="kpi-errors"><span class="value">{{kpis.errors}}</span><span class="label">{{t.errors}}</span></div>
    <div class="kpi" id="kpi-gateway-p50"><span class="value">{{kpis.gatewayP50}}</span><span class="label">{{t.gateway_p50}}</span></div>
    <div class="kpi" id="kpi-gateway-p95"><span class="value">{{kpis.gatewayP95}}</span><span class="label">{{t.gateway_p95}}</span></div>
    <div class="kpi" id="kpi-upstream-p50"><span class="value">{{kpis.upstreamP50}}</span><span class="label">{{t.upstream_p50}}</span></div>
    <div class="kpi" id="kpi-upstream-p95"><span class="value">{{kpis.upstreamP95}}</span><span class="label">{{t.upstream_p95}}</span></div>
    </div>
    <div class="cards">
    <section class="card"><h2>{{t.traffic}}</h2><div class="chart">{{{trafficChart}}}</div></section>
    <section class="card"><h2>{{t.latency_p95}}</h2><div class="chart">{{{latencyChart}}}</div></section>
    <section class="card"><h2>{{t.tenant_usage}}</h2>
    <div class="table-wrap"><table class="data" id="tenant-usage">
    <thead><tr><th>{{t.tenant}}</th><th>{{t.requests}}</th><th>{{t.errors}}</th><th>{{t.tokens_in}}</th><th>{{t.tokens_out}}</th><th>{{t.cost}}</th></tr></thead>
    <tbody>{{#tenantRows}}<tr data-tenant="{{name}}"><td>{{name}}</td><td class="num">{{requests}}</td><td class="num">{{errors}}</td><td class="num">{{tokensIn}}</td><td class="num">{{tokensOut}}</td><td class="num">{{cost}}</td></tr>{{/tenantRows}}
    {{^tenantRows}}<tr class="empty"><td colspan="6">{{t.no_traffic}}</td></tr>{{/tenantRows}}</tbody>
    </table></div></section>
    <section class="card"><h2>{{t.backends}}</h2>
    <div class="table-wrap"><table class="data" id="backends">
    <thead><tr><th>{{t.backend}}</th><th>{{t.zone}}</th><th>{{t.health}}</th><th>{{t.circuit}}</th><th>{{t.load}}</th><th>{{t.in_flight}}</th><th>{{t.queued}}</th></tr></thead>
    <tbody>{{#backendRows}}<tr data-backend="{{name}}"><td>{{name}}</td><td>{{zone}}</td><td><span class="badge {{healthKind}}">{{health}}</span></td><td><span class="badge {{circuitKind}}">{{circuit}}</span></td><td class="num">{{load}}</td><td class="num">{{inFlight}} / {{capacity}}</td><td class="num">{{queued}}</td></tr>{{/backendRows}}</tbody>
    </table></div></section>
    <section class="card"><h2>{{t.queues}}</h2>
    <div class="table-wrap"><table class="data" id="queues">
    <thead><tr><th>{{t.tenant}}</th><th>{{t.queued_now}}</th><th>{{t.queue_wait_p95}}</th></tr></thead>
    <tbody>{{#queueRows}}<tr data-tenant="{{tenant}}"><td>{{tenant}}</td><td class="num">{{queued}}</td><td class="num">{{waitP95}}</td></tr>{{/queueRows}}
    {{^queueRows}}<tr class="empty"><td colspan="3">{{t.no_traffic}}</td></tr>{{/queueRows}}</tbody>
    </table></div></section>
    <section class="card"><h2>{{t.levels}}</h2>
    <div class="table-wrap"><table class="data" id="levels">
    <thead><tr><th>{{t.level}}</th><th>{{t.requests}}</th><th>{{t.share}}</th></tr></thead>
    <tbody>{{#levelRows}}<tr data-level="{{level}}"><td>{{label}}</td><td class="num">{{count}}</td><td class="num">{{share}}</td></tr>{{/levelRows}}</tbody>
    </table></div></section>
    <section class="card"><h2>{{t.zones}}</h2>
    <div class="table-wrap"><table class="data" id="zones">
    <thead><tr><th>{{t.destination}}</th><th>{{t.requests}}</th><th>{{t.share}}</th></tr></thead>
    <tbody>{{#zoneRows}}<tr data-destination="{{value}}"><td>{{label}}</td><td class="num">{{count}}</td><td class="num">{{share}}</td></tr>{{/zoneRows}}</tbody>
    </table></div></section>
    <section class="card"><h2>{{t.quality}}</h2>
    <div class="table-wrap"><table class="data" id="quality">
    <tbody>
    <tr data-outcome="pass"><td><span class="badge ok">{{t.verdict_pass}}</span></td><td class="num">{{quality.pass}}</td></tr>
    <tr data-outcome="flag"><td><span class="badge warn">{{t.verdict_flag}}</span></td><td class="num">{{quality.flag}}</td></tr>
    <tr data-outcome="block"><td><span class="badge bad">{{t.verdict_block}}</span></td><td class="num">{{quality.block}}</td></tr>
    <tr data-outcome="figures"><td>{{t.figures_checked}}</td><td class="num">{{quality.figures}}</td></tr>
    <tr data-outcome="unsupported"><td>{{t.figures_unsupported}}</td><td class="num">{{quality.unsupported}}</td></tr>
    </tbody>
    </table></div></section>
    </div>
    """#
}
