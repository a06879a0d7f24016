import Gateway
import HTTPTypes
import Hummingbird
import NIOCore
import Wire

/// Serves `GET /v1/responses/{id}` and `DELETE /v1/responses/{id}`: a stored response of the
/// key's tenant (any other tenant's is a 404, as if it did not exist).
struct StoredResponseResponder: Sendable {
    let gateway: Gateway

    /// The stored response object.
    func show(_ context: SwitchboardRequestContext, id: String) async -> Response {
        await answer(context) { tenant throws(APIError) in
            try await gateway.responses.load(id: id, tenant: tenant).response.encoded
        }
    }

    /// Deletes it: `{"id", "object": "response.deleted", "deleted": true}`.
    func delete(_ context: SwitchboardRequestContext, id: String) async -> Response {
        await answer(context) { tenant throws(APIError) in
            guard try await gateway.responses.delete(id: id, tenant: tenant) else {
                throw APIError(
                    status: 404, type: "invalid_request_error", code: "response_not_found", message: "There is no stored response '\(id)' for this key's tenant.")
            }
            return JSONValue.object(["id": .string(id), "object": .string("response.deleted"), "deleted": .bool(true)]).encoded
        }
    }

    private func answer(_ context: SwitchboardRequestContext, _ body: (String) async throws(APIError) -> [UInt8]) async -> Response {
        do throws(APIError) {
            let caller = try context.modelCaller()
            return Response(
                status: .ok, headers: [.contentType: "application/json", .requestID: context.requestID],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: try await body(caller.tenant))))
        } catch {
            return error.response(requestID: context.requestID)
        }
    }
}
