/// A JSON-RPC 2.0 error object: a code, a message for people, and optional data.
public struct JSONRPCError: Error, Sendable, Equatable {
    /// The error code; -32768 to -32000 are reserved by JSON-RPC.
    public var code: Int
    /// What went wrong, for a person reading it.
    public var message: String
    /// Further details, when there are any.
    public var data: JSONValue?

    /// Creates an error.
    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// The body is not JSON (-32700).
    public static func parseError(_ message: String) -> JSONRPCError { JSONRPCError(code: -32700, message: message) }
    /// The JSON is not a valid message (-32600).
    public static func invalidRequest(_ message: String) -> JSONRPCError { JSONRPCError(code: -32600, message: message) }
    /// No such method (-32601).
    public static func methodNotFound(_ method: String) -> JSONRPCError {
        JSONRPCError(code: -32601, message: "Method not found: \(method)")
    }
    /// The method's parameters are wrong (-32602).
    public static func invalidParams(_ message: String) -> JSONRPCError { JSONRPCError(code: -32602, message: message) }
    /// The receiver failed (-32603).
    public static func internalError(_ message: String) -> JSONRPCError { JSONRPCError(code: -32603, message: message) }

    /// The error object as JSON.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["code": .integer(code), "message": .string(message)]
        if let data { members["data"] = data }
        return .object(members)
    }
}
