import ArgumentParser
import NIOCore
import NIOPosix

// Run Swift concurrency on NIO's event loops, so a request's tasks and its sockets share
// threads instead of waking a second pool for every hop. This must happen before the first
// task is scheduled, hence here, first.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

/// Runs an asynchronous subcommand's `run() async` (not the synchronous default that prints help),
/// off the main actor.
@concurrent func runAsynchronously<Command: AsyncParsableCommand>(_ command: Command) async throws {
    var command = command
    try await command.run()
}

do {
    var command = try Switchboard.parseAsRoot()
    if let asyncCommand = command as? any AsyncParsableCommand {
        try await runAsynchronously(asyncCommand)
    } else {
        try command.run()
    }
} catch {
    Switchboard.exit(withError: error)
}
