import Audit
import Foundation
import Backends
import Config
import AsyncHTTPClient
import Finance
import Logging
import NIOCore
import Plugins
import Pool
import Privacy
import Store
import Wire

/// The assembled gateway: configuration, state, backends, and the exchange pipeline every
/// model call runs through, both ways. The request side is a chain of stages (authenticate →
/// parse → scenario → intent → resolve → inspect → dispatch) that ends when one answers; the
/// response side is a chain of filters over the answer's events (model name, pseudonyms, tool
/// loop, quality checks, transcript). ``answer(_:)`` is the one entry point.
public final class Gateway: Sendable {
    /// The configuration it was built from.
    public let config: SwitchboardConfig
    /// The state store.
    public let store: any Store
    /// Where the audit trail is kept (the same store).
    public let auditStorage: any AuditStorage
    /// The model backends.
    public let pool: BackendPool
    /// API key authentication.
    public let authenticator: APIKeyAuthenticator
    /// The model aliases.
    public let catalog: ModelCatalog
    /// The request side of model calls.
    public let pipeline: Pipeline
    /// The response side of model calls.
    let responseChain: ResponseChain
    /// The logger for exchange records and gateway events.
    public let logger: Logger
    /// The audit trail's writer; ``AuditLog/run()`` must be running for exchanges to finish.
    public let audit: AuditLog
    /// Builds audit records from exchanges.
    public let auditor: ExchangeAuditor
    /// Prometheus metrics.
    public let metrics: GatewayMetrics
    /// The privacy scanner, reloaded when its dictionaries change.
    public let scanners: PrivacyScannerReloader
    /// The financial plugins' data: securities master, calendar, quotes.
    public let finance: FinanceServices
    /// Every plugin this gateway offers.
    public let plugins: PluginRegistry
    /// Runs plugin calls under the configured deadline and size cap.
    public let pluginRunner: PluginRunner
    /// The scenarios apps may pick.
    public let scenarios: ScenarioCatalog
    /// Handles one plugin call for the tool loop and for MCP clients.
    public let invoker: PluginInvoker
    /// Pending write calls and their approvers' decisions.
    public let approvals: ApprovalDesk
    /// Tenants, quotas, budgets and prices of the shared pool.
    public let poolServices: PoolServices
    /// This instance's recent traffic, for the console.
    public let traffic = TrafficMonitor()
    /// The Responses API's stored responses.
    public let responses: ResponseArchive
    private let pluginClient: HTTPClient
    private let pluginCatalog: PluginCatalog

