import Foundation
import Testing
@testable import Config

/// The `privacy` and `policy` sections: what they read and how mistakes are reported.
@Suite("Privacy configuration")
struct PrivacyConfigTests {
    func diagnostics(_ yaml: String) -> [String] {
        do {
            _ = try ConfigLoader.parse(yaml: yaml, file: "/etc/switchboard/test.yaml", environment: [:])
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test("the issue's policy, dictionaries (paths relative to the config file), recognizers and keywords are read")
    func reads() throws {
        let config = try ConfigLoader.parse(yaml: """
            privacy:
              levels: { email: 3 }
              reload_interval: 5s
              dictionaries:
                - { type: person_name, file: names.txt }
                - { type: client_id, sqlite: /data/crm.db, query: "SELECT id FROM clients" }
              recognizers:
                - { type: employee_id, pattern: "EMP[0-9]{6}", validator: luhn, context: [工号], level: 2 }
              keywords:
                - { category: 内部, words: [机密] , level: 3 }
            policy:
              - { level: ">=3", zones: [private] }
              - { level: "2", zones: [private, public], mask: true }
              - { level: "1", zones: [private, public] }
            """.replacingOccurrences(of: "category: 内部", with: "category: internal"), file: "/etc/switchboard/test.yaml", environment: [:])
        #expect(config.privacy.levels == ["email": 3])
        #expect(config.privacy.reloadInterval == .seconds(5))
        #expect(config.privacy.dictionaries == [
            DictionaryConfig(type: "person_name", source: .file(path: "/etc/switchboard/names.txt")),
            DictionaryConfig(type: "client_id", source: .sqlite(path: "/data/crm.db", query: "SELECT id FROM clients")),
        ])
        #expect(config.privacy.recognizers.first?.context == ["工号"])
        #expect(config.policy.count == 3)
        #expect(config.policy[1].mask && config.policy[1].zones == [.private, .public])
        #expect(config.policy[0].level.description == ">=3")
    }

    @Test("without a policy the built-in one applies")
    func defaults() throws {
        let config = try ConfigLoader.load(path: nil, environment: [:])
        #expect(config.policy == PolicyRule.defaults)
        #expect(config.privacy.keywords == PrivacyConfig.defaultKeywords)
    }

    @Test("uninspectable levels, backend regions and policy regions are read; the built-in policy keeps L3 in CN")
    func uninspectableAndRegions() throws {
        let config = try ConfigLoader.parse(yaml: """
            backends:
              - { name: hk, kind: openai, url: "http://127.0.0.1:9/v1", zone: public, region: hk }
              - { name: bj, kind: openai, url: "http://127.0.0.1:9/v1", zone: private }
            models:
              - { alias: m, targets: [hk, bj] }
            privacy:
              uninspectable_level: 4
              uninspectable:
                - { tenant: research, level: 1 }
                - { model: m, level: 2 }
            policy:
              - { level: ">=3", zones: [private, public], mask: true, regions: [CN, HK] }
            """, file: "/etc/switchboard/test.yaml", environment: [:])
        #expect(config.backends.map(\.region) == ["HK", "CN"])
        #expect(config.policy[0].regions == ["CN", "HK"])
        #expect(config.policy[0].description == #"policy[0] {level: ">=3", zones: [private, public], mask: true, regions: [CN, HK]}"#)
        #expect(config.privacy.uninspectableLevel(tenant: "research", model: "m") == 1)
        #expect(config.privacy.uninspectableLevel(tenant: "acme", model: "m") == 2)
        #expect(config.privacy.uninspectableLevel(tenant: "acme", model: "other") == 4)
        #expect(config.warnings.isEmpty, "m can reach a backend in CN")
        #expect(PrivacyConfig.defaults.uninspectableLevel == 3)
        #expect(PolicyRule.defaults[0].regions == ["CN"])
        #expect(PolicyRule.defaults[1].regions == nil)
    }

    @Test("mistakes in regions and uninspectable rules name the line and key")
    func regionMistakes() {
        let found = diagnostics("""
            backends:
              - { name: x, kind: openai, url: "http://127.0.0.1:9/v1", zone: public, region: China }
            models:
              - { alias: m, targets: [x] }
            privacy:
              uninspectable_level: 9
              uninspectable:
                - { level: 1 }
            policy:
              - { level: "1", zones: [public], regions: [] }
            """)
        #expect(found.contains { $0.hasPrefix("/etc/switchboard/test.yaml:2:") && $0.contains("backends[0].region: expected a two-letter ISO") })
        #expect(found.contains { $0.hasPrefix("/etc/switchboard/test.yaml:6:") && $0.contains("privacy.uninspectable_level") })
        #expect(found.contains { $0.hasPrefix("/etc/switchboard/test.yaml:8:") && $0.contains("privacy.uninspectable[0]: name a tenant") })
        #expect(found.contains { $0.hasPrefix("/etc/switchboard/test.yaml:10:") && $0.contains("policy[0].regions: list at least one region") })
    }

    @Test("mistakes name the file, line and key")
    func mistakes() {
        let found = diagnostics("""
            privacy:
              recognizers:
                - { type: Employee, pattern: "([", validator: crc32 }
              dictionaries:
                - { type: person_name, sqlite: crm.db }
            policy:
              - { level: "high", zones: [private] }
              - { level: ">=2", zones: [moon] }
              - { level: "1" }
            """)
        #expect(found.contains { $0.hasPrefix("/etc/switchboard/test.yaml:3:") && $0.contains("privacy.recognizers[0].type") })
        #expect(found.contains { $0.contains("privacy.recognizers[0].pattern: is not a valid regular expression") })
        #expect(found.contains { $0.contains("privacy.recognizers[0].validator: 'crc32' is not one of: luhn, mod11-2, gb32100, mod97") })
        #expect(found.contains { $0.hasPrefix("/etc/switchboard/test.yaml:5:") && $0.contains("privacy.dictionaries[0].query: is required") })
        #expect(found.contains { $0.hasPrefix("/etc/switchboard/test.yaml:7:") && $0.contains("policy[0].level: expected a level 1–5 or a comparison") })
        #expect(found.contains { $0.hasPrefix("/etc/switchboard/test.yaml:8:") && $0.contains("policy[1].zones[0]: 'moon' is not one of: private, public") })
        #expect(found.contains { $0.hasPrefix("/etc/switchboard/test.yaml:9:") && $0.contains("policy[2].zones: is required") })
    }
}
