import Foundation
import Testing
import Timers

@Suite("DedicatedThread: blocking threads carry their names to the operating system", .timeLimit(.minutes(1)))
struct DedicatedThreadTests {
    /// Starts a thread called `name` and returns what `/proc` shows as its name, read on it.
    private func shownName(ofThreadNamed name: String) async -> String {
        await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            DedicatedThread.start(name: name) {
                let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "<unreadable>"
                continuation.resume(returning: comm.trimmingCharacters(in: .newlines))
            }
        }
    }

    @Test("the thread's name is what /proc shows for it, however soon the thread runs")
    func nameReachesTheSystem() async {
        // Many threads: the lost name seen with Foundation's setter came only now and then.
        for index in 0..<50 {
            #expect(await shownName(ofThreadNamed: "sb-test-\(index)") == "sb-test-\(index)")
        }
    }

    @Test("a name longer than Linux keeps is cut at a character boundary, never inside one")
    func longNamesAreCut() async {
        #expect(DedicatedThread.osName("audit-writer") == "audit-writer")
        #expect(DedicatedThread.osName("a-very-long-thread-name") == "a-very-long-thr")
        // Five three-byte characters fill 15 bytes; the sixth would not fit.
        #expect(DedicatedThread.osName("审计写入线程") == "审计写入线")
        #expect(DedicatedThread.osName("ab审计写入线程") == "ab审计写入")
        #expect(await shownName(ofThreadNamed: "审计写入线程") == "审计写入线")
    }
}