    /// Builds the gateway from a validated configuration and an open store. Model calls go to
    /// the configured backends, or to `upstream` when given (a test's in-process double);
    /// `responseFilters` run on every answer after the tool loop and before the transcript tap.
    public init(
        config: SwitchboardConfig, store: any Store, logger: Logger, upstream: (any Upstream)? = nil, responseFilters: [any ResponseFilterFactory] = []
    ) async throws(GatewayStartupError) {
        do {
            scanners = try PrivacyScannerReloader(config: config.privacy, logger: logger)
        } catch {
            throw GatewayStartupError(message: error.description)
        }
        pluginClient = HTTPClient(eventLoopGroupProvider: .singleton)
        pool = BackendPool(configs: config.backends, batchShare: NSDecimalNumber(decimal: config.pool.batchShare).doubleValue)
        poolServices = PoolServices(config: config, sharedCounters: store as? any QuotaCounterStorage)
        let dispatcher: any Upstream = upstream ?? Dispatcher(
            pool: pool, queueTimeout: config.server.queueTimeout, maxResponseBytes: config.server.maxUpstreamBodyBytes,
            loadFreshness: config.server.healthCheckInterval * 3)
        do {
            let embedder = try config.knowledge?.rerank.map { rerank throws(GatewayStartupError) in
                try DocumentEmbedder.make(alias: rerank.model, config: config, dispatcher: dispatcher)
            }
            finance = try FinanceServices(config, logger: logger, httpClient: pluginClient, embedder: embedder)
            pluginCatalog = try await PluginCatalog.load(config, more: finance.plugins, client: pluginClient, logger: logger)
        } catch let error as GatewayStartupError {
            try? await pluginClient.shutdown()
            await pool.shutdown()
            throw error
        } catch let error as PluginRegistryError {
            try? await pluginClient.shutdown()
            await pool.shutdown()
            throw GatewayStartupError(message: error.message)
        } catch {
            try? await pluginClient.shutdown()
            await pool.shutdown()
            throw GatewayStartupError(message: "\(error)")
        }
        plugins = pluginCatalog.registry
        do {
            scenarios = try ScenarioCatalog(scenarios: config.scenarios, registry: plugins)
        } catch {
            await pluginCatalog.shutdown()
            try? await pluginClient.shutdown()
            throw error
        }
        pluginRunner = PluginRunner(registry: plugins, timeout: config.plugins.timeout, maximumResultBytes: config.plugins.maxResultBytes)
        approvals = ApprovalDesk(storage: store, runner: pluginRunner, expireAfter: config.approvals.expireAfter)
        self.config = config
        self.store = store
        auditStorage = store
        self.logger = logger
        let signer = config.audit.signingKey.flatMap(CheckpointSigner.init(base64PrivateKey:))
        let metrics = GatewayMetrics()
        self.metrics = metrics
        audit = AuditLog(
            storage: store, signer: signer, checkpointEvery: config.audit.checkpointEvery, checkpointInterval: config.audit.checkpointInterval,
            onCommit: { _, oldestWait in metrics.auditCommitted(oldestWait: oldestWait) })
        let hasher: EndUserHasher? =
            switch config.audit.endUser {
            case .hashed: EndUserHasher(key: try await Self.endUserKey(store))
            case .raw: nil
            }
        let sealer: ContentSealer? =
            switch config.audit.content {
            case .none, .masked: nil
            case .encrypted: config.audit.contentKey.flatMap(ContentSealer.init(base64Key:))
            }
        do {
            let windows = poolServices.calendar.windows(at: Date())
            poolServices.ledger.load(try await store.usageTotals(day: windows.day, month: windows.month))
        } catch {
            throw GatewayStartupError(message: "cannot read the tenants' usage to start their quotas from: \(error.message)")
        }
        responses = ResponseArchive(
            storage: store, sealer: try await Self.responseSealer(config, store: store, logger: logger), keepFor: config.responses.keepFor)
        auditor = ExchangeAuditor(endUserHasher: hasher, contentSealer: sealer, contentMasker: config.audit.content == .masked ? scanners : nil)
        authenticator = APIKeyAuthenticator(store: store)
        catalog = ModelCatalog(models: config.models)
        let inspect = InspectStage(
            scanners: scanners, policy: ZonePolicy(rules: config.policy), privacy: config.privacy,
            passThroughBackends: Set(config.backends.filter { $0.kind == .anthropic }.map(\.name)))
        let dispatch = DispatchStage(upstream: dispatcher)
        let quota = QuotaStage(pool: poolServices)
        invoker = PluginInvoker(runner: pluginRunner, approvals: approvals)
        pipeline = Pipeline(stages: [
            AuthenticateStage(authenticator: authenticator),
            TranslateStage(archive: responses),
            ParseStage(),
            ScenarioStage(catalog: scenarios),
            AdmitStage(pool: poolServices),
            IntentStage(invoker: invoker),
            ResolveStage(catalog: catalog),
            inspect,
            quota,
            dispatch,
        ])
        let toolStep = Pipeline(name: "tool_step", stages: [inspect, quota, dispatch])
        responseChain = ResponseChain(
            turnFilters: [
                ModelNameFilterFactory(withoutStreamUsage: Set(config.backends.filter { !$0.streamUsage }.map(\.name))), PseudonymRestoreFilterFactory(),
            ],
            answerFilters: [
                ToolLoopFilterFactory(executor: ToolCallExecutor(invoker: invoker), step: toolStep),
                QualityFilterFactory(config: config, securityNames: finance.master.all.map(\.name), step: toolStep),
            ] + responseFilters + [TranscriptTapFilterFactory(retainsContent: auditor.retainsContent)])
        try await applyStoredTenantPolicies()
    }

    /// The key stored responses are sealed with: `responses.content_key`, else `audit.content_key`,
    /// else one generated into the store (which then holds the key beside the data it seals).
    private static func responseSealer(_ config: SwitchboardConfig, store: any Store, logger: Logger) async throws(GatewayStartupError) -> ContentSealer {
        if let sealer = (config.responses.contentKey ?? config.audit.contentKey).flatMap(ContentSealer.init(base64Key:)) { return sealer }
        do {
            let key = try await store.auditSecret(named: "responses")
            return ContentSealer(base64Key: Data(key).base64EncodedString())!
        } catch {
            throw GatewayStartupError(message: error.message)
        }
    }

