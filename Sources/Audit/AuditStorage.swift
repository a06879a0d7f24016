/// A failure to read or write the audit trail.
public struct AuditStorageError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// A stored record as read back for verification, with whether its indexed columns (tenant,
/// status, time) still agree with its hashed body.
public struct StoredAuditRecord: Sendable {
    /// The record as stored.
    public var sealed: SealedAuditRecord
    /// False when a column or index entry used for queries was changed behind the body's back
    /// (so that queries would miss the record or list it twice).
    public var indexMatchesBody: Bool

    /// Creates a stored record.
    public init(sealed: SealedAuditRecord, indexMatchesBody: Bool) {
        self.sealed = sealed
        self.indexMatchesBody = indexMatchesBody
    }
}

/// Which records to list.
public struct AuditQuery: Sendable {
    /// Only this tenant's records.
    public var tenant: String?
    /// Received at or after (Unix epoch milliseconds).
    public var from: Int64?
    /// Received before (Unix epoch milliseconds).
    public var to: Int64?
    /// Only this HTTP status.
    public var status: Int?
    /// Only records after this sequence number (for paging).
    public var afterSequence: Int64
    /// At most this many.
    public var limit: Int
    /// Only this end user, as the record keeps it (hashed unless configured raw).
    public var endUser: String?
    /// Only this scenario.
    public var scenario: String?
    /// Only this data level.
    public var level: Int?
    /// Only this zone (`private`, `public`).
    public var zone: String?
    /// Only this backend.
    public var backend: String?
    /// Only this request id.
    public var requestID: String?
    /// Only this operation (`chat/completions`, `console/sign-in`, …).
    public var operation: String?
    /// Newest first, from before ``beforeSequence``, instead of oldest first after ``afterSequence``.
    public var newestFirst = false
    /// With ``newestFirst``: only records before this sequence number (for paging back).
    public var beforeSequence: Int64 = .max

    /// The conditions on a record's body (not its indexed columns), as JSON paths in the body
    /// and the values they must equal, for stores that filter on the body.
    public var bodyConditions: [(path: [String], value: BodyValue)] {
        var conditions: [(path: [String], value: BodyValue)] = []
        if let endUser { conditions.append((["end_user"], .text(endUser))) }
        if let scenario { conditions.append((["scenario"], .text(scenario))) }
        if let level { conditions.append((["privacy", "level"], .integer(level))) }
        if let zone { conditions.append((["zone"], .text(zone))) }
        if let backend { conditions.append((["backend"], .text(backend))) }
        if let requestID { conditions.append((["request_id"], .text(requestID))) }
        if let operation { conditions.append((["operation"], .text(operation))) }
        return conditions
    }

    /// A value a body condition compares with.
    public enum BodyValue: Sendable, Equatable {
        /// A string.
        case text(String)
        /// A whole number.
        case integer(Int)

        /// Text that a record's body holds verbatim when it holds this value, whatever JSON
        /// encoder wrote it: a string of ASCII letters, digits and `-_.@:`, which no encoder
        /// escapes. A store may skip any record whose body lacks it (a substring search costs
        /// far less than parsing the body), then check the value exactly.
        public var verbatimNeedle: String? {
            guard case .text(let text) = self, !text.isEmpty,
                  text.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.@:".unicodeScalars.contains($0)) })
            else { return nil }
            return text
        }
    }

    /// Creates a query.
    public init(tenant: String? = nil, from: Int64? = nil, to: Int64? = nil, status: Int? = nil, afterSequence: Int64 = 0, limit: Int = 100) {
        self.tenant = tenant
        self.from = from
        self.to = to
        self.status = status
        self.afterSequence = afterSequence
        self.limit = limit
    }
}

/// Where the audit trail is kept. Implementations append a batch (records and an optional
/// checkpoint) in one durable transaction.
public protocol AuditStorage: Sendable {
    /// The last record's number and hash, or the anchor when every record was pruned.
    func auditHead() async throws(AuditStorageError) -> AuditChainHead
    /// The point retention pruned up to: verification starts after it.
    func auditAnchor() async throws(AuditStorageError) -> AuditChainHead
    /// Appends sealed records (and a checkpoint) durably, all or nothing.
    func appendAudit(_ records: [SealedAuditRecord], checkpoint: AuditCheckpoint?) async throws(AuditStorageError)
    /// ``appendAudit(_:checkpoint:)`` on the calling thread, which it blocks until the commit is
    /// durable: only for the audit writer's own thread (which has nothing else to do meanwhile),
    /// so that a commit costs no hop to another thread and back.
    func appendAuditBlocking(_ records: [SealedAuditRecord], checkpoint: AuditCheckpoint?) throws(AuditStorageError)
    /// Records with sequence numbers above `sequence`, in order, at most `limit`.
    func auditRecords(after sequence: Int64, limit: Int) async throws(AuditStorageError) -> [StoredAuditRecord]
    /// Records matching a query, in sequence order.
    func auditRecords(matching query: AuditQuery) async throws(AuditStorageError) -> [SealedAuditRecord]
    /// Every checkpoint, in sequence order.
    func auditCheckpoints() async throws(AuditStorageError) -> [AuditCheckpoint]
    /// Deletes records received before `cutoff` (and their checkpoints), moving the anchor; returns how many.
    func pruneAudit(receivedBefore cutoff: Int64) async throws(AuditStorageError) -> Int
    /// A 32-byte secret stored with the trail under `name`, created on first use.
    func auditSecret(named name: String) async throws(AuditStorageError) -> [UInt8]
}
