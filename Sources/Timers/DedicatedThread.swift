import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A thread of the process's own for work that blocks (a durable commit, a log write), named
/// so that `top -H`, `ps -L`, `/proc/<pid>/task/*/comm` and `perf` tell it from the event loops.
///
/// Foundation's `Thread.name`, set before `start()`, does not reach the operating system on
/// Linux: such a thread keeps the name of the thread that created it (an event loop's, which
/// made a profile's audit writer look like a second event loop). So the thread names itself.
///
/// ```swift
/// DedicatedThread.start(name: "audit-writer") { while true { runReadyJobs() } }
/// ```
public enum DedicatedThread {
    /// The longest name Linux keeps, in bytes (16 with the terminating zero).
    public static let maximumNameBytes = 15

    /// Starts `body` on a new thread called `name`, cut to ``maximumNameBytes`` bytes at a
    /// character boundary.
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let shown = osName(name)
        let thread = Thread {
            nameCurrentThread(shown)
            body()
        }
        thread.name = name
        thread.start()
    }

    /// `name` as the operating system will show it: its longest prefix of whole characters
    /// that fits in ``maximumNameBytes`` UTF-8 bytes.
    public static func osName(_ name: String) -> String {
        var shown = ""
        var bytes = 0
        for character in name {
            let size = character.utf8.count
            guard bytes + size <= maximumNameBytes else { break }
            shown.append(character)
            bytes += size
        }
        return shown
    }

    /// Set from inside the thread. On Linux it is written to `/proc/thread-self/comm` (what
    /// `pthread_setname_np` does for the calling thread; Glibc's module does not export that
    /// function). Foundation's setter, even called on the thread itself, now and then left the
    /// thread with its parent's name (seen in one benchmark run of three).
    private static func nameCurrentThread(_ name: String) {
        #if os(Linux)
        let descriptor = open("/proc/thread-self/comm", O_WRONLY)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var bytes = Array(name.utf8)
        _ = write(descriptor, &bytes, bytes.count)
        #else
        Thread.current.name = name
        #endif
    }
}
