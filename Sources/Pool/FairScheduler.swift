import NIOCore
import NIOPosix
import Synchronization

/// Admits requests to one backend's concurrent slots, sharing them fairly between tenants when
/// demand exceeds them.
///
/// Each tenant is a flow weighted by its share. Waiting requests are ordered by start-time fair
/// queuing: a request's start tag is the later of its class's virtual time and its flow's last
/// finish tag, and its finish tag adds its estimated tokens divided by the share. The waiting
/// request with the smallest start tag goes next. Under contention tenants are therefore served
/// in proportion to their shares (by tokens); an idle tenant banks no credit, and its share goes
/// to whoever is waiting. Interactive and batch work queue apart: interactive goes first, but
/// while both wait, batch gets one grant in ``batchEvery``.
///
/// Queues are bounded per tenant, and a wait ends at its deadline. Neither a timeout nor a
/// cancellation leaks a slot, whichever order the events race in.
public final class FairScheduler: Sendable {
    /// Why a request was not admitted.
    public enum Refusal: Error, Sendable, Equatable {
        /// The tenant already has its most requests waiting here.
        case queueFull(waiting: Int)
        /// The wait passed its deadline.
        case timedOut
        /// The request's task was cancelled while it waited.
        case cancelled
    }

    /// What the scheduler needs to know of a request.
    public struct Ticket: Sendable {
        /// The tenant's name (its flow).
        public var tenant: String
        /// The tenant's weight.
        public var share: Int
        /// The request's class.
        public var priority: Priority
        /// Its estimated tokens: what it is charged in virtual time.
        public var cost: Int
        /// How many requests the tenant may have waiting.
        public var maxQueued: Int

        /// Creates a ticket.
        public init(tenant: String, share: Int, priority: Priority, cost: Int, maxQueued: Int) {
            self.tenant = tenant
            self.share = max(1, share)
            self.priority = priority
            self.cost = max(1, cost)
            self.maxQueued = maxQueued
        }
    }

    private enum Phase {
        /// Queued; its task has not yet handed over its continuation.
        case awaitingRegistration
        /// Queued, waiting on this continuation.
        case registered(CheckedContinuation<Void, any Error>)
        /// Given a slot before its continuation arrived.
        case granted
        /// Gave up. It stays in its heap until it comes up, and is skipped then.
        case abandoned(Refusal)
    }

    private struct Pending {
        var phase: Phase
        let tenant: String
    }

    private struct Waiter: Comparable {
        var start: Double
        var id: UInt64

        static func < (left: Waiter, right: Waiter) -> Bool {
            (left.start, left.id) < (right.start, right.id)
        }
    }

    /// One priority class: its waiters by start tag, its virtual time, its flows' finish tags.
    private struct ClassQueue {
        var heap = MinHeap<Waiter>()
        var virtualTime: Double = 0
        var finishTags: [String: Double] = [:]
        var trimAt = 64

        /// Tags a request of `ticket`'s flow and returns its start tag.
        mutating func tag(_ ticket: Ticket) -> Double {
            let start = max(virtualTime, finishTags[ticket.tenant] ?? 0)
            finishTags[ticket.tenant] = start + Double(ticket.cost) / Double(ticket.share)
            return start
        }

        /// Forgets finish tags behind the virtual time: those flows are idle, and an idle flow
        /// starts at the virtual time anyway. Keeps the table to the active flows, at amortised
        /// constant cost.
        mutating func trimIdleFlows() {
            guard finishTags.count > trimAt else { return }
            let now = virtualTime
            finishTags = finishTags.filter { $0.value > now }
            trimAt = max(64, 2 * finishTags.count)
        }
    }

    private struct State {
        var inUse = 0
        var classes = [ClassQueue(), ClassQueue()]
        var pending: [UInt64: Pending] = [:]
        var waitingByTenant: [String: Int] = [:]
        var waiting = 0
        var nextID: UInt64 = 0
        var interactiveSinceBatch = 0
        let batchEvery: Int

        /// A waiter of `tenant` in class `index` was given a slot.
        mutating func granted(_ tenant: String, fromClass index: Int) {
            interactiveSinceBatch = index == 0 ? interactiveSinceBatch + 1 : 0
            stoppedWaiting(tenant)
        }

        /// One request of `tenant` stopped waiting (granted or gave up).
        mutating func stoppedWaiting(_ tenant: String) {
            waiting -= 1
            let left = (waitingByTenant[tenant] ?? 1) - 1
            waitingByTenant[tenant] = left > 0 ? left : nil
        }
    }

    private let state: Mutex<State>
    /// The concurrent slots.
    public let capacity: Int
    /// While both classes wait, one grant in this many goes to batch work.
    public let batchEvery: Int

    /// Creates a scheduler over `capacity` slots; `batchShare` is the least fraction of grants
    /// batch work gets while interactive work also waits.
    public init(capacity: Int, batchShare: Double = 0.1) {
        self.capacity = capacity
        batchEvery = max(2, Int((1 / min(max(batchShare, 0.001), 0.5)).rounded()))
        state = Mutex(State(batchEvery: batchEvery))
    }

    /// Slots held now.
    public var inUse: Int { state.withLock { $0.inUse } }

    /// Requests waiting now.
    public var waiting: Int { state.withLock { $0.waiting } }

