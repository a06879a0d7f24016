/// The MCP protocol revisions Switchboard speaks, on both sides: all of them negotiate with
/// `initialize`, list tools with `tools/list` and call them with `tools/call`, which is all
/// Switchboard uses.
public enum MCPProtocolVersion {
    /// Every revision spoken, newest first.
    public static let supported = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]

    /// The newest revision spoken, offered by the client and answered to clients that ask for
    /// one Switchboard does not know.
    public static let latest = supported[0]

    /// Whether `version` lets a client send several messages in one JSON-RPC batch: 2025-03-26
    /// added batches and 2025-06-18 took them out again.
    public static func allowsBatches(_ version: String) -> Bool {
        version == "2025-03-26"
    }

    /// The revision a server answers to a client that asked for `requested` (the same one
    /// when it is spoken, else the newest).
    public static func negotiate(_ requested: String?) -> String {
        if let requested, supported.contains(requested) { return requested }
        return latest
    }
}
