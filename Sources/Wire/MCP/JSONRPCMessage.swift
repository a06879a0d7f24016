/// One JSON-RPC 2.0 message, as MCP exchanges them: a request, a notification (a request
/// without an id, which gets no answer), or a response carrying a result or an error.
public enum JSONRPCMessage: Sendable, Equatable {
    /// A call that expects a response with the same id.
    case request(id: JSONValue, method: String, params: JSONValue?)
    /// A call that expects no response.
    case notification(method: String, params: JSONValue?)
    /// The successful answer to the request `id`.
    case result(id: JSONValue, JSONValue)
    /// The failed answer to the request `id` (`null` when the request could not be read).
    case error(id: JSONValue, JSONRPCError)

    /// Reads one message from a JSON document.
    public static func parse(_ bytes: [UInt8]) throws(JSONRPCError) -> JSONRPCMessage {
        try message(in: try document(bytes))
    }

    /// Reads the JSON document a message or a batch of them is in.
    public static func document(_ bytes: [UInt8]) throws(JSONRPCError) -> JSONValue {
        do {
            return try JSONValue.parse(bytes)
        } catch {
            throw .parseError("Parse error: the body is not JSON (\(error))")
        }
    }

    /// Reads one message from a decoded JSON value.
    public static func message(in value: JSONValue) throws(JSONRPCError) -> JSONRPCMessage {
        guard let members = value.objectValue else {
            let what = value.arrayValue == nil ? "a JSON \(value.typeName)" : "a batch"
            throw .invalidRequest("Invalid Request: expected one JSON-RPC message object, got \(what)")
        }
        guard members["jsonrpc"]?.stringValue == "2.0" else {
            throw .invalidRequest("Invalid Request: \"jsonrpc\" must be \"2.0\"")
        }
        let id = members["id"]
        if let id, !isValidID(id) {
            throw .invalidRequest("Invalid Request: \"id\" must be a string or an integer")
        }
        if let methodValue = members["method"] {
            guard let method = methodValue.stringValue else { throw .invalidRequest("Invalid Request: \"method\" must be a string") }
            let params = members["params"]
            if let params, params.objectValue == nil, params.arrayValue == nil {
                throw .invalidRequest("Invalid Request: \"params\" must be an object or an array")
            }
            guard let id else { return .notification(method: method, params: params) }
            return .request(id: id, method: method, params: params)
        }
        guard let id else { throw .invalidRequest("Invalid Request: a response needs an \"id\"") }
        if let error = members["error"] {
            guard let code = error["code"]?.intValue, let message = error["message"]?.stringValue else {
                throw .invalidRequest("Invalid Request: an error needs an integer \"code\" and a string \"message\"")
            }
            return .error(id: id, JSONRPCError(code: code, message: message, data: error["data"]))
        }
        guard let result = members["result"] else {
            throw .invalidRequest("Invalid Request: a message needs a \"method\", a \"result\" or an \"error\"")
        }
        return .result(id: id, result)
    }

    private static func isValidID(_ id: JSONValue) -> Bool {
        switch id {
        case .string: true
        case .number: id.intValue != nil
        default: false
        }
    }

    /// The message as a JSON value.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["jsonrpc": .string("2.0")]
        switch self {
        case .request(let id, let method, let params):
            members["id"] = id
            members["method"] = .string(method)
            if let params { members["params"] = params }
        case .notification(let method, let params):
            members["method"] = .string(method)
            if let params { members["params"] = params }
        case .result(let id, let result):
            members["id"] = id
            members["result"] = result
        case .error(let id, let error):
            members["id"] = id
            members["error"] = error.json
        }
        return .object(members)
    }

    /// The message's JSON text.
    public var encoded: [UInt8] { json.encoded }
}