    private static func endUserKey(_ store: any Store) async throws(GatewayStartupError) -> [UInt8] {
        do {
            return try await store.auditSecret(named: "end_user")
        } catch {
            throw GatewayStartupError(message: error.message)
        }
    }

    /// Answers a model call: runs the request side until a stage answers, then the answer
    /// through the response filters. A JSON answer (or an error) comes back with its exchange
    /// already recorded; a stream records its exchange when written.
    public func answer(_ exchange: consuming Exchange) async -> GatewayAnswer {
        var slot = Optional(exchange)
        return await answer(taking: &slot)
    }

    /// ``answer(_:)`` for one that wants to see what happened (the console's playground): the
    /// answer, and the exchange as it was recorded, unless the answer is a stream (which is
    /// recorded when written).
    public func answerKeepingExchange(_ exchange: consuming Exchange) async -> (answer: GatewayAnswer, exchange: Exchange?) {
        var slot = Optional(exchange)
        let answer = await answer(taking: &slot)
        return (answer, slot)
    }

    /// Answers the exchange in `slot`. A stream takes the exchange along to record it when
    /// written, leaving nil; any other answer leaves the exchange as it was recorded. The
    /// exchange is moved, never copied, on the way through (hence the slot, which `take()`
    /// empties without a copy): a copy retains each of its many fields and releases them again,
    /// which a profile shows on every request.
    private func answer(taking slot: inout Exchange?) async -> GatewayAnswer {
        let first: UpstreamAnswer
        do throws(APIError) {
            first = try await pipeline.run(&slot!)
        } catch {
            return await refuse(&slot!, with: error)
        }
        if case .stream = first {
            // The payload is read where it lies (`slot!` as an argument would be a copy).
            let encoder = encoder(door: slot!.door, alias: slot!.request?.alias, turn: slot!.responsesTurn)
            return .stream(AnswerStream(gateway: self, exchange: slot.take()!, first: first, encoder: encoder))
        }
        return await answerComplete(first, exchange: &slot!)
    }

    /// Runs a complete answer (or an error) through the response filters and the front door's
    /// encoder, and records the exchange.
    private func answerComplete(_ first: UpstreamAnswer, exchange: inout Exchange) async -> GatewayAnswer {
        var events: [ResponseEvent] = []
        // Collecting never throws, so neither does the chain.
        try? await responseChain.run(first, exchange: &exchange) { events += $0 }
        var outcome = Self.jsonOutcome(of: events)
        if case .json(let completion) = outcome {
            var encoder = encoder(door: exchange.door, alias: exchange.request?.alias, turn: exchange.responsesTurn)
            do throws(APIError) {
                outcome = .json(try await encoder.json(completion, exchange: &exchange))
            } catch {
                outcome = .error(error)
            }
        }
        exchange.firstByteAt = .now
        exchange.finishedAt = exchange.firstByteAt
        if case .error(let error) = outcome, exchange.errorCode == nil { exchange.recordError(error) }
        if let auditFailure = await finish(exchange) { return .error(auditFailure) }
        return outcome
    }

    /// The encoder that gives an exchange's answer the shape of its front door: `alias` is the
    /// model the app asked for, `turn` a Responses call's turn.
    func encoder(door: FrontDoor, alias: String?, turn: ResponsesTurn?) -> any AnswerEncoder {
        switch door {
        case .chatCompletions: ChatCompletionsEncoder()
        case .messages: MessagesEncoder(model: alias ?? "")
        case .responses: ResponsesEncoder(archive: responses, turn: turn)
        }
    }

    /// The JSON answer the filters left: one completion, or the failure that ended it.
    private static func jsonOutcome(of events: [ResponseEvent]) -> GatewayAnswer {
        var body: ByteBuffer?
        for event in events {
            switch event {
            case .failure(let error): return .error(error)
            case .completion(let completion) where body == nil: body = completion
            default:
                return .error(APIError(status: 500, type: "api_error", code: "internal_error", message: "A response filter turned a JSON answer into something else."))
            }
        }
        guard let body else {
            return .error(APIError(status: 500, type: "api_error", code: "internal_error", message: "The response filters withheld the answer without saying why."))
        }
        return .json(body)
    }

    /// Ends a model call that failed before any answer (a bad header, an unreadable body, a
    /// stage's refusal): records it and returns the error for the app.
    public func refuse(_ exchange: consuming Exchange, with error: APIError) async -> GatewayAnswer {
        var exchange = exchange
        return await refuse(&exchange, with: error)
    }

