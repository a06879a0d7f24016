/// A decimal as a 64-bit significand and a power of ten (`1688.46` is 168846 × 10⁻²), for
/// comparing figures and evidence without `Decimal` arithmetic on the hot path.
struct ExactNumber: Sendable, Equatable {
    /// The digits, with the sign.
    var significand: Int64
    /// The power of ten.
    var exponent: Int

    /// Reads `-12.30` or `1688`: an optional sign, up to 18 digits and at most one point; nil
    /// for anything else (exponents, more digits), which `Decimal` then handles.
    init?(literal: String) {
        var significand: Int64 = 0
        var digits = 0
        var decimals = 0
        var seenPoint = false
        var negative = false
        for (index, byte) in literal.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if significand != 0 || byte != UInt8(ascii: "0") { digits += 1 }
                guard digits <= 18 else { return nil }
                significand = significand * 10 + Int64(byte - UInt8(ascii: "0"))
                if seenPoint { decimals += 1 }
            case UInt8(ascii: "."):
                guard !seenPoint else { return nil }
                seenPoint = true
            case UInt8(ascii: "-") where index == 0: negative = true
            case UInt8(ascii: "+") where index == 0: continue
            default: return nil
            }
        }
        self.significand = negative ? -significand : significand
        exponent = -decimals
    }

    init(significand: Int64, exponent: Int) {
        self.significand = significand
        self.exponent = exponent
    }
}

/// The values that round, half away from zero at a figure's precision, to a target, as an
/// interval of integers in units of a tenth of the figure's last digit: for 1688.5 (units of
/// 0.01) [168845, 168855); for −2.3 (units of 0.01 per cent) (−235, −225].
struct ExactInterval: Sendable {
    private let low: Int128
    private let high: Int128
    private let includesLow: Bool
    private let includesHigh: Bool
    /// The power of ten of the units.
    private let unit: Int

    /// The interval for `figure` stating `significand` (its written digits, signed as the
    /// target is), in evidence stated 10^`shift` times smaller (2 for a percentage given as a
    /// fraction).
    init(significand: Int64, figure: Figure, shift: Int) {
        let center = Int128(significand) * 10
        low = center - 5
        high = center + 5
        includesLow = center > 0
        includesHigh = center < 0
        unit = figure.scaleExponent - figure.decimals - 1 - shift
    }

    /// Whether `value` is in the interval; nil when the powers of ten are too far apart to
    /// compare in 128 bits (the caller then uses `Decimal`).
    func contains(_ value: ExactNumber) -> Bool? {
        let difference = value.exponent - unit
        let number: Int128
        var lowBound = low
        var highBound = high
        if difference >= 0 {
            guard difference <= 18 else { return value.significand == 0 ? contains(scaled: 0, low, high) : nil }
            number = Int128(value.significand) * Self.power(difference)
        } else {
            guard -difference <= 18 else { return nil }
            number = Int128(value.significand)
            lowBound = low * Self.power(-difference)
            highBound = high * Self.power(-difference)
        }
        return contains(scaled: number, lowBound, highBound)
    }

    private func contains(scaled number: Int128, _ low: Int128, _ high: Int128) -> Bool {
        (includesLow ? number >= low : number > low) && (includesHigh ? number <= high : number < high)
    }

    private static func power(_ exponent: Int) -> Int128 {
        var result: Int128 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}
