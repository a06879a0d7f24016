/// Verifies a whole stored trail: from the retention anchor through every record, against
/// every checkpoint.
public enum AuditTrailVerification {
    /// What a successful verification covered.
    public struct Summary: Sendable, Equatable {
        /// Records verified.
        public var records: Int
        /// The first and last sequence numbers verified (nil when the trail is empty).
        public var range: ClosedRange<Int64>?
        /// Signed checkpoints matched.
        public var checkpoints: Int
    }

    /// Verifies `storage`; `progress` is called with the running count every 100,000 records.
    public static func verify(
        _ storage: any AuditStorage, trustedPublicKey: String?, progress: (Int) -> Void = { _ in }
    ) async throws -> Summary {
        let anchor = try await storage.auditAnchor()
        var verifier = try AuditVerifier(anchor: anchor, checkpoints: try await storage.auditCheckpoints(), trustedPublicKey: trustedPublicKey)
        var after = anchor.sequence
        while true {
            let page = try await storage.auditRecords(after: after, limit: 10_000)
            guard let last = page.last else { break }
            for stored in page {
                try verifier.check(.record(stored.sealed, indexMatchesBody: stored.indexMatchesBody))
            }
            after = last.sealed.sequence
            if verifier.checked % 100_000 < page.count { progress(verifier.checked) }
        }
        let count = try verifier.finish()
        return Summary(records: count, range: count > 0 ? (anchor.sequence + 1)...after : nil, checkpoints: verifier.checkpointsMatched)
    }

    /// Verifies the records numbered `range` (clamped to what is kept): each follows the one
    /// before it, none was changed or removed, and every signed checkpoint inside the range
    /// matches. A range that starts at the retention anchor is tied to it; one that starts
    /// later is tied to the previous hash its first record names, which the rest of the trail
    /// vouches for only when it is verified too.
    public static func verify(
        _ storage: any AuditStorage, range: ClosedRange<Int64>, trustedPublicKey: String?
    ) async throws -> Summary {
        let trailAnchor = try await storage.auditAnchor()
        let head = try await storage.auditHead()
        let first = max(range.lowerBound, trailAnchor.sequence + 1)
        guard first <= min(range.upperBound, head.sequence) else { return Summary(records: 0, range: nil, checkpoints: 0) }
        var anchor = trailAnchor
        if first > trailAnchor.sequence + 1 {
            guard let start = try await storage.auditRecords(after: first - 1, limit: 1).first, start.sealed.sequence == first else {
                throw AuditVerificationFailure(sequence: first, reason: "the record is missing (deleted)")
            }
            anchor = AuditChainHead(sequence: first - 1, hash: start.sealed.previousHash)
        }
        let checkpoints = try await storage.auditCheckpoints().filter { $0.sequence <= range.upperBound }
        var verifier = try AuditVerifier(anchor: anchor, checkpoints: checkpoints, trustedPublicKey: trustedPublicKey)
        var after = anchor.sequence
        reading: while after < range.upperBound {
            let page = try await storage.auditRecords(after: after, limit: Int(min(10_000, range.upperBound - after)))
            guard !page.isEmpty else { break }
            for stored in page {
                guard stored.sealed.sequence <= range.upperBound else { break reading }
                try verifier.check(.record(stored.sealed, indexMatchesBody: stored.indexMatchesBody))
                after = stored.sealed.sequence
            }
        }
        let count = try verifier.finish()
        return Summary(records: count, range: count > 0 ? (anchor.sequence + 1)...after : nil, checkpoints: verifier.checkpointsMatched)
    }
}
