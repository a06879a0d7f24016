import Synchronization

/// A bounded, back-pressured hand-off of chunks (byte buffers, batches of events) from one
/// producer task to one consumer.
///
/// The producer's `send` suspends while `capacity` chunks are waiting, so a slow client slows
/// the upstream read instead of growing a buffer. Cancelling the producer while it waits makes
/// `send` throw `CancellationError`; cancelling the consumer while it waits makes `next` throw.
final class ChunkChannel<Element: Sendable>: Sendable, AsyncSequence {

    private struct State {
        var buffer: [Element] = []
        var finished = false
        var failure: (any Error)?
        var waitingConsumer: CheckedContinuation<Element?, any Error>?
        var consumerCancelled = false
        var waitingProducer: (chunk: Element, continuation: CheckedContinuation<Void, any Error>)?
        var producerCancelled = false

        /// Takes the oldest chunk, moving a waiting producer's chunk into the space it frees;
        /// returns that producer so the caller can resume it outside the lock.
        mutating func takeChunk() -> (chunk: Element, releasedProducer: CheckedContinuation<Void, any Error>?)? {
            guard !buffer.isEmpty else { return nil }
            let chunk = buffer.removeFirst()
            guard let waiting = waitingProducer else { return (chunk, nil) }
            buffer.append(waiting.chunk)
            waitingProducer = nil
            return (chunk, waiting.continuation)
        }
    }

    private enum Immediate {
        case chunk(Element, CheckedContinuation<Void, any Error>?)
        case end
        case failure(any Error)
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = Swift.max(1, capacity)
    }

    /// A channel that already holds all of `elements` and has ended (with `failure`, if given).
    init(finishedWith elements: [Element], failure: (any Error)?) {
        capacity = Swift.max(1, elements.count)
        state.withLock { state in
            state.buffer = elements
            state.finished = true
            state.failure = failure
        }
    }

    /// Hands `chunk` to the consumer, waiting while the buffer is full; after `finish` the
    /// chunk is dropped.
    func send(_ chunk: Element) async throws {
        let accepted = state.withLock { state -> CheckedContinuation<Element?, any Error>?? in
            if state.finished { return .some(nil) }
            if let consumer = state.waitingConsumer {
                state.waitingConsumer = nil
                return .some(consumer)
            }
            if state.buffer.count < capacity {
                state.buffer.append(chunk)
                return .some(nil)
            }
            return .none
        }
        switch accepted {
        case .some(.some(let consumer)):
            consumer.resume(returning: chunk)
            return
        case .some(.none):
            return
        case .none:
            break
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (resumeNow, consumer) = state.withLock { state -> (Result<Void, any Error>?, CheckedContinuation<Element?, any Error>?) in
                    if state.producerCancelled { return (.failure(CancellationError()), nil) }
                    if state.finished { return (.success(()), nil) }
                    if let consumer = state.waitingConsumer {
                        // The consumer drained the buffer while this producer was on its way here.
                        state.waitingConsumer = nil
                        return (.success(()), consumer)
                    }
                    if state.buffer.count < capacity {
                        state.buffer.append(chunk)
                        return (.success(()), nil)
                    }
                    state.waitingProducer = (chunk, continuation)
                    return (nil, nil)
                }
                consumer?.resume(returning: chunk)
                if let resumeNow { continuation.resume(with: resumeNow) }
            }
        } onCancel: {
            let producer = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                state.producerCancelled = true
                defer { state.waitingProducer = nil }
                return state.waitingProducer?.continuation
            }
            producer?.resume(throwing: CancellationError())
        }
    }

    /// Ends the stream; the consumer sees the buffered chunks, then the end (or `error`).
    func finish(throwing error: (any Error)? = nil) {
        let consumer = state.withLock { state -> CheckedContinuation<Element?, any Error>? in
            guard !state.finished else { return nil }
            state.finished = true
            state.failure = error
            guard state.buffer.isEmpty, let consumer = state.waitingConsumer else { return nil }
            state.waitingConsumer = nil
            return consumer
        }
        if let error { consumer?.resume(throwing: error) } else { consumer?.resume(returning: nil) }
    }

    /// The next chunk, or nil at the end.
    func next() async throws -> Element? {
        let immediate = state.withLock { state -> Immediate? in
            if let taken = state.takeChunk() {
                return .chunk(taken.chunk, taken.releasedProducer)
            }
            if state.finished {
                return state.failure.map { .failure($0) } ?? .end
            }
            return nil
        }
        switch immediate {
        case .chunk(let chunk, let producer):
            producer?.resume()
            return chunk
        case .end:
            return nil
        case .failure(let error):
            throw error
        case nil:
            break
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Element?, any Error>) in
                let (resumeNow, producer) = state.withLock { state -> (Result<Element?, any Error>?, CheckedContinuation<Void, any Error>?) in
                    if state.consumerCancelled { return (.failure(CancellationError()), nil) }
                    if let taken = state.takeChunk() {
                        return (.success(taken.chunk), taken.releasedProducer)
                    }
                    if state.finished { return (state.failure.map { .failure($0) } ?? .success(nil), nil) }
                    state.waitingConsumer = continuation
                    return (nil, nil)
                }
                producer?.resume()
                if let resumeNow { continuation.resume(with: resumeNow) }
            }
        } onCancel: {
            let consumer = state.withLock { state -> CheckedContinuation<Element?, any Error>? in
                state.consumerCancelled = true
                defer { state.waitingConsumer = nil }
                return state.waitingConsumer
            }
            consumer?.resume(throwing: CancellationError())
        }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let channel: ChunkChannel<Element>
        mutating func next() async throws -> Element? { try await channel.next() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(channel: self) }
}
