import Config
import Foundation
import Wire

/// A tool of an external MCP server offered as the plugin `namespace__tool`. Its effect is
/// `read` only when the server marks it read-only (or the configuration lists it in
/// `read_tools`) and the configuration does not list it in `write_tools`; anything else needs
/// a person's approval.
public struct MCPPlugin: Plugin {
    public let definition: PluginDefinition
    private let toolName: String
    private let source: MCPToolSource

    /// Creates the plugin for `tool` of `source`.
    init(tool: MCPTool, source: MCPToolSource, namespace: String, readTools: [String], writeTools: [String]) {
        let readOnly = (tool.readOnlyHint == true || readTools.contains(tool.name)) && !writeTools.contains(tool.name)
        var parameters = tool.inputSchema
        if parameters.objectValue == nil { parameters = .object(["type": .string("object")]) }
        definition = PluginDefinition(
            name: namespace + PluginsConfig.namespaceSeparator + tool.name, description: tool.description ?? tool.title ?? tool.name, parameters: parameters,
            effect: readOnly ? .read : .write)
        toolName = tool.name
        self.source = source
    }

    public func invoke(_ arguments: JSONValue, context: PluginContext) async throws(PluginError) -> PluginResult {
        let result: MCPToolResult
        do {
            result = try await source.call(toolName, arguments: arguments.objectValue == nil ? .object([:]) : arguments)
        } catch {
            throw PluginError(.unavailable, "the MCP server '\(source.config.name)' could not run '\(toolName)': \(error)")
        }
        let texts = result.texts
        let text = texts.joined(separator: "\n")
        if result.isError { throw PluginError(.failed, text.isEmpty ? "the tool reported an error" : text) }
        let value: JSONValue = texts.count == 1 ? ((try? JSONValue.parse(text)) ?? .string(text)) : .string(text)
        return PluginResult(content: value, provenance: Provenance(source: "mcp:\(source.config.name)", asOf: Date()))
    }
}
