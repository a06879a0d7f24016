import NIOCore
import Synchronization
import Wire

/// A streamed answer whose first event has arrived, still connected to its backend.
///
/// A pump task owns the backend's response body from the first byte to the last: it parses
/// each chunk into events and hands them over through a bounded channel (so a slow app slows
/// the upstream read), while a watchdog timer enforces `timeouts.first_byte` until the first
/// event, then `timeouts.idle` between chunks and `timeouts.total` throughout. Ending the relay
/// early (the app went away) cancels the pump, which cancels the upstream request.
public struct UpstreamStream: Sendable {
    /// How a relay ended.
    public struct Outcome: Sendable {
        /// The failure that ended the stream early, if any.
        public var failure: UpstreamFailure?
        /// Whether the stream's terminal event was read.
        public var finished: Bool
    }

    /// The events of a relayed stream in the batches they arrived in (each batch is what one
    /// read of the backend's body completed). Iteration throws ``UpstreamFailure`` when the
    /// stream broke off.
    public struct Batches: AsyncSequence, Sendable {
        public typealias Element = [ServerSentEvent]
        let first: [ServerSentEvent]
        let channel: ChunkChannel<[ServerSentEvent]>

        /// Iterates the batches.
        public struct AsyncIterator: AsyncIteratorProtocol {
            var first: [ServerSentEvent]?
            let channel: ChunkChannel<[ServerSentEvent]>

            public mutating func next() async throws -> [ServerSentEvent]? {
                if let batch = first {
                    first = nil
                    return batch
                }
                return try await channel.next()
            }
        }

        public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(first: first, channel: channel) }
    }

    private let firstBatch: [ServerSentEvent]
    private let channel: ChunkChannel<[ServerSentEvent]>
    private let pump: PumpHandle?
    private let record: RelayRecord

    private init(firstBatch: [ServerSentEvent], channel: ChunkChannel<[ServerSentEvent]>, pump: PumpHandle?, record: RelayRecord) {
        self.firstBatch = firstBatch
        self.channel = channel
        self.pump = pump
        self.record = record
    }

    /// A stream of events that are all at hand (an answer the gateway made itself, or a test's
    /// scripted backend): `batches` in order, then the end, or `failure` when given.
    public init(replaying batches: [[ServerSentEvent]], failure: UpstreamFailure? = nil) {
        let record = RelayRecord()
        if let failure { record.fail(failure) } else { record.markFinished() }
        self.init(
            firstBatch: batches.first ?? [], channel: ChunkChannel(finishedWith: Array(batches.dropFirst()), failure: failure), pump: nil,
            record: record)
    }

    /// Starts pumping `body` and waits for its first event; throws if the stream fails before
    /// that, or if that event is not a JSON object. The pump ends `lease` when the backend's
    /// side of the stream is over.
    static func start(
        body: TransportBodyStream, decoder: StreamDecoder, backend: String, lease: BackendLease,
        firstEventDeadline: ContinuousClock.Instant, idleTimeout: Duration, totalDeadline: ContinuousClock.Instant
    ) async throws(UpstreamFailure) -> UpstreamStream {
        let channel = ChunkChannel<[ServerSentEvent]>(capacity: 16)
        let record = RelayRecord()
        let progress = ProgressClock()
        let watchdog = StreamWatchdog(
            progress: progress, backend: backend, firstEventDeadline: min(firstEventDeadline, totalDeadline), idleTimeout: idleTimeout,
            totalDeadline: totalDeadline
        ) { failure in
            // End the app's stream now rather than when the cancelled read gives up.
            record.fail(failure)
            channel.finish(throwing: failure)
        }
        let pump = StreamPump(body: body, decoder: decoder, backend: backend, lease: lease, channel: channel, record: record, progress: progress)
        let task = Task { await pump.run(watchdog: watchdog) }
        watchdog.arm(cancelling: task)
        let handle = PumpHandle(task)
        do {
            guard let first = try await channel.next() else {
                throw UpstreamFailure(backend: backend, kind: .malformed, message: "the stream ended without any event")
            }
            if let event = first.first, !event.isDoneSentinel, !Self.isJSONObject(event.data) {
                throw UpstreamFailure(backend: backend, kind: .malformed, message: "the backend sent a stream chunk that is not a JSON object")
            }
            return UpstreamStream(firstBatch: first, channel: channel, pump: handle, record: record)
        } catch let failure as UpstreamFailure {
            handle.cancel()
            throw failure
        } catch {
            handle.cancel()
            throw UpstreamFailure(backend: backend, kind: .cancelled, message: "cancelled while waiting for the first event")
        }
    }

    private static func isJSONObject(_ data: [UInt8]) -> Bool {
        data.withUnsafeBytes { JSONObjectScanner.isObjectDocument($0) }
    }

    /// Relays the stream: `consume` receives the batches of events. Returns when the stream
    /// ended or broke off, or when `consume` threw (which cancels the upstream).
    public func relay(_ consume: (Batches) async throws -> Void) async -> Outcome {
        do {
            try await consume(Batches(first: firstBatch, channel: channel))
        } catch {
            record.fail(UpstreamFailure(backend: "", kind: .cancelled, message: "the client stopped reading the stream"))
        }
        pump?.cancel()
        return record.outcome
    }
}

