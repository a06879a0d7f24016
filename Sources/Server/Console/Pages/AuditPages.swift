import Audit
import Foundation
import Gateway
import Wire

/// The audit pages: a search over the trail, one record in full, and the verification of a range.
struct AuditPages: Sendable {
    let gateway: Gateway
    let format: ConsoleFormat
    /// Records per page.
    static let pageSize = 50
    private static let filterNames = ["tenant", "end_user", "scenario", "level", "zone", "backend", "status", "from", "to", "request_id"]

    /// `GET /console/audit`: the newest records matching the filters, with the chain's status.
    func search(_ visit: ConsoleVisit, verification: ConsoleOutcome.Notice? = nil) async -> ConsoleOutcome {
        var context: [String: Any] = [:]
        var filters: [String: String] = [:]
        for name in Self.filterNames { filters[name] = visit.parameter(name) ?? "" }
        context["filters"] = filters
        context["levelOptions"] = [["value": "", "label": visit.text("any"), "selected": filters["level"] == ""]]
            + (1...5).map { level in ["value": String(level), "label": "L\(level)", "selected": filters["level"] == String(level)] as [String: Any] }
        context["zoneOptions"] = ["", "private", "public"].map { zone in
            ["value": zone, "label": zone.isEmpty ? visit.text("any") : zone, "selected": filters["zone"] == zone] as [String: Any]
        }
        do throws(APIError) {
            let query = try self.query(visit)
            let records: [SealedAuditRecord]
            do throws(AuditStorageError) {
                records = try await gateway.auditStorage.auditRecords(matching: query)
            } catch {
                throw APIError(status: 503, type: "api_error", code: "audit_unavailable", message: visit.text("store_unavailable", error.message))
            }
            context["records"] = records.map(row)
            if records.count == query.limit, let oldest = records.last {
                var parameters = filters.filter { !$0.value.isEmpty }
                parameters["before"] = String(oldest.sequence)
                context["olderHref"] = "/console/audit?" + parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.escape($0.value))" }.joined(separator: "&")
            }
        } catch {
            context["queryError"] = error.message
            context["records"] = [[String: Any]]()
        }
        let chain = await chainStatus(visit)
        context["chainStatus"] = chain.text
        context["verifyFrom"] = visit.form["from_sequence"] ?? chain.first.map(String.init) ?? ""
        context["verifyTo"] = visit.form["to_sequence"] ?? chain.last.map(String.init) ?? ""
        if let verification { context["verifyResult"] = ["kind": verification.kind, "text": verification.text] }
        return .page(.audit, template: "auditSearch", context: context)
    }

    /// `POST /console/audit/verify`: verifies the range the form names, and shows the search with the outcome.
    func verify(_ visit: ConsoleVisit) async -> ConsoleOutcome {
        guard let first = visit.form.trimmed("from_sequence").flatMap({ Int64($0) }), let last = visit.form.trimmed("to_sequence").flatMap({ Int64($0) }),
              first >= 1, first <= last
        else {
            return await search(visit, verification: .init(kind: "bad", text: visit.text("verify_bad_range")))
        }
        let notice: ConsoleOutcome.Notice
        do {
            let summary = try await AuditTrailVerification.verify(gateway.auditStorage, range: first...last, trustedPublicKey: nil)
            if let range = summary.range {
                notice = .init(
                    kind: "ok",
                    text: visit.text("verify_ok", String(range.lowerBound), String(range.upperBound), String(summary.records), String(summary.checkpoints)))
            } else {
                notice = .init(kind: "bad", text: visit.text("verify_none"))
            }
        } catch let failure as AuditVerificationFailure {
            notice = .init(kind: "bad", text: visit.text("verify_failed", failure.description))
        } catch {
            notice = .init(kind: "bad", text: visit.text("verify_failed", "\(error)"))
        }
        return await search(visit, verification: notice)
    }

    /// `GET /console/audit/{sequence}`: one record with its tool calls, privacy, quality and hashed JSON.
    func record(_ visit: ConsoleVisit, sequence text: String) async -> ConsoleOutcome {
        guard let sequence = Int64(text), sequence >= 1 else { return .refusal(status: 404, id: "not-found", message: visit.text("not_found")) }
        let stored: StoredAuditRecord?
        do {
            stored = try await gateway.auditStorage.auditRecords(after: sequence - 1, limit: 1).first
        } catch {
            return .refusal(status: 503, id: "store-unavailable", message: visit.text("store_unavailable", error.message))
        }
        guard let sealed = stored?.sealed, sealed.sequence == sequence, let record = sealed.decodedRecord() else {
            return .refusal(status: 404, id: "not-found", message: visit.text("not_found"))
        }
        var fields: [(String, String)] = [
            ("#", String(sequence)), (visit.text("request_id"), record.requestID), (visit.text("received"), format.time(milliseconds: record.receivedAt)),
            (visit.text("operation"), record.operation), (visit.text("tenant"), record.tenant ?? ""), (visit.text("key_id"), record.keyID ?? ""),
            (visit.text("end_user"), record.endUser ?? ""), (visit.text("scenario"), record.scenario ?? ""), (visit.text("model"), record.model ?? ""),
            (visit.text("backend"), record.backend ?? ""), (visit.text("zone"), record.zone ?? ""), (visit.text("status"), String(record.status)),
            (visit.text("error_code"), record.errorCode ?? ""), (visit.text("tokens_in"), record.tokensIn.map(String.init) ?? ""),
            (visit.text("tokens_out"), record.tokensOut.map(String.init) ?? ""), (visit.text("gateway_us"), String(record.gatewayMicros)),
            (visit.text("upstream_us"), String(record.upstreamMicros)),
            (visit.text("attempts"), record.attempts.map { "\($0.backend): \($0.outcome) (\(ConsoleFormat.milliseconds($0.micros)))" }.joined(separator: "; ")),
        ]
        if let change = record.change { fields.append((visit.text("change"), change)) }
        var context: [String: Any] = [:]
        context["fields"] = fields.filter { !$0.1.isEmpty }.map { ["label": $0.0, "value": $0.1] }
        context["tools"] = (record.tools ?? []).map { tool in
            [
                "step": String(tool.step), "name": tool.name, "effect": tool.effect, "outcome": tool.outcome,
                "latency": ConsoleFormat.plainMilliseconds(tool.micros), "approval": tool.approval ?? "",
            ]
        }
        if let privacy = record.privacy {
            let entities = privacy.entities.sorted { $0.key < $1.key }.map { "\($0.key) × \($0.value)" }.joined(separator: ", ")
            context["privacy"] = [
                "rows": [
                    ["label": visit.text("level"), "value": "L\(privacy.level)"], ["label": visit.text("rule"), "value": privacy.rule],
                    ["label": visit.text("zones_allowed"), "value": privacy.zones.joined(separator: ", ")],
                    ["label": visit.text("entities"), "value": entities.isEmpty ? "–" : entities],
                    ["label": visit.text("masked"), "value": visit.text(privacy.masked ? "yes" : "no")],
                    ["label": visit.text("pseudonyms"), "value": String(privacy.pseudonyms)], ["label": visit.text("restored"), "value": String(privacy.restored)],
                ]
            ]
        }
        if let quality = record.quality {
            context["quality"] = [
                "rows": [
                    ["label": visit.text("verdict"), "value": quality.verdict], ["label": visit.text("rules_hit"), "value": quality.rules.joined(separator: ", ")],
                    ["label": visit.text("figures"), "value": String(quality.figures)], ["label": visit.text("unsupported"), "value": String(quality.unsupported)],
                    ["label": visit.text("retries"), "value": String(quality.retries)],
                ]
            ]
        }
        context["hash"] = sealed.hash.hex
        context["json"] = ConsoleFormat.prettyJSON(sealed.body)
        return .page(.audit, template: "auditRecord", context: context, title: "\(visit.text("page_record")) #\(sequence)")
    }

    private func query(_ visit: ConsoleVisit) throws(APIError) -> AuditQuery {
        var query = AuditQuery(limit: Self.pageSize)
        query.newestFirst = true
        query.tenant = visit.parameter("tenant")
        query.endUser = visit.parameter("end_user").map(gateway.auditor.recordedEndUser)
        query.scenario = visit.parameter("scenario")
        query.zone = visit.parameter("zone")
        query.backend = visit.parameter("backend")
        query.requestID = visit.parameter("request_id")
        if let text = visit.parameter("level") {
            guard let level = Int(text.hasPrefix("L") ? String(text.dropFirst()) : text), (1...5).contains(level) else {
                throw .invalidRequest("The level must be 1 to 5, found '\(text)'.", param: "level", code: "invalid_value")
            }
            query.level = level
        }
        if let text = visit.parameter("status") {
            guard let status = Int(text), (100...599).contains(status) else {
                throw .invalidRequest("The status must be an HTTP status code such as 200 or 429, found '\(text)'.", param: "status", code: "invalid_value")
            }
            query.status = status
        }
        for (name, apply) in [("from", { (value: Int64) in query.from = value }), ("to", { (value: Int64) in query.to = value })] as [(String, (Int64) -> Void)] {
            guard let text = visit.parameter(name) else { continue }
            guard let value = format.parseTime(text) else {
                throw .invalidRequest("'\(text)' is not a time; write 2026-12-01, 2026-12-01 09:30, or ISO 8601 with a zone.", param: name, code: "invalid_value")
            }
            apply(value)
        }
        if let text = visit.parameter("before") {
            guard let before = Int64(text), before > 0 else { throw .invalidRequest("'before' must be a record number.", param: "before", code: "invalid_value") }
            query.beforeSequence = before
        }
        return query
    }

    private func row(_ sealed: SealedAuditRecord) -> [String: Any] {
        let record = sealed.decodedRecord()
        return [
            "sequence": String(sealed.sequence), "requestID": record?.requestID ?? "", "time": format.time(milliseconds: sealed.receivedAt),
            "operation": record?.operation ?? "", "tenant": sealed.tenant ?? "", "scenario": record?.scenario ?? "",
            "level": record?.privacy.map { "L\($0.level)" } ?? "", "zone": record?.zone ?? "", "backend": record?.backend ?? "",
            "status": String(sealed.status), "statusKind": ConsoleFormat.statusKind(sealed.status),
            "latency": record.map { ConsoleFormat.plainMilliseconds($0.gatewayMicros + $0.upstreamMicros) } ?? "",
        ]
    }

    private func chainStatus(_ visit: ConsoleVisit) async -> (text: String, first: Int64?, last: Int64?) {
        do {
            let head = try await gateway.auditStorage.auditHead()
            let anchor = try await gateway.auditStorage.auditAnchor()
            guard head.sequence > anchor.sequence else { return (visit.text("chain_empty"), nil, nil) }
            let checkpoints = try await gateway.auditStorage.auditCheckpoints().filter { $0.sequence > anchor.sequence }.count
            let first = anchor.sequence + 1
            let text = visit.text(
                "chain_status", ConsoleFormat.count(Int(head.sequence - anchor.sequence)), String(first), String(head.sequence), String(checkpoints),
                String(head.hash.hex.prefix(16)) + "…")
            return (text, first, head.sequence)
        } catch {
            return (visit.text("store_unavailable", error.message), nil, nil)
        }
    }

    private static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
    }
}
