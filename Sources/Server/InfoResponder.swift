import Config
import Gateway
import HTTPTypes
import Hummingbird
import NIOCore
import Store
import Wire

/// Serves the small routes: the model list, liveness and readiness.
struct InfoResponder: Sendable {
    let gateway: Gateway
    /// The digest of `server.metrics_token`, when one is set.
    private let metricsTokenDigest: String?

    init(gateway: Gateway) {
        self.gateway = gateway
        metricsTokenDigest = gateway.config.server.metricsToken.map(APIKeySecret.digest)
    }

    /// `GET /v1/models`: the aliases the caller's tenant may use.
    /// With `anthropic-version` the list (and an error) takes Anthropic's shape.
    func models(_ request: Request, context: SwitchboardRequestContext) -> Response {
        let requestID = context.requestID
        let anthropic = request.headers[.anthropicVersion] != nil
        do throws(APIError) {
            let caller = try context.modelCaller()
            let extra = Self.scenarioModels(gateway.scenarios.scenarios(for: caller.tenant))
            let body = anthropic ? gateway.catalog.anthropicListBody(tenant: caller.tenant, extra: extra) : gateway.catalog.listBody(tenant: caller.tenant, extra: extra)
            return json(body, status: .ok, requestID: requestID)
        } catch {
            return error.response(requestID: requestID, door: anthropic ? .messages : .chatCompletions)
        }
    }

    /// `GET /metrics`: Prometheus text exposition; with `server.metrics_token` set, only for a
    /// bearer of that token.
    func metrics(_ request: Request) -> Response {
        if let metricsTokenDigest {
            // Compared as digests, so the time taken says nothing about the token.
            guard let presented = BearerToken.parse(request.headers[.authorization]), APIKeySecret.digest(presented) == metricsTokenDigest else {
                return APIError.invalidAPIKey("GET /metrics needs 'Authorization: Bearer' with the token set in server.metrics_token.").response(requestID: nil)
            }
        }
        let body = gateway.metrics.render(pool: gateway.pool, auditPending: gateway.audit.pendingCount)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// `GET /healthz`: the process is up.
    func health(_ request: Request) -> Response {
        json(Array(#"{"status":"ok"}"#.utf8), status: .ok, requestID: nil)
    }

    /// `GET /readyz`: the store answers and at least one backend is reachable.
    func readiness(_ request: Request) async -> Response {
        var storeStatus = "ok"
        do {
            try await gateway.store.ping()
        } catch {
            storeStatus = "error: \(error.message)"
        }
        var output: [UInt8] = []
        let ready = storeStatus == "ok" && gateway.pool.anyReachable
        output.append(contentsOf: #"{"status":"#.utf8)
        JSONStringLiteral.append(ready ? "ready" : "not_ready", to: &output)
        output.append(contentsOf: #","store":"#.utf8)
        JSONStringLiteral.append(storeStatus, to: &output)
        output.append(contentsOf: #","backends":{"#.utf8)
        for (index, backend) in gateway.pool.backends.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONStringLiteral.append(backend.name, to: &output)
            output.append(contentsOf: #":{"reachable":"#.utf8)
            let reachable: String
            switch backend.reachability {
            case .reachable: reachable = "true"
            case .unreachable, .unknown: reachable = "false"
            }
            output.append(contentsOf: reachable.utf8)
            if case .unreachable(let reason) = backend.reachability {
                output.append(contentsOf: #","reason":"#.utf8)
                JSONStringLiteral.append(reason, to: &output)
            }
            output.append(contentsOf: #","circuit":"#.utf8)
            JSONStringLiteral.append(backend.circuitState, to: &output)
            output.append(contentsOf: #","zone":"#.utf8)
            JSONStringLiteral.append(backend.config.zone.rawValue, to: &output)
            output.append(UInt8(ascii: "}"))
        }
        output.append(contentsOf: "}}".utf8)
        return json(output, status: ready ? .ok : .serviceUnavailable, requestID: nil)
    }

    private func json(_ bytes: [UInt8], status: HTTPResponse.Status, requestID: String?) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let requestID { headers[.requestID] = requestID }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The model names of `scenarios`, then `switchboard/direct` when any of them declares intents.
    static func scenarioModels(_ scenarios: [ScenarioConfig]) -> [String] {
        scenarios.map { ScenarioStage.modelPrefix + $0.name } + (scenarios.contains { !$0.intents.isEmpty } ? [ScenarioStage.directModel] : [])
    }
}
