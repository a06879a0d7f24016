import Foundation
import Pool
import Synchronization
import Testing

/// The grant order a scheduler produced, as its waiters recorded it.
private final class GrantLog: Sendable {
    private let grants = Mutex<[String]>([])

    func record(_ tenant: String) { grants.withLock { $0.append(tenant) } }

    var all: [String] { grants.withLock { $0 } }
}

@Suite("Fair scheduler: slots, deadlines, cancellation, shares, priorities, bounded queues")
struct FairSchedulerTests {
    static func ticket(_ tenant: String, share: Int = 1, priority: Priority = .interactive, cost: Int = 100, maxQueued: Int = 10_000) -> FairScheduler.Ticket {
        FairScheduler.Ticket(tenant: tenant, share: share, priority: priority, cost: cost, maxQueued: maxQueued)
    }

    /// Waits until `scheduler` has `count` requests waiting, each registered.
    static func waitUntilWaiting(_ scheduler: FairScheduler, _ count: Int) async throws {
        for _ in 0..<30_000 where scheduler.waiting < count {
            try await Task.sleep(for: .milliseconds(2))
        }
        #expect(scheduler.waiting == count)
        // Registration follows the enqueue; give the last continuations a moment to arrive.
        try await Task.sleep(for: .milliseconds(20))
    }

    /// Queues `tickets` behind one held slot, then lets them through one at a time and returns
    /// the order in which they were granted.
    static func grantOrder(_ tickets: [FairScheduler.Ticket], capacity: Int = 1, batchShare: Double = 0.1) async throws -> [String] {
        let scheduler = FairScheduler(capacity: capacity, batchShare: batchShare)
        for _ in 0..<capacity { #expect(scheduler.tryAdmit(ticket("holder"))) }
        let log = GrantLog()
        let waiters = tickets.map { ticket in
            Task {
                try await scheduler.admit(ticket, timeout: .seconds(60))
                log.record(ticket.tenant)
                scheduler.release()
            }
        }
        try await waitUntilWaiting(scheduler, tickets.count)
        for _ in 0..<capacity { scheduler.release() }
        for waiter in waiters { try await waiter.value }
        #expect(scheduler.inUse == 0)
        return log.all
    }

    @Test("slots are limited, a wait times out without leaking, and a release hands the slot on")
    func slotsAndDeadlines() async throws {
        let scheduler = FairScheduler(capacity: 1)
        #expect(scheduler.tryAdmit(Self.ticket("a")))
        #expect(!scheduler.tryAdmit(Self.ticket("a")))
        await #expect(throws: FairScheduler.Refusal.timedOut) {
            try await scheduler.admit(Self.ticket("a"), timeout: .milliseconds(50))
        }
        #expect(scheduler.waiting == 0)
        let waiter = Task { try await scheduler.admit(Self.ticket("b"), timeout: .seconds(120)) }
        try await Self.waitUntilWaiting(scheduler, 1)
        scheduler.release()
        try await waiter.value
        #expect(scheduler.inUse == 1)
        scheduler.release()
        #expect(scheduler.inUse == 0)
        #expect(scheduler.tryAdmit(Self.ticket("c")))
    }

    @Test("a cancelled waiter leaves the queue and the slot goes to the next one")
    func cancellation() async throws {
        let scheduler = FairScheduler(capacity: 1)
        #expect(scheduler.tryAdmit(Self.ticket("a")))
        let cancelled = Task { try await scheduler.admit(Self.ticket("a"), timeout: .seconds(120)) }
        try await Self.waitUntilWaiting(scheduler, 1)
        let next = Task { try await scheduler.admit(Self.ticket("b"), timeout: .seconds(120)) }
        try await Self.waitUntilWaiting(scheduler, 2)
        cancelled.cancel()
        await #expect(throws: FairScheduler.Refusal.cancelled) { try await cancelled.value }
        #expect(scheduler.waiting == 1)
        scheduler.release()
        try await next.value
        #expect(scheduler.inUse == 1)
        #expect(scheduler.waitingByTenant.isEmpty)
    }

