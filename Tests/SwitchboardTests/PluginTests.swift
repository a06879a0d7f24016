import AsyncHTTPClient
import Config
import Finance
import Foundation
import Logging
import Plugins
import Testing
import Wire

/// The plugin contract: JSON values, argument validation in the registry, the runner's deadline
/// and size cap, and the built-in plugins.
@Suite("Plugins")
struct PluginTests {
    /// A plugin that sleeps, or returns a large result, as told.
    struct Probe: Plugin {
        let definition = PluginDefinition(
            name: "probe", description: "test", parameters: try! JSONValue.parse(#"{"type":"object","properties":{"sleep_ms":{"type":"integer"},"bytes":{"type":"integer"}}}"#),
            effect: .read)

        func invoke(_ arguments: JSONValue, context: PluginContext) async throws(PluginError) -> PluginResult {
            if let milliseconds = arguments["sleep_ms"]?.intValue { try? await Task.sleep(for: .milliseconds(milliseconds)) }
            let filler = String(repeating: "x", count: arguments["bytes"]?.intValue ?? 1)
            return PluginResult(content: .string(filler), provenance: Provenance(source: "probe", asOf: Date()))
        }
    }

    static func context() -> PluginContext {
        PluginContext(tenant: "acme", endUser: "u1", scenario: nil, requestID: "r1", deadline: .now + .seconds(30))
    }

    @Test("JSON values keep number literals exactly and encode with sorted keys")
    func jsonValues() throws {
        let value = try JSONValue.parse(#" {"b": 12.345678901234567890123, "a": ["x", true, null, {"中文": "值\n"}]} "#)
        #expect(value["b"] == .number("12.345678901234567890123"))
        #expect(value.encodedString == #"{"a":["x",true,null,{"中文":"值\n"}],"b":12.345678901234567890123}"#)
        #expect(try JSONValue.parse(value.encodedString) == value)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(#"{"a":}"#) }
    }

    @Test("the runner cuts off a slow plugin and refuses an oversized result")
    func runnerLimits() async throws {
        let registry = try PluginRegistry([Probe()])
        let runner = PluginRunner(registry: registry, timeout: .milliseconds(100), maximumResultBytes: 1000)
        await #expect(throws: PluginError(.timedOut, "the tool 'probe' did not answer in time (the limit is 100 ms)")) {
            try await runner.run("probe", arguments: .object(["sleep_ms": .integer(5000)]), context: Self.context())
        }
        // The size limit is checked with a deadline no loaded machine reaches.
        let patient = PluginRunner(registry: registry, timeout: .seconds(30), maximumResultBytes: 1000)
        let big = await #expect(throws: PluginError.self) {
            try await patient.run("probe", arguments: .object(["bytes": .integer(5000)]), context: Self.context())
        }
        #expect(big?.kind == .resultTooLarge)
        let small = try await patient.run("probe", arguments: .object(["bytes": .integer(10)]), context: Self.context())
        #expect(small.content == .string("xxxxxxxxxx"))
    }

    @Test("the registry validates arguments against the schema and refuses duplicate or invalid names")
    func registry() throws {
        let registry = try PluginRegistry([Probe(), CalculatePlugin()])
        #expect(throws: PluginError.self) { try registry.arguments(for: "probe", json: #"{"sleep_ms":"soon"}"#) }
        #expect(try registry.arguments(for: "probe", json: "  ") == .object([:]), "empty arguments are an empty object")
        #expect(throws: PluginError(.unknownPlugin, "there is no tool named 'nope'")) { try registry.arguments(for: "nope", json: "{}") }
        #expect(throws: PluginRegistryError.self) { try PluginRegistry([Probe(), Probe()]) }
        #expect(!PluginRegistry.isValidName("crm.lookup"), "model APIs refuse dots in function names")
        #expect(PluginRegistry.isValidName("crm__lookup_client"))
    }

    @Test("the built-in plugins are exactly the ones the configuration knows, and the embedded calendar is the shipped file")
    func builtins() async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let config = try ConfigLoader.load(path: nil)
        var withoutQuotes = config
        withoutQuotes.quotes = .defaults
        withoutQuotes.dataSources = []
        withoutQuotes.queries = []
        withoutQuotes.knowledge = nil
        let finance = try FinanceServices(withoutQuotes, logger: Logger(label: "test"), httpClient: client)
        let registry = try await PluginCatalog.load(config, more: finance.plugins, client: client, logger: Logger(label: "test")).registry
        try await client.shutdown()
        #expect(registry.names == PluginsConfig.builtinNames)
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/calendars/cn-a-shares.yaml")
        let shipped = try String(contentsOf: file, encoding: .utf8)
        #expect(EmbeddedCalendar.cnAShares == shipped.trimmingCharacters(in: .newlines), "run scripts/embed-resources.sh after editing the calendar")
    }

    @Test("calculate keeps full precision; calendar answers from the file and refuses other years")
    func builtinAnswers() async throws {
        let calculate = try await CalculatePlugin().invoke(.object(["expression": .string("1/3")]), context: Self.context())
        #expect(calculate.provenance.figures["result"]?.hasPrefix("0.33333333333333333333") == true)
        let calendar = try BuiltinPlugins.calendarPlugin(.defaults)
        let answer = try await calendar.invoke(.object(["action": .string("is_trading_day"), "date": .string("2024-02-09")]), context: Self.context())
        #expect(answer.content["is_trading_day"] == .bool(false), "the eve of the 2024 Spring Festival")
        await #expect(throws: PluginError.self) {
            try await calendar.invoke(.object(["action": .string("next_trading_day"), "date": .string("2031-01-02")]), context: Self.context())
        }
    }
}
