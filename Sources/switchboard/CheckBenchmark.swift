import ArgumentParser
import Checks
import Config
import Foundation

/// `switchboard check bench`: grounding and rails on 2 KB answers with ten evidence items, and
/// the stream hold-back per event, on one core, against a baseline in the same run (reading the
/// answer's Unicode scalars, which every check must do at least once).
struct CheckBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure the quality checks per answer and the stream hold-back per event (one core).")

    @Option(help: "Seconds to spend on each measurement.")
    var seconds = 1.0

    @Option(help: "Run only one measurement, for a profiler: checks, rails or stream.")
    var only: String?

    func run() async throws {
        let checks = AnswerChecks(config: ChecksConfig(), ruleSets: [], securityNames: Self.securityNames)
        var evidence = GroundingEvidence()
        for (index, item) in Self.evidence.enumerated() { evidence.addItem(item, index: index) }
        let answer = Self.answer
        let report = checks.check(answer, evidence: evidence)
        print("answer: \(answer.utf8.count) bytes, \(answer.unicodeScalars.count) scalars, \(report.grounding?.figures.count ?? 0) figures "
            + "(\(report.unsupported.count) unsupported), \(report.rails.hits.count) rail hits; evidence: \(Self.evidence.count) items")
        var sink = 0
        let pieces = Self.pieces(answer)
        if let only {
            switch only {
            case "checks": _ = Self.perSecond(seconds) { sink &+= checks.check(answer, evidence: evidence).rails.hits.count }
            case "rails": _ = Self.perSecond(seconds) { sink &+= checks.rails.check(answer).hits.count }
            case "stream": _ = Self.perSecond(seconds) { sink &+= Self.stream(pieces, checks, evidence) }
            default: throw ValidationError("--only takes checks, rails or stream")
            }
            return
        }
        let baseline = Self.perSecond(seconds) {
            sink &+= AnswerText(answer).count
        }
        let whole = Self.perSecond(seconds) {
            sink &+= checks.check(answer, evidence: evidence).rails.hits.count
        }
        let rails = Self.perSecond(seconds) {
            sink &+= checks.rails.check(answer).hits.count
        }
        let streamed = Self.perSecond(seconds) { sink &+= Self.stream(pieces, checks, evidence) }
        print(String(format: "baseline (read the answer's scalars): %8.2f µs per answer", 1e6 / baseline))
        print(String(format: "rails only:                           %8.2f µs per answer", 1e6 / rails))
        print(String(format: "grounding and rails:                  %8.2f µs per answer, %.1fx the baseline (goal: under 100 µs)", 1e6 / whole, baseline / whole))
        print(String(format: "streamed, %3d events of ~%d scalars:   %8.2f µs per answer, %.2f µs per event", pieces.count, answer.unicodeScalars.count / pieces.count,
            1e6 / streamed, 1e6 / streamed / Double(pieces.count)))
        if sink == 42 { print("") }
    }

    /// One streamed answer checked piece by piece, then its report.
    static func stream(_ pieces: [String], _ checks: AnswerChecks, _ evidence: GroundingEvidence) -> Int {
        var sink = 0
        var check = StreamedAnswerCheck(checks: checks, evidence: evidence)
        for piece in pieces {
            if case .release(let upTo) = check.append(piece) { sink &+= upTo }
        }
        return sink &+ check.report().rails.hits.count
    }

    /// Runs `body` repeatedly for `seconds`; returns runs per second (the median batch).
    static func perSecond(_ seconds: Double, _ body: () -> Void) -> Double {
        ScanBenchmark.rate(bytes: 1_000_000, seconds: seconds) {
            body()
            return 0
        }
    }

    /// The answer in pieces of about eight scalars, as a model streams it.
    static func pieces(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            current.append(scalar)
            if current.count == 8 {
                pieces.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { pieces.append(String(current)) }
        return pieces
    }

    static let securityNames = ["贵州茅台", "招商银行", "宁德时代", "平安银行", "中国平安", "五粮液", "比亚迪", "长江电力", "中信证券", "隆基绿能"]

    /// Ten plugin results: quotes, positions, a fund, a calculation, a rule check, a document passage.
    static let evidence: [String] = [
        #"{"tool":"quote","as_of":"2026-03-05T07:00:00.000Z","result":{"quotes":[{"code":"600519","name":"贵州茅台","last":"1688.00","change":"20.10","change_pct":"1.20","open":"1670.00","high":"1695.50","low":"1665.20","prev_close":"1667.90","volume":31234,"turnover":"5273000000.00","up_limit":"1834.69","down_limit":"1501.11","as_of":"2026-03-05T07:00:00.000Z","stale":false}]}}"#,
        #"{"tool":"quote","result":{"quotes":[{"code":"600036","name":"招商银行","last":"35.50","change":"-0.42","change_pct":"-1.17","open":"35.90","high":"36.02","low":"35.31","prev_close":"35.92","volume":412345,"up_limit":"39.51","down_limit":"32.33","stale":false}]}}"#,
        #"{"tool":"quote","result":{"quotes":[{"code":"300750","name":"宁德时代","last":"182.30","change":"3.60","change_pct":"2.01","prev_close":"178.70","volume":220011,"up_limit":"214.44","down_limit":"142.96","stale":false}]}}"#,
        #"{"tool":"query_positions","result":{"positions":[{"code":"600036","shares":1200,"cost":"35.20","market_value":"42600.00"},{"code":"600519","shares":100,"cost":"1520.00","market_value":"168800.00"}]}}"#,
        #"{"tool":"query_balance","result":{"cash":"25300.55","frozen":"0.00","total_assets":"236700.55"}}"#,
        #"{"tool":"fund_info","result":{"code":"110011","name":"易方达优质精选","nav":"5.2341","nav_date":"2026-03-04","yield_1y":"8.62","fee_rate":"1.50","size":"32500000000"}}"#,
        #"{"tool":"calculate","result":{"expression":"168800-152000","result":"16800"}}"#,
        #"{"tool":"calculate","result":{"expression":"(42600-42240)/42240*100","result":"0.8523"}}"#,
        #"{"tool":"check_order","result":{"accepted":false,"reasons":["price above the up limit 1834.69"],"lot":100}}"#,
        #"{"tool":"search_documents","result":{"passages":[{"text":"本基金为混合型基金，风险等级R3，管理费率1.50%，托管费率0.25%，成立于2010年6月9日。","source":"prospectus.pdf","page":3}]}}"#,
    ]

    /// A 2 KB answer: figures from every item, a derived profit, one invented target price, and
    /// a recommendation with its disclosure (two paragraphs of the same facts, told twice).
    static let answer = paragraph + "\n\n" + paragraph

    static let paragraph = """
        根据最新行情（2026年3月5日），贵州茅台（600519）最新价1,688.00元，上涨20.10元，涨幅1.2%，今日最高1695.5元、最低1665.2元，\
        成交额约52.73亿元。招商银行（600036）报35.50元，下跌1.17%。宁德时代（300750）报182.3元，涨幅2.01%。

        您的持仓：招商银行1200股，成本35.20元，市值4.26万元，浮盈0.85%；贵州茅台1手，成本1520元，市值16.88万元，浮盈16,800元。\
        可用资金25,300.55元，总资产约23.67万元。

        易方达优质精选（110011）最新净值5.2341元（2026-03-04），近一年收益8.62%，管理费率1.50%，基金规模325亿元，风险等级R3。

        您的委托价超过涨停价1834.69元，未能通过检查，请调整价格后再提交。有分析认为贵州茅台目标价可达2000元，但这只是个别机构的观点。

        如果您看好消费板块，可以考虑分批买入贵州茅台，并控制仓位。投资有风险，入市需谨慎。以上内容不构成投资建议，过往业绩不代表未来表现。\
        Please note that past performance does not guarantee future results, and no investment is risk-free.
        """
}
