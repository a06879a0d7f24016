import Foundation
import Testing
@testable import Plugins

/// The exact decimal calculator behind the `calculate` plugin.
@Suite("Decimal calculator")
struct DecimalCalculatorTests {
    func value(_ expression: String) throws -> String {
        "\(try DecimalCalculator.evaluate(expression))"
    }

    @Test("arithmetic is exact where binary floating point is not", arguments: [
        ("0.1 + 0.2", "0.3"),
        ("1.15 * 1.1", "1.265"),
        ("1.15 * (1 + 10%)", "1.265"),
        ("round(1.15 * 1.1, 2)", "1.27"),
        ("round(1.125, 2)", "1.13"),
        ("round(-1.125, 2)", "-1.13"),
        ("2 ^ 10", "1024"),
        ("-2 ^ 2", "-4"),
        ("2 ^ 3 ^ 2", "512"),
        ("(2 + 3) * 4 - 6 / 3", "18"),
        ("10 / 4", "2.5"),
        ("2 ^ -2", "0.25"),
        ("abs(-3.50) + min(4, 2, 9) + max(1, 7)", "12.5"),
        ("pct_change(80, 100)", "25"),
        ("compound(10000, 3%, 2)", "10609"),
        ("annualize(1%, 12)", "0.126825030131969720661201"),
        ("12 × 3 ÷ 4 + （1）", "10"),
        ("1e3 + 5％", "1000.05"),
    ])
    func exact(expression: String, expected: String) throws {
        #expect(try value(expression) == expected)
    }

    @Test("fractional powers carry 16 significant digits")
    func fractionalPowers() throws {
        #expect(try value("sqrt(2)") == "1.414213562373095")
        #expect(try value("round(cagr(100, 200, 5), 6)") == "0.148698")
        #expect(try value("1 / 3") == "0.33333333333333333333333333333333333333")
    }

    @Test("mistakes are named with their position", arguments: [
        ("", "the expression is empty"),
        ("1 +", "the expression ends too early (at character 4)"),
        ("(1 + 2", "expected ')' (at character 7)"),
        ("1 / (2 - 2)", "division by zero (at character 3)"),
        ("foo(1)", "unknown function 'foo'"),
        ("round(1, 2, 3)", "round takes round(x) or round(x, places), given 3 argument(s) (at character 1)"),
        ("2 $ 3", "unexpected character '$' (at character 3)"),
        ("1.2.3", "'1.2.3' is not a number (at character 1)"),
        ("(-8) ^ 0.5", "a fractional power needs a positive base, found -8 (at character 6)"),
        ("10 ^ 1000", "the result is too large to represent"),
        ("10 ^ 100000.5", "the power is too large"),
    ])
    func mistakes(expression: String, message: String) {
        #expect {
            try DecimalCalculator.evaluate(expression)
        } throws: { error in
            (error as? CalculationError)?.description.contains(message) == true
        }
    }

    @Test("deep nesting is refused rather than crashing")
    func nesting() {
        let deep = String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500)
        #expect(throws: CalculationError.self) { try DecimalCalculator.evaluate(deep) }
    }
}
