import NIOCore
import NIOEmbedded
import Testing
import Timers

/// A renewable deadline expires `interval` after its latest start, only while it runs, and once.
@Suite("Renewable deadline")
struct RenewableDeadlineTests {
    final class Expiries {
        var at: [Int64] = []
    }

    @Test("each start gets the whole interval; a stopped clock never expires; an expiry comes once")
    func renewals() {
        let loop = EmbeddedEventLoop()
        let expiries = Expiries()
        let startedAt = loop.now
        let clock = RenewableDeadline(interval: .seconds(30), loop: loop) {
            expiries.at.append((loop.now - startedAt).nanoseconds / 1_000_000_000)
        }

        clock.start()
        loop.advanceTime(by: .seconds(10))
        clock.stop()
        loop.advanceTime(by: .seconds(10))
        clock.start()  // at 20 s: due at 50 s, though the first timer was set for 30 s
        loop.advanceTime(by: .seconds(15))
        #expect(expiries.at.isEmpty, "at 35 s")
        loop.advanceTime(by: .seconds(16))
        #expect(expiries.at == [50])
        loop.advanceTime(by: .seconds(120))
        #expect(expiries.at == [50], "an expired clock stays quiet until it is started again")

        clock.start()
        clock.stop()
        loop.advanceTime(by: .seconds(60))
        #expect(expiries.at == [50], "stopped before its deadline")

        clock.start()
        clock.cancel()
        loop.advanceTime(by: .seconds(60))
        #expect(expiries.at == [50], "cancelled")
        clock.start()
        loop.advanceTime(by: .seconds(30))
        #expect(expiries.at.count == 2, "a cancelled clock can be started again")
        try? loop.syncShutdownGracefully()
    }
}