    /// ``refuse(_:with:)``, leaving the exchange as it was recorded.
    private func refuse(_ exchange: inout Exchange, with error: APIError) async -> GatewayAnswer {
        exchange.recordError(error)
        exchange.finishedAt = .now
        if auditor.retainsContent { exchange.responseBody = ByteBuffer(bytes: error.body) }
        if let auditFailure = await finish(exchange) { return .error(auditFailure) }
        return .error(error)
    }

    /// Ends an exchange: writes its log line and its audit record, returning once the record
    /// is durable. Returns the error to give the app instead when the record cannot be written
    /// (the gateway fails closed: no answer without its record). Every model call ends here.
    func finish(_ exchange: Exchange) async -> APIError? {
        let cost = await poolServices.settle(exchange)
        ExchangeLog.emit(exchange, to: logger)
        metrics.requestFinished(exchange)
        let record = auditor.record(for: exchange)
        traffic.record(ExchangeSummary(record: record, cost: cost, queueWaitMicros: exchange.queueWait.wholeMicroseconds))
        return await append(
            record, about: ["request_id": "\(exchange.id)"],
            failure: "The exchange could not be recorded in the audit trail, so its answer is withheld. Try again; operators see the cause in the log.")
    }

    /// Writes the audit record of an event that is not a model exchange (an approval decision,
    /// an MCP tool call); returns the error to give the caller when it cannot be written.
    public func record(_ event: AuditEvent) async -> APIError? {
        metrics.eventRecorded(event)
        return await append(
            auditor.record(for: event), about: ["request_id": "\(event.requestID)", "operation": "\(event.operation)"],
            failure: "The action was taken but its audit record could not be written; operators see the cause in the log.")
    }

    private func append(_ record: consuming AuditRecord, about metadata: Logger.Metadata, failure message: String) async -> APIError? {
        do {
            try await audit.append(record)
            return nil
        } catch {
            logger.error("audit record not written", metadata: metadata.merging(["error": "\(error.message)"]) { $1 })
            return APIError(status: 503, type: "api_error", code: "audit_unavailable", message: message)
        }
    }

    /// Prunes audit records older than `audit.keep_days`, now and then daily, until cancelled.
    public func runAuditRetention() async {
        guard let keepDays = config.audit.keepDays else { return }
        while !Task.isCancelled {
            let cutoff = Int64((Date().timeIntervalSince1970 - Double(keepDays) * 86_400) * 1000)
            do {
                let pruned = try await auditStorage.pruneAudit(receivedBefore: cutoff)
                if pruned > 0 { logger.info("audit records pruned", metadata: ["count": "\(pruned)", "keep_days": "\(keepDays)"]) }
            } catch {
                logger.error("audit retention failed", metadata: ["error": "\(error.message)"])
            }
            try? await Task.sleep(for: .seconds(86_400))
        }
    }

    /// Deletes expired stored responses, now and then hourly, until cancelled.
    public func runResponsePruning() async {
        while !Task.isCancelled {
            do {
                let pruned = try await responses.prune()
                if pruned > 0 { logger.info("expired stored responses deleted", metadata: ["count": "\(pruned)"]) }
            } catch {
                logger.error("deleting expired stored responses failed", metadata: ["error": "\(error.message)"])
            }
            try? await Task.sleep(for: .seconds(3600))
        }
    }

    /// Writes settled usage to the store every `pool.usage_flush_interval` until cancelled, then once more.
    public func runUsageFlush() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: config.pool.usageFlushInterval)
            } catch {
                break
            }
            await flushUsage()
        }
        await flushUsage()
    }

    /// Writes the usage settled since the last write to the store; on failure keeps it for the
    /// next write, so no usage is lost while the store is away.
    public func flushUsage() async {
        let rows = poolServices.ledger.takePendingUsage()
        guard !rows.isEmpty else { return }
        do {
            try await store.addUsage(rows)
        } catch {
            poolServices.ledger.restorePendingUsage(rows)
            logger.error("usage not written; kept for the next write", metadata: ["rows": "\(rows.count)", "error": "\(error.message)"])
        }
    }

    /// Writes pending usage and closes backend connections.
    public func shutdown() async {
        await flushUsage()
        await pool.shutdown()
        await pluginCatalog.shutdown()
        try? await pluginClient.shutdown()
    }
}

/// Why the gateway could not be built (the audit trail cannot be opened, a dictionary cannot be read).
public struct GatewayStartupError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String

    public var description: String { message }
}
