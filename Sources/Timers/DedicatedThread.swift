import Foundation

/// A thread of the process's own for work that blocks (a durable commit, a log write), named
/// so that `top -H`, `ps -L`, `/proc/<pid>/task/*/comm` and `perf` tell it from the event loops.
///
/// Foundation's `Thread.name`, set before `start()`, does not reach the operating system on
/// Linux: such a thread keeps the name of the thread that created it (an event loop's, which
/// made a profile's audit writer look like a second event loop).
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

    /// Set from inside the thread, where Foundation passes it to `pthread_setname_np`.
    private static func nameCurrentThread(_ name: String) {
        Thread.current.name = name
    }
}
