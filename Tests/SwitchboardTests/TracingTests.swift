import AsyncHTTPClient
import Audit
import Config
import Foundation
import Logging
import Testing
import Tracing
@testable import Gateway

/// Spans: free when nobody collects them, exported over OTLP/HTTP JSON in batches when a
/// collector is configured, never slowing requests when it is down.
@Suite("Tracing")
struct TracingTests {
    static let quietLogger: Logger = {
        var logger = Logger(label: "tracing-test", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .info
        return logger
    }()

    static func collector() async throws -> ServiceDouble {
        try await ServiceDouble(path: "/v1/traces") { _ in "{}" }
    }

    static func exporter(port: Int, queued: Int = 4096, timeout: Duration = .seconds(10)) -> OTLPSpanExporter {
        var config = TelemetryConfig.defaults
        config.otlpEndpoint = "http://127.0.0.1:\(port)"
        config.otlpHeaders = ["authorization": "Bearer collector-token"]
        config.serviceName = "switchboard-test"
        config.maxQueuedSpans = queued
        config.exportTimeout = timeout
        return OTLPSpanExporter(config: config, client: HTTPClient.shared, logger: quietLogger)!
    }

    static func spans(in body: String) throws -> (service: String?, spans: [[String: Any]]) {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let resource = try #require((json["resourceSpans"] as? [[String: Any]])?.first)
        let service = ((resource["resource"] as? [String: Any])?["attributes"] as? [[String: Any]])?
            .first { $0["key"] as? String == "service.name" }
            .flatMap { ($0["value"] as? [String: Any])?["stringValue"] as? String }
        let spans = try #require(((resource["scopeSpans"] as? [[String: Any]])?.first)?["spans"] as? [[String: Any]])
        return (service, spans)
    }

    @Test("without a collector and below debug, a span records nothing but still carries its trace")
    func notRecording() {
        let tracer = SwitchboardTracer(logger: Self.quietLogger)
        let span = tracer.startSpan("pipeline", context: .topLevel, ofKind: .server)
        span.attributes["request_id"] = "req_1"
        #expect(!span.isRecording)
        #expect(span.attributes.isEmpty)
        var headers: [String: String] = [:]
        tracer.inject(span.context, into: &headers, using: TraceHeaders())
        let parsed = try? #require(headers["traceparent"].flatMap(TraceIdentity.parse(traceparent:)))
        #expect(parsed == span.context.traceIdentity)
        span.end()
    }

    @Test("without a collector, spans inside a trace keep their parent's context and a client span gets its own id in the same trace")
    func unrecordedSpansInsideATrace() throws {
        let tracer = SwitchboardTracer(logger: Self.quietLogger)
        let root = tracer.startSpan("pipeline", context: .topLevel, ofKind: .server)
        let rootIdentity = try #require(root.context.traceIdentity)
        let stage = tracer.startSpan("dispatch", context: root.context, ofKind: .internal)
        #expect(stage.context.traceIdentity == rootIdentity)
        let client = tracer.startSpan("POST", context: stage.context, ofKind: .client)
        let clientIdentity = try #require(client.context.traceIdentity)
        #expect(clientIdentity.traceID == rootIdentity.traceID)
        #expect(clientIdentity.spanID != rootIdentity.spanID)
        // With a collector, every span is its own.
        // (The exporter is never run: nothing is sent.)
        let recording = SwitchboardTracer(logger: Self.quietLogger, exporter: Self.exporter(port: 9))
        let recordedRoot = recording.startSpan("pipeline", context: .topLevel, ofKind: .server)
        let recordedStage = recording.startSpan("dispatch", context: recordedRoot.context, ofKind: .internal)
        #expect(recordedStage.context.traceIdentity?.spanID != recordedRoot.context.traceIdentity?.spanID)
        #expect(recordedStage.context.traceIdentity?.traceID == recordedRoot.context.traceIdentity?.traceID)
    }

    @Test("span ids and identifier bits are non-zero and do not repeat")
    func identifiers() {
        var seen = Set<UInt64>()
        for _ in 0..<20_000 {
            let id = SpanIDGenerator.next()
            #expect(id != 0)
            seen.insert(id)
        }
        #expect(seen.count == 20_000)
        #expect(HexDigits.string(0x00f0_67aa_0ba9_02b7) == "00f067aa0ba902b7")
        let tail = UniqueBits.hex(bytes: 4)
        #expect(tail.utf8.count == 8 && tail.utf8.allSatisfy { Array("0123456789abcdef".utf8).contains($0) }, "an audit record id's tail")
        let requestIDs = (0..<1000).map { _ in UniqueBits.hex(bytes: 16) }
        #expect(requestIDs.allSatisfy { $0.utf8.count == 32 } && Set(requestIDs).count == 1000, "request ids' 16 bytes, each led by a value not seen before")
    }

    @Test("finished spans reach the collector as OTLP JSON: ids, parent, kind, times, attributes, status, headers")
    func export() async throws {
        let collector = try await Self.collector()
        defer { collector.stop() }
        let exporter = Self.exporter(port: collector.port)
        let tracer = SwitchboardTracer(logger: Self.quietLogger, exporter: exporter)
        var context = InstrumentationContext.topLevel
        tracer.extract(["traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"], into: &context, using: TraceHeaders())
        let parent = tracer.startSpan("pipeline", context: context, ofKind: .server)
        parent.attributes["request_id"] = "req_七"
        let child = tracer.startSpan("inspect", context: parent.context, ofKind: .internal)
        child.attributes["level"] = 3
        child.attributes["masked"] = true
        child.setStatus(SpanStatus(code: .error, message: "no_allowed_backend"))
        child.end()
        parent.end()
        #expect(await exporter.flush() == 2)

        let received = try #require(collector.received.first)
        #expect(received.headers["authorization"] == "Bearer collector-token")
        #expect(received.headers["content-type"] == "application/json")
        let (service, spans) = try Self.spans(in: received.body)
        #expect(service == "switchboard-test")
        #expect(spans.map { $0["name"] as? String } == ["inspect", "pipeline"])
        let (inspect, pipeline) = (spans[0], spans[1])
        #expect(pipeline["traceId"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(inspect["traceId"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(pipeline["parentSpanId"] as? String == "00f067aa0ba902b7")
        #expect(inspect["parentSpanId"] as? String == pipeline["spanId"] as? String)
        #expect((pipeline["spanId"] as? String)?.count == 16)
        #expect(pipeline["kind"] as? Int == 2 && inspect["kind"] as? Int == 1)
        let start = try #require((pipeline["startTimeUnixNano"] as? String).flatMap { UInt64($0) })
        let end = try #require((pipeline["endTimeUnixNano"] as? String).flatMap { UInt64($0) })
        #expect(end >= start && start > 1_600_000_000 * 1_000_000_000)
        let attributes = try #require(inspect["attributes"] as? [[String: Any]])
        let byKey = Dictionary(uniqueKeysWithValues: attributes.map { ($0["key"] as? String ?? "", $0["value"] as? [String: Any] ?? [:]) })
        #expect(byKey["level"]?["intValue"] as? String == "3")
        #expect(byKey["masked"]?["boolValue"] as? Bool == true)
        #expect(((pipeline["attributes"] as? [[String: Any]])?.first?["value"] as? [String: Any])?["stringValue"] as? String == "req_七")
        #expect((inspect["status"] as? [String: Any])?["code"] as? Int == 2)
        #expect((inspect["status"] as? [String: Any])?["message"] as? String == "no_allowed_backend")
        #expect(exporter.counts.exported == 2)
    }

    @Test("through the binary: each exchange's pipeline and stage spans reach the collector under the app's trace")
    func exportFromTheGateway() async throws {
        let collector = try await Self.collector()
        defer { collector.stop() }
        let fake = try await FakeProviderProcess()
        defer { fake.stop() }
        let yaml = gatewayYAML(
            backends: [#"{ name: primary, kind: openai, url: "\#(fake.baseURL)/v1", zone: private }"#], models: ["{ alias: fin-chat, targets: [primary] }"])
            + "\ntelemetry:\n  service_name: switchboard-e2e\n  otlp: { endpoint: \"http://127.0.0.1:\(collector.port)\", export_interval: 100ms }\n"
        let gateway = try await GatewayProcess(yaml: yaml)
        defer { gateway.stop() }
        let traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        let response = try await gateway.post(body: #"{"model":"fin-chat","messages":[{"role":"user","content":"你好"}]}"#, headers: [("traceparent", traceparent)])
        #expect(response.status == 200)
        #expect(try await eventually { (try? collector.received.flatMap { try Self.spans(in: $0.body).spans })?.contains { $0["name"] as? String == "pipeline" } == true })
        let spans = try collector.received.flatMap { try Self.spans(in: $0.body).spans }
        let names = Set(spans.compactMap { $0["name"] as? String })
        #expect(names.isSuperset(of: ["pipeline", "authenticate", "parse", "resolve", "inspect", "dispatch"]))
        let stageNames: Set<String> = ["pipeline", "authenticate", "parse", "resolve", "inspect", "dispatch"]
        let exchangeSpans = spans.filter { stageNames.contains($0["name"] as? String ?? "") }
        #expect(exchangeSpans.allSatisfy { $0["traceId"] as? String == "0af7651916cd43dd8448eb211c80319c" }, "\(spans.map { "\($0["name"] ?? "") \($0["traceId"] ?? "")" })")
        // The upstream call is a child of dispatch, in the same trace.
        let dispatch = try #require(exchangeSpans.first { $0["name"] as? String == "dispatch" })
        #expect(spans.contains { $0["parentSpanId"] as? String == dispatch["spanId"] as? String && $0["traceId"] as? String == "0af7651916cd43dd8448eb211c80319c" })
        #expect(try Self.spans(in: try #require(collector.received.first).body).service == "switchboard-e2e")
    }

    @Test("a full queue drops and counts spans; a collector that is down costs a request nothing")
    func boundedAndDown() async throws {
        // Nothing listens on the discard port; the client retries connecting until the timeout.
        let exporter = Self.exporter(port: 9, queued: 5, timeout: .milliseconds(500))
        let tracer = SwitchboardTracer(logger: Self.quietLogger, exporter: exporter)
        for index in 0..<8 {
            tracer.startSpan("s\(index)", context: .topLevel, ofKind: .internal).end()
        }
        #expect(exporter.counts.dropped == 3, "three spans found the queue full")
        #expect(await exporter.flush() == 5)
        #expect(exporter.counts.failedBatches == 1)
        #expect(exporter.counts.dropped == 8)
        #expect(exporter.counts.exported == 0)
    }
}
