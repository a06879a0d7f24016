import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// The audit trail's writer: appends records to the hash chain with group commit.
///
/// `append` returns once the record is durable (committed with a full sync). Each appender
/// encodes its record and seals it into the chain as it arrives (numbered and hashed after the
/// record before it), so the single writer only commits: records appended while one batch
/// commits are committed together in the next transaction, and the trail keeps up with the
/// gateway. The number of records waiting is bounded (`maxPending`), and an append beyond that
/// waits for room instead of dropping anything. Every `checkpointEvery` records, or every
/// `checkpointInterval` when records arrived since the last one, a signed checkpoint is
/// committed with the batch. When a commit fails, its appenders get the error and the records
/// still waiting are sealed again after the last durable one.
///
/// ```swift
/// let log = AuditLog(storage: store, signer: signer)
/// async let writer: Void = log.run()      // until cancelled; drains what is pending
/// try await log.append(record)
/// ```
public final class AuditLog: Sendable {
    private struct Pending {
        /// The record, placed in the chain unless the chain's head is not known yet (sequence 0).
        var sealed: SealedAuditRecord
        let enqueued: ContinuousClock.Instant
        /// The event loop the appender was running on, where it is resumed; nil off the loops.
        let loop: (any EventLoop)?
        /// Resumed exactly once: a record leaves `pending` (under the lock) before its appender
        /// is resumed, by the writer after its commit or by ``failAll(_:)``; an append refused
        /// outright never enters it. The unchecked kind saves an allocation per record.
        let continuation: UnsafeContinuation<Void, any Error>
    }

    private struct State {
        var pending: [Pending] = []
        /// The chain's head counting the sealed records not yet committed; nil until the writer
        /// has read the stored head (records appended before then wait unsealed).
        var head: AuditChainHead?
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

        /// Seals every waiting record again, in order, after `durable`.
        mutating func resealPending(after durable: AuditChainHead) {
            var next = durable
            for index in pending.indices { next = pending[index].sealed.place(after: next) }
            head = next
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
    public nonisolated(nonsending) func append(_ record: consuming AuditRecord) async throws(AuditStorageError) {
        let body = AuditChain.canonicalBody(record)
        let unplaced = SealedAuditRecord(record: record, body: body)
        await waitForRoom()
        let loop = MultiThreadedEventLoopGroup.currentEventLoop
        do {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
                let (writer, closed) = state.withLock { state -> (CheckedContinuation<Void, Never>?, AuditStorageError?) in
                    if let closed = state.closed { return (nil, closed) }
                    var pending = Pending(sealed: unplaced, enqueued: .now, loop: loop, continuation: continuation)
                    if let head = state.head { state.head = pending.sealed.place(after: head) }
                    state.pending.append(pending)
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

    /// Runs the writer (on the audit writer's own thread, which waits on each commit itself)
    /// until the task is cancelled, then commits what is still pending.
    public func run() async {
        await withTaskExecutorPreference(WriterThreadExecutor.shared) { await write() }
    }

    private func write() async {
        // The last committed record: records are sealed after it.
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
        state.withLock { [head] in $0.resealPending(after: head) }
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
                        if (try? storage.appendAuditBlocking([], checkpoint: checkpoint)) != nil {
                            lastCheckpoint = (head.sequence, .now)
                        }
                    }
                    continue
                }
                let sealed = batch.map(\.sealed)
                guard let last = sealed.last, last.sequence == head.sequence + Int64(sealed.count) else {
                    preconditionFailure("the audit writer took records not sealed after the chain's head")
                }
                let next = AuditChainHead(sequence: last.sequence, hash: last.hash)
                var checkpoint: AuditCheckpoint?
                if let signer,
                   next.sequence - lastCheckpoint.sequence >= Int64(checkpointEvery) || ContinuousClock.now - lastCheckpoint.at >= checkpointInterval {
                    checkpoint = signer.checkpoint(for: next, at: AuditTime.now)
                }
                do {
                    // Blocking is this thread's job: it is the writer's own, and commits in order.
                    try storage.appendAuditBlocking(sealed, checkpoint: checkpoint)
                    head = next
                    if checkpoint != nil { lastCheckpoint = (next.sequence, .now) }
                    onCommit(batch.count, .now - batch[0].enqueued)
                    Self.resumeAppenders(batch)
                } catch {
                    for pending in batch { pending.continuation.resume(throwing: error) }
                    // A failed transaction leaves the stored head where it was; read it again
                    // all the same, and seal what waits after it.
                    if let reloaded = try? await storage.auditHead() { head = reloaded }
                    state.withLock { [head] in $0.resealPending(after: head) }
                }
            }
            group.cancelAll()
        }
        failAll(AuditStorageError("the audit trail is shut down"))
    }

    /// Resumes the appenders of a committed batch, each on the event loop it appended from
    /// (one hand-off per loop, so that the writer goes back to writing at once): a task resumed
    /// from this thread would go to the next loop in turn, and then hop back to its
    /// connection's loop to write its answer. Appenders that were not on a loop are resumed
    /// here.
    private static func resumeAppenders(_ batch: [Pending]) {
        var byLoop: [(loop: any EventLoop, continuations: [UnsafeContinuation<Void, any Error>])] = []
        for pending in batch {
            guard let loop = pending.loop else {
                pending.continuation.resume()
                continue
            }
            if let index = byLoop.firstIndex(where: { $0.loop === loop }) {
                byLoop[index].continuations.append(pending.continuation)
            } else {
                byLoop.append((loop, [pending.continuation]))
            }
        }
        for (loop, continuations) in byLoop {
            loop.execute {
                for continuation in continuations { continuation.resume() }
            }
        }
    }

    /// Waits for records (or a checkpoint tick, or cancellation) and takes up to `maxBatch`.
    private func nextBatch() async -> [Pending] {
        while true {
            let taken = state.withLock { state -> [Pending]? in
                state.signalled = false
                if state.pending.isEmpty { return state.checkpointDue ? [] : nil }
                if state.pending.count <= maxBatch {
                    defer { state.pending = [] }
                    return state.pending
                }
                defer { state.pending.removeFirst(maxBatch) }
                return Array(state.pending.prefix(maxBatch))
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

    private nonisolated(nonsending) func waitForRoom() async {
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
