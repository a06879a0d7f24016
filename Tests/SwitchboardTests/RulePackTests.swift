import Finance
import Foundation
import Plugins
import Testing
import Wire

/// The rule language (parsing, types, exact evaluation, errors with columns), rule packs, and
/// the shipped trading-permission packs.
@Suite("Rule packs")
struct RulePackTests {
    static let facts: [String: RuleType] = ["aum": .decimal, "since": .date, "as_of": .date, "level": .string, "vip": .bool, "daily": .decimals]
    static let values: [String: RuleValue] = [
        "aum": .decimal(Decimal(string: "500000.10")!), "since": .date(CalendarDay("2024-02-29")!), "as_of": .date(CalendarDay("2026-02-28")!),
        "level": .string("C4"), "vip": .bool(false), "daily": .decimals([100, 200, Decimal(string: "300.3")!]),
    ]

    static func run(_ text: String) throws -> RuleValue {
        let expression = try RuleParser.parse(text)
        _ = try RuleTypeChecker.type(of: expression, facts: facts)
        return try RuleEvaluator.evaluate(expression, facts: values)
    }

    @Test("expressions evaluate exactly", arguments: [
        ("aum >= 500000", RuleValue.bool(true)),
        ("aum - 500000 == 0.1", .bool(true)),
        ("0.1 + 0.2 == 0.3", .bool(true)),
        ("avg(daily) == 200.1", .bool(true)),
        ("count(daily) == 3 and sum(daily) > 600", .bool(true)),
        ("months_between(since, as_of)", .decimal(23)),
        ("months_between(date('2024-01-31'), date('2024-02-29'))", .decimal(0)),
        ("days_between(since, as_of)", .decimal(730)),
        ("level == 'C4' or vip", .bool(true)),
        ("not vip && !(aum < 1)", .bool(true)),
        ("round(10 / 3, 2)", .decimal(Decimal(string: "3.33")!)),
        ("-max(1, 2.5, 2) * 2", .decimal(-5)),
        ("contains(level, 'C') and starts_with(level, 'C4')", .bool(true)),
        ("since < date(\"2025-01-01\")", .bool(true)),
    ])
    func evaluates(_ example: (String, RuleValue)) throws {
        #expect(try Self.run(example.0) == example.1, "\(example.0)")
    }

    @Test("syntax and type errors name their column", arguments: [
        ("aum >= ", 8, "expected a value"),
        ("aum >= 'x'", 5, "'>=' orders two decimals"),
        ("since < 2020", 7, "found date and decimal"),
        ("unknown_fact > 1", 1, "unknown fact 'unknown_fact'"),
        ("avg(aum) > 1", 1, "avg takes (decimals)"),
        ("vip + 1", 5, "'+' takes two decimals"),
        ("aum >= 1 )", 10, "unexpected ')'"),
        ("level == 'C4", 10, "the string is not closed"),
        ("aum # 1", 5, "'#' is not part of the rule language"),
        ("nosuch(1)", 1, "unknown function 'nosuch'"),
    ])
    func errors(_ example: (String, Int, String)) {
        do {
            let expression = try RuleParser.parse(example.0)
            _ = try RuleTypeChecker.type(of: expression, facts: Self.facts)
            Issue.record("\(example.0) should not check")
        } catch {
            #expect(error.column == example.1, "\(example.0): \(error)")
            #expect(error.message.contains(example.2), "\(example.0): \(error)")
        }
    }

    @Test("evaluation errors: division by zero, an average of nothing")
    func evaluationErrors() throws {
        #expect(throws: RuleLanguageError.self) { try Self.run("aum / 0 > 1") }
        let empty = try RuleParser.parse("avg(daily) > 1")
        #expect(throws: RuleLanguageError.self) { try RuleEvaluator.evaluate(empty, facts: ["daily": .decimals([])]) }
    }

    @Test("a pack with a type error is refused with its file, line, column and key")
    func packErrors() {
        let yaml = """
            pack: vip
            facts: { aum: decimal, since: date }
            rules:
              - id: big
                text: big client
                when: "aum >= 1000000 and since < 2020"
            """
        #expect {
            try RulePack.load(yaml: yaml, file: "vip.yaml")
        } throws: { error in
            "\(error)" == "vip.yaml:6:37: rules[0].when: '<' orders two decimals, dates or strings, found date and decimal"
        }
        #expect(throws: RulePackError.self) { try RulePack.load(yaml: "pack: x\nfacts: { a: money }\nrules: [{ id: r, when: 'true' }]", file: "x.yaml") }
    }

    static func eligibility(_ permission: String, assets: String, days: Int = 20, since: String, asOf: String = "2026-11-27") async throws -> JSONValue {
        let library = try RulePackLibrary(files: [])
        let arguments = try JSONValue.parse(
            #"{"permission":"\#(permission)","daily_assets":[\#(Array(repeating: "\"\(assets)\"", count: days).joined(separator: ","))],"first_trade_date":"\#(since)","as_of":"\#(asOf)"}"#)
        let context = PluginContext(tenant: "t", endUser: nil, scenario: nil, requestID: "r", deadline: .now + .seconds(5))
        return try await CheckEligibilityPlugin(library: library).invoke(arguments, context: context).content
    }

    @Test("the shipped trading-permission packs: STAR 500k and 24 months, ChiNext 100k and 24 months, Beijing 500k and 24 months, margin 500k and 6 months")
    func shippedPacks() async throws {
        #expect(try await Self.eligibility("star", assets: "500000.00", since: "2024-11-27")["verdict"] == .string("pass"))
        #expect(try await Self.eligibility("star", assets: "499999.99", since: "2020-01-01")["verdict"] == .string("fail"))
        #expect(try await Self.eligibility("star", assets: "900000", since: "2024-11-28")["verdict"] == .string("fail"), "a day short of 24 months")
        #expect(try await Self.eligibility("star", assets: "900000", days: 19, since: "2020-01-01")["verdict"] == .string("fail"), "20 trading days are needed")
        #expect(try await Self.eligibility("chinext", assets: "100000", since: "2024-11-27")["verdict"] == .string("pass"))
        #expect(try await Self.eligibility("bse", assets: "100000", since: "2020-01-01")["verdict"] == .string("fail"))
        #expect(try await Self.eligibility("margin", assets: "500000", since: "2026-05-27")["verdict"] == .string("pass"))
        let explained = try await Self.eligibility("margin", assets: "500000", since: "2026-05-28")
        #expect(explained["verdict"] == .string("fail"))
        let outcomes = explained["explanation"]?.arrayValue?.compactMap { $0["outcome"]?.stringValue }
        #expect(outcomes == ["pass", "fail"])
    }
}
