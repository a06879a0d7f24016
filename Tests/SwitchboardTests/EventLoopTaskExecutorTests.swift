import NIOCore
import NIOPosix
import Testing
import Timers

/// A nonisolated async function that is not inlined, so calling it is a potential executor switch.
@inline(never)
private func nonisolatedStep(_ value: Int) async -> Int {
    value &+ 1
}

@Suite("EventLoopTaskExecutor: a connection's tasks on its event loop", .timeLimit(.minutes(1)))
struct EventLoopTaskExecutorTests {
    @Test("calls into nonisolated async code run inline, with no job queued per call")
    func nonisolatedCallsRunInline() async {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let executor = EventLoopTaskExecutor(eventLoop: group.next())
        let total = await withTaskExecutorPreference(executor) {
            var total = 0
            for index in 0..<1000 { total = await nonisolatedStep(total &+ index) }
            return total
        }
        #expect(total == (0..<1000).reduce(0, +) + 1000)
        // Entering the preference queues the task once; 1000 calls would queue 1000 jobs if each
        // were a switch (as under NIO's global-executor takeover, which runs jobs isolated to the loop).
        #expect(executor.jobsEnqueued <= 2, "\(executor.jobsEnqueued) jobs for 1000 calls")
        try? await group.shutdownGracefully()
    }

    @Test("the task resumes on its loop, even when another loop resumes it; an unstructured task can take the same preference")
    func resumesOnItsLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let home = group.next()
        let other = group.next()
        #expect(home !== other)
        let executor = EventLoopTaskExecutor(eventLoop: home)
        let observations = await withTaskExecutorPreference(executor) { () -> [Bool] in
            var seen = [home.inEventLoop]
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                other.execute { continuation.resume() }
            }
            seen.append(home.inEventLoop)
            let inherited = Task(executorPreference: EventLoopTaskExecutor.currentPreference) { home.inEventLoop }
            seen.append(await inherited.value)
            return seen
        }
        #expect(observations == [true, true, true])
        #expect(EventLoopTaskExecutor.currentPreference == nil, "outside the preference there is none")
        try await group.shutdownGracefully()
    }
}
