import AsyncHTTPClient
import Config
import Foundation
import Logging
import Wire

/// Every plugin a configuration offers — the built-in ones, the HTTP plugins and the tools of
/// the configured MCP servers — with the MCP connections to close at shutdown.
public struct PluginCatalog: Sendable {
    /// The plugins by name.
    public let registry: PluginRegistry
    /// The MCP servers, connected.
    public let mcpSources: [MCPToolSource]

    /// Builds the catalog — the built-in plugins, then `more` (the domain plugins), the HTTP
    /// plugins and the MCP servers' tools — connecting to each MCP server and listing its tools; a
    /// server that cannot be reached within its `connect_timeout` stops the start, naming it.
    public static func load(_ config: SwitchboardConfig, more: [any Plugin] = [], client: HTTPClient, logger: Logger) async throws(PluginRegistryError) -> PluginCatalog {
        var plugins: [any Plugin] = [CalculatePlugin(), try BuiltinPlugins.calendarPlugin(config.plugins)] + more
        for http in config.plugins.http {
            plugins.append(try HTTPPlugin(config: http, client: client))
        }
        var sources: [MCPToolSource] = []
        for server in config.mcpServers {
            let source = MCPToolSource(config: server, httpClient: client, logger: logger)
            sources.append(source)
            let tools: [MCPTool]
            do {
                tools = try await withDeadline(server.connectTimeout) { try await source.tools() }
            } catch {
                for source in sources { await source.shutdown() }
                throw PluginRegistryError(message: "the MCP server '\(server.name)' could not be reached or did not list its tools: \(error)")
            }
            for tool in tools {
                let plugin = MCPPlugin(tool: tool, source: source, namespace: server.name, readTools: server.readTools, writeTools: server.writeTools)
                guard PluginRegistry.isValidName(plugin.definition.name) else {
                    logger.warning("MCP tool skipped: its name is not a valid tool name", metadata: ["mcp_server": "\(server.name)", "tool": "\(tool.name)"])
                    continue
                }
                plugins.append(plugin)
            }
            logger.info("MCP server connected", metadata: ["mcp_server": "\(server.name)", "tools": "\(tools.count)"])
        }
        do {
            return PluginCatalog(registry: try PluginRegistry(plugins), mcpSources: sources)
        } catch {
            for source in sources { await source.shutdown() }
            throw error
        }
    }

    /// Closes the MCP connections and ends their subprocesses.
    public func shutdown() async {
        for source in mcpSources { await source.shutdown() }
    }

    private static func withDeadline<T: Sendable>(_ timeout: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw PluginError(.timedOut, "no answer within \(timeout)")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }
}
