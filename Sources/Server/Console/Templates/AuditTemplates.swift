/// The audit pages: the search, a record's detail, and a range's verification.
enum AuditTemplates {
    /// The search with its results, the chain's status and the verification form.
    static let search = #"""
    <form id="audit-filters" class="filters" method="get" action="/console/audit">
    <label>{{t.tenant}}<input name="tenant" value="{{filters.tenant}}"></label>
    <label>{{t.end_user}}<input name="end_user" value="{{filters.end_user}}"></label>
    <label>{{t.scenario}}<input name="scenario" value="{{filters.scenario}}"></label>
    <label>{{t.level}}<select name="level">{{#levelOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/levelOptions}}</select></label>
    <label>{{t.zone}}<select name="zone">{{#zoneOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/zoneOptions}}</select></label>
    <label>{{t.backend}}<input name="backend" value="{{filters.backend}}"></label>
    <label>{{t.status}}<input name="status" inputmode="numeric" value="{{filters.status}}"></label>
    <label>{{t.from}}<input name="from" placeholder="2026-12-01T09:00" value="{{filters.from}}"></label>
    <label>{{t.to}}<input name="to" placeholder="2026-12-02" value="{{filters.to}}"></label>
    <label>{{t.request_id}}<input name="request_id" value="{{filters.request_id}}"></label>
    <button class="primary" type="submit">{{t.search}}</button>
    </form>
    {{#queryError}}<div class="notice bad" id="audit-query-error">{{queryError}}</div>{{/queryError}}
    <div class="table-wrap"><table class="data" id="audit-records">
    <thead><tr><th>#</th><th>{{t.time}}</th><th>{{t.operation}}</th><th>{{t.tenant}}</th><th>{{t.scenario}}</th><th>{{t.level}}</th><th>{{t.zone}}</th><th>{{t.backend}}</th><th>{{t.status}}</th><th>{{t.latency_ms}}</th></tr></thead>
    <tbody>{{#records}}<tr data-sequence="{{sequence}}" data-request-id="{{requestID}}"><td><a class="record-link" href="/console/audit/{{sequence}}">{{sequence}}</a></td><td>{{time}}</td><td>{{operation}}</td><td>{{tenant}}</td><td>{{scenario}}</td><td>{{level}}</td><td>{{zone}}</td><td>{{backend}}</td><td><span class="badge {{statusKind}}">{{status}}</span></td><td class="num">{{latency}}</td></tr>{{/records}}
    {{^records}}<tr class="empty"><td colspan="10">{{t.no_records}}</td></tr>{{/records}}</tbody>
    </table></div>
    {{#olderHref}}<p class="pager"><a class="older" href="{{olderHref}}">{{t.older}}</a></p>{{/olderHref}}
    <section class="card" id="chain"><h2>{{t.chain}}</h2>
    <p id="chain-status">{{chainStatus}}</p>
    <form id="verify-range" class="filters" method="post" action="/console/audit/verify">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <label>{{t.from_sequence}}<input name="from_sequence" inputmode="numeric" value="{{verifyFrom}}"></label>
    <label>{{t.to_sequence}}<input name="to_sequence" inputmode="numeric" value="{{verifyTo}}"></label>
    <button type="submit">{{t.verify}}</button>
    </form>
    {{#verifyResult}}<div id="verify-result" class="notice {{kind}}">{{text}}</div>{{/verifyResult}}
    </section>
    """#

    /// One record: its fields, tool calls, privacy decision, quality verdict and the hashed JSON.
    static let record = #"""
    <section class="card" id="record-detail">
    <div class="table-wrap"><table class="data"><tbody>{{#fields}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/fields}}</tbody></table></div>
    </section>
    <div class="cards">
    <section class="card"><h2>{{t.tool_calls}}</h2>
    <div class="table-wrap"><table class="data" id="record-tools">
    <thead><tr><th>{{t.step}}</th><th>{{t.plugin}}</th><th>{{t.effect}}</th><th>{{t.outcome}}</th><th>{{t.latency_ms}}</th><th>{{t.approval}}</th></tr></thead>
    <tbody>{{#tools}}<tr class="tool-call"><td>{{step}}</td><td>{{name}}</td><td>{{effect}}</td><td>{{outcome}}</td><td class="num">{{latency}}</td><td>{{approval}}</td></tr>{{/tools}}
    {{^tools}}<tr class="empty"><td colspan="6">{{t.no_tool_calls}}</td></tr>{{/tools}}</tbody>
    </table></div></section>
    <section class="card" id="record-privacy"><h2>{{t.privacy}}</h2>
    {{#privacy}}<div class="table-wrap"><table class="data"><tbody>{{#rows}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/rows}}</tbody></table></div>{{/privacy}}
    {{^privacy}}<p class="muted">{{t.not_inspected}}</p>{{/privacy}}
    </section>
    <section class="card" id="record-quality"><h2>{{t.quality}}</h2>
    {{#quality}}<div class="table-wrap"><table class="data"><tbody>{{#rows}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/rows}}</tbody></table></div>{{/quality}}
    {{^quality}}<p class="muted">{{t.not_checked}}</p>{{/quality}}
    </section>
    </div>
    <section class="card"><h2>{{t.hashed_record}}</h2>
    <p class="muted">{{t.hash}}: <span class="mono">{{hash}}</span></p>
    <pre class="code" id="record-json">{{json}}</pre>
    </section>
    <p><a href="/console/audit">{{t.back}}</a></p>
    """#
}
