/// The pages that act: approvals, tenants and keys.
enum AdminTemplates {
    /// Pending write calls and what became of recent ones.
    static let approvals = #"""
    <p class="muted">{{t.approvals_intro}}</p>
    <div class="table-wrap"><table class="data" id="approvals">
    <thead><tr><th>{{t.created}}</th><th>{{t.tenant}}</th><th>{{t.plugin}}</th><th>{{t.summary}}</th><th>{{t.requester}}</th><th>{{t.status}}</th><th></th></tr></thead>
    <tbody>{{#approvals}}<tr data-approval-id="{{id}}" data-status="{{status}}"><td>{{created}}</td><td>{{tenant}}</td><td>{{tool}}</td><td>{{summary}}</td><td class="mono">{{requester}}</td><td><span class="badge {{statusKind}}">{{statusLabel}}</span></td>
    <td>{{#pending}}<form class="inline approve" method="post" action="/console/approvals/{{id}}"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="decision" value="approve"><button class="primary" type="submit">{{t.approve}}</button></form>
    <form class="inline reject" method="post" action="/console/approvals/{{id}}" data-confirm="{{t.confirm_reject}}"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="decision" value="reject"><button class="danger" type="submit">{{t.reject}}</button></form>{{/pending}}</td></tr>{{/approvals}}
    {{^approvals}}<tr class="empty"><td colspan="7">{{t.no_approvals}}</td></tr>{{/approvals}}</tbody>
    </table></div>
    """#

    /// Tenants with their standing and actions, the policy form, and usage with chargeback.
    static let tenants = #"""
    <div class="table-wrap"><table class="data" id="tenants">
    <thead><tr><th>{{t.tenant}}</th><th>{{t.share}}</th><th>{{t.quotas}}</th><th>{{t.budget}}</th><th>{{t.used_today}}</th><th>{{t.used_month}}</th><th>{{t.status}}</th>{{#mayChange}}<th></th>{{/mayChange}}</tr></thead>
    <tbody>{{#tenants}}<tr data-tenant="{{name}}"><td>{{name}}</td><td class="num">{{share}}</td><td>{{quotas}}</td><td>{{budget}}</td><td class="num">{{tokensToday}}</td><td class="num">{{tokensMonth}} · {{costMonth}}</td><td><span class="badge {{statusKind}}">{{statusLabel}}</span></td>
    {{#mayChange}}<td><a class="edit" href="/console/tenants?edit={{encodedName}}#tenant-form">{{t.edit}}</a> {{#suspended}}<form class="inline resume" method="post" action="/console/tenants/{{encodedName}}/resume"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{t.resume}}</button></form>{{/suspended}}
    {{^suspended}}<form class="inline suspend" method="post" action="/console/tenants/{{encodedName}}/suspend" data-confirm="{{t.confirm_suspend}}"><input type="hidden" name="csrf" value="{{csrf}}"><button class="danger" type="submit">{{t.suspend}}</button></form>{{/suspended}}</td>{{/mayChange}}</tr>{{/tenants}}
    {{^tenants}}<tr class="empty"><td colspan="8">{{t.no_tenants}}</td></tr>{{/tenants}}</tbody>
    </table></div>
    {{#mayChange}}<section class="card"><h2>{{t.tenant_form}}</h2>
    <p class="muted">{{t.tenant_form_intro}}</p>
    <form id="tenant-form" class="filters" method="post" action="/console/tenants">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <label>{{t.tenant}}<input name="name" required value="{{form.name}}"></label>
    <label>{{t.share}}<input name="share" inputmode="numeric" value="{{form.share}}"></label>
    <label>{{t.requests_per_minute}}<input name="requests_per_minute" inputmode="numeric" value="{{form.requests_per_minute}}"></label>
    <label>{{t.tokens_per_minute}}<input name="tokens_per_minute" inputmode="numeric" value="{{form.tokens_per_minute}}"></label>
    <label>{{t.tokens_per_day}}<input name="tokens_per_day" inputmode="numeric" value="{{form.tokens_per_day}}"></label>
    <label>{{t.tokens_per_month}}<input name="tokens_per_month" inputmode="numeric" value="{{form.tokens_per_month}}"></label>
    <label>{{t.max_concurrent_per_key}}<input name="max_concurrent_per_key" inputmode="numeric" value="{{form.max_concurrent_per_key}}"></label>
    <label>{{t.budget_kind}}<select name="budget_kind">{{#budgetKinds}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/budgetKinds}}</select></label>
    <label>{{t.budget_amount}}<input name="budget_amount" inputmode="decimal" value="{{form.budget_amount}}"></label>
    <label>{{t.allowed_models}}<input name="models" placeholder="fin-chat, research" value="{{form.models}}"></label>
    <label>{{t.allowed_scenarios}}<input name="scenarios" placeholder="advisor" value="{{form.scenarios}}"></label>
    <button class="primary" type="submit">{{t.save}}</button>
    </form></section>{{/mayChange}}
    <section class="card" id="usage"><h2>{{t.usage}}</h2>
    <form id="usage-month" class="filters" method="get" action="/console/tenants">
    <label>{{t.month}}<input name="month" placeholder="2026-12" value="{{month}}"></label>
    <button type="submit">{{t.show}}</button>
    <a id="usage-csv" href="/console/tenants/usage.csv?month={{month}}">{{t.download_csv}}</a>
    </form>
    <div class="table-wrap"><table class="data" id="usage-tenants">
    <thead><tr><th>{{t.tenant}}</th><th>{{t.requests}}</th><th>{{t.tokens_in}}</th><th>{{t.tokens_out}}</th><th>{{t.cost}}</th></tr></thead>
    <tbody>{{#usageTenants}}<tr data-tenant="{{name}}"><td>{{name}}</td><td class="num">{{requests}}</td><td class="num">{{tokensIn}}</td><td class="num">{{tokensOut}}</td><td class="num">{{cost}}</td></tr>{{/usageTenants}}
    {{^usageTenants}}<tr class="empty"><td colspan="5">{{t.no_usage}}</td></tr>{{/usageTenants}}</tbody>
    </table></div>
    <h3>{{t.lenders}}</h3>
    <div class="table-wrap"><table class="data" id="usage-lenders">
    <thead><tr><th>{{t.lender}}</th><th>{{t.tokens}}</th><th>{{t.earned}}</th></tr></thead>
    <tbody>{{#usageLenders}}<tr data-lender="{{name}}"><td>{{name}}</td><td class="num">{{tokens}}</td><td class="num">{{earned}}</td></tr>{{/usageLenders}}
    {{^usageLenders}}<tr class="empty"><td colspan="3">{{t.no_lenders}}</td></tr>{{/usageLenders}}</tbody>
    </table></div>
    </section>
    """#

    /// The keys, the form that makes one, and a new key shown once.
    static let keys = #"""
    {{#newKey}}<section class="card" id="new-key"><h2>{{t.new_key}}</h2>
    <p>{{t.new_key_once}}</p>
    <div class="secret"><code id="new-key-secret">{{secret}}</code> <button type="button" data-copy="new-key-secret" data-copied="{{t.copied}}">{{t.copy}}</button></div>
    <p class="muted">{{id}} · {{tenant}} · {{role}}</p></section>{{/newKey}}
    <section class="card"><h2>{{t.create_key}}</h2>
    <form id="key-form" class="filters" method="post" action="/console/keys">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <label>{{t.tenant}}<input name="tenant" required list="tenant-names" value="{{formTenant}}"></label>
    <datalist id="tenant-names">{{#tenantNames}}<option value="{{.}}">{{/tenantNames}}</datalist>
    <label>{{t.role}}<select name="role">{{#roles}}<option value="{{value}}">{{label}}</option>{{/roles}}</select></label>
    <button class="primary" type="submit">{{t.create}}</button>
    </form></section>
    <div class="table-wrap"><table class="data" id="keys">
    <thead><tr><th>{{t.key_id}}</th><th>{{t.tenant}}</th><th>{{t.role}}</th><th>{{t.created}}</th><th>{{t.status}}</th><th></th></tr></thead>
    <tbody>{{#keys}}<tr data-key-id="{{id}}"><td class="mono">{{id}}</td><td>{{tenant}}</td><td>{{role}}</td><td>{{created}}</td><td><span class="badge {{statusKind}}">{{statusLabel}}</span></td>
    <td>{{#active}}<form class="inline revoke" method="post" action="/console/keys/{{id}}/revoke" data-confirm="{{t.confirm_revoke}}"><input type="hidden" name="csrf" value="{{csrf}}"><button class="danger" type="submit">{{t.revoke}}</button></form>{{/active}}</td></tr>{{/keys}}</tbody>
    </table></div>
    """#
}
