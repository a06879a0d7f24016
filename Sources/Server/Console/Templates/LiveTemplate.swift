/// The live page: exchanges as they finish.
enum LiveTemplate {
    /// The page body; `live.js` adds rows as they come.
    static let body = #"""
    <p><span id="live-status" class="badge muted" data-connecting="{{t.live_connecting}}" data-live="{{t.live_on}}" data-disconnected="{{t.live_off}}">{{t.live_connecting}}</span> <span class="muted">{{t.live_scope}}</span></p>
    <div class="table-wrap"><table class="data" id="live">
    <thead><tr><th>{{t.time}}</th><th>{{t.tenant}}</th><th>{{t.scenario}}</th><th>{{t.level}}</th><th>{{t.zone}}</th><th>{{t.backend}}</th><th>{{t.status}}</th><th>{{t.latency_ms}}</th></tr></thead>
    <tbody>{{#rows}}{{> exchangeRow}}{{/rows}}{{^rows}}<tr class="empty"><td colspan="8">{{t.no_traffic}}</td></tr>{{/rows}}</tbody>
    </table></div>
    """#

    /// One exchange's row, as `live.js` also builds it.
    static let exchangeRow = #"""
    <tr class="exchange" data-request-id="{{requestID}}"><td>{{time}}</td><td>{{tenant}}</td><td>{{scenario}}</td><td>{{level}}</td><td>{{zone}}</td><td>{{backend}}</td><td><span class="badge {{statusKind}}">{{status}}</span></td><td class="num">{{latency}}</td></tr>
    """#
}
