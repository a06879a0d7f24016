import Foundation

/// Checks each figure of an answer against the evidence of its exchange. A figure is grounded
/// when an evidence value, in the figure's units and rounded half up to the figure's own
/// precision, is the figure (`1,688.00` = 1688, `12.3%` = 12.3 or 0.123, `1.2万` = 12000,
/// `5手` = 500 shares); derived when it follows from two evidence values by one
/// ``DerivingOperation``; stale when only stale evidence states it.
public enum GroundingChecker {
    /// The report on `answer`.
    public static func check(_ answer: AnswerText, against evidence: GroundingEvidence) -> GroundingReport {
        check(FigureExtractor.figures(in: answer), against: evidence)
    }

    /// The most figures of one answer searched for a derivation. The search costs a pass over
    /// the evidence per figure that matches nothing directly, so an answer stuffed with invented
    /// figures cannot make a check slow: past this many, such figures are reported unsupported
    /// without the search.
    public static let maximumDerivationSearches = 64

    /// The report on `figures` (already extracted).
    public static func check(_ figures: [Figure], against evidence: GroundingEvidence) -> GroundingReport {
        var searches = 0
        return GroundingReport(figures: figures.map { figure in
            check(figure, against: evidence, searchingDerivations: &searches)
        })
    }

    /// What grounding finds for one figure.
    public static func check(_ figure: Figure, against evidence: GroundingEvidence) -> CheckedFigure {
        var searches = 0
        return check(figure, against: evidence, searchingDerivations: &searches)
    }

    /// What grounding finds for one figure; `searches` counts the derivation searches made so far.
    static func check(_ figure: Figure, against evidence: GroundingEvidence, searchingDerivations searches: inout Int) -> CheckedFigure {
        switch figure.kind {
        case .code:
            if let code = figure.code, let reference = evidence.codes[code] {
                return CheckedFigure(figure: figure, status: reference.stale ? .stale : .grounded, evidence: [reference])
            }
            return CheckedFigure(figure: figure, status: .ungrounded, evidence: [])
        case .date:
            guard let date = figure.date else { return CheckedFigure(figure: figure, status: .ungrounded, evidence: []) }
            let matches = evidence.dateMatches(date)
            if let fresh = matches.first(where: { !$0.stale }) { return CheckedFigure(figure: figure, status: .grounded, evidence: [fresh]) }
            return CheckedFigure(figure: figure, status: matches.isEmpty ? .ungrounded : .stale, evidence: Array(matches.prefix(1)))
        default:
            break
        }
        let direct = directMatches(figure, evidence)
        if let fresh = direct.first(where: { !$0.stale }) {
            return CheckedFigure(figure: figure, status: .grounded, evidence: [fresh])
        }
        if searches < maximumDerivationSearches {
            searches += 1
            if let (operation, operands) = derivation(figure, evidence) {
                return CheckedFigure(figure: figure, status: .derived, evidence: operands, operation: operation)
            }
        }
        if let stale = direct.first {
            return CheckedFigure(figure: figure, status: .stale, evidence: [stale])
        }
        return CheckedFigure(figure: figure, status: .ungrounded, evidence: [])
    }

    /// The value the figure states: negative when a word of falling precedes it (`跌2.3%` is −2.3 %).
    private static func target(_ figure: Figure) -> Decimal {
        figure.falling ? -figure.value : figure.value
    }

    /// The stated value as a double, for the look-up by value (no `Decimal` arithmetic).
    private static func approximateTarget(_ figure: Figure) -> Double {
        let magnitude = Double(figure.significand) * pow(10, Double(figure.scaleExponent - figure.decimals))
        return figure.falling ? -magnitude : magnitude
    }

    /// Half of the figure's last written digit, in base units.
    private static func tolerance(_ figure: Figure) -> Double {
        0.5 * pow(10, Double(figure.scaleExponent - figure.decimals))
    }

    private static func directMatches(_ figure: Figure, _ evidence: GroundingEvidence) -> [EvidenceReference] {
        var found: [EvidenceReference] = []
        let tolerance = tolerance(figure)
        // A percentage is stated in the evidence in per cent (12.3, in a field named so) or as a
        // fraction (0.123, anywhere).
        let percentage = figure.kind == .percentage || figure.kind == .percentagePoints
        let factors: [Decimal] = percentage ? [1, 100] : [1]
        let approximate = approximateTarget(figure)
        let negative = approximate < 0 || (figure.significand < 0 && !figure.falling)
        do {
            for factor in factors {
                let factorValue = NSDecimalNumber(decimal: factor).doubleValue
                let center = approximate / factorValue
                // The values that round to the figure, in the evidence's units: integers when they
                // fit, exact decimals otherwise.
                let shift = factor == 1 ? 0 : 2
                let exact = ExactInterval(significand: negative ? -abs(figure.significand) : abs(figure.significand), figure: figure, shift: shift)
                var decimal: RoundingInterval?
                forEach(in: evidence, from: center - tolerance / factorValue, to: center + tolerance / factorValue) { index, number in
                    guard !number.isCode, !percentage || factor != 1 || number.isPercent else { return false }
                    if let known = number.exact.flatMap(exact.contains) {
                        if known { found.append(evidence.references[index]) }
                        return false
                    }
                    if decimal == nil { decimal = RoundingInterval(target(figure), figure).divided(byPowerOfTen: shift) }
                    if decimal!.contains(number.value) { found.append(evidence.references[index]) }
                    return false
                }
            }
        }
        return found
    }

