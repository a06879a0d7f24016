import NIOCore
import NIOHTTP1
import Synchronization

/// One keep-alive connection to a backend and the handler that runs its exchanges.
final class PlainHTTPConnection: Sendable {
    /// The channel.
    let channel: any Channel
    /// The handler, reachable only on the channel's event loop.
    let handler: NIOLoopBound<PlainHTTPExchangeHandler>
    private let exchanges = Atomic<Int>(0)

    /// A number for the next exchange on this connection.
    func nextExchange() -> Int {
        exchanges.wrappingAdd(1, ordering: .relaxed).newValue
    }

    init(channel: any Channel, handler: NIOLoopBound<PlainHTTPExchangeHandler>) {
        self.channel = channel
        self.handler = handler
    }

    /// Runs `body` with the handler on the channel's event loop: at once when called there.
    func onLoop(_ body: @escaping @Sendable (PlainHTTPExchangeHandler) -> Void) {
        let handler = self.handler
        if handler.eventLoop.inEventLoop {
            body(handler.value)
        } else {
            handler.eventLoop.execute { body(handler.value) }
        }
    }
}

/// The idle keep-alive connections to one backend, kept apart per event loop so that a call
/// takes a connection that lives on its own loop.
final class PlainHTTPConnectionPool: Sendable {
    private let idle = Mutex<[ObjectIdentifier: [PlainHTTPConnection]]>([:])
    private let maxIdlePerLoop: Int

    /// Creates an empty pool that keeps at most `maxIdlePerLoop` idle connections per loop.
    init(maxIdlePerLoop: Int) {
        self.maxIdlePerLoop = maxIdlePerLoop
    }

    /// An idle connection on `loop` that is still open, taken out of the pool.
    func take(on loop: any EventLoop) -> PlainHTTPConnection? {
        let key = ObjectIdentifier(loop)
        return idle.withLock { idle in
            while let connection = idle[key]?.popLast() {
                if connection.channel.isActive { return connection }
            }
            return nil
        }
    }

    /// Puts a connection whose answer is over back in the pool; closes it when its loop
    /// already keeps enough idle ones.
    func put(_ connection: PlainHTTPConnection) {
        let key = ObjectIdentifier(connection.channel.eventLoop)
        let kept = idle.withLock { idle in
            guard idle[key, default: []].count < maxIdlePerLoop else { return false }
            idle[key, default: []].append(connection)
            return true
        }
        if !kept {
            connection.channel.close(promise: nil)
        }
    }

    /// Forgets a connection that closed.
    func remove(_ connection: PlainHTTPConnection) {
        let key = ObjectIdentifier(connection.channel.eventLoop)
        idle.withLock { idle in
            idle[key]?.removeAll { $0 === connection }
        }
    }

    /// Closes every idle connection and forgets them.
    func closeAll() async {
        let connections = idle.withLock { idle in
            let all = idle.values.flatMap { $0 }
            idle.removeAll()
            return all
        }
        for connection in connections {
            try? await connection.channel.close()
        }
    }
}
