import Checks
import Audit
import Config
import Foundation
import NIOCore
import Pool
import Privacy
import Wire

/// Turns a finished ``Exchange`` into its ``AuditRecord``: times, identities (the end user as a
/// keyed hash unless configured raw), routing, outcome, usage, the privacy decision, and — when
/// retention asks for it — the request and response sealed under the content key, or masked.
public struct ExchangeAuditor: Sendable {
    private let endUserHasher: EndUserHasher?
    private let contentSealer: ContentSealer?
    private let contentMasker: PrivacyScannerReloader?

    /// Creates an auditor; `endUserHasher` nil records end users raw; `contentSealer` keeps the
    /// content encrypted, `contentMasker` keeps it masked with its scanner; neither keeps none.
    public init(endUserHasher: EndUserHasher?, contentSealer: ContentSealer?, contentMasker: PrivacyScannerReloader? = nil) {
        self.endUserHasher = endUserHasher
        self.contentSealer = contentSealer
        self.contentMasker = contentMasker
    }

    /// How an end user's name appears in the audit trail (so that a search can find it).
    public func recordedEndUser(_ user: String) -> String {
        endUserHasher.map { $0.hash(user) } ?? user
    }

    /// Whether response bodies should be kept on the exchange for the audit record.
    public var retainsContent: Bool { contentSealer != nil || contentMasker != nil }

    /// The record for `exchange`.
    public func record(for exchange: Exchange) -> AuditRecord {
        let finished = exchange.finishedAt ?? .now
        let total = (finished - exchange.startedAt).wholeMicroseconds
        let upstream = exchange.upstreamTime.wholeMicroseconds
        let received = AuditTime.milliseconds(exchange.receivedAt)
        let done = received + total / 1000
        return AuditRecord(
            id: AuditRecordID.make(at: done), requestID: exchange.id, receivedAt: received,
            firstByteAt: exchange.firstByteAt.map { received + ($0 - exchange.startedAt).wholeMicroseconds / 1000 },
            doneAt: done, tenant: exchange.caller?.tenant, keyID: exchange.caller?.keyID,
            endUser: exchange.endUser.map(recordedEndUser),
            operation: exchange.operationName, model: exchange.request?.alias, stream: exchange.request?.stream,
            backend: exchange.servedBy?.name, zone: exchange.servedBy?.zone.rawValue,
            attempts: exchange.attempts.map { AuditAttempt(backend: $0.backend, outcome: $0.outcome, micros: $0.duration.wholeMicroseconds) },
            status: exchange.status, errorCode: exchange.errorCode, tokensIn: exchange.usage?.promptTokens,
            tokensOut: exchange.usage?.completionTokens, gatewayMicros: max(0, total - upstream), upstreamMicros: upstream,
            content: sealedContent(for: exchange), privacy: exchange.privacy?.auditRecord, maskedContent: maskedContent(for: exchange),
            scenario: exchange.scenario?.name, steps: exchange.scenario?.runsTools == true ? exchange.scenario?.steps : nil,
            tools: exchange.toolCalls.isEmpty ? nil : exchange.toolCalls, quality: exchange.quality.map(Self.quality),
            priority: exchange.priority == .interactive ? nil : exchange.priority.rawValue)
    }

    /// The record of an event that is not a model exchange (an approval decision, an MCP tool call).
    public func record(for event: AuditEvent) -> AuditRecord {
        let now = AuditTime.now
        return AuditRecord(
            id: AuditRecordID.make(at: now), requestID: event.requestID, receivedAt: now, firstByteAt: nil, doneAt: now, tenant: event.tenant, keyID: event.keyID,
            endUser: event.endUser.map(recordedEndUser), operation: event.operation, model: nil, stream: nil,
            backend: nil, zone: nil, attempts: [], status: event.status, errorCode: event.errorCode, tokensIn: nil, tokensOut: nil,
            gatewayMicros: event.toolCall?.micros ?? 0, upstreamMicros: 0, content: nil, scenario: event.scenario, tools: event.toolCall.map { [$0] },
            change: event.change)
    }

    private func sealedContent(for exchange: Exchange) -> SealedContent? {
        guard let contentSealer else { return nil }
        var plaintext = Data(#"{"request":"#.utf8)
        plaintext.append(Self.jsonOrString(exchange.body))
        if let appBody = exchange.appBody {
            plaintext.append(Data(#","app_request":"#.utf8))
            plaintext.append(Self.jsonOrString(appBody))
        }
        plaintext.append(Data(#","response":"#.utf8))
        plaintext.append(exchange.responseBody.map(Self.jsonOrString) ?? Data("null".utf8))
        plaintext.append(Data("}".utf8))
        return contentSealer.seal(plaintext)
    }

    /// The request and response with every value found replaced by its pseudonym, using the
    /// exchange's own pseudonyms where it was masked: `{"request": …, "response": …}` as text
    /// (with `app_request`, the request as the app sent it, for another front door).
    private func maskedContent(for exchange: Exchange) -> String? {
        guard let contentMasker else { return nil }
        let scanner = contentMasker.scanner
        var vault = exchange.privacy?.vault ?? PseudonymVault()
        // An inspected request is masked field by field from its inspection; one that stopped
        // before inspection (bad JSON, no key) is masked as plain text.
        let request: String =
            if let inspection = exchange.privacy?.inspection {
                exchange.body.withUnsafeReadableBytes { String(decoding: inspection.masked($0, vault: &vault), as: UTF8.self) }
            } else {
                PseudonymReplacement.masked(String(buffer: exchange.body), scanner: scanner, vault: &vault)
            }
        let response = exchange.responseBody.map { PseudonymReplacement.masked(String(buffer: $0), scanner: scanner, vault: &vault) }
        var text = #"{"request":"#
        text += JSONStringLiteral.string(request)
        if let appBody = exchange.appBody {
            text += #","app_request":"#
            text += JSONStringLiteral.string(PseudonymReplacement.masked(String(buffer: appBody), scanner: scanner, vault: &vault))
        }
        text += #","response":"#
        text += response.map(JSONStringLiteral.string) ?? "null"
        return text + "}"
    }

    /// The bytes as embedded JSON when they are a JSON value, else as a JSON string.
    private static func jsonOrString(_ buffer: ByteBuffer) -> Data {
        let data = Data(buffer.readableBytesView)
        if (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil { return data }
        let text = String(decoding: data, as: UTF8.self)
        return (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])).map { $0.dropFirst().dropLast() } ?? Data("null".utf8)
    }

    /// The audit trail's summary of a quality report.
    static func quality(_ report: QualityReport) -> AuditQuality {
        var rules: [String] = []
        for hit in report.rails.hits where !rules.contains(hit.rule) { rules.append(hit.rule) }
        let verdict = report.blocks ? "block" : report.rails.verdict.rawValue
        return AuditQuality(
            verdict: verdict, rules: rules, figures: report.grounding?.figures.count ?? 0, unsupported: report.unsupported.count, retries: report.retries)
    }
}
