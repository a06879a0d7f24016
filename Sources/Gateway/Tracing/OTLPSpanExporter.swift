import AsyncHTTPClient
import Config
import Logging
import NIOCore
import Synchronization

/// Sends finished spans to an OpenTelemetry collector over OTLP/HTTP with the JSON encoding
/// (`POST {endpoint}/v1/traces`), in batches, from a bounded queue. Queuing a span takes a lock
/// and an append; when the queue is full the span is dropped and counted, so a collector that
/// is slow or down never slows a request.
public final class OTLPSpanExporter: Sendable {
    private struct Queue {
        var spans: [FinishedSpan] = []
        var dropped = 0
        var exported = 0
        var failedBatches = 0
    }

    private let url: String
    private let headers: [(String, String)]
    private let serviceName: String
    private let capacity: Int
    private let batchSize: Int
    private let interval: Duration
    private let timeout: TimeAmount
    private let client: HTTPClient
    private let logger: Logger
    private let queue = Mutex(Queue())

    /// An exporter for `config` that sends with `client`; nil when `config` names no endpoint.
    public init?(config: TelemetryConfig, client: HTTPClient, logger: Logger) {
        guard let endpoint = config.otlpEndpoint else { return nil }
        url = endpoint.hasSuffix("/") ? endpoint + "v1/traces" : endpoint + "/v1/traces"
        headers = config.otlpHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        serviceName = config.serviceName
        capacity = config.maxQueuedSpans
        batchSize = config.maxExportBatch
        interval = config.exportInterval
        timeout = TimeAmount(config.exportTimeout)
        self.client = client
        self.logger = logger
    }

    /// Queues `span` for export, or drops it when the queue is full.
    public func enqueue(_ span: FinishedSpan) {
        queue.withLock { queue in
            if queue.spans.count >= capacity {
                queue.dropped += 1
            } else {
                queue.spans.append(span)
            }
        }
    }

    /// Spans dropped because the queue was full, spans exported, and batches the collector did not take.
    public var counts: (dropped: Int, exported: Int, failedBatches: Int) {
        queue.withLock { ($0.dropped, $0.exported, $0.failedBatches) }
    }

    /// Sends batches until cancelled: at once while a full batch is waiting, else every
    /// `exportInterval`.
    public func run() async {
        while !Task.isCancelled {
            let sent = await exportBatch()
            if sent < batchSize { try? await Task.sleep(for: interval) }
        }
    }

    /// Sends everything queued now, in batches; returns how many spans were sent.
    @discardableResult
    public func flush() async -> Int {
        var total = 0
        while true {
            let sent = await exportBatch()
            total += sent
            if sent < batchSize { return total }
        }
    }

    /// Sends one batch of at most `maxExportBatch` spans; returns how many it held.
    private func exportBatch() async -> Int {
        let batch = queue.withLock { queue -> [FinishedSpan] in
            let count = min(batchSize, queue.spans.count)
            let batch = Array(queue.spans.prefix(count))
            queue.spans.removeFirst(count)
            return batch
        }
        guard !batch.isEmpty else { return 0 }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: OTLPTraceEncoder.encode(batch, serviceName: serviceName)))
        do {
            let response = try await client.execute(request, timeout: timeout)
            _ = try? await response.body.collect(upTo: 1 << 20)
            guard (200..<300).contains(response.status.code) else {
                throw ExportRefused(status: Int(response.status.code))
            }
            queue.withLock { $0.exported += batch.count }
        } catch {
            let failures = queue.withLock { queue -> Int in
                queue.failedBatches += 1
                queue.dropped += batch.count
                return queue.failedBatches
            }
            // One warning for the first failure and then one per hundred, not one per batch.
            if failures == 1 || failures % 100 == 0 {
                logger.warning("span export failed", metadata: ["url": "\(url)", "error": "\(error)", "failed_batches": "\(failures)"])
            }
        }
        return batch.count
    }

    private struct ExportRefused: Error, CustomStringConvertible {
        let status: Int
        var description: String { "the collector answered HTTP \(status)" }
    }
}
