import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// JSON helpers for the fake's responses (Foundation's serializer, without escaped slashes).
enum JSONBody {
    static func data(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes, .sortedKeys])) ?? Data("{}".utf8)
    }

    static func response(_ object: Any, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(data: data(object))))
    }

    static func sseEvent(_ object: Any, event: String? = nil) -> ByteBuffer {
        var text = ""
        if let event { text += "event: \(event)\n" }
        text += "data: " + String(decoding: data(object), as: UTF8.self) + "\n\n"
        return ByteBuffer(string: text)
    }

    static func parse(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }
}

extension ByteBuffer {
    init(data: Data) {
        self = ByteBuffer(bytes: data)
    }
}
