import Foundation
import Synchronization

/// The audit trail's writer: appends records to the hash chain with group commit.
///
/// `append` returns once the record is durable (committed with a full sync). Records appended
/// concurrently are sealed in arrival order and committed together in one transaction, so the
/// trail keeps up with the gateway; the number of records waiting is bounded (`maxPending`),
/// and an append beyond that waits for room instead of dropping anything. Every
/// `checkpointEvery` records, or every `checkpointInterval` when records arrived since the
/// last one, a signed checkpoint is committed with the batch.
///
/// ```swift
/// let log = AuditLog(storage: store, signer: signer)
/// async let writer: Void = log.run()      // until cancelled; drains what is pending
/// try await log.append(record)
/// ```
public final class AuditLog: Sendable {
    private struct Pending {
        let record: AuditRecord
        /// The record's canonical JSON, encoded by the appender so that the single writer only hashes.
        let body: String
        let enqueued: ContinuousClock.Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var pending: [Pending] = []
        var writer: CheckedContinuation<Void, Never>?
        var signalled = false
        var roomWaiters: [CheckedContinuation<Void, Never>] = []
        var checkpointDue = false
        var closed: AuditStorageError?

        /// Marks the writer signalled and hands back its continuation, if it is waiting.
        mutating func takeWriter() -> CheckedContinuation<Void, Never>? {
            signalled = true
            defer { writer = nil }
            return writer
        }
    }

    private let storage: any AuditStorage
    private let signer: CheckpointSigner?
    private let checkpointEvery: Int
    private let checkpointInterval: Duration
    private let maxPending: Int
    private let maxBatch = 8192
    private let state = Mutex(State())
    private let onCommit: @Sendable (_ records: Int, _ oldestWait: Duration) -> Void

    /// Creates a writer; call ``run()`` to start it.
    public init(
        storage: any AuditStorage, signer: CheckpointSigner?, checkpointEvery: Int = 1000, checkpointInterval: Duration = .seconds(60),
        maxPending: Int = 65_536, onCommit: @escaping @Sendable (_ records: Int, _ oldestWait: Duration) -> Void = { _, _ in }
    ) {
        self.storage = storage
        self.signer = signer
        self.checkpointEvery = max(1, checkpointEvery)
        self.checkpointInterval = checkpointInterval
        self.maxPending = max(1, maxPending)
        self.onCommit = onCommit
    }

    /// Records waiting to be committed.
    public var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Appends `record` and returns when it is durable.
    public func append(_ record: AuditRecord) async throws(AuditStorageError) {
        await waitForRoom()
        let body = AuditChain.canonicalBody(record)
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (writer, closed) = state.withLock { state -> (CheckedContinuation<Void, Never>?, AuditStorageError?) in
                    if let closed = state.closed { return (nil, closed) }
                    state.pending.append(Pending(record: record, body: body, enqueued: .now, continuation: continuation))
                    return (state.takeWriter(), nil)
                }
                if let closed { continuation.resume(throwing: closed) }
                writer?.resume()
            }
        } catch let error as AuditStorageError {
            throw error
        } catch {
            throw AuditStorageError("audit append failed: \(error)")
        }
    }

    /// Runs the writer until the task is cancelled, then commits what is still pending.
    public func run() async {
        var head: AuditChainHead
        var lastCheckpoint: (sequence: Int64, at: ContinuousClock.Instant)
        do {
            head = try await storage.auditHead()
            let checkpoint = try await storage.auditCheckpoints().last
            lastCheckpoint = (checkpoint?.sequence ?? head.sequence, .now)
        } catch {
            failAll(AuditStorageError("the audit trail cannot be opened: \(error.message)"))
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.tick() }
            while true {
                let batch = await nextBatch()
                let checkpointDue = state.withLock { state -> Bool in
                    defer { state.checkpointDue = false }
                    return state.checkpointDue
                }
                if batch.isEmpty {
                    if Task.isCancelled { break }
                    if checkpointDue, let signer, head.sequence > lastCheckpoint.sequence {
                        let checkpoint = signer.checkpoint(for: head, at: AuditTime.now)
                        if (try? await storage.appendAudit([], checkpoint: checkpoint)) != nil {
                            lastCheckpoint = (head.sequence, .now)
                        }
                    }
                    continue
                }
                var sealed: [SealedAuditRecord] = []
                sealed.reserveCapacity(batch.count)
                var next = head
                for pending in batch {
                    let record = SealedAuditRecord(record: pending.record, body: pending.body, sequence: next.sequence + 1, previousHash: next.hash)
                    next = AuditChainHead(sequence: record.sequence, hash: record.hash)
                    sealed.append(record)
                }
                var checkpoint: AuditCheckpoint?
                if let signer,
                   next.sequence - lastCheckpoint.sequence >= Int64(checkpointEvery) || ContinuousClock.now - lastCheckpoint.at >= checkpointInterval {
                    checkpoint = signer.checkpoint(for: next, at: AuditTime.now)
                }
                do {
                    try await storage.appendAudit(sealed, checkpoint: checkpoint)
                    head = next
                    if checkpoint != nil { lastCheckpoint = (next.sequence, .now) }
                    onCommit(batch.count, .now - batch[0].enqueued)
                    for pending in batch { pending.continuation.resume() }
                } catch {
                    for pending in batch { pending.continuation.resume(throwing: error) }
                    if let reloaded = try? await storage.auditHead() { head = reloaded }
                }
            }
            group.cancelAll()
        }
        failAll(AuditStorageError("the audit trail is shut down"))
    }

    /// Waits for records (or a checkpoint tick, or cancellation) and takes up to `maxBatch`.
    private func nextBatch() async -> [Pending] {
        while true {
            let taken = state.withLock { state -> [Pending]? in
                state.signalled = false
                if state.pending.isEmpty { return state.checkpointDue ? [] : nil }
                let count = min(state.pending.count, maxBatch)
                let batch = Array(state.pending.prefix(count))
                state.pending.removeFirst(count)
                return batch
            }
            if let taken {
                wakeRoomWaiters()
                return taken
            }
            if Task.isCancelled { return [] }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state -> Bool in
                        if state.signalled || !state.pending.isEmpty || state.checkpointDue { return true }
                        state.writer = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                self.signal()
            }
        }
    }

    private func tick() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: checkpointInterval)
            } catch {
                return
            }
            let writer = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.checkpointDue = true
                return state.takeWriter()
            }
            writer?.resume()
        }
    }

    private func signal() {
        state.withLock { $0.takeWriter() }?.resume()
    }

    private func waitForRoom() async {
        while true {
            let hasRoom = state.withLock { $0.pending.count < maxPending }
            if hasRoom { return }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending.count < maxPending { return true }
                    state.roomWaiters.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    private func wakeRoomWaiters() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            defer { state.roomWaiters = [] }
            return state.roomWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Closes the log: every waiting and later append fails with `error`.
    private func failAll(_ error: AuditStorageError) {
        let pending = state.withLock { state -> [Pending] in
            state.closed = error
            defer { state.pending = [] }
            return state.pending
        }
        for item in pending { item.continuation.resume(throwing: error) }
    }
}
