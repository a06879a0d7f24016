import Foundation
import Gateway
import Logging
import MCP
import Pool
import Plugins
import Wire

/// Builds the MCP server of one session: it lists the plugins the session's tenant may use
/// (those of the scenarios open to it) and runs calls through the gateway's plugin invoker,
/// so that validation, approvals for write plugins and the audit trail apply as in the tool loop.
struct MCPToolServer {
    let gateway: Gateway
    let caller: Caller

    /// The server's name in `initialize`.
    static let name = "switchboard"

    func make() async -> Server {
        let server = Server(
            name: Self.name, version: "1.0", title: "Switchboard",
            instructions: "Financial tools of this institution. Results carry their source and as-of time; write actions wait for a person's approval.",
            capabilities: .init(tools: .init(listChanged: false)))
        let gateway = self.gateway
        let caller = self.caller
        await server.withMethodHandler(ListTools.self) { _ in
            let names = gateway.scenarios.pluginNames(for: caller.tenant)
            let tools = gateway.plugins.definitions.filter { names.contains($0.name) }.map { definition in
                Tool(
                    name: definition.name, description: definition.description, inputSchema: definition.parameters.mcpValue,
                    annotations: .init(readOnlyHint: definition.effect == .read, destructiveHint: definition.effect == .write ? true : nil))
            }
            return ListTools.Result(tools: tools)
        }
        await server.withMethodHandler(CallTool.self) { parameters in
            await Self.call(parameters, gateway: gateway, caller: caller)
        }
        return server
    }

    private static func call(_ parameters: CallTool.Parameters, gateway: Gateway, caller: Caller) async -> CallTool.Result {
        let endUser = Server.currentHandlerContext?.httpContext?.header("x-switchboard-user")
        let requestID = "mcp_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let allowed = gateway.scenarios.pluginNames(for: caller.tenant).contains(parameters.name)
        let started = ContinuousClock.now
        let hold: QuotaHold
        do {
            hold = try await gateway.poolServices.admit(caller, policy: gateway.poolServices.tenants.policy(for: caller.tenant))
        } catch {
            gateway.logger.notice("mcp tool call refused", metadata: ["request_id": "\(requestID)", "tenant": "\(caller.tenant)", "code": "\(error.code)"])
            let retry = error.retryAfterSeconds.map { " Retry after \($0) s." } ?? ""
            return CallTool.Result(content: [.text("\(error.code): \(error.message)\(retry)")], isError: true)
        }
        let arguments = JSONValue.object((parameters.arguments ?? [:]).mapValues(JSONValue.init(mcp:))).encodedString
        let context = PluginContext(tenant: caller.tenant, endUser: endUser, scenario: nil, requestID: requestID, deadline: .now + gateway.pluginRunner.timeout)
        let (outcome, audit) = await gateway.invoker.invoke(
            parameters.name, arguments: arguments, callID: requestID, plugin: allowed ? gateway.plugins.plugin(named: parameters.name) : nil, step: 0,
            context: context, caller: caller)
        let event = AuditEvent(
            operation: "mcp/tools/call", requestID: requestID, tenant: caller.tenant, keyID: caller.keyID, endUser: endUser, scenario: nil, toolCall: audit)
        let failure = await gateway.record(event)
        let failed: Bool = if case .failed = outcome { true } else { failure != nil }
        await gateway.poolServices.settle(hold, caller: caller, latency: .now - started, failed: failed)
        if let failure {
            return CallTool.Result(content: [.text(failure.message)], isError: true)
        }
        let json = outcome.json
        switch outcome {
        case .result, .pending:
            let structured: Value? = json.mcpValue
            return CallTool.Result(content: [.text(json.encodedString)], structuredContent: structured, isError: false)
        case .failed:
            return CallTool.Result(content: [.text(json.encodedString)], isError: true)
        }
    }
}
