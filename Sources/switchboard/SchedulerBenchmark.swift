import ArgumentParser
import Foundation
import Pool
import Synchronization

/// `switchboard pool`: the shared pool's tools.
struct PoolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pool", abstract: "Tools for the shared pool of model capacity.", subcommands: [SchedulerBenchmark.self])
}

/// `switchboard pool bench`: what the fair scheduler costs per request with many requests
/// queued, against a plain first-come gate making the same hand-offs in the same run.
struct SchedulerBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the fair scheduler's cost per request at a queue depth, against a first-come gate in the same run.")

    @Option(help: "Requests kept waiting at once (the queue depth).")
    var queued = 1000

    @Option(help: "Slots of the simulated backend.")
    var capacity = 8

    @Option(help: "Grants each waiting request makes in a round.")
    var rounds = 20

    @Option(help: "Rounds of each, alternated; the median is reported.")
    var repeats = 5

    @Option(help: "Tenants the requests are spread over (shares 1 to 10, half of them batch work).")
    var tenants = 50

    func validate() throws {
        guard queued >= 1, capacity >= 1, rounds >= 1, repeats >= 1, tenants >= 1 else { throw ValidationError("Every count must be at least 1.") }
    }

    func run() async throws {
        let total = (queued + capacity) * rounds
        print("\(queued) requests queued behind \(capacity) slots, \(tenants) tenants, \(total) grants a round, \(repeats) rounds each")
        var fair: [Double] = []
        var plain: [Double] = []
        for _ in 0..<repeats {
            plain.append(try await Self.measure(total: total) { try await Self.drainFirstCome(queued: queued, capacity: capacity, rounds: rounds) })
            fair.append(try await Self.measure(total: total) { try await Self.drainFair(queued: queued, capacity: capacity, rounds: rounds, tenants: tenants) })
        }
        let fairMedian = fair.sorted()[fair.count / 2]
        let plainMedian = plain.sorted()[plain.count / 2]
        print(String(format: "first-come gate: %6.2f µs per grant", plainMedian))
        print(String(format: "fair scheduler:  %6.2f µs per grant (%.2fx the gate), %.2f µs more per request", fairMedian, fairMedian / plainMedian, fairMedian - plainMedian))
    }

    /// Microseconds per grant of one round.
    private static func measure(total: Int, _ round: () async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await round()
        return (clock.now - start).seconds * 1_000_000 / Double(total)
    }

    private static func drainFair(queued: Int, capacity: Int, rounds: Int, tenants: Int) async throws {
        let scheduler = FairScheduler(capacity: capacity)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<(queued + capacity) {
                let tenant = index % tenants
                let ticket = FairScheduler.Ticket(
                    tenant: "tenant-\(tenant)", share: 1 + tenant % 10, priority: tenant % 2 == 0 ? .interactive : .batch, cost: 100 + index % 900,
                    maxQueued: .max)
                group.addTask {
                    for _ in 0..<rounds {
                        try await scheduler.admit(ticket, timeout: .seconds(600))
                        await Task.yield()
                        scheduler.release()
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    private static func drainFirstCome(queued: Int, capacity: Int, rounds: Int) async throws {
        let gate = FirstComeGate(capacity: capacity)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<(queued + capacity) {
                group.addTask {
                    for _ in 0..<rounds {
                        await gate.admit()
                        await Task.yield()
                        gate.release()
                    }
                }
            }
        }
    }
}

/// The least a slot gate can do: a count and a first-come queue of continuations, with no
/// deadline, no cancellation and no fairness; the benchmark's baseline.
private final class FirstComeGate: Sendable {
    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
        var head = 0
    }

    private let state: Mutex<State>

    init(capacity: Int) {
        state = Mutex(State(available: capacity))
    }

    func admit() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state -> Bool in
                guard state.available > 0 else {
                    state.waiters.append(continuation)
                    return false
                }
                state.available -= 1
                return true
            }
            if granted { continuation.resume() }
        }
    }

    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.head < state.waiters.count else {
                state.available += 1
                return nil
            }
            defer {
                state.head += 1
                if state.head > 4096, state.head * 2 > state.waiters.count {
                    state.waiters.removeFirst(state.head)
                    state.head = 0
                }
            }
            return state.waiters[state.head]
        }
        next?.resume()
    }
}