    private static func derivation(_ figure: Figure, _ evidence: GroundingEvidence) -> (DerivingOperation, [EvidenceReference])? {
        let operations: [DerivingOperation] =
            switch figure.kind {
            case .percentage: [.percentageChange, .ratio, .difference]
            case .percentagePoints: [.difference]
            case .multiple: [.ratio]
            default: [.difference, .sum, .product, .ratio]
            }
        let tolerance = tolerance(figure)
        do {
            let target = target(figure)
            let t = approximateTarget(figure)
            let interval = RoundingInterval(target, figure)
            for operation in operations {
                for bIndex in evidence.sorted {
                    let b = evidence.numbers[bIndex]
                    guard !b.isCode, !b.stale else { continue }
                    // A difference of percentages is one of figures stated in per cent.
                    let percentOperands = operation == .difference && (figure.kind == .percentage || figure.kind == .percentagePoints)
                    if percentOperands, !b.isPercent { continue }
                    guard let range = searchRange(operation, t: t, tolerance: tolerance, b: b.approximate, percentage: figure.kind == .percentage) else { continue }
                    var found: Int?
                    forEach(in: evidence, from: range.lowerBound, to: range.upperBound) { aIndex, a in
                        guard aIndex != bIndex, !a.isCode, !a.stale, !percentOperands || a.isPercent,
                            let result = apply(operation, a.value, b.value, percentage: figure.kind == .percentage), interval.contains(result)
                        else { return false }
                        found = aIndex
                        return true
                    }
                    if let found { return (operation, [evidence.references[found], evidence.references[bIndex]]) }
                }
            }
        }
        return nil
    }

    /// Where `a` must lie for `operation(a, b)` to be `t` within `tolerance`.
    private static func searchRange(_ operation: DerivingOperation, t: Double, tolerance: Double, b: Double, percentage: Bool) -> ClosedRange<Double>? {
        let low: Double
        let high: Double
        switch operation {
        case .difference: (low, high) = (b + t - tolerance, b + t + tolerance)
        case .sum: (low, high) = (t - b - tolerance, t - b + tolerance)
        case .product:
            guard b != 0 else { return nil }
            (low, high) = ((t - tolerance) / b, (t + tolerance) / b)
        case .ratio:
            guard b != 0 else { return nil }
            let scale = percentage ? b / 100 : b
            (low, high) = ((t - tolerance) * scale, (t + tolerance) * scale)
        case .percentageChange:
            guard b != 0 else { return nil }
            (low, high) = (b * (1 + (t - tolerance) / 100), b * (1 + (t + tolerance) / 100))
        }
        let slack = max(abs(low), abs(high)) * 1e-12 + 1e-12
        return min(low, high) - slack...max(low, high) + slack
    }

    /// `operation(a, b)` in exact decimals (a percentage for a percentage figure).
    static func apply(_ operation: DerivingOperation, _ a: Decimal, _ b: Decimal, percentage: Bool) -> Decimal? {
        switch operation {
        case .difference: return a - b
        case .sum: return a + b
        case .product: return a * b
        case .ratio:
            guard b != 0 else { return nil }
            return percentage ? a / b * 100 : a / b
        case .percentageChange:
            guard b != 0 else { return nil }
            return (a - b) / b * 100
        }
    }

    /// Calls `body` with each evidence number (and its index) whose value lies in `low...high`,
    /// in order of value, until it returns true.
    private static func forEach(in evidence: GroundingEvidence, from low: Double, to high: Double, _ body: (Int, GroundingEvidence.Number) -> Bool) {
        let sorted = evidence.sorted
        var lower = 0
        var upper = sorted.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if evidence.numbers[sorted[middle]].approximate < low { lower = middle + 1 } else { upper = middle }
        }
        var position = lower
        while position < sorted.count {
            let index = sorted[position]
            let number = evidence.numbers[index]
            guard number.approximate <= high else { return }
            if body(index, number) { return }
            position += 1
        }
    }
}

/// The values that round, half away from zero at a figure's precision, to its value: for 1688.5
/// (one decimal) [1688.45, 1688.55); for −2.3 (−2.35, −2.25]. Bounds are exact decimals, so a
/// check is two comparisons and no division.
struct RoundingInterval {
    var low: Decimal
    var high: Decimal
    var includesLow: Bool
    var includesHigh: Bool

    init(_ target: Decimal, _ figure: Figure) {
        let half = Decimal(sign: .plus, exponent: -figure.decimals - 1, significand: 5) * figure.scale
        low = target - half
        high = target + half
        includesLow = target > 0
        includesHigh = target < 0
    }

    /// The interval for a value stated 10^`power` times smaller (a fraction for a percentage).
    func divided(byPowerOfTen power: Int) -> RoundingInterval {
        guard power != 0 else { return self }
        var scaled = self
        let factor = Decimal(sign: .plus, exponent: -power, significand: 1)
        scaled.low = low * factor
        scaled.high = high * factor
        return scaled
    }

    func contains(_ value: Decimal) -> Bool {
        (includesLow ? value >= low : value > low) && (includesHigh ? value <= high : value < high)
    }
}
