import Foundation
import Testing
import Timers

@Suite("Sleeper: sleeps that give their timer back when cancelled", .timeLimit(.minutes(1)))
struct TimersTests {
    @Test("a sleep lasts at least its duration")
    func sleepLasts() async throws {
        let started = ContinuousClock.now
        try await Sleeper.sleep(for: .milliseconds(30))
        #expect(ContinuousClock.now - started >= .milliseconds(30))
        try await Sleeper.sleep(until: .now - .seconds(1))   // a deadline already past returns at once
    }

    @Test("a cancelled sleep ends at once with CancellationError, long before its deadline")
    func cancelledSleepEndsAtOnce() async {
        let started = ContinuousClock.now
        let sleeper = Task { () -> Bool in
            do {
                try await Sleeper.sleep(for: .seconds(600))
                return false
            } catch {
                return true
            }
        }
        try? await Task.sleep(for: .milliseconds(20))
        sleeper.cancel()
        #expect(await sleeper.value, "the sleep threw CancellationError")
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test("a task cancelled before it sleeps does not sleep")
    func cancelledBeforeSleeping() async {
        let sleeper = Task { () -> Bool in
            withUnsafeCurrentTask { $0?.cancel() }
            do {
                try await Sleeper.sleep(for: .seconds(600))
                return false
            } catch {
                return true
            }
        }
        #expect(await sleeper.value)
    }

    @Test("many sleeps cancelled at random points each end exactly once", arguments: [0, 1, 2])
    func cancellationRaces(seed: Int) async {
        let outcomes = await withTaskGroup(of: Bool.self) { group -> [Bool] in
            for index in 0..<500 {
                group.addTask {
                    let sleeper = Task { () -> Bool in
                        do {
                            try await Sleeper.sleep(for: .microseconds((index * 7 + seed) % 300))
                            return true
                        } catch {
                            return false
                        }
                    }
                    if index % 2 == 0 { sleeper.cancel() }
                    return await sleeper.value || index % 2 == 0
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == 500)
        #expect(outcomes.allSatisfy { $0 }, "every uncancelled sleep fired")
    }

    @Test("blocking work runs on the blocking-I/O pool, not on the caller's thread")
    func blockingWork() async throws {
        let name = try await BlockingWork.run { Thread.current.name ?? "" }
        #expect(name.contains("TP-#"), "ran on '\(name)'")
        #expect(try await BlockingWork.run { (1...10).reduce(0, +) } == 55)
    }
}
