import AsyncHTTPClient
import NIOCore
import Synchronization
import Timers
import Wire

/// A streamed answer whose first event has arrived, still connected to its backend.
///
/// A pump task owns the backend's response body from the first byte to the last: it converts
/// each chunk for the app and hands it over through a bounded channel (so a slow app slows
/// the upstream read), while a watchdog enforces `timeouts.first_byte` until the first event,
/// then `timeouts.idle` between chunks and `timeouts.total` throughout. Ending the relay
/// early (the app went away) cancels the pump, which cancels the upstream request.
public struct UpstreamStream: Sendable {
    /// How a relay ended.
    public struct Outcome: Sendable {
        /// Usage reported by the backend, if any.
        public var usage: TokenUsage?
        /// The failure that ended the stream early, if any.
        public var failure: UpstreamFailure?
        /// Whether the stream's terminal event was relayed.
        public var finished: Bool
    }

    /// The chunks of a relayed stream, as OpenAI SSE bytes for the app. Iteration throws
    /// ``UpstreamFailure`` when the stream broke off.
    public struct Chunks: AsyncSequence, Sendable {
        public typealias Element = ByteBuffer
        let first: ByteBuffer
        let channel: ChunkChannel

        /// Iterates the chunks.
        public struct AsyncIterator: AsyncIteratorProtocol {
            var first: ByteBuffer?
            let channel: ChunkChannel

            public mutating func next() async throws -> ByteBuffer? {
                if let chunk = first {
                    first = nil
                    return chunk
                }
                return try await channel.next()
            }
        }

