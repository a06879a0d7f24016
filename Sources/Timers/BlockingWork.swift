import NIOPosix

/// Runs work that blocks its thread (file and database reads, waiting for a child process) on
/// NIO's thread pool for blocking I/O, so it never holds an event loop or a thread of Swift's
/// cooperative pool, where requests are served.
public enum BlockingWork {
    /// The result of `body`, run on the blocking-I/O pool; throws if the pool is shutting down.
    public static func run<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async throws -> Result {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}
