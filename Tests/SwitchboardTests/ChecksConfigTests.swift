import Testing
@testable import Checks
@testable import Config

/// The `checks` and `rule_sets` configuration: a scenario's checks override the top level's key
/// by key, and mistakes are reported with file, line and key.
@Suite("Checks configuration")
struct ChecksConfigTests {
    static let base = """
        backends:
          - { name: house, kind: openai, url: "http://127.0.0.1:9/v1", zone: private }
        models:
          - { alias: chat, targets: [house] }

        """

    func diagnostics(_ yaml: String) -> [String] {
        do {
            _ = try ConfigLoader.parse(yaml: Self.base + yaml, file: "/etc/switchboard/checks.yaml", environment: [:])
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test("a scenario's checks start from the top level's and override key by key; written rule sets compile")
    func merging() throws {
        let config = try ConfigLoader.parse(yaml: Self.base + """
            checks: { grounding: block, disclosures: ["投资有风险"] }
            rule_sets:
              - name: house
                rules:
                  - { name: no-best, category: marketing, action: flag, phrases: [业绩最好], unless: [不是业绩最好] }
            scenarios:
              - { name: a, model: chat, checks: { advice: forbidden, rails: [guarantees, house] } }
              - { name: b, model: chat }
            """, file: "c.yaml", environment: [:])
        let a = try #require(config.scenarios.first { $0.name == "a" }).checks
        #expect(a.grounding == .block && a.advice == .forbidden && a.rails == ["guarantees", "house"] && a.disclosures.map(\.text) == ["投资有风险"])
        #expect(try #require(config.scenarios.first { $0.name == "b" }).checks.ruleSetNames == ChecksConfig.shippedRuleSets)
        let checks = try #require(AnswerChecks(scenario: "a", in: config, securityNames: []))
        #expect(checks.rails.rules.map(\.name) == ["no-guarantees", "no-best", "no-advice", "required-disclosure"])
        #expect(checks.rails.check("我们的业绩最好。").hits.map(\.rule) == ["no-best", "required-disclosure"])
        #expect(checks.rails.check("这不是业绩最好的。").hits.map(\.rule) == ["required-disclosure"], "the unless phrase excuses no-best")
        #expect(AnswerChecks(scenario: "missing", in: config, securityNames: []) == nil)
    }

    @Test("wrong values, unknown keys and unknown rule sets are errors with file, line and key")
    func errors() {
        let found = diagnostics("""
            checks: { grounding: sometimes, retries: 9, hold_back: 2, colour: red }
            rule_sets:
              - name: guarantees
                rules:
                  - { name: x, action: append, phrases: [] }
            scenarios:
              - { name: s, model: chat, checks: { rails: [nonesuch], model_aliases: true, forbidden_topics: { crypto: [] } } }
            """)
        let expected = [
            "checks.grounding", "checks.retries", "checks.hold_back", "checks.colour: unknown key", "rule_sets[0].name: another rule set is named 'guarantees'",
            "rule_sets[0].rules[0].append: action: append needs", "rule_sets[0].rules[0].phrases: list at least one phrase",
            "scenarios[0].checks.rails: there is no rule set 'nonesuch'", "scenarios[0].checks.model_aliases: unknown key",
            "scenarios[0].checks.forbidden_topics.crypto",
        ]
        for key in expected {
            #expect(found.contains { $0.contains(key) && $0.hasPrefix("/etc/switchboard/checks.yaml:") }, "\(key) in \(found)")
        }
        #expect(found.allSatisfy { $0.split(separator: ":").count >= 3 }, "every error names a line: \(found)")
    }

    @Test("an answer stuffed with invented figures stops searching derivations after the bound")
    func derivationBound() {
        var evidence = GroundingEvidence()
        evidence.addToolResult(.object(["a": .string("10"), "b": .string("5")]), source: EvidenceSource(kind: .tool, tool: "t"))
        let answer = String(repeating: "合计15元，", count: GroundingChecker.maximumDerivationSearches + 6)
        let statuses = GroundingChecker.check(AnswerText(answer), against: evidence).figures.map(\.status)
        #expect(statuses.prefix(GroundingChecker.maximumDerivationSearches).allSatisfy { $0 == .derived })
        #expect(statuses.dropFirst(GroundingChecker.maximumDerivationSearches).allSatisfy { $0 == .ungrounded })
    }
}
