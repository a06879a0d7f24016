import AsyncHTTPClient
import Config
import Foundation
import Logging
import Wire

/// One external MCP server: its connection (a subprocess on stdio, or streamable HTTP), the
/// tools it lists, and calls to them. A broken connection is reopened on the next call.
public actor MCPToolSource {
    /// The server's configuration.
    public let config: MCPServerConfig
    private let httpClient: HTTPClient
    private let logger: Logger
    private var client: MCPClient?
    private var process: Process?

    /// Creates the source; nothing connects until ``tools()`` or a call.
    public init(config: MCPServerConfig, httpClient: HTTPClient, logger: Logger) {
        self.config = config
        self.httpClient = httpClient
        self.logger = logger
    }

    /// The server's tools (connecting first if needed), every page of them; a tool without a
    /// name is left out.
    public func tools() async throws -> [MCPTool] {
        let client = try await connected()
        var tools: [MCPTool] = []
        var cursor: String?
        repeat {
            let page = try await client.request("tools/list", params: cursor.map { .object(["cursor": .string($0)]) })
            guard let listed = page["tools"]?.arrayValue else {
                throw MCPClientError.protocolViolation("tools/list answered without a \"tools\" list")
            }
            tools += listed.compactMap(MCPTool.init(json:))
            cursor = page["nextCursor"]?.stringValue
        } while cursor != nil && tools.count < 10_000
        return tools
    }

    /// Calls `tool` with `arguments` (a JSON object).
    public func call(_ tool: String, arguments: JSONValue) async throws -> MCPToolResult {
        let client = try await connected()
        do {
            let answer = try await client.request("tools/call", params: .object(["name": .string(tool), "arguments": arguments]))
            guard let result = MCPToolResult(json: answer) else {
                throw MCPClientError.protocolViolation("tools/call answered without a \"content\" list")
            }
            return result
        } catch MCPClientError.connectionClosed(let why) {
            await reset()
            throw MCPClientError.connectionClosed(why)
        }
    }

    /// Closes the connection and ends the subprocess.
    public func shutdown() async {
        await reset()
    }

    private func reset() async {
        await client?.close()
        client = nil
        if let process, process.isRunning { process.terminate() }
        process = nil
    }

    private func connected() async throws -> MCPClient {
        if let client, await !client.isClosed, process?.isRunning ?? true { return client }
        await reset()
        let transport: any MCPClientTransport
        switch config.connection {
        case .stdio(let command, let environment):
            transport = try await startProcess(command, environment: environment)
        case .http(let url, let headers):
            transport = StreamableHTTPClientTransport(url: url, headers: headers, client: httpClient, requestTimeout: .seconds(60))
        }
        let client = try await MCPClient.connect(over: transport)
        self.client = client
        return client
    }

    private func startProcess(_ command: [String], environment: [String: String]) async throws -> MCPStdioTransport {
        let process = Process()
        if command[0].contains("/") {
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = command
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, configured in configured }
        let toServer = try CloseOnExecPipe.make()
        let fromServer = try CloseOnExecPipe.make()
        let errorsFromServer = try CloseOnExecPipe.make()
        process.standardInput = FileHandle(fileDescriptor: toServer.read, closeOnDealloc: false)
        process.standardOutput = FileHandle(fileDescriptor: fromServer.write, closeOnDealloc: false)
        process.standardError = FileHandle(fileDescriptor: errorsFromServer.write, closeOnDealloc: false)
        do {
            try process.run()
        } catch {
            for pipe in [toServer, fromServer, errorsFromServer] {
                CloseOnExecPipe.close(pipe.read)
                CloseOnExecPipe.close(pipe.write)
            }
            throw MCPClientError.connectionClosed("cannot start \(command.joined(separator: " ")): \(error.localizedDescription)")
        }
        for childsEnd in [toServer.read, fromServer.write, errorsFromServer.write] { CloseOnExecPipe.close(childsEnd) }
        self.process = process
        logger.info("MCP server started", metadata: ["mcp_server": "\(config.name)", "pid": "\(process.processIdentifier)"])
        do {
            try await MCPServerStandardError.start(errorsFromServer.read, server: config.name, logger: logger)
        } catch {
            CloseOnExecPipe.close(fromServer.read)
            CloseOnExecPipe.close(toServer.write)
            throw MCPClientError.connectionClosed("cannot read the standard error of \(command.joined(separator: " ")): \(error)")
        }
        return try await MCPStdioTransport.open(input: fromServer.read, output: toServer.write)
    }
}
