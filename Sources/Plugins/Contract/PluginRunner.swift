import Foundation
import Timers
import Wire

/// Runs one plugin call with the gateway's guarantees: arguments validated against the schema,
/// a deadline, and a cap on the size of the result.
public struct PluginRunner: Sendable {
    /// The plugins.
    public let registry: PluginRegistry
    /// The longest a call may take.
    public let timeout: Duration
    /// The largest result, in bytes of JSON, handed back.
    public let maximumResultBytes: Int

    /// Creates a runner.
    public init(registry: PluginRegistry, timeout: Duration, maximumResultBytes: Int) {
        self.registry = registry
        self.timeout = timeout
        self.maximumResultBytes = maximumResultBytes
    }

    /// Runs `name` with the already validated `arguments`; the context's deadline is replaced by
    /// now + ``timeout`` when that is sooner.
    public func run(_ name: String, arguments: JSONValue, context: PluginContext) async throws(PluginError) -> PluginResult {
        guard let plugin = registry.plugin(named: name) else {
            throw PluginError(.unknownPlugin, "there is no tool named '\(name)'")
        }
        var context = context
        context.deadline = min(context.deadline, .now + timeout)
        let deadline = context.deadline
        let bounded = context
        let outcome: Result<PluginResult, PluginError> = await withTaskGroup(of: Result<PluginResult, PluginError>?.self) { group in
            group.addTask {
                do throws(PluginError) {
                    return .success(try await plugin.invoke(arguments, context: bounded))
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                try? await Sleeper.sleep(until: deadline)
                return Task.isCancelled ? nil : .failure(PluginError(.timedOut, "the tool '\(name)' did not answer in time (the limit is \(Self.describe(self.timeout)))"))
            }
            var first: Result<PluginResult, PluginError>?
            while first == nil, let next = await group.next() { first = next }
            group.cancelAll()
            return first ?? .failure(PluginError(.timedOut, "the tool '\(name)' was cancelled"))
        }
        let result = try outcome.get()
        let size = result.json.encoded.count
        guard size <= maximumResultBytes else {
            throw PluginError(.resultTooLarge, "the tool '\(name)' returned \(size) bytes, more than the limit of \(maximumResultBytes); ask for less (a narrower range, fewer codes)")
        }
        return result
    }

    private static func describe(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}
