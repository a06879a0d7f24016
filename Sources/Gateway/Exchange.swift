import Audit
import Backends
import Checks
import Config
import Foundation
import NIOCore
import Pool
import Privacy
import Tracing
import Wire

/// One request and its answer as it forms: the value every pipeline stage reads and writes.
public struct Exchange: Sendable {
    /// The request id, echoed to the app as `x-request-id` and passed to backends.
    public let id: String
    /// Wall-clock time the request arrived.
    public let receivedAt: Date
    /// Monotonic time the request arrived, for latency.
    public let startedAt: ContinuousClock.Instant
    /// The OpenAI operation requested.
    public var operation: UpstreamRequest.Operation
    /// The API the app called: its request is translated into Chat Completions and its answer back.
    public var door: FrontDoor = .chatCompletions
    /// The request as the app sent it through another front door (before translation), kept for
    /// the audit record beside the Chat Completions request the pipeline ran.
    public var appBody: ByteBuffer?
    /// The request as the app sent it through the Messages door, kept (and inspected) for the
    /// first model call, which an Anthropic backend gets as it is, with only `model` spliced.
    public var nativeBody: ByteBuffer?
    /// Set by translation for the Responses door: the request as read and the response it makes.
    public var responsesTurn: ResponsesTurn?
    /// The `Authorization` header as received.
    public var authorization: String?
    /// The W3C `traceparent` header as received, if valid.
    public var traceparent: String?
    /// The trace context of the stage running now (for headers sent to backends).
    public var traceContext: InstrumentationContext?
    /// The end user named by the app in `X-Switchboard-User`.
    public var endUser: String?
    /// The scenario named by the app in `X-Switchboard-Scenario`.
    public var scenarioHeader: String?
    /// The end user's profile fields the app sent in `X-Switchboard-User-Profile` (JSON).
    public var userProfileHeader: String?
    /// The priority class the app asked for in `X-Switchboard-Priority`.
    public var priorityHeader: String?
    /// The request body (the bytes as they arrived unless a stage changed them).
    public var body: ByteBuffer

    /// How authenticating the key ended, when the server did it before the pipeline ran.
    public var authentication: Result<Caller, APIError>?
    /// Set by authentication.
    public var caller: Caller?
    /// The caller's tenant policy, set by admission.
    public var tenant: TenantConfig?
    /// The request's class, set by admission.
    public var priority: Priority = .interactive
    /// What the quota ledger set aside for the request and each of its model calls; released
    /// when the exchange finishes.
    public var quotaHolds: [QuotaHold] = []
    /// The estimate the last model call was admitted with.
    public var lastEstimate: TokenEstimate.Call?
    /// Each model call's tokens, as reported (or estimated when the backend reported none).
    public var modelCalls: [ModelCallUsage] = []
    /// How long the request waited for backend slots.
    public var queueWait: Duration = .zero
    /// Model calls a backend began to answer.
    public var dispatchedCalls = 0
    /// Set by parsing.
    public var request: ParsedRequest?
    /// Set by resolution.
    public var model: ModelConfig?
    /// The lowest data level the app declared (`X-Switchboard-Data-Level`).
    public var requestedLevel: DataLevel?
    /// Set by inspection: level, policy decision, masking.
    public var privacy: PrivacyState?
    /// Set by the scenario stage when the app picked a scenario.
    public var scenario: ScenarioRun?
    /// Set when an intent answered without a model.
    public var answeredByIntent = false
    /// Set by dispatch: the backend that answers (the last model call's, in a tool-calling loop).
    public var servedBy: ServingBackend?
    /// The trace context of the first pass through the pipeline, the parent of each tool-loop step.
    public var pipelineContext: InstrumentationContext?

