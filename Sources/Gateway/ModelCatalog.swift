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
        for (index, id) in (ordered.filter({ $0.permits(tenant: tenant) }).map(\.alias) + extra).enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: #"{"id":"#.utf8)
            JSONStringLiteral.append(id, to: &output)
            output.append(contentsOf: #","object":"model","created":\#(created),"owned_by":"switchboard"}"#.utf8)
        }
        output.append(contentsOf: "]}".utf8)
        return output
    }
}
