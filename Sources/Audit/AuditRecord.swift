/// One exchange as the audit trail keeps it: who asked, what went where, what came back.
///
/// The schema is versioned (``schemaVersion``); later pipeline stages add fields in later
/// versions. Times are Unix epoch milliseconds; durations are microseconds.
public struct AuditRecord: Codable, Sendable, Equatable {
    /// The schema version this record was written with.
    public var schemaVersion: Int
    /// The record's own id.
    public var id: String
    /// The request id the app saw in `x-request-id`.
    public var requestID: String
    /// When the request arrived.
    public var receivedAt: Int64
    /// When the first response byte was ready, if one was.
    public var firstByteAt: Int64?
    /// When the exchange ended.
    public var doneAt: Int64
    /// The tenant, once authenticated.
    public var tenant: String?
    /// The API key's public id, once authenticated.
    public var keyID: String?
    /// The end user the app named (`X-Switchboard-User`), as a keyed hash unless configured raw.
    public var endUser: String?
    /// The operation (`chat/completions`, `embeddings`, or the front door: `messages`, `responses`).
    public var operation: String
    /// The model alias asked for.
    public var model: String?
    /// Whether a stream was asked for.
    public var stream: Bool?
    /// The backend that answered.
    public var backend: String?
    /// The zone of that backend.
    public var zone: String?
    /// Every upstream attempt, in order.
    public var attempts: [AuditAttempt]
    /// The HTTP status the app got.
    public var status: Int
    /// The error code the app got, if any (also set when a stream broke off after status 200).
    public var errorCode: String?
    /// Tokens in the prompt, as the backend reported.
    public var tokensIn: Int?
    /// Tokens generated, as the backend reported.
    public var tokensOut: Int?
    /// Time spent in the gateway itself.
    public var gatewayMicros: Int64
    /// Time spent waiting on backends.
    public var upstreamMicros: Int64
    /// The exchange's content, when retention keeps it (encrypted).
    public var content: SealedContent?
    /// What inspection found and what the zone policy decided (schema 2 on).
    public var privacy: AuditPrivacy?
    /// With `audit.content: masked`: the request and response with every value found replaced
    /// by its pseudonym (schema 2 on).
    public var maskedContent: String?
    /// The scenario the exchange ran under (schema 3 on).
    public var scenario: String?
    /// How many model calls the exchange made, when a scenario ran plugins (schema 3 on).
    public var steps: Int?
    /// Every plugin call made on the exchange's behalf, in order (schema 3 on).
    public var tools: [AuditToolCall]?
    /// What the quality checks found in the answer (schema 4 on).
    public var quality: AuditQuality?
    /// An administrative change's new state, as JSON text (schema 5 on): a tenant's policy.
    public var change: String?
    /// The request's priority class when it was not interactive (schema 5 on).
    public var priority: String?

    /// The schema version written by this build: 2 added ``privacy`` and ``maskedContent``;
    /// 3 added ``scenario``, ``steps`` and ``tools``; 4 added ``quality``; 5 added ``change``
    /// and ``priority``.
    public static let currentSchemaVersion = 5

    /// Creates a record.
    public init(
        id: String, requestID: String, receivedAt: Int64, firstByteAt: Int64?, doneAt: Int64, tenant: String?, keyID: String?,
        endUser: String?, operation: String, model: String?, stream: Bool?, backend: String?, zone: String?, attempts: [AuditAttempt],
        status: Int, errorCode: String?, tokensIn: Int?, tokensOut: Int?, gatewayMicros: Int64, upstreamMicros: Int64,
        content: SealedContent?, privacy: AuditPrivacy? = nil, maskedContent: String? = nil, scenario: String? = nil, steps: Int? = nil,
        tools: [AuditToolCall]? = nil, quality: AuditQuality? = nil, change: String? = nil, priority: String? = nil
    ) {
        schemaVersion = Self.currentSchemaVersion
        self.id = id
        self.requestID = requestID
        self.receivedAt = receivedAt
        self.firstByteAt = firstByteAt
        self.doneAt = doneAt
        self.tenant = tenant
        self.keyID = keyID
        self.endUser = endUser
        self.operation = operation
        self.model = model
        self.stream = stream
        self.backend = backend
        self.zone = zone
        self.attempts = attempts
        self.status = status
        self.errorCode = errorCode
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
        self.gatewayMicros = gatewayMicros
        self.upstreamMicros = upstreamMicros
        self.content = content
        self.privacy = privacy
        self.maskedContent = maskedContent
        self.scenario = scenario
        self.steps = steps
        self.tools = tools
        self.quality = quality
        self.change = change
        self.priority = priority
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", id, requestID = "request_id", receivedAt = "received_at", firstByteAt = "first_byte_at"
        case doneAt = "done_at", tenant, keyID = "key_id", endUser = "end_user", operation, model, stream, backend, zone, attempts
        case status, errorCode = "error_code", tokensIn = "tokens_in", tokensOut = "tokens_out", gatewayMicros = "gateway_us"
        case upstreamMicros = "upstream_us", content, privacy, maskedContent = "content_masked", scenario, steps, tools, quality, change, priority
    }
}

