import Config
import NIOCore
import Pool
import Wire

/// What the gateway asks of a backend, independent of which backend ends up serving it.
public struct UpstreamRequest: Sendable {
    /// The OpenAI operation.
    public enum Operation: String, Sendable {
        case chatCompletions = "chat/completions"
        case embeddings
    }

    /// The operation.
    public var operation: Operation
    /// The alias the app asked for; responses carry it as their `model`.
    public var alias: String
    /// The OpenAI request body as the app sent it (after any pipeline changes).
    public var body: ByteBuffer
    /// Where the `model` value sits in `body`, so it can be swapped for each target's name.
    public var modelValueRange: Range<Int>
    /// Whether the app asked for a stream.
    public var stream: Bool
    /// Whether the app asked for usage in the final stream chunk.
    public var includeUsage: Bool
    /// Headers passed on to the backend (e.g. `traceparent`, `x-request-id`).
    public var forwardedHeaders: [(name: String, value: String)]
    /// The zones that may serve the request under the zone policy; nil places no restriction.
    public var allowedZones: Set<Zone>?
    /// The regions whose backends may serve the request under the zone policy; nil for any.
    public var allowedRegions: Set<String>?
    /// Why the zones are restricted (the data level and policy rule), for errors.
    public var zoneReason: String = ""
    /// The body with sensitive values replaced by pseudonyms, for backends outside the house;
    /// nil when nothing needs masking.
    public var maskedBody: BodyCopy?
    /// Who asks, in what class and for how many tokens: what a contended backend's fair
    /// scheduler orders it by. The default is an unnamed tenant's interactive request.
    public var ticket = FairScheduler.Ticket(tenant: "", share: 1, priority: .interactive, cost: 1, maxQueued: .max)

    /// The app's own request, for the backends that speak the API it came in (a Messages
    /// request for an Anthropic backend) in the zones that may get it unmasked; nil when every
    /// backend gets the Chat Completions body.
    public var passThrough: BodyCopy?

    /// Another form of the body (masked, or in the app's own API), where its `model` value
    /// sits, and the zones whose backends receive it.
    public struct BodyCopy: Sendable {
        /// The body.
        public var body: ByteBuffer
        /// Where the `model` value sits in it.
        public var modelValueRange: Range<Int>
        /// The zones whose backends receive it.
        public var zones: Set<Zone>

        /// Creates a copy.
        public init(body: ByteBuffer, modelValueRange: Range<Int>, zones: Set<Zone>) {
            self.body = body
            self.modelValueRange = modelValueRange
            self.zones = zones
        }
    }

    /// Creates a request.
    public init(
        operation: Operation, alias: String, body: ByteBuffer, modelValueRange: Range<Int>, stream: Bool, includeUsage: Bool,
        forwardedHeaders: [(name: String, value: String)] = []
    ) {
        self.operation = operation
        self.alias = alias
        self.body = body
        self.modelValueRange = modelValueRange
        self.stream = stream
        self.includeUsage = includeUsage
        self.forwardedHeaders = forwardedHeaders
    }

    /// Whether the zone policy lets the backend configured as `backend` serve the request: its
    /// zone is allowed, and so is its region.
    public func allows(_ backend: BackendConfig) -> Bool {
        (allowedZones?.contains(backend.zone) ?? true) && (allowedRegions?.contains(backend.region) ?? true)
    }

    /// The zones and regions allowed, for errors: `zones [private] in regions [CN]`.
    public var allowedPlaces: String {
        var text = "zones [\((allowedZones.map { $0.map(\.rawValue) } ?? ["any"]).sorted().joined(separator: ", "))]"
        if let allowedRegions { text += " in regions [\(allowedRegions.sorted().joined(separator: ", "))]" }
        return text
    }

    /// Whether a backend in `zone` gets the masked body.
    public func isMasked(for zone: Zone) -> Bool {
        maskedBody?.zones.contains(zone) ?? false
    }

    /// Whether a backend that allows it should be asked for usage the app did not ask for: a
    /// streamed chat request without `stream_options.include_usage`.
    public var wantsUsageFromBackend: Bool {
        operation == .chatCompletions && stream && !includeUsage
    }

    /// The app's own request with `model` set to `upstreamModel`, for a backend in `zone` that
    /// speaks its API; nil when that backend must get the translated body instead.
    public func passThroughBody(forUpstreamModel upstreamModel: String, zone: Zone) -> ByteBuffer? {
        guard let passThrough, passThrough.zones.contains(zone), !isMasked(for: zone) else { return nil }
        return passThrough.body.withUnsafeReadableBytes { bytes in
            var splicer = JSONSplicer()
            splicer.replace(passThrough.modelValueRange, with: JSONStringLiteral.bytes(upstreamModel))
            return ByteBuffer(bytes: splicer.apply(to: bytes))
        }
    }

    /// The body a backend in `zone` receives (masked where the policy says so), with `model`
    /// set to `upstreamModel`, and with `stream_options.include_usage: true` when `askForUsage`;
    /// the bytes unchanged when neither changes anything.
    public func body(forUpstreamModel upstreamModel: String, zone: Zone, askForUsage: Bool = false) -> ByteBuffer {
        let (body, modelValueRange) =
            if let maskedBody, maskedBody.zones.contains(zone) { (maskedBody.body, maskedBody.modelValueRange) } else { (self.body, self.modelValueRange) }
        guard upstreamModel != alias || askForUsage else { return body }
        return body.withUnsafeReadableBytes { bytes in
            var splicer = JSONSplicer()
            if upstreamModel != alias { splicer.replace(modelValueRange, with: JSONStringLiteral.bytes(upstreamModel)) }
            if askForUsage { StreamUsageOption.request(in: bytes, with: &splicer) }
            return ByteBuffer(bytes: splicer.apply(to: bytes))
        }
    }
}
