import Hummingbird
import Logging

/// A test double's HTTP server: `router` served on a free port of 127.0.0.1, without logs.
struct LocalServer: Sendable {
    /// The port it listens on.
    let port: Int
    /// Runs the server; cancelling it stops the server.
    let task: Task<Void, Never>

    /// Starts the server and returns once it listens.
    static func start(_ router: Router<BasicRequestContext>, name: String) async -> LocalServer {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: name),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: name, factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task<Void, Never> { try? await app.runService() }
        var iterator = stream.makeAsyncIterator()
        return LocalServer(port: await iterator.next() ?? 0, task: task)
    }
}
