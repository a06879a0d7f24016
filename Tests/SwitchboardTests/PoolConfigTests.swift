import Foundation
import Testing
@testable import Config

/// The `pool`, `tenants` and `prices` configuration, and the backends' `lent_by` and `load`:
/// read as written, with every mistake reported by file, line and key.
@Suite("Pool configuration")
struct PoolConfigTests {
    static let base = """
        backends:
          - { name: gpu-a, kind: openai, url: "http://127.0.0.1:9/v1", zone: private, capacity: 32, lent_by: big-broker, load: vllm }
        models:
          - { alias: fin-chat, targets: [gpu-a] }
        scenarios:
          - { name: advisor, model: fin-chat }

        """

    func diagnostics(_ yaml: String) -> [String] {
        do {
            _ = try ConfigLoader.parse(yaml: Self.base + yaml, file: "/etc/switchboard/pool.yaml", environment: [:])
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test("the issue's example reads as written: shares, quotas, a monthly budget, allowances, a lent backend, prices")
    func readsAsWritten() throws {
        let config = try ConfigLoader.parse(yaml: Self.base + """
            pool: { time_zone: Asia/Shanghai, currency: CNY, default_max_tokens: 2048, batch_share: "0.2" }
            tenants:
              - { name: big-broker, share: 3, requests_per_minute: 600, tokens_per_minute: 200000,
                  tokens_per_month: 50000000, max_concurrent_per_key: 32, budget: { monthly: "20000.00" },
                  models: [fin-chat], scenarios: [advisor] }
              - { name: 小型基金, share: 1, requests_per_minute: 60, budget: { prepaid: "500.50" }, max_queued: 8 }
            prices:
              - { backend: gpu-a, model: qwen2.5-72b, input_per_million: "4.00", output_per_million: "12.00" }
              - { backend: gpu-a, input_per_million: "2", output_per_million: "6" }
            """, file: "pool.yaml", environment: [:])
        let big = try #require(config.tenant(named: "big-broker"))
        #expect(big.share == 3 && big.requestsPerMinute == 600 && big.tokensPerMinute == 200_000 && big.tokensPerMonth == 50_000_000)
        #expect(big.maxConcurrentPerKey == 32 && big.budget == .monthly(Decimal(string: "20000.00")!) && big.models == ["fin-chat"] && big.scenarios == ["advisor"])
        let small = try #require(config.tenant(named: "小型基金"))
        #expect(small.budget == .prepaid(Decimal(string: "500.50")!) && small.maxQueued == 8 && small.tokensPerDay == nil)
        #expect(config.backends[0].lentBy == "big-broker" && config.backends[0].load == .vllm)
        #expect(config.pool.defaultMaxTokens == 2048 && config.pool.batchShare == Decimal(string: "0.2")!)
        #expect(config.prices.count == 2 && config.prices[0].outputPerMillion == 12)
    }

    @Test("time zones: a path out of the zone database is refused; a zone with daylight saving time is taken from Foundation", arguments: [
        ("../../../etc/passwd", false), ("/etc/localtime", false), ("Asia/Shanghai/..", false), ("America/New_York", true), ("UTC", true),
    ])
    func timeZoneNames(name: String, accepted: Bool) {
        let found = diagnostics("pool: { time_zone: \"\(name)\" }")
        #expect(found.contains { $0.contains("pool.time_zone") } == !accepted, "\(found)")
    }

    @Test("mistakes are named by file, line and key")
    func mistakes() {
        let found = diagnostics("""
            pool: { time_zone: Mars/Olympus, batch_share: "1.5" }
            tenants:
              - { name: big-broker, share: 0, budget: { monthly: 20000.5x } }
              - { name: big-broker, models: [gpt-9], scenarios: [nobody], requests_per_minute: "many" }
              - { share: 2 }
              - { name: odd, budget: { monthly: "1", prepaid: "2" }, colour: blue }
            prices:
              - { backend: gpu-z, input_per_million: "1", output_per_million: "-2" }
            """)
        let expected = [
            "pool.yaml:1: pool.time_zone: 'Mars/Olympus' is not an IANA time zone",
            "pool.batch_share: must be a fraction above 0 and below 1",
            "tenants[0].share: must be between 1 and 10000, found 0",
            "tenants[0].budget.monthly: expected a number such as \"20000.00\", found '20000.5x'",
            "tenants[1].name: duplicate tenant name 'big-broker'",
            "tenants[1].models[0]: there is no model alias 'gpt-9'",
            "tenants[1].scenarios[0]: there is no scenario 'nobody'",
            "tenants[1].requests_per_minute: expected a whole number, found 'many'",
            "tenants[2].name: is required",
            "tenants[3].budget: give one of monthly: AMOUNT or prepaid: AMOUNT",
            "tenants[3].colour: unknown key",
            "prices[0].backend: there is no backend named 'gpu-z'",
            "prices[0].output_per_million: a price cannot be negative",
        ]
        for fragment in expected {
            #expect(found.contains { $0.contains(fragment.replacingOccurrences(of: "pool.yaml:1: ", with: "")) }, "missing: \(fragment)\nfound: \(found)")
        }
        #expect(found.allSatisfy { $0.hasPrefix("/etc/switchboard/pool.yaml:") })
    }

    @Test("a backend lent by a tenant nobody named is an error, and a load source must be known")
    func lenders() {
        let found = diagnostics("""
            tenants:
              - { name: small-fund }
            """)
        #expect(found.contains { $0.contains("backends[0].lent_by: there is no tenant named 'big-broker'") }, "\(found)")
        do {
            _ = try ConfigLoader.parse(yaml: """
                backends:
                  - { name: gpu-a, kind: openai, url: "http://127.0.0.1:9/v1", zone: private, load: sglang }
                models:
                  - { alias: fin-chat, targets: [gpu-a] }
                """, file: "b.yaml", environment: [:])
            Issue.record("an unknown load source was accepted")
        } catch {
            #expect(error.diagnostics.contains { $0.description.contains("backends[0].load: 'sglang' is not one of: none, vllm") })
        }
    }
}