    /// Requests waiting now, by tenant (tenants with none are left out).
    public var waitingByTenant: [String: Int] { state.withLock { $0.waitingByTenant } }

    /// Takes a slot at once if one is free and nobody waits for it.
    public func tryAdmit(_ ticket: Ticket) -> Bool {
        state.withLock { state in
            guard state.inUse < capacity, state.waiting == 0 else { return false }
            let index = Self.classIndex(ticket.priority)
            state.classes[index].virtualTime = state.classes[index].tag(ticket)
            state.inUse += 1
            return true
        }
    }

    /// Takes a slot, waiting up to `timeout` in fair order when none is free.
    public func admit(_ ticket: Ticket, timeout: Duration) async throws(Refusal) {
        if tryAdmit(ticket) { return }
        let id = try enqueue(ticket)
        // The deadline is a timer on an event loop, dropped the moment the wait ends: no task
        // per waiter, and nothing left behind when a slot comes first.
        let deadline = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: TimeAmount.nanoseconds(Self.nanoseconds(timeout))) {
            self.abandon(id: id, with: .timedOut)
        }
        defer { deadline.cancel() }
        do {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    register(id: id, continuation: continuation)
                }
            } onCancel: {
                self.abandon(id: id, with: .cancelled)
            }
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            abandon(id: id, with: .cancelled)
            throw .cancelled
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : scaled + attoseconds / 1_000_000_000
    }

    /// Returns a slot, handing it to the next waiter in fair order if there is one.
    public func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            while let (waiter, index) = Self.popNext(&state) {
                guard let pending = state.pending[waiter.id] else { continue }
                switch pending.phase {
                case .registered(let continuation):
                    state.pending[waiter.id] = nil
                    state.granted(pending.tenant, fromClass: index)
                    return continuation
                case .awaitingRegistration:
                    // The slot passes to it now; it learns so when it registers.
                    state.pending[waiter.id]?.phase = .granted
                    state.granted(pending.tenant, fromClass: index)
                    return nil
                case .abandoned, .granted:
                    // Only `register` clears these: its task has yet to hear the outcome.
                    continue
                }
            }
            state.inUse = max(0, state.inUse - 1)
            return nil
        }
        next?.resume()
    }

    private static func classIndex(_ priority: Priority) -> Int {
        priority == .interactive ? 0 : 1
    }

    private func enqueue(_ ticket: Ticket) throws(Refusal) -> UInt64 {
        try state.withLock { state throws(Refusal) -> UInt64 in
            let queued = state.waitingByTenant[ticket.tenant] ?? 0
            guard queued < ticket.maxQueued else { throw .queueFull(waiting: queued) }
            state.nextID += 1
            let id = state.nextID
            let index = Self.classIndex(ticket.priority)
            state.classes[index].trimIdleFlows()
            let start = state.classes[index].tag(ticket)
            state.classes[index].heap.insert(Waiter(start: start, id: id))
            state.pending[id] = Pending(phase: .awaitingRegistration, tenant: ticket.tenant)
            state.waitingByTenant[ticket.tenant] = queued + 1
            state.waiting += 1
            return id
        }
    }

    /// The next waiter to serve (possibly one that gave up) and its class, advancing the class's virtual time.
    private static func popNext(_ state: inout State) -> (Waiter, Int)? {
        let index: Int
        switch (!state.classes[0].heap.isEmpty, !state.classes[1].heap.isEmpty) {
        case (false, false): return nil
        case (true, false): index = 0
        case (false, true): index = 1
        case (true, true): index = state.interactiveSinceBatch + 1 >= state.batchEvery ? 1 : 0
        }
        guard let waiter = state.classes[index].heap.popMin() else { return nil }
        state.classes[index].virtualTime = max(state.classes[index].virtualTime, waiter.start)
        return (waiter, index)
    }

    private func register(id: UInt64, continuation: CheckedContinuation<Void, any Error>) {
        enum Outcome { case wait, granted, refused(Refusal) }
        let outcome = state.withLock { state -> Outcome in
            switch state.pending[id]?.phase {
            case .abandoned(let refusal):
                state.pending[id] = nil
                return .refused(refusal)
            case .granted:
                state.pending[id] = nil
                return .granted
            case .awaitingRegistration, .registered, nil:
                state.pending[id]?.phase = .registered(continuation)
                return .wait
            }
        }
        switch outcome {
        case .wait: break
        case .granted: continuation.resume()
        case .refused(let refusal): continuation.resume(throwing: refusal)
        }
    }

    private func abandon(id: UInt64, with refusal: Refusal) {
        enum Outcome { case nothing, resume(CheckedContinuation<Void, any Error>), giveBackSlot }
        let outcome = state.withLock { state -> Outcome in
            guard let pending = state.pending[id] else { return .nothing }
            switch pending.phase {
            case .abandoned:
                return .nothing
            case .granted:
                state.pending[id]?.phase = .abandoned(refusal)
                return .giveBackSlot
            case .awaitingRegistration:
                state.pending[id]?.phase = .abandoned(refusal)
                state.stoppedWaiting(pending.tenant)
                return .nothing
            case .registered(let continuation):
                state.pending[id] = nil
                state.stoppedWaiting(pending.tenant)
                return .resume(continuation)
            }
        }
        switch outcome {
        case .nothing: break
        case .resume(let continuation): continuation.resume(throwing: refusal)
        case .giveBackSlot: release()
        }
    }
}