/// The pump's task; cancelled when the last copy of the stream that owns it goes away, so a
/// stream that is dropped unrelayed never keeps reading from its backend.
private final class PumpHandle: Sendable {
    private let task: Task<Void, Never>

    init(_ task: Task<Void, Never>) {
        self.task = task
    }

    func cancel() {
        task.cancel()
    }

    deinit {
        task.cancel()
    }
}

/// Reads a backend's streamed body on its own task, under a ``StreamWatchdog``.
private struct StreamPump: Sendable {
    let body: TransportBodyStream
    let decoder: StreamDecoder
    let backend: String
    let lease: BackendLease
    let channel: ChunkChannel<[ServerSentEvent]>
    let record: RelayRecord
    let progress: ProgressClock

    func run(watchdog: StreamWatchdog) async {
        let failure: UpstreamFailure?
        do {
            try await read()
            failure = nil
        } catch let readFailure as UpstreamFailure {
            failure = readFailure
        } catch {
            failure = UpstreamFailure(backend: backend, kind: .cancelled, message: "the relay was cancelled")
        }
        // An expired deadline explains the read's end better than the cancellation it caused.
        if let failure = watchdog.stop() ?? failure {
            record.fail(failure)
            channel.finish(throwing: failure)
            lease.end(with: failure)
        } else {
            channel.finish()
            lease.end(with: nil)
        }
    }

    private func read() async throws {
        var iterator = body.makeAsyncIterator()
        var decoder = self.decoder
        do {
            while let chunk = try await iterator.next() {
                progress.mark()
                let wasFinished = decoder.finished
                let output = try decoder.decode(chunk)
                if decoder.finished { record.markFinished() }
                if !wasFinished, !output.isEmpty {
                    progress.noteEventSent()
                    progress.setWaitingForClient(true)
                    try await channel.send(output)
                    progress.setWaitingForClient(false)
                    progress.mark()
                }
            }
        } catch let error as StreamFormatError {
            throw UpstreamFailure(backend: backend, kind: .malformed, message: error.message)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as TransportError {
            throw UpstreamFailure(backend: backend, kind: .cutOff, message: "the connection broke mid-stream: \(error.reason)")
        } catch {
            throw UpstreamFailure(backend: backend, kind: .cutOff, message: "the connection broke mid-stream: \(error)")
        }
        // A body that ends because the relay was cancelled did not break off.
        if Task.isCancelled { throw CancellationError() }
        guard decoder.finished else {
            throw UpstreamFailure(backend: backend, kind: .cutOff, message: "the stream ended before its final event")
        }
    }
}

/// What a relay learned, shared between its pump and its caller.
private final class RelayRecord: Sendable {
    private let state = Mutex(UpstreamStream.Outcome(failure: nil, finished: false))

    func markFinished() {
        state.withLock { $0.finished = true }
    }

    func fail(_ failure: UpstreamFailure) {
        state.withLock { if $0.failure == nil, !$0.finished || failure.kind != .cancelled { $0.failure = failure } }
    }

    var outcome: UpstreamStream.Outcome { state.withLock { $0 } }
}
