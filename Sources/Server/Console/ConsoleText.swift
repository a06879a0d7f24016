/// The console's languages.
enum ConsoleLanguage: String, Sendable, CaseIterable {
    /// Simplified Chinese.
    case chinese = "zh"
    /// English.
    case english = "en"

    /// The `lang` attribute of the page.
    var htmlLang: String { self == .chinese ? "zh-CN" : "en" }

    /// The language asked for by `?lang=`, else the `sb_lang` cookie, else the browser's
    /// `Accept-Language` (Chinese when it names `zh` before `en`), else Chinese.
    static func choose(query: String?, cookie: String?, acceptLanguage: String?) -> ConsoleLanguage {
        if let query, let language = ConsoleLanguage(rawValue: query) { return language }
        if let cookie, let language = ConsoleLanguage(rawValue: cookie) { return language }
        if let acceptLanguage {
            let lowered = acceptLanguage.lowercased()
            let chinese = lowered.range(of: "zh")?.lowerBound
            let english = lowered.range(of: "en")?.lowerBound
            switch (chinese, english) {
            case (nil, .some): return .english
            case (.some(let zh), .some(let en)) where en < zh: return .english
            default: return .chinese
            }
        }
        return .chinese
    }
}

/// Every word the console shows, in English and Chinese.
enum ConsoleText {
    /// The table for `language`, keyed as the templates name them (`{{t.key}}`).
    static func table(_ language: ConsoleLanguage) -> [String: String] {
        language == .chinese ? chinese : english
    }

    /// One text in `language`; the key itself when missing (so a gap shows, never breaks the page).
    static func text(_ key: String, _ language: ConsoleLanguage) -> String {
        table(language)[key] ?? key
    }

