import Foundation
import Yams

/// Reads, interpolates and validates configuration.
public enum ConfigLoader {
    /// The configuration used when no file is given: listen on 127.0.0.1:8080, state in
    /// `./switchboard-data/`, one private backend at the default vLLM address, a simulated
    /// market, and the scenario `market`, whose intents answer quote, limit-price and suitability
    /// questions without any model (model `switchboard/direct`).
    public static let embeddedDefaultsYAML = #"""
        server:
          listen: "127.0.0.1:8080"
        store:
          sqlite: "./switchboard-data/switchboard.db"
        backends:
          - { name: local, kind: openai, url: "http://127.0.0.1:8000/v1", zone: private, capacity: 16 }
        models:
          - { alias: default, targets: [local] }
        quotes:
          source: simulated
        knowledge:
          demo: true
        data_sources:
          - { name: demo, sqlite: "./switchboard-data/demo.db", demo: true }
        queries:
          - name: my_positions
            description: "当前客户（X-Switchboard-User 所指客户）的证券持仓：代码、数量、今日买入数量、成本价。The signed-in client's holdings; use it for any question about their positions."
            source: demo
            sql: "SELECT code, quantity, bought_today, cost_price FROM positions WHERE client_id = :client_id ORDER BY code"
            bind: { client_id: end_user }
          - name: my_orders
            description: "当前客户最近的委托（可只看一只股票）。The signed-in client's recent orders, optionally for one code."
            source: demo
            sql: "SELECT order_id, code, side, quantity, price, status, placed_at FROM orders WHERE client_id = :client_id AND (:code IS NULL OR code = :code) ORDER BY placed_at DESC"
            bind: { client_id: end_user }
            parameters: { code: { type: string, pattern: "^[0-9]{6}$", required: false, description: "six-digit code" } }
            max_rows: 50
          - name: my_profile
            description: "当前客户的资料与风险等级（C1–C5）。The signed-in client's profile and risk category, for suitability."
            source: demo
            sql: "SELECT client_id, name, risk_level, lowest_category, professional, branch, opened_on FROM clients WHERE client_id = :client_id"
            bind: { client_id: end_user }
          - name: product_info
            description: "理财产品的要素：风险等级（R1–R5）、起投金额、费用、期限与简介。Terms of a wealth product by code or by part of its name."
            source: demo
            sql: "SELECT product_code, name, kind, risk_level, min_investment, annual_fee, term, summary FROM products WHERE product_code = :code OR (:name IS NOT NULL AND name LIKE '%' || :name || '%') ORDER BY product_code"
            parameters:
              code: { type: string, required: false, description: "product code, e.g. WP-0001" }
              name: { type: string, required: false, description: "part of the product name" }
            max_rows: 20
        scenarios:
          - name: market
            model: default
            prompt: "你是{{tenant}}的证券助手。今天是{{date}}。价格、涨跌停价、委托检查和适当性结论只能来自工具结果，并注明行情时间。"
            plugins: [quote, price_limits, check_order, check_suitability, calculate, calendar, my_positions, my_orders, my_profile, product_info, search_documents]
            intents:
              - name: quote
                patterns: ["{code} 现价多少", "{code} 现价是多少", "{code} 现价", "{code} 股价多少", "{code} 多少钱", "quote {code}", "price of {code}"]
                plugin: quote
                arguments: { codes: ["{{code}}"] }
                answer: "{{#quotes}}{{#name}}{{name}}（{{code}}）最新价 {{last}} 元，涨跌 {{change}} 元（{{change_pct}}%），今开 {{open}}，最高 {{high}}，最低 {{low}}，昨收 {{prev_close}}。行情时间 {{as_of}}{{#stale}}（已过期，不是实时行情）{{/stale}}，来源：{{provenance.source}}。{{/name}}{{/quotes}}"
              - name: limit_prices
                patterns: ["{code} 涨停价", "{code} 涨停价是多少", "{code} 跌停价", "{code} 跌停价是多少", "{code} 涨跌停价", "limit prices {code}", "up limit {code}"]
                plugin: quote
                arguments: { codes: ["{{code}}"] }
                answer: "{{#quotes}}{{#name}}{{name}}（{{code}}）今日涨停价 {{up_limit}} 元，跌停价 {{down_limit}} 元（昨收 {{prev_close}} 元，按交易所涨跌幅规则计算）。来源：{{provenance.source}}。{{/name}}{{/quotes}}"
              - name: suitability
                patterns: ["{investor} 客户能买 {product} 产品吗", "{investor} 客户可以买 {product} 产品吗", "{investor} 能买 {product} 吗", "can a {investor} investor buy {product}", "can {investor} buy {product}"]
                plugin: check_suitability
                arguments: { investor: "{{investor}}", product: "{{product}}", initiated_by: investor }
                answer: "{{investor}} 客户（主动要求）购买 {{product}} 产品：{{summary_zh}} {{summary}}"
              - name: my_positions
                patterns: ["我的持仓", "我的持仓有哪些", "查一下我的持仓", "my positions", "my holdings"]
                plugin: my_positions
                answer: "{{#rows}}{{code}}：{{quantity}} 股（今日买入 {{bought_today}}），成本价 {{cost_price}} 元\n{{/rows}}{{^rows}}没有持仓。{{/rows}}来源：{{provenance.source}}。"
        """#

    /// Loads the file at `path`, or the embedded defaults when `path` is nil.
    public static func load(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> SwitchboardConfig {
        guard let path else {
            var config = try parse(yaml: embeddedDefaultsYAML, file: "<embedded defaults>", environment: environment)
            config.sourceFile = nil
            return config
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(diagnostics: [
                ConfigDiagnostic(file: path, line: 0, column: 0, key: "", message: "cannot read the file (\(error.localizedDescription)); check the path given with --config")
            ])
        }
        return try parse(yaml: text, file: path, environment: environment)
    }

    /// Parses YAML text; `file` names it in diagnostics.
    public static func parse(yaml: String, file: String, environment: [String: String]) throws(ConfigError) -> SwitchboardConfig {
        let root: Node?
        do {
            root = try YAMLTree.compose(yaml)
        } catch let error as YamlError {
            throw ConfigError(diagnostics: [diagnostic(for: error, file: file)])
        } catch {
            throw ConfigError(diagnostics: [ConfigDiagnostic(file: file, line: 0, column: 0, key: "", message: "\(error)")])
        }
        var decoder = ConfigDecoder(file: file, interpolation: EnvironmentInterpolation(environment: environment))
        return try decoder.decode(root)
    }

    private static func diagnostic(for error: YamlError, file: String) -> ConfigDiagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            return ConfigDiagnostic(file: file, line: mark.line, column: mark.column, key: "", message: "invalid YAML: \(detail)\(problem)")
        default:
            return ConfigDiagnostic(file: file, line: 0, column: 0, key: "", message: "invalid YAML: \(error)")
        }
    }
}
