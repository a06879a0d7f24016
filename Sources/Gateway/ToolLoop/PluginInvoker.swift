import Audit
import Foundation
import Plugins
import Store
import Wire

/// What became of one plugin call.
public enum PluginCallOutcome: Sendable {
    /// The plugin ran and answered.
    case result(PluginResult)
    /// A write call now waits for a person (see ``ApprovalDesk``).
    case pending(ApprovalRecord)
    /// The call was refused or failed; the message says why.
    case failed(PluginError)

    /// The outcome as JSON (what the audit digest covers).
    public var json: JSONValue {
        switch self {
        case .result(let result): result.json
        case .pending(let approval):
            .object([
                "status": .string("pending_approval"),
                "approval": .object([
                    "id": .string(approval.id), "summary": .string(approval.summary), "expires_at": .string(Provenance.timestamp(approval.expiresAt)),
                ]),
            ])
        case .failed(let error): .object(error.json.mapValues(JSONValue.string))
        }
    }

    /// The audit label: `ok`, `pending_approval` or the error kind.
    public var label: String {
        switch self {
        case .result: "ok"
        case .pending: "pending_approval"
        case .failed(let error): error.kind.rawValue
        }
    }
}

/// One plugin call as the gateway handles it, whoever asked (the tool loop or an MCP client):
/// the arguments are validated against the schema, a `write` plugin becomes a pending approval,
/// a `read` plugin runs under the runner's deadline and size cap, and the audit entry is made.
public struct PluginInvoker: Sendable {
    /// The runner (and through it the registry).
    public let runner: PluginRunner
    private let approvals: ApprovalDesk

    /// Creates the invoker.
    public init(runner: PluginRunner, approvals: ApprovalDesk) {
        self.runner = runner
        self.approvals = approvals
    }

    /// Handles a call of `name` with `arguments` (JSON text as the caller wrote it). `plugin` is
    /// nil when the caller may not use a plugin of that name.
    public func invoke(
        _ name: String, arguments: String, callID: String, plugin: (any Plugin)?, step: Int, context: PluginContext, caller: Caller
    ) async -> (outcome: PluginCallOutcome, audit: AuditToolCall) {
        let started = ContinuousClock.now
        let outcome = await outcome(name, arguments: arguments, plugin: plugin, context: context, caller: caller)
        let approval: String? = if case .pending(let record) = outcome { record.id } else { nil }
        let audit = AuditToolCall(
            name: name, id: callID, step: step, effect: plugin?.definition.effect.rawValue ?? "read", outcome: outcome.label,
            argumentsSHA256: ContentDigest.sha256(arguments), resultSHA256: ContentDigest.sha256(outcome.json.encoded),
            micros: (ContinuousClock.now - started).wholeMicroseconds, approval: approval)
        return (outcome, audit)
    }

    private func outcome(_ name: String, arguments text: String, plugin: (any Plugin)?, context: PluginContext, caller: Caller) async -> PluginCallOutcome {
        guard let plugin else {
            return .failed(PluginError(.unknownPlugin, "there is no tool named '\(name)' here"))
        }
        do throws(PluginError) {
            let arguments = try runner.registry.arguments(for: name, json: text)
            if plugin.definition.effect == .write {
                return .pending(try await approvals.open(plugin: plugin, arguments: arguments, context: context, caller: caller))
            }
            return .result(try await runner.run(name, arguments: arguments, context: context))
        } catch {
            return .failed(error)
        }
    }
}