    @Test("a tenant's queue is bounded: one more waiter is refused at once")
    func boundedQueue() async throws {
        let scheduler = FairScheduler(capacity: 1)
        #expect(scheduler.tryAdmit(Self.ticket("a")))
        let waiters = (0..<2).map { _ in Task { try await scheduler.admit(Self.ticket("a", maxQueued: 2), timeout: .seconds(120)) } }
        try await Self.waitUntilWaiting(scheduler, 2)
        await #expect(throws: FairScheduler.Refusal.queueFull(waiting: 2)) {
            try await scheduler.admit(Self.ticket("a", maxQueued: 2), timeout: .seconds(120))
        }
        // Another tenant's queue is its own.
        let other = Task { try await scheduler.admit(Self.ticket("b", maxQueued: 2), timeout: .seconds(120)) }
        try await Self.waitUntilWaiting(scheduler, 3)
        #expect(scheduler.waitingByTenant == ["a": 2, "b": 1])
        for _ in 0..<3 { scheduler.release() }
        for waiter in waiters { try await waiter.value }
        try await other.value
        #expect(scheduler.inUse == 1)
    }

    @Test("contended slots go to tenants in proportion to their shares")
    func sharesAreProportional() async throws {
        let tickets = (0..<60).map { _ in Self.ticket("big", share: 3) } + (0..<60).map { _ in Self.ticket("small", share: 1) }
        let order = try await Self.grantOrder(tickets.shuffled())
        let first = order.prefix(80)
        let big = first.filter { $0 == "big" }.count
        print("shares over the first 80 grants: big (share 3) \(big), small (share 1) \(80 - big)")
        #expect((56...64).contains(big))
    }

    @Test("shares weigh by estimated tokens: a tenant of large requests gets fewer of them")
    func sharesWeighTokens() async throws {
        let tickets = (0..<40).map { _ in Self.ticket("large", cost: 400) } + (0..<40).map { _ in Self.ticket("small", cost: 100) }
        let order = try await Self.grantOrder(tickets.shuffled())
        let large = order.prefix(40).filter { $0 == "large" }.count
        #expect((7...9).contains(large))
    }

    @Test("interactive work goes first, and batch work still gets one grant in ten")
    func interactiveBeforeBatch() async throws {
        let tickets = (0..<50).map { _ in Self.ticket("bulk", priority: .batch) } + (0..<90).map { _ in Self.ticket("desk", priority: .interactive) }
        let order = try await Self.grantOrder(tickets.shuffled())
        let first = order.prefix(100)
        let batch = first.filter { $0 == "bulk" }.count
        #expect(batch == 10)
        // No batch grant comes before nine interactive ones have gone.
        #expect(order.prefix(9).allSatisfy { $0 == "desk" })
        #expect(order.count == 140)
    }

    @Test("an idle tenant banks no credit: on its return it shares, it does not take over")
    func idleTenantBanksNoCredit() async throws {
        let scheduler = FairScheduler(capacity: 1)
        // `busy` runs alone for a while: many grants at once, its finish tag racing ahead.
        for _ in 0..<500 {
            #expect(scheduler.tryAdmit(Self.ticket("busy")))
            scheduler.release()
        }
        #expect(scheduler.tryAdmit(Self.ticket("holder")))
        let log = GrantLog()
        let tickets = (0..<20).map { _ in Self.ticket("busy") } + (0..<20).map { _ in Self.ticket("returning") }
        let waiters = tickets.map { ticket in
            Task {
                try await scheduler.admit(ticket, timeout: .seconds(60))
                log.record(ticket.tenant)
                scheduler.release()
            }
        }
        try await Self.waitUntilWaiting(scheduler, tickets.count)
        scheduler.release()
        for waiter in waiters { try await waiter.value }
        let returning = log.all.prefix(20).filter { $0 == "returning" }.count
        #expect((9...11).contains(returning))
    }
}
