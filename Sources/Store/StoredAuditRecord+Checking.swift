import Audit

extension StoredAuditRecord {
    /// A stored row as read for verification: its query columns (tenant, status, time) are
    /// checked against its hashed body; `hashesReadable` says whether both stored hashes were
    /// well formed and `indexed` whether the store's own index takes the row in.
    public init(checking sealed: SealedAuditRecord, hashesReadable: Bool, indexed: Bool) {
        let columnsMatch = sealed.decodedRecord().map { decoded in
            decoded.tenant == sealed.tenant && decoded.status == sealed.status && decoded.receivedAt == sealed.receivedAt
        } ?? true
        self.init(sealed: sealed, indexMatchesBody: columnsMatch && hashesReadable && indexed)
    }
}