    /// Every upstream attempt made (over every step of a tool-calling loop).
    public var attempts: [AttemptRecord] = []
    /// Every plugin call made on the exchange's behalf.
    public var toolCalls: [AuditToolCall] = []
    /// Results of plugins that are not in the conversation (an intent's), as evidence for grounding.
    public var pluginEvidence: [PluginEvidence] = []
    /// What the quality checks found in the answer.
    public var quality: QualityReport?
    /// The HTTP status the app got.
    public var status: Int = 200
    /// The error code the app got, if any.
    public var errorCode: String?
    /// Tokens used, as reported by the backend.
    public var usage: TokenUsage?
    /// When the first response byte was ready for the app.
    public var firstByteAt: ContinuousClock.Instant?
    /// When the last response byte was written.
    public var finishedAt: ContinuousClock.Instant?
    /// The response as the app received it, kept only when the audit trail retains content.
    public var responseBody: ByteBuffer?

    /// Creates an exchange for a request that just arrived.
    public init(id: String, operation: UpstreamRequest.Operation, body: ByteBuffer, authorization: String?, traceparent: String?, endUser: String?) {
        self.id = id
        receivedAt = Date()
        startedAt = .now
        self.operation = operation
        self.body = body
        self.authorization = authorization
        self.traceparent = traceparent
        self.endUser = endUser
    }

    /// The operation as logs and audit records name it: `chat/completions`, `embeddings`, or
    /// the front door (`messages`, `responses`).
    public var operationName: String {
        door == .chatCompletions ? operation.rawValue : door.rawValue
    }

    /// Time spent waiting on backends.
    public var upstreamTime: Duration {
        attempts.reduce(.zero) { $0 + $1.duration }
    }

    /// Adds one model call's usage to the exchange's total.
    public mutating func addUsage(_ more: TokenUsage?) {
        guard let more else { return }
        usage = TokenUsage(
            promptTokens: (usage?.promptTokens ?? 0) + more.promptTokens, completionTokens: (usage?.completionTokens ?? 0) + more.completionTokens)
    }

    /// Records one model call's tokens for quotas and chargeback: those the backend reported,
    /// else the admission estimate's prompt and `relayedCompletionTokens` (or the estimate's
    /// completion when nothing was counted).
    public mutating func recordModelCall(reported: TokenUsage?, relayedCompletionTokens: Int? = nil) {
        guard let servedBy else { return }
        let call: ModelCallUsage
        if let reported {
            call = ModelCallUsage(
                backend: servedBy.name, upstreamModel: servedBy.upstreamModel, promptTokens: reported.promptTokens,
                completionTokens: reported.completionTokens, isEstimate: false)
        } else {
            call = ModelCallUsage(
                backend: servedBy.name, upstreamModel: servedBy.upstreamModel, promptTokens: lastEstimate?.promptTokens ?? 0,
                completionTokens: relayedCompletionTokens ?? lastEstimate?.completionTokens ?? 0, isEstimate: true)
        }
        modelCalls.append(call)
    }

    /// Records a failure the app is about to see.
    public mutating func recordError(_ error: APIError) {
        status = error.status
        errorCode = error.code
    }
}

/// A plugin's result kept as evidence for the quality checks.
public struct PluginEvidence: Sendable {
    /// The plugin.
    public var tool: String
    /// The call's id.
    public var callID: String
    /// What it returned.
    public var result: JSONValue
    /// When its data was true.
    public var asOf: String

    /// Creates the evidence.
    public init(tool: String, callID: String, result: JSONValue, asOf: String) {
        self.tool = tool
        self.callID = callID
        self.result = result
        self.asOf = asOf
    }
}

/// The backend serving an exchange.
public struct ServingBackend: Sendable, Equatable {
    /// The backend's name.
    public var name: String
    /// Its zone.
    public var zone: Zone
    /// The model name it was sent.
    public var upstreamModel: String = ""
}

/// One model call's tokens, for quotas and chargeback.
public struct ModelCallUsage: Sendable, Equatable {
    /// The backend that served it.
    public var backend: String
    /// The model name it was sent.
    public var upstreamModel: String
    /// Prompt tokens.
    public var promptTokens: Int
    /// Completion tokens.
    public var completionTokens: Int
    /// Whether the counts are the gateway's estimate (the backend reported none).
    public var isEstimate: Bool
}
