import Wire

/// The client half of an MCP conversation over one transport: it opens the session with
/// `initialize`, matches each response to its request by id, answers the server's `ping`, and
/// tells the server when a request is given up (`notifications/cancelled`).
actor MCPClient {
    private let transport: any MCPClientTransport
    private var pending: [Int: AsyncThrowingStream<JSONValue, any Error>.Continuation] = [:]
    private var nextID = 1
    private var closed: MCPClientError?
    private var reader: Task<Void, Never>?
    /// The protocol revision the server agreed to.
    private(set) var protocolVersion = MCPProtocolVersion.latest

    private init(transport: any MCPClientTransport) {
        self.transport = transport
    }

    /// Opens a session over `transport`: `initialize` with the newest revision Switchboard
    /// speaks, then `notifications/initialized`.
    static func connect(over transport: any MCPClientTransport) async throws -> MCPClient {
        let client = MCPClient(transport: transport)
        await client.startReading()
        let result = try await client.request(
            "initialize",
            params: .object([
                "protocolVersion": .string(MCPProtocolVersion.latest),
                "capabilities": .object([:]),
                "clientInfo": .object(["name": .string("switchboard"), "version": .string("1.0")]),
            ]))
        guard let version = result["protocolVersion"]?.stringValue, MCPProtocolVersion.supported.contains(version) else {
            await client.close()
            throw MCPClientError.protocolViolation(
                "initialize agreed on protocol \(result["protocolVersion"]?.encodedString ?? "(none)"); Switchboard speaks \(MCPProtocolVersion.supported.joined(separator: ", "))")
        }
        await client.agree(on: version)
        try await transport.send(JSONRPCMessage.notification(method: "notifications/initialized", params: nil).encoded)
        return client
    }

    private func agree(on version: String) { protocolVersion = version }

    private func startReading() {
        reader = Task { [transport] in
            do {
                for try await message in transport.messages { self.receive(message) }
                self.end(.connectionClosed("the server ended it"))
            } catch {
                self.end(.connectionClosed("\(error)"))
            }
        }
    }

    /// Sends the request `method` and waits for its result.
    func request(_ method: String, params: JSONValue?) async throws -> JSONValue {
        if let closed { throw closed }
        let id = nextID
        nextID += 1
        let (answer, continuation) = AsyncThrowingStream<JSONValue, any Error>.makeStream()
        pending[id] = continuation
        do {
            try await transport.send(JSONRPCMessage.request(id: .integer(id), method: method, params: params).encoded)
        } catch {
            pending.removeValue(forKey: id)
            throw MCPClientError.connectionClosed("the request could not be sent: \(error)")
        }
        for try await result in answer { return result }
        // The stream ended without an answer: this task was cancelled.
        if pending.removeValue(forKey: id) != nil {
            let cancelled = JSONRPCMessage.notification(
                method: "notifications/cancelled", params: .object(["requestId": .integer(id), "reason": .string("the caller stopped waiting")]))
            let transport = self.transport
            Task { try? await transport.send(cancelled.encoded) }
        }
        throw CancellationError()
    }

    private func receive(_ bytes: [UInt8]) {
        guard let message = try? JSONRPCMessage.parse(bytes) else { return }
        switch message {
        case .result(let id, let result):
            guard let number = id.intValue, let continuation = pending.removeValue(forKey: number) else { return }
            continuation.yield(result)
            continuation.finish()
        case .error(let id, let error):
            guard let number = id.intValue, let continuation = pending.removeValue(forKey: number) else { return }
            continuation.finish(throwing: MCPClientError.server(error))
        case .request(let id, let method, _):
            let answer: JSONRPCMessage = method == "ping" ? .result(id: id, .object([:])) : .error(id: id, .methodNotFound(method))
            let transport = self.transport
            Task { try? await transport.send(answer.encoded) }
        case .notification:
            break
        }
    }

    private func end(_ error: MCPClientError) {
        if closed == nil { closed = error }
        for continuation in pending.values { continuation.finish(throwing: error) }
        pending.removeAll()
    }

    /// Whether the connection has ended.
    var isClosed: Bool { closed != nil }

    /// Ends the conversation and its transport; waiting requests fail.
    func close() async {
        end(.connectionClosed("the client closed it"))
        await transport.close()
        reader?.cancel()
        reader = nil
    }
}
