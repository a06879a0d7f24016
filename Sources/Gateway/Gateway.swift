import Audit
import Foundation
import Backends
import Config
import Logging
import Privacy
import Store
import Wire

/// The assembled gateway: configuration, state, backends, and the request pipeline
/// (authenticate → parse → resolve → dispatch) that every model call runs through.
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
    /// The pipeline for model calls.
    public let pipeline: Pipeline
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

    /// Builds the gateway from a validated configuration and an open store.
    public init(config: SwitchboardConfig, store: any Store, logger: Logger) async throws(GatewayStartupError) {
        do {
            scanners = try PrivacyScannerReloader(config: config.privacy, logger: logger)
        } catch {
            throw GatewayStartupError(message: error.description)
        }
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
        auditor = ExchangeAuditor(endUserHasher: hasher, contentSealer: sealer, contentMasker: config.audit.content == .masked ? scanners : nil)
        pool = BackendPool(configs: config.backends)
        authenticator = APIKeyAuthenticator(store: store)
        catalog = ModelCatalog(models: config.models)
        let dispatcher = Dispatcher(pool: pool, queueTimeout: config.server.queueTimeout, maxResponseBytes: config.server.maxUpstreamBodyBytes)
        pipeline = Pipeline(stages: [
            AuthenticateStage(authenticator: authenticator),
            ParseStage(),
            ResolveStage(catalog: catalog),
            InspectStage(scanners: scanners, policy: ZonePolicy(rules: config.policy)),
            DispatchStage(dispatcher: dispatcher),
        ])
    }

    private static func endUserKey(_ store: any Store) async throws(GatewayStartupError) -> [UInt8] {
        do {
            return try await store.auditSecret(named: "end_user")
        } catch {
            throw GatewayStartupError(message: error.message)
        }
    }

    /// Runs a model call through the pipeline.
    public func process(_ exchange: inout Exchange) async throws(APIError) {
        try await pipeline.run(&exchange)
    }

    /// Ends an exchange: writes its log line and its audit record, returning once the record
    /// is durable. Returns the error to give the app instead when the record cannot be written
    /// (the gateway fails closed: no answer without its record).
    public func finish(_ exchange: Exchange) async -> APIError? {
        ExchangeLog(exchange: exchange).emit(to: logger)
        metrics.requestFinished(exchange)
        do {
            try await audit.append(auditor.record(for: exchange))
            return nil
        } catch {
            logger.error("audit record not written", metadata: ["request_id": "\(exchange.id)", "error": "\(error.message)"])
            return APIError(
                status: 503, type: "api_error", code: "audit_unavailable",
                message: "The exchange could not be recorded in the audit trail, so its answer is withheld. Try again; operators see the cause in the log.")
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

    /// Closes backend connections.
    public func shutdown() async {
        await pool.shutdown()
    }
}

/// Why the gateway could not be built (the audit trail cannot be opened, a dictionary cannot be read).
public struct GatewayStartupError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String

    public var description: String { message }
}