/// The quality checks' verdict on an exchange's answer.
public struct AuditQuality: Codable, Sendable, Equatable {
    /// `pass`, `flag` or `block` (block also when grounding's policy blocked).
    public var verdict: String
    /// The rules that hit, in order (a rule once however often it hit).
    public var rules: [String]
    /// The figures in the answer.
    public var figures: Int
    /// Those no evidence supports (ungrounded or stale).
    public var unsupported: Int
    /// Model calls made to correct figures.
    public var retries: Int

    /// Creates the verdict.
    public init(verdict: String, rules: [String], figures: Int, unsupported: Int, retries: Int) {
        self.verdict = verdict
        self.rules = rules
        self.figures = figures
        self.unsupported = unsupported
        self.retries = retries
    }
}

/// One upstream attempt within an exchange.
public struct AuditAttempt: Codable, Sendable, Equatable {
    /// The backend tried.
    public var backend: String
    /// `ok` or the failure label.
    public var outcome: String
    /// How long it took, in microseconds.
    public var micros: Int64

    /// Creates an attempt.
    public init(backend: String, outcome: String, micros: Int64) {
        self.backend = backend
        self.outcome = outcome
        self.micros = micros
    }

    enum CodingKeys: String, CodingKey {
        case backend, outcome, micros = "us"
    }
}

/// One plugin call in an exchange: which plugin, what became of it, and digests of its
/// arguments and result (never the values themselves).
public struct AuditToolCall: Codable, Sendable, Equatable {
    /// The plugin's name.
    public var name: String
    /// The model's id for the call.
    public var id: String
    /// The model call (1-based) whose answer made this call.
    public var step: Int
    /// `read` or `write`.
    public var effect: String
    /// `ok`, `pending_approval`, or the error kind (`invalid_arguments`, `timed_out`, …).
    public var outcome: String
    /// SHA-256 (hex) of the arguments as the model wrote them.
    public var argumentsSHA256: String
    /// SHA-256 (hex) of the result or error handed back to the model.
    public var resultSHA256: String
    /// How long the call took, in microseconds.
    public var micros: Int64
    /// The approval created for a write call.
    public var approval: String?

    /// Creates a tool call record.
    public init(name: String, id: String, step: Int, effect: String, outcome: String, argumentsSHA256: String, resultSHA256: String, micros: Int64, approval: String?) {
        self.name = name
        self.id = id
        self.step = step
        self.effect = effect
        self.outcome = outcome
        self.argumentsSHA256 = argumentsSHA256
        self.resultSHA256 = resultSHA256
        self.micros = micros
        self.approval = approval
    }

    enum CodingKeys: String, CodingKey {
        case name, id, step, effect, outcome, argumentsSHA256 = "arguments_sha256", resultSHA256 = "result_sha256", micros = "us", approval
    }
}

/// Content kept under AES-256-GCM: readable with the content key, and by nobody else.
public struct SealedContent: Codable, Sendable, Equatable {
    /// The algorithm, `AES-256-GCM`.
    public var algorithm: String
    /// Nonce, ciphertext and tag (the `combined` form), base64.
    public var sealed: String

    /// Creates sealed content.
    public init(algorithm: String, sealed: String) {
        self.algorithm = algorithm
        self.sealed = sealed
    }
}

/// The privacy part of an audit record: the data level, the policy decision and what masking
/// did. Counts only; the values found are never recorded.
public struct AuditPrivacy: Codable, Sendable, Equatable {
    /// The request's data level, 1–5.
    public var level: Int
    /// The policy rule that decided, as written (or why none did).
    public var rule: String
    /// The zones the rule allowed.
    public var zones: [String]
    /// How many values of each entity type were found.
    public var entities: [String: Int]
    /// Keyword categories found.
    public var keywords: [String]
    /// Whether the request was sent masked.
    public var masked: Bool
    /// Pseudonyms issued.
    public var pseudonyms: Int
    /// Pseudonyms restored in the answer.
    public var restored: Int
    /// Pseudonym-shaped strings in the answer that were never issued (left alone).
    public var invented: Int
    /// Content that could not be inspected (`image/png at messages[0].content[1].image_url.url`); absent when none.
    public var uninspectable: [String]?
    /// True when that content set the level the policy decided on; absent otherwise.
    public var levelFromUninspectable: Bool?
    /// Values found where masking would break the request (so it could not go out masked); absent when none.
    public var unmaskable: [String]?

    enum CodingKeys: String, CodingKey {
        case level, rule, zones, entities, keywords, masked, pseudonyms, restored, invented, uninspectable
        case levelFromUninspectable = "level_from_uninspectable", unmaskable
    }

    /// Creates the privacy part.
    public init(
        level: Int, rule: String, zones: [String], entities: [String: Int], keywords: [String], masked: Bool, pseudonyms: Int, restored: Int, invented: Int,
        uninspectable: [String]? = nil, levelFromUninspectable: Bool? = nil, unmaskable: [String]? = nil
    ) {
        self.uninspectable = uninspectable
        self.levelFromUninspectable = levelFromUninspectable
        self.unmaskable = unmaskable
        self.level = level
        self.rule = rule
        self.zones = zones
        self.entities = entities
        self.keywords = keywords
        self.masked = masked
        self.pseudonyms = pseudonyms
        self.restored = restored
        self.invented = invented
    }
}
