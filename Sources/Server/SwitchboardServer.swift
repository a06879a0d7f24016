import Gateway
import MCPEndpoint
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import Logging

/// The HTTP face of the gateway: routes, error shaping, and the listener.
public enum SwitchboardServer {
    /// The router with every route of the public API but the model calls (``ModelRoute``),
    /// which ``ModelRouteHandler`` answers ahead of it.
    static func makeRouter(gateway: Gateway) -> Router<SwitchboardRequestContext> {
        let router = Router(context: SwitchboardRequestContext.self)
        router.middlewares.add(OpenAIErrorMiddleware())
        router.middlewares.add(AuthenticationMiddleware(authenticator: gateway.authenticator))
        let tokenCounter = MessagesTokenCounter(gateway: gateway)
        let storedResponses = StoredResponseResponder(gateway: gateway)
        let info = InfoResponder(gateway: gateway)
        let audit = AuditResponder(gateway: gateway)
        let approvals = ApprovalResponder(gateway: gateway)
        let tenants = TenantResponder(gateway: gateway)
        let mcp = MCPResponder(gateway: gateway, sessions: MCPSessions(gateway: gateway))
        router.post("/v1/messages/count_tokens") { request, context in await tokenCounter.respond(to: request, context: context) }
        router.get("/v1/responses/:id") { _, context in await storedResponses.show(context, id: context.parameters.get("id") ?? "") }
        router.delete("/v1/responses/:id") { _, context in await storedResponses.delete(context, id: context.parameters.get("id") ?? "") }
        router.get("/v1/models") { request, context in info.models(request, context: context) }
        router.get("/healthz") { request, _ in info.health(request) }
        router.get("/readyz") { request, _ in await info.readiness(request) }
        router.get("/admin/audit") { request, context in await audit.records(request, context: context) }
        router.get("/admin/approvals") { request, context in await approvals.list(request, context: context) }
        router.get("/admin/approvals/:id") { request, context in await approvals.show(request, context: context, id: context.parameters.get("id") ?? "") }
        router.post("/admin/approvals/:id") { request, context in await approvals.decide(request, context: context, id: context.parameters.get("id") ?? "") }
        router.get("/admin/tenants") { request, context in await tenants.list(request, context: context) }
        router.get("/admin/tenants/:name") { request, context in await tenants.show(request, context: context, name: TenantResponder.tenantName(context)) }
        router.put("/admin/tenants/:name") { request, context in await tenants.set(request, context: context, name: TenantResponder.tenantName(context)) }
        router.post("/admin/tenants/:name/suspend") { request, context in
            await tenants.suspend(request, context: context, name: TenantResponder.tenantName(context), suspended: true)
        }
        router.post("/admin/tenants/:name/resume") { request, context in
            await tenants.suspend(request, context: context, name: TenantResponder.tenantName(context), suspended: false)
        }
        router.get("/admin/usage") { request, context in await tenants.usage(request, context: context) }
        router.post("/mcp") { request, context in await mcp.respond(to: request, context: context) }
        router.get("/mcp") { request, context in await mcp.respond(to: request, context: context) }
        router.delete("/mcp") { request, context in await mcp.respond(to: request, context: context) }
        router.get("/metrics") { request, _ in info.metrics(request) }
        if gateway.config.console.enabled { ConsoleRoutes.add(to: router, gateway: gateway) }
        return router
    }

    /// The application listening where the configuration says, with its connection limits
    /// (`server.max_header_bytes`, `read_timeout`, `idle_timeout`, `max_connections`);
    /// `onRunning` receives the bound port.
    public static func makeApplication(gateway: Gateway, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let server = gateway.config.server
        let maxHeaderBytes = server.maxHeaderBytes
        let readTimeout = TimeAmount(server.readTimeout)
        let http1 = HTTP1Channel.Configuration(idleTimeout: TimeAmount(server.idleTimeout))
        let modelCalls = ModelCallResponder(gateway: gateway)
        let maxBodyBytes = server.maxBodyBytes
        return Application(
            router: makeRouter(gateway: gateway),
            server: HTTPServerBuilder { responder in
                GuardedHTTP1Channel(
                    http1: HTTP1Channel(responder: responder, configuration: http1), maxHeaderBytes: maxHeaderBytes, readTimeout: readTimeout,
                    modelCalls: modelCalls, maxBodyBytes: maxBodyBytes)
            },
            configuration: .init(
                address: .hostname(server.host, port: server.port), serverName: "switchboard",
                availableConnectionsDelegate: MaximumAvailableConnections(server.maxConnections, logger: logger)),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? server.port) },
            logger: logger)
    }
}

