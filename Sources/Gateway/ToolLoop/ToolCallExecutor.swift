import Audit
import Foundation
import Plugins
import Wire

/// Handles the tool calls of one model turn, concurrently, and frames every outcome as a tool
/// message for the model.
public struct ToolCallExecutor: Sendable {
    private let invoker: PluginInvoker

    /// Creates the executor.
    public init(invoker: PluginInvoker) {
        self.invoker = invoker
    }

    /// Handles `calls`, each against the plugins of `scenario`; results keep the calls' order.
    /// The context comes from the authenticated exchange only.
    func run(_ calls: [ToolCall], scenario: ScenarioRun, exchange: Exchange) async -> [ExecutedToolCall] {
        guard let caller = exchange.caller else { return [] }
        let context = PluginContext(
            tenant: caller.tenant, endUser: exchange.endUser, scenario: scenario.name, requestID: exchange.id, deadline: .now + invoker.runner.timeout)
        let step = scenario.steps
        let invoker = self.invoker
        return await withTaskGroup(of: (Int, ExecutedToolCall).self) { group in
            for (index, call) in calls.enumerated() {
                group.addTask {
                    let (outcome, audit) = await invoker.invoke(
                        call.name, arguments: call.arguments, callID: call.id, plugin: scenario.plugins[call.name], step: step, context: context, caller: caller)
                    return (index, ExecutedToolCall(call: call, content: ToolResultFraming.frame(call.name, outcome), audit: audit))
                }
            }
            var results: [(Int, ExecutedToolCall)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
