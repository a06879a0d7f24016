import Foundation
import Wire

/// Charts drawn on the server as SVG markup: presentation attributes and classes only (no
/// `style` attributes, so the page's Content-Security-Policy needs no inline styles).
enum SVGChart {
    private static let width = 600.0
    private static let height = 200.0
    private static let left = 48.0
    private static let bottom = 22.0
    private static let top = 8.0

    /// Bars of `primary` with `secondary` drawn over them (errors over requests), one pair per
    /// period; `labels` under the first, middle and last period.
    static func bars(id: String, primary: [Int], secondary: [Int], labels: [String], title: String) -> String {
        let maximum = max(1, primary.max() ?? 0)
        let plotWidth = width - left
        let slot = plotWidth / Double(max(1, primary.count))
        var svg = frame(id: id, title: title, maximum: Double(maximum), unit: "")
        for (index, value) in primary.enumerated() {
            let x = left + Double(index) * slot + slot * 0.1
            svg += bar(x: x, width: slot * 0.8, value: Double(value), maximum: Double(maximum), className: "bar")
            if index < secondary.count, secondary[index] > 0 {
                svg += bar(x: x, width: slot * 0.8, value: Double(secondary[index]), maximum: Double(maximum), className: "bar alt")
            }
        }
        svg += axisLabels(labels, count: primary.count, slot: slot)
        return svg + "</svg>"
    }

    /// Lines of `series` (each a value per period, nil where there was none), in milliseconds.
    static func lines(id: String, series: [[Double?]], labels: [String], title: String) -> String {
        let maximum = max(1, series.flatMap { $0.compactMap { $0 } }.max() ?? 0)
        let count = series.first?.count ?? 0
        let slot = (width - left) / Double(max(1, count))
        var svg = frame(id: id, title: title, maximum: maximum, unit: " ms")
        for (index, values) in series.enumerated() {
            var points: [String] = []
            for (slotIndex, value) in values.enumerated() {
                guard let value else { continue }
                let x = left + (Double(slotIndex) + 0.5) * slot
                points.append("\(format(x)),\(format(y(value, maximum: maximum)))")
            }
            guard !points.isEmpty else { continue }
            let className = index == 0 ? "line" : "line alt"
            svg += #"<polyline class="\#(className)" fill="none" stroke-width="2" points="\#(points.joined(separator: " "))"/>"#
            for point in points {
                let parts = point.split(separator: ",")
                svg += #"<circle class="\#(className)" r="2.5" cx="\#(parts[0])" cy="\#(parts[1])"/>"#
            }
        }
        svg += axisLabels(labels, count: count, slot: slot)
        return svg + "</svg>"
    }

    private static func frame(id: String, title: String, maximum: Double, unit: String) -> String {
        var svg = #"<svg id="\#(id)" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(Int(width)) \#(Int(height))" role="img" aria-label="\#(escape(title))">"#
        svg += "<title>\(escape(title))</title>"
        for step in 0...2 {
            let value = maximum * Double(step) / 2
            let lineY = y(value, maximum: maximum)
            svg += #"<line class="grid" x1="\#(Int(left))" x2="\#(Int(width))" y1="\#(format(lineY))" y2="\#(format(lineY))"/>"#
            svg += #"<text class="label" x="\#(Int(left) - 4)" y="\#(format(lineY + 4))" text-anchor="end" font-size="11">\#(escape(short(value) + unit))</text>"#
        }
        svg += #"<line class="axis" x1="\#(Int(left))" x2="\#(Int(left))" y1="\#(Int(top))" y2="\#(Int(height - bottom))"/>"#
        return svg
    }

    private static func bar(x: Double, width barWidth: Double, value: Double, maximum: Double, className: String) -> String {
        let barTop = y(value, maximum: maximum)
        return #"<rect class="\#(className)" x="\#(format(x))" y="\#(format(barTop))" width="\#(format(barWidth))" height="\#(format(height - bottom - barTop))"/>"#
    }

    private static func axisLabels(_ labels: [String], count: Int, slot: Double) -> String {
        guard count > 0, !labels.isEmpty else { return "" }
        var svg = ""
        for index in Set([0, count / 2, count - 1]).sorted() where index < labels.count {
            let x = left + (Double(index) + 0.5) * slot
            let anchor = index == 0 ? "start" : index == count - 1 ? "end" : "middle"
            svg += #"<text class="label" x="\#(format(x))" y="\#(Int(height) - 6)" text-anchor="\#(anchor)" font-size="11">\#(escape(labels[index]))</text>"#
        }
        return svg
    }

    private static func y(_ value: Double, maximum: Double) -> Double {
        height - bottom - (height - bottom - top) * value / maximum
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    private static func short(_ value: Double) -> String {
        if value >= 10_000 { return String(format: "%.0fk", value / 1000) }
        if value >= 100 || value == value.rounded() { return String(format: "%.0f", value) }
        return String(format: "%.1f", value)
    }

    private static func escape(_ text: String) -> String {
        HTMLText.escape(text)
    }
}
