import Config
import Foundation
import NIOCore
import Plugins
import Privacy
import Wire

/// Applies the scenario the app picked (model `scenario/NAME` or `X-Switchboard-Scenario`):
/// puts its system prompt first, offers its plugins as tools beside the app's own, sends the
/// request to its model alias, and raises the data level to its minimum.
public struct ScenarioStage: ExchangeStage {
    public let name = "scenario"
    private let catalog: ScenarioCatalog

    /// The model-name prefix that picks a scenario.
    public static let modelPrefix = "scenario/"
    /// The model name that answers only by the intents of the caller's scenarios, without a model.
    public static let directModel = "switchboard/direct"

    /// Creates the stage.
    public init(catalog: ScenarioCatalog) {
        self.catalog = catalog
    }

    public func process(_ exchange: inout Exchange) async throws(APIError) -> StageOutcome {
        guard let request = exchange.request, let caller = exchange.caller else {
            throw APIError(status: 500, type: "api_error", code: "pipeline_order", message: "scenario ran before parse or authenticate")
        }
        if request.alias == Self.directModel {
            let intents = catalog.scenarios(for: caller.tenant).flatMap(\.intents)
            guard !intents.isEmpty else {
                throw APIError(
                    status: 404, type: "invalid_request_error", code: "model_not_found",
                    message: "\(Self.directModel) answers by the intents of scenarios, and no scenario this key may use declares any.")
            }
            var direct = ScenarioConfig(name: "direct", model: nil, prompt: nil, plugins: [])
            direct.intents = intents
            exchange.scenario = ScenarioRun(config: direct, plugins: [:], appTools: [])
            return .next
        }
        let requested: String
        if request.alias.hasPrefix(Self.modelPrefix) {
            requested = String(request.alias.dropFirst(Self.modelPrefix.count))
        } else if let header = exchange.scenarioHeader {
            requested = header
        } else {
            return .next
        }
        guard let scenario = catalog.scenario(named: requested, tenant: caller.tenant) else {
            throw APIError(
                status: 404, type: "invalid_request_error", code: "scenario_not_found",
                message: "There is no scenario '\(requested)' for this key; GET /v1/models lists the scenarios you may use (as scenario/NAME).")
        }
        guard exchange.operation == .chatCompletions else {
            throw .invalidRequest("Scenarios apply to chat completions, not to \(exchange.operation.rawValue).", code: "scenario_not_supported")
        }
        guard let model = scenario.model else {
            // A scenario without a model answers by its intents only.
            exchange.scenario = ScenarioRun(config: scenario, plugins: [:], appTools: [])
            return .next
        }
        let plugins = catalog.plugins(for: scenario)
        let body = try exchange.body.withReadableBytes { bytes throws(APIError) in
            do throws(JSONSyntaxError) {
                return try JSONValue.parse(bytes)
            } catch {
                throw .invalidRequest("The request body is not valid JSON: \(error.description).", code: "invalid_json")
            }
        }
        guard var members = body.objectValue else { throw .invalidRequest("The request body must be a JSON object.", code: "invalid_json") }
        let appTools = try Self.appToolNames(members["tools"])
        if let clash = appTools.first(where: { plugins[$0] != nil }) {
            throw .invalidRequest(
                "The tool '\(clash)' has the name of a plugin of scenario '\(scenario.name)'; rename the app's tool.", param: "tools", code: "tool_name_conflict")
        }
        let profile = try ScenarioPrompt.userProfile(exchange.userProfileHeader)
        if let prompt = ScenarioPrompt.render(scenario, tenant: caller.tenant, endUser: exchange.endUser, userProfile: profile) {
            let system: JSONValue = .object(["role": .string("system"), "content": .string(prompt)])
            let messages: [JSONValue] = members["messages"]?.arrayValue ?? []
            members["messages"] = .array([system] + messages)
        }
        if !plugins.isEmpty {
            let offered: [JSONValue] = plugins.keys.sorted().compactMap { plugins[$0]?.definition.openAITool }
            let appTools: [JSONValue] = members["tools"]?.arrayValue ?? []
            members["tools"] = .array(appTools + offered)
        }
        members["model"] = .string(model)
        exchange.body = ByteBuffer(bytes: JSONValue.object(members).encoded)
        exchange.request = try ParseStage.parse(exchange.body, operation: exchange.operation)
        exchange.scenario = ScenarioRun(config: scenario, plugins: plugins, appTools: appTools)
        if let minimum = scenario.minimumLevel.flatMap(DataLevel.init(rawValue:)) {
            exchange.requestedLevel = max(exchange.requestedLevel ?? minimum, minimum)
        }
        return .next
    }

    private static func appToolNames(_ tools: JSONValue?) throws(APIError) -> Set<String> {
        guard let tools, tools != .null else { return [] }
        guard let items = tools.arrayValue else { throw .invalidRequest("The field 'tools' must be an array.", param: "tools", code: "invalid_type") }
        return Set(items.compactMap { $0["function"]?["name"]?.stringValue })
    }
}
