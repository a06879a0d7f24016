import Wire

/// Checks the shape of a chat request's `messages` that the gateway relies on, as OpenAI's API
/// does: each message an object with a known `role`; `content` a string, an array of parts, or
/// null where the role allows it; each part an object with a string `type`. Unknown part types
/// and unknown fields pass (and are inspected like everything else).
enum ChatMessageShape {
    /// The roles a message may have.
    static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool", "function"]

    /// Throws a 400 naming the JSON path of the first thing out of shape in the array at `range`.
    static func validate(_ bytes: UnsafeRawBufferPointer, messages range: Range<Int>) throws(APIError) {
        guard let messages = try? JSONObjectScanner.scanArray(bytes, in: range) else { return }
        for (index, element) in messages.enumerated() {
            let path = "messages[\(index)]"
            guard element.kind == .object, let message = try? JSONObjectScanner.scanObject(bytes, in: element.range) else {
                throw invalid("\(path) must be an object with a role and content.", path: path)
            }
            guard let roleMember = message.member("role") else {
                throw invalid("\(path).role is required: one of \(roleList).", path: "\(path).role", code: "missing_required_parameter")
            }
            guard roleMember.kind == .string, let role = try? JSONObjectScanner.decodeString(bytes, at: roleMember.valueRange) else {
                throw invalid("\(path).role must be a string: one of \(roleList).", path: "\(path).role")
            }
            guard roles.contains(role) else {
                throw invalid("\(path).role is '\(role)'; expected one of \(roleList).", path: "\(path).role", code: "invalid_value")
            }
            let mayOmitContent = role == "assistant" || role == "function"
            guard let content = message.member("content") else {
                if mayOmitContent { continue }
                throw invalid("\(path).content is required for a \(role) message: a string or an array of content parts.", path: "\(path).content", code: "missing_required_parameter")
            }
            switch content.kind {
            case .string:
                continue
            case .null where mayOmitContent:
                continue
            case .array:
                try validateParts(bytes, content.valueRange, path: "\(path).content")
            default:
                throw invalid(
                    "\(path).content must be a string or an array of content parts\(mayOmitContent ? ", or null" : ""); found \(content.kind).",
                    path: "\(path).content")
            }
        }
    }

    private static func validateParts(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, path: String) throws(APIError) {
        guard let parts = try? JSONObjectScanner.scanArray(bytes, in: range) else { return }
        for (index, element) in parts.enumerated() {
            let partPath = "\(path)[\(index)]"
            guard element.kind == .object, let part = try? JSONObjectScanner.scanObject(bytes, in: element.range) else {
                throw invalid("\(partPath) must be an object with a type, e.g. {\"type\": \"text\", \"text\": \"…\"}.", path: partPath)
            }
            guard let type = part.member("type") else {
                throw invalid("\(partPath).type is required, e.g. \"text\" or \"image_url\".", path: "\(partPath).type", code: "missing_required_parameter")
            }
            guard type.kind == .string else {
                throw invalid("\(partPath).type must be a string, e.g. \"text\" or \"image_url\".", path: "\(partPath).type")
            }
        }
    }

    private static var roleList: String { roles.sorted().joined(separator: ", ") }

    private static func invalid(_ message: String, path: String, code: String = "invalid_type") -> APIError {
        .invalidRequest("Invalid request shape: \(message)", param: path, code: code)
    }
}
