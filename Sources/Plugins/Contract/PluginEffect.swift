/// What running a plugin does to the world.
public enum PluginEffect: String, Sendable, Codable, Equatable {
    /// Only reads: safe to run on a model's request.
    case read
    /// Changes something (places an order, sends a message): runs only after a person approves.
    case write
}
