import Config
import Foundation
import Wire

/// The model aliases, and which tenant may see which.
public struct ModelCatalog: Sendable {
    private let models: [String: ModelConfig]
    private let ordered: [ModelConfig]
    private let created = Int(Date().timeIntervalSince1970)

    /// Creates a catalog of `models`.
    public init(models: [ModelConfig]) {
        ordered = models
        self.models = Dictionary(models.map { ($0.alias, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The alias, if it exists and `tenant` may use it; otherwise a 404.
    public func resolve(alias: String, tenant: String) throws(APIError) -> ModelConfig {
        guard let model = models[alias], model.permits(tenant: tenant) else {
            throw .modelNotFound(alias)
        }
        return model
    }

    /// The OpenAI `GET /v1/models` body listing the aliases `tenant` may use, then `extra` ids
    /// (the tenant's scenarios as `scenario/NAME`).
    public func listBody(tenant: String, extra: [String] = []) -> [UInt8] {
        var output: [UInt8] = Array(#"{"object":"list","data":["#.utf8)
        for (index, id) in ids(tenant: tenant, extra: extra).enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: #"{"id":"#.utf8)
            JSONStringLiteral.append(id, to: &output)
            output.append(contentsOf: #","object":"model","created":\#(created),"owned_by":"switchboard"}"#.utf8)
        }
        output.append(contentsOf: "]}".utf8)
        return output
    }

    /// The same list in the shape of Anthropic's `GET /v1/models`, for a caller that sends
    /// `anthropic-version`.
    public func anthropicListBody(tenant: String, extra: [String] = []) -> [UInt8] {
        let ids = ids(tenant: tenant, extra: extra)
        let createdAt = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(created)))
        return JSONValue.object([
            "data": .array(ids.map { .object(["type": .string("model"), "id": .string($0), "display_name": .string($0), "created_at": .string(createdAt)]) }),
            "has_more": .bool(false), "first_id": ids.first.map(JSONValue.string) ?? .null, "last_id": ids.last.map(JSONValue.string) ?? .null,
        ]).encoded
    }

    private func ids(tenant: String, extra: [String]) -> [String] {
        ordered.filter { $0.permits(tenant: tenant) }.map(\.alias) + extra
    }
}
