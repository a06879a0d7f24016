/// Where traces go: spans are exported over OTLP/HTTP (JSON) when an endpoint is set, and are
/// otherwise only logged at `debug`.
public struct TelemetryConfig: Sendable, Equatable {
    /// The collector's base URL (`http://collector:4318`); spans are posted to `{endpoint}/v1/traces`. Nil exports nothing.
    public var otlpEndpoint: String?
    /// Headers sent with every export (e.g. an `authorization` token).
    public var otlpHeaders: [String: String] = [:]
    /// The `service.name` resource attribute.
    public var serviceName = "switchboard"
    /// Spans waiting for export at most; beyond it new spans are dropped (and counted).
    public var maxQueuedSpans = 4096
    /// Spans per export request at most.
    public var maxExportBatch = 512
    /// How often a batch that is not full is sent.
    public var exportInterval: Duration = .seconds(1)
    /// How long one export request may take before its batch is given up.
    public var exportTimeout: Duration = .seconds(10)

    /// No export.
    public static let defaults = TelemetryConfig()

    /// Creates settings with the defaults; set ``otlpEndpoint`` to export.
    public init() {}
}
