import AsyncHTTPClient
import Config
import Foundation
import Logging
import MCP
import SystemPackage

/// One external MCP server: its connection (a subprocess on stdio, or streamable HTTP), the
/// tools it lists, and calls to them. A broken connection is reopened on the next call.
public actor MCPToolSource {
    /// The server's configuration.
    public let config: MCPServerConfig
    private let httpClient: HTTPClient
    private let logger: Logger
    private var client: Client?
    private var process: Process?

    /// Creates the source; nothing connects until ``tools()`` or a call.
    public init(config: MCPServerConfig, httpClient: HTTPClient, logger: Logger) {
        self.config = config
        self.httpClient = httpClient
        self.logger = logger
    }

    /// The server's tools (connecting first if needed), every page of them.
    public func tools() async throws -> [Tool] {
        let client = try await connected()
        var tools: [Tool] = []
        var cursor: String?
        repeat {
            let page = try await client.listTools(cursor: cursor)
            tools += page.tools
            cursor = page.nextCursor
        } while cursor != nil && tools.count < 10_000
        return tools
    }

    /// Calls `tool` with `arguments`; returns its content and whether the server flagged an error.
    public func call(_ tool: String, arguments: [String: Value]) async throws -> (content: [Tool.Content], isError: Bool) {
        let client = try await connected()
        do {
            let result = try await client.callTool(name: tool, arguments: arguments)
            return (result.content, result.isError ?? false)
        } catch let error as MCPError {
            if case .connectionClosed = error { await reset() }
            throw error
        }
    }

    /// Closes the connection and ends the subprocess.
    public func shutdown() async {
        await reset()
    }

    private func reset() async {
        await client?.disconnect()
        client = nil
        if let process, process.isRunning { process.terminate() }
        process = nil
    }

    private func connected() async throws -> Client {
        if let client, process?.isRunning ?? true { return client }
        await reset()
        let client = Client(name: "switchboard", version: "1.0")
        let transport: any Transport
        switch config.connection {
        case .stdio(let command, let environment):
            transport = try startProcess(command, environment: environment)
        case .http(let url, let headers):
            transport = StreamableHTTPClientTransport(url: url, headers: headers, client: httpClient, requestTimeout: .seconds(60), logger: logger)
        }
        _ = try await client.connect(transport: transport)
        self.client = client
        return client
    }

    private func startProcess(_ command: [String], environment: [String: String]) throws -> StdioTransport {
        let process = Process()
        if command[0].contains("/") {
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = command
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, configured in configured }
        let toServer = Pipe()
        let fromServer = Pipe()
        process.standardInput = toServer
        process.standardOutput = fromServer
        do {
            try process.run()
        } catch {
            throw MCPError.internalError("cannot start \(command.joined(separator: " ")): \(error.localizedDescription)")
        }
        self.process = process
        logger.info("MCP server started", metadata: ["mcp_server": "\(config.name)", "pid": "\(process.processIdentifier)"])
        return StdioTransport(
            input: FileDescriptor(rawValue: fromServer.fileHandleForReading.fileDescriptor),
            output: FileDescriptor(rawValue: toServer.fileHandleForWriting.fileDescriptor), logger: logger)
    }
}
