import Audit

extension StoredAuditRecord {
    /// A stored row as read for verification: its query columns (tenant, status, time) are
    /// checked against its hashed body; `hashesReadable` says whether both stored hashes were
    /// well formed and `indexed` whether the store's own index takes the row in.
    /// `indexTakesIn`, when given, says whether the store's index takes in the record's
    /// decoded body too (its end user, for instance).
    public init(checking sealed: SealedAuditRecord, hashesReadable: Bool, indexed: Bool, indexTakesIn: ((AuditRecord) -> Bool)? = nil) {
        let decoded = sealed.decodedRecord()
        let columnsMatch = decoded.map { decoded in
            decoded.tenant == sealed.tenant && decoded.status == sealed.status && decoded.receivedAt == sealed.receivedAt
        } ?? true
        let bodyIndexed = decoded.map { decoded in indexTakesIn?(decoded) ?? true } ?? true
        self.init(sealed: sealed, indexMatchesBody: columnsMatch && hashesReadable && indexed && bodyIndexed)
    }
}
