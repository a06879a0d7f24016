import Timers

/// Runs `operation`, failing with `failure` if it has not finished within `limit`; the
/// operation's task is cancelled when the limit passes.
func withTimeout<Result: Sendable>(
    _ limit: Duration, failure: some Error & Sendable, _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Sleeper.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else {
            throw failure
        }
        return result
    }
}
