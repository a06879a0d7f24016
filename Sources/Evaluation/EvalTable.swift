import Foundation

/// The evaluation as text for a terminal: a row per case, the summary, and a comparison.
public enum EvalTable {
    /// The table of `report`, with `comparison` when given.
    public static func render(_ report: EvalReport, comparison: EvalComparison?) -> String {
        var lines: [String] = []
        let width = max(12, report.cases.map { $0.name.count }.max() ?? 0)
        lines.append(pad("case", width) + "  passed  tools  grounded  p50 ms  notes")
        for item in report.cases {
            let passed = item.runs.filter(\.passed).count
            let judged = item.runs.compactMap(\.toolsCorrect)
            let tools = judged.isEmpty ? "  -  " : String(format: "%3d/%-2d", judged.filter { $0 }.count, judged.count)
            let figures = item.runs.reduce(0) { $0 + $1.figures }
            let grounded = figures == 0 ? "     -" : String(format: "%6.0f%%", Double(item.runs.reduce(0) { $0 + $1.grounded }) / Double(figures) * 100)
            let p50 = EvalSummary.percentile(item.runs.map(\.latencyMilliseconds).sorted(), 0.5)
            let notes = item.runs.first { !$0.passed }?.reasons.joined(separator: "; ") ?? ""
            lines.append(pad(item.name, width) + String(format: "  %3d/%-2d  ", passed, item.runs.count) + tools + "  " + grounded + String(format: "  %6.1f  ", p50) + notes)
        }
        let summary = report.summary
        lines.append("")
        lines.append(String(format: "%d cases × %d = %d runs: pass rate %.1f%%, pass^%d %.1f%%", summary.cases, report.repeats, summary.runs, summary.passRate * 100, report.repeats, summary.passAllRate * 100))
        let accuracy = summary.toolAccuracy.map { String(format: "%.1f%%", $0 * 100) } ?? "-"
        lines.append(String(format: "tool-call accuracy %@, grounding rate %.1f%%, rail violations %d", accuracy, summary.groundingRate * 100, summary.railViolations))
        lines.append(String(format: "latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms; tokens %d in, %d out", summary.latencyP50, summary.latencyP90, summary.latencyP99, summary.tokensIn, summary.tokensOut))
        if let comparison {
            lines.append("")
            lines.append("against the earlier run:")
            for change in comparison.changes {
                let mark = change.old == change.new ? "=" : (change.isWorse ? "worse" : "better")
                lines.append("  " + pad(change.name, 20) + String(format: "%10.3f → %-10.3f ", change.old, change.new) + mark)
            }
            if !comparison.regressions.isEmpty { lines.append("  regressed: " + comparison.regressions.joined(separator: ", ")) }
            if !comparison.fixes.isEmpty { lines.append("  fixed: " + comparison.fixes.joined(separator: ", ")) }
        }
        return lines.joined(separator: "\n")
    }

    /// `text` padded with spaces to `width` columns (an ideograph takes two).
    static func pad(_ text: String, _ width: Int) -> String {
        let columns = text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
        return text + String(repeating: " ", count: max(0, width - columns))
    }
}
