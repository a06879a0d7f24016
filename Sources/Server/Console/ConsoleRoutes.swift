import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import NIOCore
import Store

/// The console's routes under `/console`.
enum ConsoleRoutes {
    /// Adds every console route to `router`.
    static func add(to router: Router<SwitchboardRequestContext>, gateway: Gateway) {
        let console = ConsoleResponder(gateway: gateway)
        let format = ConsoleFormat(timeZoneName: gateway.config.pool.timeZone)
        let overview = OverviewPage(gateway: gateway, format: format)
        let live = LivePage(gateway: gateway, format: format)
        let audit = AuditPages(gateway: gateway, format: format)
        let approvals = ApprovalsPage(gateway: gateway, format: format)
        let tenants = TenantsPage(gateway: gateway, format: format)
        let sessions = console.sessions
        let keys = KeysPage(gateway: gateway, format: format) { keyID in sessions.end(keyID: keyID) }
        let playground = PlaygroundPage(gateway: gateway)
        let configuration = ConfigPage(config: gateway.config)
        let adminOnly: @Sendable (Role) -> Bool = { $0 == .admin }

        router.get("/console/assets/:file") { request, context in
            assetResponse(context.parameters.get("file") ?? "", request, console)
        }
        router.get("/console/sign-in") { request, context in console.signInForm(request, context: context) }
        router.post("/console/sign-in") { request, context in await console.signIn(request, context: context) }
        router.post("/console/sign-out") { request, context in await console.signOut(request, context: context) }
        router.get("/console") { request, context in await console.serve(request, context: context, page: .overview) { overview.render($0) } }
        router.get("/console/live") { request, context in await console.serve(request, context: context, page: .live) { live.render($0) } }
        router.get("/console/live/events") { request, context in
            guard let session = await console.liveSession(request), ConsolePage.live.isVisible(to: session.caller.role) else {
                var response = Response(status: .forbidden)
                console.secure(&response, request)
                return response
            }
            var response = Response(
                status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache", HTTPField.Name("x-accel-buffering")!: "no"],
                body: live.events { await console.liveSession(request) != nil })
            console.secure(&response, request)
            return response
        }
        router.get("/console/audit") { request, context in await console.serve(request, context: context, page: .audit) { await audit.search($0) } }
        router.post("/console/audit/verify") { request, context in await console.serve(request, context: context, page: .audit) { await audit.verify($0) } }
        router.get("/console/audit/:sequence") { request, context in
            let sequence = context.parameters.get("sequence") ?? ""
            return await console.serve(request, context: context, page: .audit) { await audit.record($0, sequence: sequence) }
        }
        router.get("/console/approvals") { request, context in await console.serve(request, context: context, page: .approvals) { await approvals.render($0) } }
        router.post("/console/approvals/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await console.serve(request, context: context, page: .approvals) { await approvals.decide($0, id: id) }
        }
        router.get("/console/tenants") { request, context in await console.serve(request, context: context, page: .tenants) { await tenants.render($0) } }
        router.get("/console/tenants/usage.csv") { request, context in await console.serve(request, context: context, page: .tenants) { await tenants.csv($0) } }
        router.post("/console/tenants") { request, context in
            await console.serve(request, context: context, page: .tenants, mayAct: adminOnly) { await tenants.set($0) }
        }
        router.post("/console/tenants/:name/suspend") { request, context in
            let name = TenantResponder.tenantName(context)
            return await console.serve(request, context: context, page: .tenants, mayAct: adminOnly) { await tenants.suspend($0, name: name, suspended: true) }
        }
        router.post("/console/tenants/:name/resume") { request, context in
            let name = TenantResponder.tenantName(context)
            return await console.serve(request, context: context, page: .tenants, mayAct: adminOnly) { await tenants.suspend($0, name: name, suspended: false) }
        }
        router.get("/console/keys") { request, context in await console.serve(request, context: context, page: .keys) { await keys.render($0) } }
        router.post("/console/keys") { request, context in await console.serve(request, context: context, page: .keys) { await keys.create($0) } }
        router.post("/console/keys/:id/revoke") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await console.serve(request, context: context, page: .keys) { await keys.revoke($0, id: id) }
        }
        router.get("/console/playground") { request, context in await console.serve(request, context: context, page: .playground) { playground.render($0) } }
        router.post("/console/playground") { request, context in await console.serve(request, context: context, page: .playground) { await playground.send($0) } }
        router.get("/console/config") { request, context in await console.serve(request, context: context, page: .config) { configuration.render($0) } }
        router.post("/console/config") { request, context in await console.serve(request, context: context, page: .config) { configuration.check($0) } }
        router.get("/console/**") { request, context in await console.notFound(request, context: context) }
    }

    /// The stylesheet and scripts, cached for an hour.
    private static func assetResponse(_ file: String, _ request: Request, _ console: ConsoleResponder) -> Response {
        let asset: (type: String, text: String)? =
            switch file {
            case "console.css": ("text/css; charset=utf-8", ConsoleStylesheet.css)
            case "console.js": ("text/javascript; charset=utf-8", ConsoleScripts.common)
            case "live.js": ("text/javascript; charset=utf-8", ConsoleScripts.live)
            default: nil
            }
        var response =
            if let asset {
                Response(status: .ok, headers: [.contentType: asset.type, .cacheControl: "public, max-age=3600"], body: ResponseBody(byteBuffer: ByteBuffer(string: asset.text)))
            } else {
                Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: "No such asset.")))
            }
        console.secure(&response, request)
        return response
    }
}