        public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(first: first, channel: channel) }
    }

    private let firstChunk: ByteBuffer
    private let channel: ChunkChannel
    private let pump: PumpHandle
    private let record: RelayRecord

    /// Starts pumping `body` and waits for its first event; throws if the stream fails before
    /// that. The pump ends `lease` when the backend's side of the stream is over.
    static func start(
        body: HTTPClientResponse.Body, transformer: StreamTransformer, backend: String, lease: BackendLease,
        firstEventDeadline: ContinuousClock.Instant, idleTimeout: Duration, totalDeadline: ContinuousClock.Instant
    ) async throws(UpstreamFailure) -> UpstreamStream {
        let channel = ChunkChannel(capacity: 16)
        let record = RelayRecord()
        let pump = StreamPump(
            body: body, transformer: transformer, backend: backend, lease: lease, channel: channel, record: record,
            firstEventDeadline: min(firstEventDeadline, totalDeadline), idleTimeout: idleTimeout, totalDeadline: totalDeadline)
        let handle = PumpHandle(Task { await pump.run() })
        do {
            guard let first = try await channel.next() else {
                throw UpstreamFailure(backend: backend, kind: .malformed, message: "the stream ended without any event")
            }
            return UpstreamStream(firstChunk: first, channel: channel, pump: handle, record: record)
        } catch let failure as UpstreamFailure {
            handle.cancel()
            throw failure
        } catch {
            handle.cancel()
            throw UpstreamFailure(backend: backend, kind: .cancelled, message: "cancelled while waiting for the first event")
        }
    }

    /// Relays the stream: `consume` receives the chunks to write to the app. Returns when the
    /// stream ended or broke off, or when `consume` threw (which cancels the upstream).
    public func relay(_ consume: (Chunks) async throws -> Void) async -> Outcome {
        do {
            try await consume(Chunks(first: firstChunk, channel: channel))
        } catch {
            record.fail(UpstreamFailure(backend: "", kind: .cancelled, message: "the client stopped reading the stream"))
        }
        pump.cancel()
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

/// Reads a backend's streamed body on its own task, under a watchdog.
private struct StreamPump: Sendable {
    let body: HTTPClientResponse.Body
    let transformer: StreamTransformer
    let backend: String
    let lease: BackendLease
    let channel: ChunkChannel
    let record: RelayRecord
    let firstEventDeadline: ContinuousClock.Instant
    let idleTimeout: Duration
    let totalDeadline: ContinuousClock.Instant

    func run() async {
        let progress = ProgressClock()
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await watch(progress) }
                group.addTask { try await read(progress) }
                defer { group.cancelAll() }
                try await group.next()
            }
            channel.finish()
            lease.end(with: nil)
        } catch let failure as UpstreamFailure {
            record.fail(failure)
            channel.finish(throwing: failure)
            lease.end(with: failure)
        } catch {
            let failure = UpstreamFailure(backend: backend, kind: .cancelled, message: "the relay was cancelled")
            record.fail(failure)
            channel.finish(throwing: failure)
            lease.end(with: failure)
        }
    }

    private func read(_ progress: ProgressClock) async throws {
        var iterator = body.makeAsyncIterator()
        var transformer = self.transformer
        do {
            while let chunk = try await iterator.next() {
                progress.mark()
                let wasFinished = transformer.finished
                let output = try transformer.transform(chunk)
                record.update(usage: transformer.usage, finished: transformer.finished)
                if !wasFinished, output.readableBytes > 0 {
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
        } catch {
            throw UpstreamFailure(backend: backend, kind: .cutOff, message: "the connection broke mid-stream: \(error)")
        }
        guard transformer.finished else {
            throw UpstreamFailure(backend: backend, kind: .cutOff, message: "the stream ended before its final event")
        }
    }

    private func watch(_ progress: ProgressClock) async throws {
        while true {
            // Before the first event the deadline is first_byte, after it idle; wake at least once
            // per idle period so the switch between the two phases is noticed promptly.
            let phaseDeadline = progress.eventSent ? progress.lastMark + idleTimeout : firstEventDeadline
            let recheck = ContinuousClock.now + min(idleTimeout, .seconds(1))
            try await Sleeper.sleep(until: min(phaseDeadline, totalDeadline, recheck))
            if let failure = expiredDeadline(progress) {
                // End the app's stream now rather than when the cancelled read gives up.
                record.fail(failure)
                channel.finish(throwing: failure)
                throw failure
            }
        }
    }

    private func expiredDeadline(_ progress: ProgressClock) -> UpstreamFailure? {
        let now = ContinuousClock.Instant.now
        if now >= totalDeadline {
            return UpstreamFailure(backend: backend, kind: .totalTimeout, message: "the stream did not finish within timeouts.total")
        }
        if !progress.eventSent, now >= firstEventDeadline {
            return UpstreamFailure(backend: backend, kind: .firstByteTimeout, message: "no event within timeouts.first_byte")
        }
        // Time spent waiting for a slow app to take chunks is not the backend's silence.
        if progress.eventSent, !progress.waitingForClient, now - progress.lastMark >= idleTimeout {
            return UpstreamFailure(backend: backend, kind: .idleTimeout, message: "the stream was silent for longer than timeouts.idle (\(idleTimeout))")
        }
        return nil
    }
}

/// The time of a stream's last sign of life, and whether its first event went out; written by
/// the reader and read by the watchdog without locks.
private final class ProgressClock: Sendable {
    private static let reference = ContinuousClock.Instant.now
    private let nanosecondsSinceReference = Atomic<Int64>(0)
    private let firstEventSent = Atomic<Bool>(false)
    private let blockedOnClient = Atomic<Bool>(false)

    init() { mark() }

    /// Notes whether the reader is waiting for the app to take chunks.
    func setWaitingForClient(_ waiting: Bool) {
        blockedOnClient.store(waiting, ordering: .relaxed)
    }

    /// Whether the reader is waiting for the app to take chunks.
    var waitingForClient: Bool { blockedOnClient.load(ordering: .relaxed) }

    /// Notes progress now.
    func mark() {
        nanosecondsSinceReference.store(Self.reference.duration(to: .now).nanoseconds, ordering: .relaxed)
    }

    /// Notes that an event was handed on.
    func noteEventSent() {
        firstEventSent.store(true, ordering: .relaxed)
    }

    /// Whether an event was handed on.
    var eventSent: Bool { firstEventSent.load(ordering: .relaxed) }

    /// When progress was last noted.
    var lastMark: ContinuousClock.Instant {
        Self.reference + .nanoseconds(nanosecondsSinceReference.load(ordering: .relaxed))
    }
}

/// What a relay learned, shared between its pump and its caller.
private final class RelayRecord: Sendable {
    private let state = Mutex(UpstreamStream.Outcome(usage: nil, failure: nil, finished: false))

    func update(usage: TokenUsage?, finished: Bool) {
        state.withLock {
            if let usage { $0.usage = usage }
            $0.finished = finished
        }
    }

    func fail(_ failure: UpstreamFailure) {
        state.withLock { if $0.failure == nil, !$0.finished || failure.kind != .cancelled { $0.failure = failure } }
    }

    var outcome: UpstreamStream.Outcome { state.withLock { $0 } }
}
