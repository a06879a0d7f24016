import AsyncHTTPClient
import Config
import Foundation
import NIOCore
import NIOHTTP1
import Wire

/// A plugin served by one of the institution's own HTTP services: the validated arguments are
/// POSTed as JSON (with the tenant, end user and request id as headers), and the JSON answer is
/// the result.
///
/// An answer shaped `{"result": …, "as_of": "ISO 8601", "figures": {"name": "decimal"}}` gives
/// its own provenance; any other JSON answer is the result as a whole, as of the time it arrived.
public struct HTTPPlugin: Plugin {
    public let definition: PluginDefinition
    private let config: HTTPPluginConfig
    private let client: HTTPClient

    /// Creates the plugin from its configuration; `client` is shared and outlives it.
    public init(config: HTTPPluginConfig, client: HTTPClient) throws(PluginRegistryError) {
        let parameters: JSONValue
        do {
            parameters = try JSONValue.parse(config.parametersJSON)
        } catch {
            throw PluginRegistryError(message: "the plugin '\(config.name)' has parameters that are not JSON: \(error.description)")
        }
        definition = PluginDefinition(name: config.name, description: config.description, parameters: parameters, effect: config.effect == "write" ? .write : .read)
        self.config = config
        self.client = client
    }

    public func invoke(_ arguments: JSONValue, context: PluginContext) async throws(PluginError) -> PluginResult {
        var request = HTTPClientRequest(url: config.url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "x-request-id", value: context.requestID)
        request.headers.add(name: "x-switchboard-tenant", value: context.tenant)
        if let endUser = context.endUser { request.headers.add(name: "x-switchboard-user", value: endUser) }
        if let scenario = context.scenario { request.headers.add(name: "x-switchboard-scenario", value: scenario) }
        for (name, value) in config.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: arguments.encoded))
        let remaining = context.deadline - .now
        let timeout = max(TimeAmount.nanoseconds(1), TimeAmount(remaining))
        let body: ByteBuffer
        let status: HTTPResponseStatus
        do {
            let response = try await client.execute(request, timeout: timeout)
            status = response.status
            body = try await response.body.collect(upTo: 4 << 20)
        } catch {
            // The client's timeout is the tool's deadline: running out of it is a timeout, the
            // same outcome the runner reports when it cuts a tool off.
            if (error as? HTTPClientError) == .deadlineExceeded || ContinuousClock.now >= context.deadline {
                throw PluginError(.timedOut, "the service behind '\(config.name)' did not answer before the tool's deadline")
            }
            throw PluginError(.unavailable, "the service behind '\(config.name)' could not be reached: \(error)")
        }
        let value = body.withUnsafeReadableBytes { try? JSONValue.parse($0) }
        guard (200..<300).contains(status.code) else {
            let detail = value?["error"]?["message"]?.stringValue ?? value?["message"]?.stringValue ?? String(buffer: body).prefix(300).description
            throw PluginError(.failed, "the service behind '\(config.name)' answered \(status.code): \(detail)")
        }
        guard let value else {
            throw PluginError(.unavailable, "the service behind '\(config.name)' answered with something that is not JSON")
        }
        // Not the URL's host: an internal address is infrastructure detail the model has no use
        // for, and an IP address would count as internal data in every result.
        let source = config.source ?? config.name
        if let result = value["result"] {
            let asOf = value["as_of"]?.stringValue.flatMap { try? Date($0, strategy: .iso8601) } ?? Date()
            let figures = value["figures"]?.objectValue?.compactMapValues { $0.stringValue ?? Self.literal($0) } ?? [:]
            return PluginResult(content: result, provenance: Provenance(source: source, asOf: asOf, figures: figures))
        }
        return PluginResult(content: value, provenance: Provenance(source: source, asOf: Date()))
    }

    public func summary(of arguments: JSONValue) -> String {
        "\(config.description.split(separator: "\n").first.map(String.init) ?? config.name) — \(config.name) \(arguments.encodedString)"
    }

    private static func literal(_ value: JSONValue) -> String? {
        if case .number(let literal) = value { return literal }
        return nil
    }
}
