import ArgumentParser
import AsyncHTTPClient
import Foundation
import Config
import Gateway
import Hummingbird
import Logging
import Server
import Store
import Tracing

/// `switchboard serve`: runs the gateway until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the gateway.")

    @OptionGroup var options: ConfigOption

    @Option(help: "Listen here instead of at server.listen (host:port; port 0 picks a free one, printed in the 'listening' line).")
    var listen: String?

    func run() async throws {
        CommandSupport.bootstrapLogging()
        let logger = Logger(label: "switchboard")
        var loaded = CommandSupport.loadConfig(options.config)
        if let listen, !loaded.server.listen(on: listen) {
            CommandSupport.printError("switchboard: --listen must be host:port such as 127.0.0.1:8080 or 127.0.0.1:0, found '\(listen)'")
            throw ExitCode(2)
        }
        let config = loaded
        let store = await CommandSupport.openStore(config, writesAudit: true)
        logger.info("configuration loaded", metadata: ["source": "\(config.sourceFile ?? "embedded defaults")"])
        try await createFirstAdminKeyIfNeeded(store: store)

        let spanExporter = OTLPSpanExporter(config: config.telemetry, client: HTTPClient.shared, logger: logger)
        InstrumentationSystem.bootstrap(SwitchboardTracer(logger: logger, exporter: spanExporter))
        if let endpoint = config.telemetry.otlpEndpoint { logger.info("exporting spans", metadata: ["otlp_endpoint": "\(endpoint)"]) }
        let gateway: Gateway
        do {
            gateway = try await Gateway(config: config, store: store, logger: logger)
        } catch {
            CommandSupport.printError("switchboard: \(error.message); nothing was started.")
            throw ExitCode(2)
        }
        for backend in gateway.pool.backends {
            logger.info("backend configured", metadata: [
                "backend": "\(backend.name)", "kind": "\(backend.config.kind.rawValue)", "url": "\(backend.config.url)",
                "zone": "\(backend.config.zone.rawValue)", "capacity": "\(backend.config.capacity)",
            ])
        }

        let app = SwitchboardServer.makeApplication(gateway: gateway, logger: logger) { port in
            logger.info("listening", metadata: ["address": "\(config.server.host):\(port)", "url": "http://\(config.server.host):\(port)/v1"])
        }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    await gateway.pool.probeAll(logger: logger)
                    await gateway.pool.runHealthChecks(every: config.server.healthCheckInterval, logger: logger)
                }
                group.addTask { await gateway.runAuditRetention() }
                group.addTask { await gateway.runResponsePruning() }
                group.addTask { await gateway.runUsageFlush() }
                group.addTask { await gateway.runTenantPolicyRefresh() }
                group.addTask { await gateway.scanners.run() }
                group.addTask { await gateway.finance.runQuoteFeed() }
                group.addTask { await gateway.finance.runKnowledgeReindex() }
                if let spanExporter { group.addTask { await spanExporter.run() } }
                // The audit writer runs outside the group: it must outlive the HTTP server so
                // that exchanges finishing during a graceful shutdown still get their records.
                let auditWriter = Task { await gateway.audit.run() }
                try await app.runService()
                auditWriter.cancel()
                await auditWriter.value
                group.cancelAll()
            }
        } catch {
            logger.error("server stopped", metadata: ["error": "\(error)"])
            await gateway.shutdown()
            throw ExitCode(1)
        }
        await gateway.shutdown()
        logger.info("stopped")
    }

    /// On the very first start (no admin key was ever created), creates one and prints it once.
    private func createFirstAdminKeyIfNeeded(store: any Store) async throws {
        guard try await store.keyCount(role: .admin) == 0 else { return }
        let created = try await store.createKey(tenant: "admin", role: .admin)
        let notice = "First start: created admin key \(created.record.id) for tenant 'admin'. It is shown only now; store it safely:\n\(created.secret)\n"
        FileHandle.standardOutput.write(Data(notice.utf8))
    }
}
