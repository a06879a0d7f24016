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
}
