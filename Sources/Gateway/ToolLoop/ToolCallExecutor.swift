import Audit
import Foundation
import Plugins
import Wire

/// Handles the tool calls of one model turn, concurrently: validates arguments, runs `read`
/// plugins under the runner's deadline and size cap, turns `write` calls into pending
/// approvals, and frames every outcome as a tool message.
public struct ToolCallExecutor: Sendable {
    private let runner: PluginRunner
    private let approvals: ApprovalDesk

    /// Creates the executor.
    public init(runner: PluginRunner, approvals: ApprovalDesk) {
        self.runner = runner
        self.approvals = approvals
    }

    /// Handles `calls`, each against the plugins of `scenario`; results keep the calls' order.
    /// The context comes from the authenticated exchange only.
    func run(_ calls: [ToolCall], scenario: ScenarioRun, exchange: Exchange) async -> [ExecutedToolCall] {
        guard let caller = exchange.caller else { return [] }
        let context = PluginContext(
            tenant: caller.tenant, endUser: exchange.endUser, scenario: scenario.name, requestID: exchange.id, deadline: .now + runner.timeout)
        let step = scenario.steps
        return await withTaskGroup(of: (Int, ExecutedToolCall).self) { group in
            for (index, call) in calls.enumerated() {
                group.addTask {
                    (index, await execute(call, plugin: scenario.plugins[call.name], step: step, context: context, caller: caller))
                }
            }
            var results: [(Int, ExecutedToolCall)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    private func execute(_ call: ToolCall, plugin: (any Plugin)?, step: Int, context: PluginContext, caller: Caller) async -> ExecutedToolCall {
        let started = ContinuousClock.now
        let effect = plugin?.definition.effect.rawValue ?? "read"
        func finish(_ content: String, outcome: String, approval: String? = nil) -> ExecutedToolCall {
            ExecutedToolCall(
                call: call, content: content,
                audit: AuditToolCall(
                    name: call.name, id: call.id, step: step, effect: effect, outcome: outcome, argumentsSHA256: ContentDigest.sha256(call.arguments),
                    resultSHA256: ContentDigest.sha256(content), micros: (ContinuousClock.now - started).wholeMicroseconds, approval: approval))
        }
        guard let plugin else {
            let error = PluginError(.unknownPlugin, "there is no tool named '\(call.name)' in this scenario")
            return finish(ToolResultFraming.failure(call.name, error), outcome: error.kind.rawValue)
        }
        let arguments: JSONValue
        do {
            arguments = try runner.registry.arguments(for: call.name, json: call.arguments)
        } catch {
            return finish(ToolResultFraming.failure(call.name, error), outcome: error.kind.rawValue)
        }
        if plugin.definition.effect == .write {
            do {
                let approval = try await approvals.open(plugin: plugin, arguments: arguments, context: context, caller: caller)
                let content = ToolResultFraming.pending(
                    call.name, approvalID: approval.id, summary: approval.summary, expiresAt: Provenance.timestamp(approval.expiresAt))
                return finish(content, outcome: "pending_approval", approval: approval.id)
            } catch {
                return finish(ToolResultFraming.failure(call.name, error), outcome: error.kind.rawValue)
            }
        }
        do {
            let result = try await runner.run(call.name, arguments: arguments, context: context)
            return finish(ToolResultFraming.success(call.name, result), outcome: "ok")
        } catch {
            return finish(ToolResultFraming.failure(call.name, error), outcome: error.kind.rawValue)
        }
    }
}
