/// The playground and the configuration page.
enum ToolTemplates {
    /// A chat under a chosen scenario, with what happened beside the answer.
    static let playground = #"""
    <div class="split">
    <section class="card">
    {{#turns}}<div class="turn {{role}}"><span class="muted">{{roleLabel}}</span><p>{{content}}</p></div>{{/turns}}
    {{#answer}}<div class="turn assistant" id="playground-answer">{{answer}}</div>{{/answer}}
    {{#failure}}<div class="notice bad" id="playground-error">{{failure}}</div>{{/failure}}
    <form id="playground" class="stacked" method="post" action="/console/playground">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="history" value="{{history}}">
    <label>{{t.scenario}}<select name="scenario">{{#scenarios}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/scenarios}}</select></label>
    <label>{{t.model}}<select name="model">{{#models}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/models}}</select></label>
    <label>{{t.message}}<textarea name="message" rows="4" required></textarea></label>
    <button id="playground-send" class="primary" type="submit">{{t.send}}</button>
    {{#hasTurns}}<a href="/console/playground">{{t.new_chat}}</a>{{/hasTurns}}
    </form>
    </section>
    <section class="card" id="playground-report"><h2>{{t.what_happened}}</h2>
    {{#report}}
    <div class="table-wrap"><table class="data"><tbody>
    <tr><th>{{t.level}}</th><td id="playground-level">{{level}}</td></tr>
    <tr><th>{{t.masked}}</th><td id="playground-masked">{{masked}}</td></tr>
    <tr><th>{{t.backend}}</th><td id="playground-backend">{{backend}}</td></tr>
    <tr><th>{{t.zone}}</th><td id="playground-zone">{{zone}}</td></tr>
    <tr><th>{{t.status}}</th><td>{{status}}</td></tr>
    </tbody></table></div>
    <h3>{{t.tool_calls}}</h3>
    <div class="table-wrap"><table class="data" id="playground-tools">
    <thead><tr><th>{{t.plugin}}</th><th>{{t.arguments}}</th><th>{{t.result}}</th></tr></thead>
    <tbody>{{#tools}}<tr class="tool-call"><td>{{name}}</td><td><pre class="code">{{arguments}}</pre></td><td><pre class="code">{{result}}</pre></td></tr>{{/tools}}
    {{^tools}}<tr class="empty"><td colspan="3">{{t.no_tool_calls}}</td></tr>{{/tools}}</tbody>
    </table></div>
    <h3>{{t.grounding}}</h3>
    <div id="playground-grounding">{{#figures}}<span class="badge {{kind}}" title="{{status}}">{{text}}</span> {{/figures}}{{^figures}}<p class="muted">{{groundingNote}}</p>{{/figures}}</div>
    <h3>{{t.rails}}</h3>
    <div id="playground-rails"><p><span class="badge {{railKind}}">{{railVerdict}}</span></p>{{#railHits}}<p>{{rule}}: “{{text}}”</p>{{/railHits}}</div>
    <p><a id="playground-audit-link" href="/console/audit?request_id={{requestID}}">{{t.find_in_audit}}</a></p>
    {{/report}}
    {{^report}}<p class="muted">{{t.playground_intro}}</p>{{/report}}
    </section>
    </div>
    """#

    /// The running configuration, and the check of a proposed one.
    static let configuration = #"""
    <section class="card"><h2>{{t.running_config}}</h2>
    <p class="muted">{{source}} · {{t.secrets_redacted}}</p>
    <pre class="code" id="running-config">{{running}}</pre>
    </section>
    <section class="card"><h2>{{t.check_config}}</h2>
    <form id="config-check" class="stacked" method="post" action="/console/config">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <label>{{t.proposed_config}}<textarea name="proposed" rows="14" spellcheck="false">{{proposed}}</textarea></label>
    <button class="primary" type="submit">{{t.validate}}</button>
    </form>
    {{#valid}}<div id="config-valid" class="notice ok">{{t.config_valid}}</div>{{/valid}}
    {{#hasErrors}}<ul id="config-errors">{{#errors}}<li class="config-error">{{.}}</li>{{/errors}}</ul>{{/hasErrors}}
    </section>
    """#
}
