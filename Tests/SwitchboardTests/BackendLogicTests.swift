import Config
import Foundation
import Testing
@testable import Backends

@Suite("Backend logic: circuit breaker, target planning, capacity, Retry-After")
struct BackendLogicTests {
    /// `allowRequest` is mutating, which `#expect` cannot capture directly.
    func admit(_ breaker: inout CircuitBreaker, _ now: ContinuousClock.Instant) -> Bool {
        breaker.allowRequest(now: now)
    }

    @Test("the breaker opens at the threshold, admits one probe after the open period, and closes on success")
    func breakerCycle() {
        var breaker = CircuitBreaker(failureThreshold: 3, openDuration: .seconds(10))
        let start = ContinuousClock.now
        #expect(admit(&breaker, start))
        breaker.recordFailure(now: start)
        breaker.recordFailure(now: start)
        #expect(breaker.stateName == "closed")
        breaker.recordFailure(now: start)
        #expect(breaker.stateName == "open")
        #expect(!admit(&breaker, start + .seconds(9)))
        #expect(admit(&breaker, start + .seconds(10)))
        #expect(breaker.stateName == "half_open")
        #expect(!admit(&breaker, start + .seconds(10)), "only one probe at a time")
        breaker.recordSuccess()
        #expect(breaker.stateName == "closed")
    }

    @Test("a failed probe reopens the circuit; an unused probe is given back")
    func failedProbe() {
        var breaker = CircuitBreaker(failureThreshold: 1, openDuration: .seconds(5))
        let start = ContinuousClock.now
        breaker.recordFailure(now: start)
        #expect(admit(&breaker, start + .seconds(5)))
        breaker.releaseUnusedProbe()
        #expect(admit(&breaker, start + .seconds(5)))
        breaker.recordFailure(now: start + .seconds(5))
        #expect(!admit(&breaker, start + .seconds(9)))
        #expect(admit(&breaker, start + .seconds(10)))
    }

    @Test("a success resets the count of consecutive failures")
    func successResets() {
        var breaker = CircuitBreaker(failureThreshold: 2, openDuration: .seconds(5))
        breaker.recordFailure(now: .now)
        breaker.recordSuccess()
        breaker.recordFailure(now: .now)
        #expect(breaker.stateName == "closed")
    }

    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 1 ^ state
        }
    }

    @Test("ordered plans keep the configured order; weighted plans follow the weights and include every target")
    func planning() {
        let ordered = ModelConfig(alias: "m", targets: [ModelTarget(backend: "a"), ModelTarget(backend: "b")])
        var generator = SeededGenerator(state: 42)
        #expect(TargetPlanner().plan(for: ordered, using: &generator).map(\.backend) == ["a", "b"])

        let weighted = ModelConfig(alias: "m", targets: [ModelTarget(backend: "a", weight: 9), ModelTarget(backend: "b", weight: 1)], strategy: .weighted)
        var firsts: [String: Int] = [:]
        for _ in 0..<10_000 {
            let plan = TargetPlanner().plan(for: weighted, using: &generator)
            #expect(Set(plan.map(\.backend)) == ["a", "b"])
            firsts[plan[0].backend, default: 0] += 1
        }
        #expect((8_700...9_300).contains(firsts["a"] ?? 0))
    }

    @Test("Retry-After in seconds or as an HTTP date")
    func retryAfter() {
        #expect(RetryAfter.parse("3") == .seconds(3))
        #expect(RetryAfter.parse("0.5") == .milliseconds(500))
        let now = Date(timeIntervalSince1970: 1_445_412_480)
        #expect(RetryAfter.parse("Wed, 21 Oct 2015 07:28:10 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.parse("soon") == nil)
        #expect(RetryAfter.parse("1e16") == RetryAfter.maximum, "a hostile value is capped, not a crash")
        #expect(RetryAfter.parse(nil) == nil)
    }

    @Test("which failures are retried and which count against a backend")
    func failureClasses() {
        func failure(_ kind: UpstreamFailure.Kind) -> UpstreamFailure { UpstreamFailure(backend: "b", kind: kind, message: "") }
        #expect(failure(.status(503)).isRetryable && failure(.status(503)).countsAgainstBackend)
        #expect(failure(.status(429)).isRetryable && !failure(.status(429)).countsAgainstBackend)
        #expect(!failure(.status(400)).isRetryable && !failure(.status(400)).countsAgainstBackend)
        #expect(failure(.connection).isRetryable && failure(.connection).countsAgainstBackend)
        #expect(!failure(.cancelled).isRetryable && !failure(.cancelled).countsAgainstBackend)
    }
}
