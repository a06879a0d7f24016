import Foundation

/// The functions a calculator expression may call.
enum CalculatorFunctions {
    /// One function: its names, how many arguments it takes, and what it computes.
    struct Function: Sendable {
        let arity: ClosedRange<Int>
        let usage: String
        let apply: @Sendable ([Decimal], Int) throws(CalculationError) -> Decimal
    }

    static let all: [String: Function] = [
        "round": Function(arity: 1...2, usage: "round(x) or round(x, places)") { arguments, position throws(CalculationError) in
            let places = arguments.count == 2 ? try wholeNumber(arguments[1], "places", at: position) : 0
            guard (-20...30).contains(places) else { throw CalculationError("round places must be between -20 and 30", at: position) }
            return arguments[0].rounded(places)
        },
        "abs": Function(arity: 1...1, usage: "abs(x)") { arguments, _ in abs(arguments[0]) },
        "min": Function(arity: 1...100, usage: "min(a, b, …)") { arguments, _ in arguments.min()! },
        "max": Function(arity: 1...100, usage: "max(a, b, …)") { arguments, _ in arguments.max()! },
        "sqrt": Function(arity: 1...1, usage: "sqrt(x)") { arguments, position throws(CalculationError) in
            try DecimalMath.power(arguments[0], Decimal(string: "0.5")!, at: position)
        },
        // Percentage change from `from` to `to`, in percent.
        "pct_change": Function(arity: 2...2, usage: "pct_change(from, to)") { arguments, position throws(CalculationError) in
            guard arguments[0] != 0 else { throw CalculationError("pct_change needs a non-zero starting value", at: position) }
            return (arguments[1] - arguments[0]) / arguments[0] * 100
        },
        // Compound annual growth rate from `start` to `end` over `years`, as a fraction.
        "cagr": Function(arity: 3...3, usage: "cagr(start, end, years)") { arguments, position throws(CalculationError) in
            guard arguments[0] > 0, arguments[1] > 0, arguments[2] > 0 else {
                throw CalculationError("cagr needs a positive start, end and number of years", at: position)
            }
            return try DecimalMath.power(arguments[1] / arguments[0], 1 / arguments[2], at: position) - 1
        },
        // A return per period compounded over `periods` periods of a year, as a fraction.
        "annualize": Function(arity: 2...2, usage: "annualize(periodic_return, periods_per_year)") { arguments, position throws(CalculationError) in
            try DecimalMath.power(1 + arguments[0], arguments[1], at: position) - 1
        },
        // `principal` grown at `rate` per period over `periods` periods.
        "compound": Function(arity: 3...3, usage: "compound(principal, rate, periods)") { arguments, position throws(CalculationError) in
            arguments[0] * (try DecimalMath.power(1 + arguments[1], arguments[2], at: position))
        },
    ]

    private static func wholeNumber(_ value: Decimal, _ name: String, at position: Int) throws(CalculationError) -> Int {
        guard value == value.rounded(0) else { throw CalculationError("\(name) must be a whole number, found \(value)", at: position) }
        return NSDecimalNumber(decimal: value).intValue
    }
}