    private static let english: [String: String] = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.english) })
    private static let chinese: [String: String] = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.chinese) })

    private static let entries: [(key: String, english: String, chinese: String)] = [
        ("page_overview", "Overview", "概览"), ("page_live", "Live", "实时"), ("page_audit", "Audit", "审计"),
        ("page_approvals", "Approvals", "审批"), ("page_tenants", "Tenants", "租户"), ("page_keys", "Keys", "密钥"),
        ("page_playground", "Playground", "试验台"), ("page_config", "Configuration", "配置"), ("page_record", "Audit record", "审计记录"),
        ("role_admin", "admin", "管理员"), ("role_auditor", "auditor", "审计员"), ("role_approver", "approver", "审批人"), ("role_app", "app", "应用"),
        ("sign_in", "Sign in", "登录"), ("sign_out", "Sign out", "退出"),
        ("sign_in_intro", "Sign in with an API key of role admin, auditor or approver.", "请使用管理员、审计员或审批人角色的 API 密钥登录。"),
        ("api_key", "API key", "API 密钥"),
        ("sign_in_failed", "That key is not an active admin, auditor or approver key.", "该密钥不是有效的管理员、审计员或审批人密钥。"),
        ("sign_in_limited", "Too many failed sign-ins from this address. Try again in %@ seconds.", "此地址登录失败次数过多，请在 %@ 秒后重试。"),
        ("sign_in_role", "Keys of role app cannot sign in to the console; use an admin, auditor or approver key.", "应用角色的密钥不能登录控制台，请使用管理员、审计员或审批人密钥。"),
        ("session_ended", "Your session has ended. Sign in again.", "会话已结束，请重新登录。"),
        ("forbidden", "Your role (%@) may not see this page.", "您的角色（%@）无权查看此页面。"),
        ("csrf_refused", "The form was refused: it did not carry this session's token. Reload the page and try again.", "表单被拒绝：未携带本会话的令牌。请刷新页面后重试。"),
        ("not_found", "There is no such page.", "页面不存在。"), ("back", "Back", "返回"), ("times_in", "Times are in", "时间均为"),
        ("store_unavailable", "The store cannot be read now: %@", "暂时无法读取存储：%@"),
        ("overview_scope", "This instance's traffic since it started (at most 24 hours).", "本实例自启动以来的流量（最多 24 小时）。"),
        ("window_15m", "15 min", "15 分钟"), ("window_1h", "1 hour", "1 小时"), ("window_6h", "6 hours", "6 小时"), ("window_24h", "24 hours", "24 小时"),
        ("requests", "Requests", "请求数"), ("errors", "Errors", "错误数"),
        ("gateway_p50", "Gateway p50", "网关耗时 p50"), ("gateway_p95", "Gateway p95", "网关耗时 p95"),
        ("upstream_p50", "Upstream p50", "上游耗时 p50"), ("upstream_p95", "Upstream p95", "上游耗时 p95"),
        ("traffic", "Traffic (requests, errors)", "流量（请求、错误）"), ("latency_p95", "Latency p95 (gateway, upstream)", "耗时 p95（网关、上游）"),
        ("tenant_usage", "Tokens and cost per tenant", "各租户用量与费用"), ("tenant", "Tenant", "租户"),
        ("tokens_in", "Tokens in", "输入令牌"), ("tokens_out", "Tokens out", "输出令牌"), ("cost", "Cost", "费用"),
        ("no_traffic", "No traffic in this window.", "此时间段内没有流量。"),
        ("backends", "Backends", "模型后端"), ("backend", "Backend", "后端"), ("zone", "Zone", "区域"), ("health", "Health", "健康"),
        ("circuit", "Circuit", "熔断"), ("load", "Load", "负载"), ("in_flight", "In flight", "处理中"), ("queued", "Queued", "排队"),
        ("healthy", "healthy", "正常"), ("unreachable", "unreachable", "不可达"), ("unprobed", "not yet probed", "尚未探测"),
        ("queues", "Queues per tenant", "各租户排队"), ("queued_now", "Queued now", "当前排队"), ("queue_wait_p95", "Wait p95", "等待 p95"),
        ("levels", "Data levels", "数据级别"), ("level", "Level", "级别"), ("share", "Share", "占比"), ("not_inspected", "not inspected", "未检查"),
        ("zones", "Where data went", "数据去向"), ("destination", "Destination", "去向"),
        ("dest_private", "Stayed private", "留在私有区"), ("dest_out_masked", "Went out masked", "脱敏后外发"),
        ("dest_out_clear", "Went out (nothing to mask)", "外发（无需脱敏）"), ("dest_nowhere", "No model call", "未调用模型"),
        ("quality", "Grounding and rails", "数据核验与合规"), ("verdict_pass", "pass", "通过"), ("verdict_flag", "flagged", "标记"),
        ("verdict_block", "blocked", "拦截"), ("figures_checked", "Figures checked", "已核验数字"), ("figures_unsupported", "Figures unsupported", "无依据数字"),
        ("live_connecting", "connecting…", "连接中…"), ("live_on", "live", "实时"), ("live_off", "disconnected", "已断开"),
        ("live_scope", "Exchanges on this instance as they finish.", "本实例上完成的交互，实时显示。"),
        ("time", "Time", "时间"), ("scenario", "Scenario", "场景"), ("status", "Status", "状态"), ("latency_ms", "Latency (ms)", "耗时（毫秒）"),
        ("end_user", "End user", "终端用户"), ("from", "From", "起"), ("to", "To", "止"), ("request_id", "Request id", "请求 ID"),
        ("search", "Search", "搜索"), ("operation", "Operation", "操作"), ("no_records", "No records match.", "没有匹配的记录。"),
        ("older", "Older records", "更早的记录"), ("any", "any", "全部"),
        ("chain", "Chain", "哈希链"), ("chain_status", "%@ records kept (from %@ to %@); %@ signed checkpoints; last record hash %@.", "保留 %@ 条记录（%@ 至 %@）；%@ 个签名检查点；最新记录哈希 %@。"),
        ("chain_empty", "The trail holds no records yet.", "审计链中尚无记录。"),
        ("from_sequence", "From record", "起始记录"), ("to_sequence", "To record", "结束记录"), ("verify", "Verify", "验证"),
        ("verify_ok", "Records %@ to %@ verify: %@ records, %@ signed checkpoints matched.", "记录 %@ 至 %@ 验证通过：%@ 条记录，匹配 %@ 个签名检查点。"),
        ("verify_none", "No records are kept in that range.", "该范围内没有保留的记录。"),
        ("verify_failed", "Verification failed at %@", "验证失败：%@"), ("verify_bad_range", "Give the range as two record numbers, the first not above the second.", "请以两个记录编号给出范围，且起始不大于结束。"),
        ("tool_calls", "Tool calls", "工具调用"), ("step", "Step", "步骤"), ("plugin", "Plugin", "插件"), ("effect", "Effect", "类型"),
        ("outcome", "Outcome", "结果"), ("approval", "Approval", "审批"), ("no_tool_calls", "No tool calls.", "没有工具调用。"),
        ("privacy", "Privacy", "隐私"), ("not_checked", "The quality checks did not run.", "未进行质量检查。"),
        ("hashed_record", "The record as hashed", "参与哈希的记录原文"), ("hash", "Hash", "哈希"),
        ("masked", "Masked", "脱敏"), ("rule", "Rule", "规则"), ("zones_allowed", "Zones allowed", "允许区域"), ("entities", "Values found", "发现的敏感值"),
        ("pseudonyms", "Pseudonyms", "化名"), ("restored", "Restored", "已还原"), ("verdict", "Verdict", "结论"), ("rules_hit", "Rules hit", "命中规则"),
        ("figures", "Figures", "数字"), ("unsupported", "Unsupported", "无依据"), ("retries", "Retries", "重试"),
        ("received", "Received", "接收时间"), ("key_id", "Key", "密钥"), ("model", "Model", "模型"), ("attempts", "Attempts", "上游尝试"),
        ("gateway_us", "Gateway (µs)", "网关（微秒）"), ("upstream_us", "Upstream (µs)", "上游（微秒）"), ("error_code", "Error", "错误"),
        ("change", "Change", "变更"), ("yes", "yes", "是"), ("no", "no", "否"),
        ("approvals_intro", "Write actions the model asked for wait here for a second person. You cannot decide your own key's requests.", "模型请求的写操作在此等待第二人审批。不能审批本密钥发起的请求。"),
        ("created", "Created", "创建时间"), ("summary", "Summary", "摘要"), ("requester", "Requested by", "请求方"),
        ("approve", "Approve", "批准"), ("reject", "Reject", "驳回"), ("confirm_reject", "Reject this action?", "确定驳回此操作？"),
        ("no_approvals", "Nothing waits for approval.", "没有待审批的操作。"),
        ("status_pending", "pending", "待审批"), ("status_approved", "approved", "已批准"), ("status_rejected", "rejected", "已驳回"), ("status_expired", "expired", "已过期"),
        ("approved_now", "Approved; the action ran.", "已批准，操作已执行。"), ("rejected_now", "Rejected.", "已驳回。"),
        ("quotas", "Quotas", "配额"), ("budget", "Budget", "预算"), ("used_today", "Tokens today", "今日令牌"), ("used_month", "This month", "本月"),
        ("active", "active", "正常"), ("suspended", "suspended", "已暂停"), ("suspend", "Suspend", "暂停"), ("resume", "Resume", "恢复"),
        ("confirm_suspend", "Suspend this tenant? Its requests will be refused.", "确定暂停该租户？其请求将被拒绝。"),
        ("no_tenants", "No tenants yet.", "尚无租户。"), ("tenant_form", "Create or change a tenant", "创建或修改租户"),
        ("tenant_form_intro", "Blank fields mean no limit: saving sets every field, so start from a tenant's Edit link to change one. The change is stored, audited and applied on every instance within 5 seconds.", "留空表示不限。保存会设置所有字段，修改已有租户请从其“编辑”链接开始。变更会被保存、审计，并在 5 秒内应用到所有实例。"),
        ("requests_per_minute", "Requests / minute", "每分钟请求"), ("tokens_per_minute", "Tokens / minute", "每分钟令牌"),
        ("tokens_per_day", "Tokens / day", "每日令牌"), ("tokens_per_month", "Tokens / month", "每月令牌"),
        ("max_concurrent_per_key", "Concurrent per key", "每密钥并发"), ("budget_kind", "Budget", "预算类型"), ("budget_amount", "Amount", "金额"),
        ("allowed_models", "Models (blank: all)", "可用模型（留空为全部）"), ("allowed_scenarios", "Scenarios (blank: all)", "可用场景（留空为全部）"),
        ("budget_none", "none", "无"), ("budget_prepaid", "prepaid", "预付"), ("budget_monthly", "monthly", "每月"),
        ("save", "Save", "保存"), ("edit", "Edit", "编辑"), ("saved", "Saved tenant %@.", "已保存租户 %@。"), ("suspended_now", "Suspended %@.", "已暂停 %@。"), ("resumed_now", "Resumed %@.", "已恢复 %@。"),
        ("usage", "Usage and chargeback", "用量与结算"), ("month", "Month", "月份"), ("show", "Show", "显示"), ("download_csv", "Download CSV", "下载 CSV"),
        ("no_usage", "No usage this month.", "本月没有用量。"), ("lenders", "Lending members", "出借算力的成员"), ("lender", "Member", "成员"),
        ("earned", "Earned", "应得"), ("tokens", "Tokens", "令牌"), ("no_lenders", "No lent capacity was used this month.", "本月未使用出借算力。"),
        ("new_key", "New key", "新密钥"), ("new_key_once", "Copy it now: it is shown only once and cannot be recovered.", "请立即复制：密钥仅显示一次，无法找回。"),
        ("copy", "Copy", "复制"), ("copied", "Copied", "已复制"), ("create_key", "Create a key", "创建密钥"), ("role", "Role", "角色"),
        ("create", "Create", "创建"), ("revoke", "Revoke", "吊销"), ("confirm_revoke", "Revoke this key? Apps using it stop working within 5 seconds.", "确定吊销此密钥？使用它的应用将在 5 秒内失效。"),
        ("revoked", "revoked", "已吊销"), ("revoked_now", "Revoked %@.", "已吊销 %@。"), ("bad_tenant_name", "Give the tenant a name.", "请填写租户名称。"),
        ("turn_user", "You", "您"), ("turn_assistant", "Model", "模型"), ("message", "Message", "消息"), ("send", "Send", "发送"),
        ("new_chat", "New chat", "新对话"), ("what_happened", "What happened", "处理过程"), ("no_scenario", "(no scenario)", "（无场景）"),
        ("playground_intro", "Send a message: the level found, what was masked, the backend and zone, each tool call with its result, the grounding report and the rail verdicts appear here.", "发送消息后，这里会显示识别出的数据级别、脱敏内容、后端与区域、每次工具调用及其结果、数据核验报告和合规结论。"),
        ("arguments", "Arguments", "参数"), ("result", "Result", "结果"), ("grounding", "Grounding", "数据核验"), ("rails", "Rails", "合规检查"),
        ("grounding_none", "No figures were checked.", "没有需要核验的数字。"), ("find_in_audit", "Find this exchange in the audit trail", "在审计记录中查看此次交互"),
        ("masked_yes", "yes: %@ values sent as pseudonyms", "是：%@ 个值以化名发送"), ("masked_no", "no", "否"),
        ("running_config", "Running configuration", "运行中的配置"), ("secrets_redacted", "secrets redacted", "敏感信息已隐去"),
        ("embedded_defaults", "embedded defaults", "内置默认配置"), ("check_config", "Check a proposed configuration", "检查拟用配置"),
        ("proposed_config", "Proposed configuration (YAML)", "拟用配置（YAML）"), ("validate", "Validate", "校验"),
        ("config_valid", "The proposed configuration is valid. It is not applied: deploy it and restart to use it.", "拟用配置有效。此处不会应用：请部署后重启生效。"),
    ]
}
