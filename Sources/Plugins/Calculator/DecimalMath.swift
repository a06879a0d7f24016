import Foundation

/// Powers of decimals: exact for whole exponents, to about 16 significant digits otherwise.
enum DecimalMath {
    /// The most digits a whole exponent may have before the result is refused as too large.
    static let maximumWholeExponent = 10_000

    /// `base` raised to `exponent`.
    static func power(_ base: Decimal, _ exponent: Decimal, at position: Int) throws(CalculationError) -> Decimal {
        if exponent == exponent.rounded(0), abs(exponent) <= Decimal(maximumWholeExponent) {
            let whole = NSDecimalNumber(decimal: exponent).intValue
            if whole >= 0 { return try wholePower(base, whole, at: position) }
            guard base != 0 else { throw CalculationError("0 cannot be raised to a negative power", at: position) }
            return 1 / (try wholePower(base, -whole, at: position))
        }
        guard base > 0 else {
            throw CalculationError("a fractional power needs a positive base, found \(base)", at: position)
        }
        let value = pow(NSDecimalNumber(decimal: base).doubleValue, NSDecimalNumber(decimal: exponent).doubleValue)
        guard value.isFinite else { throw CalculationError("the power is too large", at: position) }
        // Keep the 16 significant digits a Double carries, no more.
        return Decimal(string: String(format: "%.15e", value)) ?? Decimal(value)
    }

    private static func wholePower(_ base: Decimal, _ exponent: Int, at position: Int) throws(CalculationError) -> Decimal {
        var result: Decimal = 1
        var factor = base
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result = try checked(result * factor, at: position) }
            remaining >>= 1
            if remaining > 0 { factor = try checked(factor * factor, at: position) }
        }
        return result
    }

    /// `value`, or an error when the arithmetic overflowed.
    static func checked(_ value: Decimal, at position: Int) throws(CalculationError) -> Decimal {
        guard !value.isNaN else { throw CalculationError("the result is too large to represent", at: position) }
        return value
    }
}

extension Decimal {
    /// Rounded half up (away from zero) to `places` decimal places.
    func rounded(_ places: Int) -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, places, .plain)
        return result
    }
}
