/// The console's stylesheet, served at `/console/assets/console.css`.
enum ConsoleStylesheet {
    /// The CSS text.
    static let css = #"""
    :root {
      --bg: #f4f5f7;
      --surface: #ffffff;
      --surface-alt: #f8f9fb;
      --border: #d9dde3;
      --border-strong: #c3c9d2;
      --text: #1f2933;
      --muted: #5f6b7a;
      --accent: #1f4e8c;
      --accent-dark: #163a69;
      --accent-soft: #e7eef8;
      --second: #c07a12;
      --ok: #1e7b45;
      --ok-soft: #e3f3e9;
      --warn: #9a6200;
      --warn-soft: #fdf1dc;
      --bad: #b42318;
      --bad-soft: #fbe7e5;
      --radius: 6px;
      --font: -apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", Roboto, "Helvetica Neue", Arial, sans-serif;
      --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "Noto Sans Mono CJK SC", monospace;
    }
    *, *::before, *::after { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
    body { margin: 0; background: var(--bg); color: var(--text); font-family: var(--font); font-size: 14px; line-height: 1.5; overflow-wrap: break-word; }
    a { color: var(--accent); text-decoration: none; }
    a:hover { text-decoration: underline; }
    a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
    h1 { font-size: 20px; font-weight: 600; margin: 0 0 16px; }
    h2 { font-size: 15px; font-weight: 600; margin: 0 0 12px; }
    h3 { font-size: 14px; font-weight: 600; margin: 16px 0 8px; }
    p { margin: 0 0 12px; }
    code, pre, kbd { font-family: var(--mono); font-size: 13px; }
    img, svg { max-width: 100%; }

    /* Top bar */
    .topbar { display: flex; align-items: center; gap: 8px 24px; flex-wrap: wrap; padding: 0 24px; min-height: 52px; background: var(--accent-dark); color: #fff; }
    .brand { color: #fff; font-weight: 700; font-size: 16px; letter-spacing: 0.02em; padding: 12px 0; }
    .brand:hover { text-decoration: none; }
    .nav { display: flex; gap: 4px; flex: 1 1 auto; min-width: 0; }
    .nav a { color: #d6e0ee; padding: 6px 10px; border-radius: var(--radius); white-space: nowrap; }
    .nav a:hover { background: rgba(255, 255, 255, 0.1); color: #fff; text-decoration: none; }
    .nav a.active { background: rgba(255, 255, 255, 0.18); color: #fff; font-weight: 600; }
    .session { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; font-size: 13px; color: #d6e0ee; }
    .session a { color: #d6e0ee; }
    .session a:hover { color: #fff; }
    .session .who { color: #fff; min-width: 0; overflow-wrap: anywhere; }
    .session form { margin: 0; }
    .session button { background: transparent; color: #fff; border-color: rgba(255, 255, 255, 0.45); padding: 4px 10px; }
    .session button:hover { background: rgba(255, 255, 255, 0.12); }
    html[lang="zh-CN"] #lang-zh, html[lang="en"] #lang-en { color: #fff; font-weight: 600; }

    /* Main content */
    .content { max-width: 1280px; margin: 0 auto; padding: 24px; }
    .notice { padding: 10px 14px; margin: 0 0 16px; border-radius: var(--radius); border: 1px solid var(--border); background: var(--surface); }
    .notice.ok { background: var(--ok-soft); border-color: #b5dcc3; color: var(--ok); }
    .notice.bad { background: var(--bad-soft); border-color: #f0bcb6; color: var(--bad); }

    /* Cards and KPIs */
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 460px), 1fr)); gap: 16px; margin: 0 0 16px; }
    .card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 16px; min-width: 0; }
    .content > .card, .content > form.stacked, .content > .table-wrap { margin-bottom: 16px; }
    .kpis { display: flex; flex-wrap: wrap; gap: 12px; margin: 0 0 16px; }
    .kpi { flex: 1 1 150px; background: var(--surface); border: 1px solid var(--border); border-left: 3px solid var(--accent); border-radius: var(--radius); padding: 12px 14px; min-width: 0; }
    .kpi .value { display: block; font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; line-height: 1.3; }
    .kpi .label { display: block; color: var(--muted); font-size: 12px; }

    /* Window chooser and pager */
    .windows { display: flex; flex-wrap: wrap; gap: 4px; margin: 0 0 16px; }
    .windows a.window { padding: 4px 12px; border: 1px solid var(--border-strong); border-radius: 999px; background: var(--surface); color: var(--text); font-size: 13px; }
    .windows a.window:hover { border-color: var(--accent); text-decoration: none; }
    .windows a.window.active { background: var(--accent); border-color: var(--accent); color: #fff; }
    .pager { display: flex; justify-content: flex-end; gap: 12px; margin: 12px 0; }

    /* Tables */
    .table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; max-width: 100%; border: 1px solid var(--border); border-radius: var(--radius); background: var(--surface); }
    .card .table-wrap { border-radius: 4px; }
    table.data { width: 100%; border-collapse: collapse; font-size: 13px; }
    table.data th, table.data td { padding: 7px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid #e6e9ee; }
    table.data th { position: sticky; top: 0; background: #eef1f5; color: var(--muted); font-weight: 600; font-size: 12px; white-space: nowrap; border-bottom: 1px solid var(--border-strong); }
    table.data tbody tr:nth-child(even) { background: var(--surface-alt); }
    table.data tbody tr:hover { background: var(--accent-soft); }
    table.data tbody tr:last-child td { border-bottom: 0; }
    table.data th.num, table.data td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    table.data td code { font-size: 12px; }
    table.data tr.empty td { color: var(--muted); text-align: center; padding: 16px; }
    table.data tr.exchange td { white-space: nowrap; }

    /* Badges */
    .muted { color: var(--muted); }
    .badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; line-height: 1.6; white-space: nowrap; background: #e9ecf0; color: var(--muted); border: 1px solid transparent; }
    .badge.muted { background: #eef0f3; color: #7b8794; border-color: #dde1e6; }
    .badge.ok { background: var(--ok-soft); color: var(--ok); border-color: #b5dcc3; }
    .badge.warn { background: var(--warn-soft); color: var(--warn); border-color: #f2d39b; }
    .badge.bad { background: var(--bad-soft); color: var(--bad); border-color: #f0bcb6; }
    #live-status.ok, #verify-result.ok, #config-valid { color: var(--ok); font-weight: 600; }
    #live-status.bad, #verify-result.bad { color: var(--bad); font-weight: 600; }
    #config-errors li.config-error { color: var(--bad); }

    /* Charts */
    .chart { background: var(--surface); min-width: 0; }
    .chart svg { display: block; width: 100%; height: auto; overflow: visible; }
    .chart .bar { fill: var(--accent); }
    .chart .bar.alt { fill: var(--second); }
    .chart .line { fill: none; stroke: var(--accent); stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
    .chart .line.alt { stroke: var(--second); }
    .chart .axis { stroke: var(--border-strong); stroke-width: 1; fill: none; }
    .chart .grid { stroke: #e6e9ee; stroke-width: 1; fill: none; }
    .chart .label { fill: var(--muted); font-size: 11px; font-family: var(--font); }

    /* Buttons and inputs */
    button { font: inherit; font-size: 13px; padding: 6px 14px; border: 1px solid var(--border-strong); border-radius: var(--radius); background: var(--surface); color: var(--text); cursor: pointer; line-height: 1.4; }
    button:hover { background: #eef1f5; }
    button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
    button.primary:hover { background: var(--accent-dark); border-color: var(--accent-dark); }
    button.danger { background: var(--surface); border-color: #e3a59f; color: var(--bad); }
    button.danger:hover { background: var(--bad); border-color: var(--bad); color: #fff; }
    button:disabled { opacity: 0.55; cursor: not-allowed; }
    input, select, textarea { font: inherit; font-size: 13px; color: var(--text); background: var(--surface); border: 1px solid var(--border-strong); border-radius: var(--radius); padding: 6px 8px; max-width: 100%; }
    input:focus, select:focus, textarea:focus { border-color: var(--accent); }
    textarea { width: 100%; min-height: 120px; resize: vertical; font-family: var(--mono); }
    label { color: var(--muted); font-size: 12px; }

    /* Forms */
    form.filters { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 10px 12px; margin: 0 0 16px; padding: 12px; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); }
    form.filters label { display: flex; flex-direction: column; gap: 2px; flex: 0 1 160px; min-width: 0; }
    form.filters input, form.filters select { width: 100%; }
    form.stacked { display: flex; flex-direction: column; gap: 12px; max-width: 560px; }
    form.stacked label { display: flex; flex-direction: column; gap: 4px; }
    form.stacked input, form.stacked select, form.stacked textarea { width: 100%; }
    form.stacked button { align-self: flex-start; }
    .card form.stacked { max-width: none; }
    form.inline { display: inline; margin: 0; padding: 0; }
    form.inline button { padding: 3px 10px; font-size: 12px; }
    td form.inline + form.inline { margin-left: 6px; }
    fieldset { border: 1px solid var(--border); border-radius: var(--radius); padding: 10px 12px; margin: 0; min-width: 0; }
    legend { color: var(--muted); font-size: 12px; padding: 0 4px; }

    /* Secrets and code */
    .secret { margin: 0 0 16px; padding: 14px 16px; background: var(--warn-soft); border: 1px solid #f2d39b; border-left: 4px solid var(--warn); border-radius: var(--radius); }
    .secret code { display: block; margin: 8px 0; padding: 8px 10px; background: var(--surface); border: 1px dashed var(--border-strong); border-radius: 4px; font-size: 14px; word-break: break-all; user-select: all; }
    pre.code { margin: 0 0 16px; padding: 12px 14px; background: #f6f8fa; border: 1px solid var(--border); border-radius: var(--radius); overflow: auto; max-height: 560px; font-size: 12.5px; line-height: 1.5; white-space: pre; tab-size: 2; }
    .card pre.code:last-child { margin-bottom: 0; }
    .footer { padding: 0 24px 24px; font-size: 12px; }
    td pre.code { margin: 0; max-height: 320px; white-space: pre-wrap; overflow-wrap: anywhere; min-width: 12em; }

    /* Split layout (playground) */
    .split { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; margin: 0 0 16px; }
    .split > * { min-width: 0; }
    #playground-answer { white-space: pre-wrap; }

    /* Sign-in and error pages */
    .signin { max-width: 380px; margin: 12vh auto 24px; padding: 28px 24px; background: var(--surface); border: 1px solid var(--border); border-top: 4px solid var(--accent); border-radius: var(--radius); box-shadow: 0 4px 16px rgba(31, 41, 51, 0.08); }
    .signin h1 { text-align: center; }
    .signin form { display: flex; flex-direction: column; gap: 12px; }
    .signin label { display: flex; flex-direction: column; gap: 4px; }
    .signin input { width: 100%; padding: 8px 10px; font-size: 14px; }
    .signin button { width: 100%; padding: 8px 14px; font-size: 14px; background: var(--accent); border-color: var(--accent); color: #fff; }
    .signin button:hover { background: var(--accent-dark); }
    #sign-in-error { padding: 8px 12px; background: var(--bad-soft); border: 1px solid #f0bcb6; border-radius: var(--radius); color: var(--bad); }
    .error-page { max-width: 560px; margin: 10vh auto; padding: 28px 24px; text-align: center; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); }
    .error-page h1 { font-size: 22px; }
    .error-page p { color: var(--muted); }

    /* Narrow screens */
    @media (max-width: 760px) {
      .split { grid-template-columns: minmax(0, 1fr); }
      .content { padding: 16px 12px; }
      .topbar { padding: 0 12px; gap: 4px 12px; }
      .brand { padding: 10px 0 4px; }
      .session { order: 2; margin-left: auto; }
      .nav { order: 3; flex: 1 0 100%; overflow-x: auto; -webkit-overflow-scrolling: touch; padding: 2px 0 8px; scrollbar-width: thin; }
      .cards { grid-template-columns: minmax(0, 1fr); }
      form.filters label { flex: 1 1 140px; }
      form.stacked { max-width: none; }
    }
    @media (max-width: 480px) {
      h1 { font-size: 18px; }
      .session { margin-left: 0; flex: 1 0 100%; gap: 8px; padding-bottom: 4px; }
      .kpi { flex: 1 1 calc(50% - 6px); }
      .kpi .value { font-size: 19px; }
      .signin { margin-top: 6vh; padding: 22px 16px; }
      .signin, .error-page { margin-left: 12px; margin-right: 12px; }
      .pager { justify-content: center; }
    }
    """#
}
