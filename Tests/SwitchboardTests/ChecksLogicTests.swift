import Foundation
import Testing
@testable import Checks

/// The figure extractor and the rails' reading of context, on small answers.
@Suite("Checks: figures and rails")
struct ChecksLogicTests {
    @Test("figures: units, separators, scales, signs and what is not a figure")
    func figures() {
        let figures = FigureExtractor.figures(in: "1. 茅台（600519.SH）报1,688.00元，跌2.3%，市值1.2万元，持有5手；9:30开盘，沪深300ETF，3个原因，2026年3月5日。")
        #expect(figures.map(\.text) == ["600519.SH", "1,688.00元", "2.3%", "1.2万元", "5手", "2026年3月5日"])
        #expect(figures.map(\.kind) == [.code, .amount, .percentage, .amount, .quantity, .date])
        #expect(figures[1].value == Decimal(1688))
        #expect(figures[2].falling)
        #expect(figures[3].value == Decimal(12000))
        #expect(figures[4].value == Decimal(500))
        #expect(figures[1].start == 17, "offsets count Unicode scalars")
    }

    @Test("grounding: rounding the figure's precision allows, and no more; a fall word needs negative evidence")
    func rounding() {
        var evidence = GroundingEvidence()
        evidence.addToolResult(.object(["last": .string("1688.46"), "change_pct": .string("-2.30")]), source: EvidenceSource(kind: .tool, tool: "quote"))
        func status(_ text: String) -> GroundingStatus? { GroundingChecker.check(AnswerText(text), against: evidence).figures.first?.status }
        #expect(status("现价1688.5元") == .grounded)
        #expect(status("现价1,688元") == .grounded)
        #expect(status("现价1690元") == .ungrounded)
        #expect(status("现价1688.4元") == .ungrounded)
        #expect(status("下跌2.3%") == .grounded)
        #expect(status("上涨2.3%") == .ungrounded)
    }

    @Test("the integer rounding interval agrees with exact decimal rounding on many figures and values")
    func exactIntervalAgrees() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let decimals = Int.random(in: 0...3, using: &generator)
            let digits = Int64.random(in: -99_999...99_999, using: &generator)
            let scaleExponent = [0, 2, 4].randomElement(using: &generator)!
            let scale = Decimal(sign: .plus, exponent: scaleExponent, significand: 1)
            let written = Decimal(sign: digits < 0 ? .minus : .plus, exponent: -decimals, significand: Decimal(abs(digits)))
            var figure = Figure(kind: .number, text: "", start: 0, end: 0, written: written, decimals: decimals, scale: scale, falling: false, code: nil, date: nil)
            figure.significand = digits
            figure.scaleExponent = scaleExponent
            let exact = ExactInterval(significand: digits, figure: figure, shift: 0)
            let decimal = RoundingInterval(figure.value, figure)
            // Values near the figure, at finer and coarser precisions, the half-way points included.
            let offset = Int64.random(in: -60...60, using: &generator)
            let exponent = scaleExponent - decimals - Int.random(in: 0...3, using: &generator)
            let base = digits * Int64(pow(10, Double(scaleExponent - decimals - exponent)).rounded())
            let value = ExactNumber(significand: base + offset, exponent: exponent)
            let asDecimal = Decimal(sign: value.significand < 0 ? .minus : .plus, exponent: exponent, significand: Decimal(abs(value.significand)))
            #expect(exact.contains(value) == decimal.contains(asDecimal), "\(written)×10^\(scaleExponent) vs \(asDecimal)")
        }
    }

    @Test("rails: negation within the clause, quoted warnings and allowed terms pass; a turn ends a negation's reach")
    func railContext() {
        let rails = AnswerChecks(config: .init(), ruleSets: [], securityNames: ["贵州茅台"]).rails
        func categories(_ text: String) -> [String] { rails.check(text).hits.map(\.category) }
        #expect(categories("本产品保本保收益。") == ["guarantee", "guarantee"])
        #expect(categories("本产品不保本，也不保证收益。") == [])
        #expect(categories("请警惕“稳赚不赔”的宣传。") == [])
        #expect(categories("夏普比率用无风险利率计算。") == [])
        #expect(categories("虽然不保本，但基本不会亏。") == ["guarantee"])
        #expect(categories("建议买入贵州茅台。") == ["undisclosed-recommendation"])
        #expect(categories("建议买入贵州茅台。投资有风险，入市需谨慎。") == [])
        #expect(categories("我无法为您推荐具体股票。") == [])
    }
}
