import Foundation
import Wire

/// The evaluation as one self-contained HTML page (no scripts, no external files): summary
/// tiles, three SVG charts (pass rate per case, grounding rate per case, the latency of every
/// run) and a table of cases with why they failed.
public enum EvalHTMLReport {
    /// The page for `report`, with `comparison` when given.
    public static func render(_ report: EvalReport, comparison: EvalComparison?) -> String {
        let summary = report.summary
        var html = """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>Switchboard eval: \(escape(report.suite))</title>
            <style>
            body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem;color:#1d2330}
            .tiles{display:flex;gap:1rem;flex-wrap:wrap}.tile{border:1px solid #d5dae3;border-radius:8px;padding:.8rem 1.2rem;min-width:9rem}
            .tile b{display:block;font-size:1.6rem}.chart{margin:1.5rem 0}table{border-collapse:collapse;margin-top:1rem}
            td,th{border-bottom:1px solid #e4e7ee;padding:.35rem .7rem;text-align:left;vertical-align:top}.fail{color:#b3261e}.ok{color:#1b7f3b}
            </style></head><body>
            <h1>\(escape(report.suite))</h1>
            <p>Scenario \(escape(report.scenario ?? "(none)")), \(report.repeats) run(s) per case, started \(escape(report.startedAt)).</p>
            <div class="tiles">
            """
        let accuracy = summary.toolAccuracy.map { percent($0) } ?? "–"
        for (label, value) in [
            ("pass rate", percent(summary.passRate)), ("pass^\(report.repeats)", percent(summary.passAllRate)), ("tool-call accuracy", accuracy),
            ("grounding rate", percent(summary.groundingRate)), ("rail violations", String(summary.railViolations)),
            ("latency p50 / p90 / p99", String(format: "%.0f / %.0f / %.0f ms", summary.latencyP50, summary.latencyP90, summary.latencyP99)),
            ("tokens in / out", "\(summary.tokensIn) / \(summary.tokensOut)"),
        ] {
            html += "<div class=\"tile\" data-tile=\"\(escape(label))\">\(escape(label))<b>\(escape(value))</b></div>\n"
        }
        html += "</div>\n"
        let passRates = report.cases.map { item in (item.name, Double(item.runs.filter(\.passed).count) / Double(max(1, item.runs.count))) }
        html += barChart(id: "pass-rate", title: "Pass rate per case", rows: passRates)
        let grounding = report.cases.map { item -> (String, Double) in
            let figures = item.runs.reduce(0) { $0 + $1.figures }
            return (item.name, figures == 0 ? 1 : Double(item.runs.reduce(0) { $0 + $1.grounded }) / Double(figures))
        }
        html += barChart(id: "grounding", title: "Grounding rate per case", rows: grounding)
        html += latencyChart(report.cases.flatMap { item in item.runs.map { (item.name, $0.latencyMilliseconds) } })
        if let comparison {
            html += "<h2>Against the earlier run</h2><table data-table=\"comparison\"><tr><th>figure</th><th>before</th><th>now</th><th></th></tr>\n"
            for change in comparison.changes {
                let mark = change.old == change.new ? "=" : (change.isWorse ? "<span class=\"fail\">worse</span>" : "<span class=\"ok\">better</span>")
                html += "<tr><td>\(escape(change.name))</td><td>\(String(format: "%.3f", change.old))</td><td>\(String(format: "%.3f", change.new))</td><td>\(mark)</td></tr>\n"
            }
            html += "</table>\n"
            if !comparison.regressions.isEmpty { html += "<p class=\"fail\">Regressed: \(escape(comparison.regressions.joined(separator: ", ")))</p>\n" }
            if !comparison.fixes.isEmpty { html += "<p class=\"ok\">Fixed: \(escape(comparison.fixes.joined(separator: ", ")))</p>\n" }
        }
        html += "<h2>Cases</h2><table data-table=\"cases\"><tr><th>case</th><th>passed</th><th>tools</th><th>answer (first run)</th><th>why it failed</th></tr>\n"
        for item in report.cases {
            let passed = item.runs.filter(\.passed).count
            let first = item.runs.first
            let reasons = item.runs.first { !$0.passed }?.reasons.joined(separator: "; ") ?? ""
            html += "<tr><td>\(escape(item.name))</td><td class=\"\(passed == item.runs.count ? "ok" : "fail")\">\(passed)/\(item.runs.count)</td>"
                + "<td>\(escape(first?.tools.joined(separator: ", ") ?? ""))</td><td>\(escape(String((first?.answer ?? "").prefix(300))))</td><td>\(escape(reasons))</td></tr>\n"
        }
        html += "</table></body></html>\n"
        return html
    }

    /// Horizontal bars, one per row, for values from 0 to 1.
    static func barChart(id: String, title: String, rows: [(String, Double)]) -> String {
        let rowHeight = 24
        let labelWidth = 220
        let barWidth = 400
        let height = rows.count * rowHeight + 10
        var svg = "<div class=\"chart\"><h2>\(escape(title))</h2><svg data-chart=\"\(id)\" width=\"\(labelWidth + barWidth + 70)\" height=\"\(height)\" role=\"img\" aria-label=\"\(escape(title))\">\n"
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight + 5
            let width = Int((row.1 * Double(barWidth)).rounded())
            let colour = row.1 >= 1 ? "#1b7f3b" : (row.1 >= 0.5 ? "#c98a00" : "#b3261e")
            svg += "<text x=\"0\" y=\"\(y + 16)\" font-size=\"13\">\(escape(row.0))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(barWidth)\" height=\"18\" fill=\"#eef0f4\"/>"
            svg += "<rect class=\"bar\" data-value=\"\(String(format: "%.3f", row.1))\" x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(width)\" height=\"18\" fill=\"\(colour)\"/>"
            svg += "<text x=\"\(labelWidth + barWidth + 8)\" y=\"\(y + 14)\" font-size=\"12\">\(percent(row.1))</text>\n"
        }
        return svg + "</svg></div>\n"
    }

    /// A column per run, as tall as its latency.
    static func latencyChart(_ runs: [(String, Double)]) -> String {
        let height = 160
        let column = max(4, min(24, 600 / max(1, runs.count)))
        let longest = max(runs.map(\.1).max() ?? 1, 0.001)
        var svg = "<div class=\"chart\"><h2>Latency of every run</h2><svg data-chart=\"latency\" width=\"\(runs.count * column + 60)\" height=\"\(height + 20)\" role=\"img\" aria-label=\"latency\">\n"
        svg += "<text x=\"0\" y=\"12\" font-size=\"11\">\(String(format: "%.0f ms", longest))</text>"
        for (index, run) in runs.enumerated() {
            let barHeight = max(1, Int((run.1 / longest * Double(height - 20)).rounded()))
            svg += "<rect class=\"run\" x=\"\(50 + index * column)\" y=\"\(height - barHeight)\" width=\"\(column - 2)\" height=\"\(barHeight)\" fill=\"#3b6fd8\"><title>\(escape(run.0)): \(String(format: "%.1f", run.1)) ms</title></rect>"
        }
        return svg + "\n</svg></div>\n"
    }

    static func percent(_ value: Double) -> String {
        String(format: "%.1f%%", value * 100)
    }

    /// `text` safe inside HTML elements and attributes.
    static func escape(_ text: String) -> String {
        HTMLText.escape(text)
    }
}
