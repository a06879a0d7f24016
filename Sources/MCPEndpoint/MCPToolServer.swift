import Foundation
import Gateway
import Pool
import Plugins
import Wire

/// The MCP methods of a session: `initialize`'s result, `ping`, `tools/list` (the plugins the
/// caller's tenant may use: those of the scenarios open to it) and `tools/call`, which runs
/// through the gateway's plugin invoker, so that validation, approvals for write plugins,
/// quotas and the audit trail apply as in the tool loop.
struct MCPToolServer: Sendable {
    let gateway: Gateway

    /// The server's name in `initialize`.
    static let name = "switchboard"

    /// What `initialize` answers once `protocolVersion` is agreed.
    static func initializeResult(protocolVersion: String) -> JSONValue {
        .object([
            "protocolVersion": .string(protocolVersion),
            "capabilities": .object(["tools": .object(["listChanged": .bool(false)])]),
            "serverInfo": .object(["name": .string(name), "title": .string("Switchboard"), "version": .string("1.0")]),
            "instructions": .string(
                "Financial tools of this institution. Results carry their source and as-of time; write actions wait for a person's approval."),
        ])
    }

    /// The answer to the request `id` of an initialized session.
    func respond(to id: JSONValue, method: String, params: JSONValue?, caller: Caller, endUser: String?) async -> JSONRPCMessage {
        switch method {
        case "ping":
            return .result(id: id, .object([:]))
        case "tools/list":
            return .result(id: id, .object(["tools": .array(tools(for: caller).map(\.json))]))
        case "tools/call":
            guard let name = params?["name"]?.stringValue else {
                return .error(id: id, .invalidParams("Invalid params: tools/call needs the tool's \"name\""))
            }
            let arguments = params?["arguments"] ?? .object([:])
            guard arguments.objectValue != nil else {
                return .error(id: id, .invalidParams("Invalid params: \"arguments\" must be an object"))
            }
            return .result(id: id, await call(name, arguments: arguments, caller: caller, endUser: endUser).json)
        default:
            return .error(id: id, .methodNotFound(method))
        }
    }

    private func tools(for caller: Caller) -> [MCPTool] {
        let names = gateway.scenarios.pluginNames(for: caller.tenant)
        return gateway.plugins.definitions.filter { names.contains($0.name) }.map { definition in
            MCPTool(
                name: definition.name, description: definition.description, inputSchema: definition.parameters,
                readOnlyHint: definition.effect == .read, destructiveHint: definition.effect == .write ? true : nil)
        }
    }

    private func call(_ name: String, arguments: JSONValue, caller: Caller, endUser: String?) async -> MCPToolResult {
        let requestID = "mcp_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let allowed = gateway.scenarios.pluginNames(for: caller.tenant).contains(name)
        let started = ContinuousClock.now
        let hold: QuotaHold
        do {
            hold = try await gateway.poolServices.admit(caller, policy: gateway.poolServices.tenants.policy(for: caller.tenant))
        } catch {
            gateway.logger.notice("mcp tool call refused", metadata: ["request_id": "\(requestID)", "tenant": "\(caller.tenant)", "code": "\(error.code)"])
            let retry = error.retryAfterSeconds.map { " Retry after \($0) s." } ?? ""
            return .text("\(error.code): \(error.message)\(retry)", isError: true)
        }
        let context = PluginContext(tenant: caller.tenant, endUser: endUser, scenario: nil, requestID: requestID, deadline: .now + gateway.pluginRunner.timeout)
        let (outcome, audit) = await gateway.invoker.invoke(
            name, arguments: arguments.encodedString, callID: requestID, plugin: allowed ? gateway.plugins.plugin(named: name) : nil, step: 0,
            context: context, caller: caller)
        let event = AuditEvent(
            operation: "mcp/tools/call", requestID: requestID, tenant: caller.tenant, keyID: caller.keyID, endUser: endUser, scenario: nil, toolCall: audit)
        let failure = await gateway.record(event)
        let failed: Bool = if case .failed = outcome { true } else { failure != nil }
        await gateway.poolServices.settle(hold, caller: caller, latency: .now - started, failed: failed)
        if let failure { return .text(failure.message, isError: true) }
        let json = outcome.json
        switch outcome {
        case .result, .pending:
            // MCP's structured content is an object; anything else is given as text only.
            return .text(json.encodedString, structuredContent: json.objectValue == nil ? nil : json, isError: false)
        case .failed:
            return .text(json.encodedString, isError: true)
        }
    }
}
