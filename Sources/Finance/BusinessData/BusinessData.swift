import Config
import Foundation
import GRDB
import Plugins

/// The institution's databases (opened read-only) and the query plugins over them.
public struct BusinessData: Sendable {
    /// The query plugins, in configuration order.
    public let plugins: [QueryPlugin]

    /// Opens every data source (creating a demo one from the shipped script when asked: on disk,
    /// or in memory when `writesDemoData` is false) and prepares every query; any failure names
    /// the source or query.
    public init(sources: [DataSourceConfig], queries: [QueryConfig], writesDemoData: Bool = true) throws(PluginRegistryError) {
        var databases: [String: DatabaseQueue] = [:]
        for source in sources {
            do {
                if source.createDemo, !FileManager.default.fileExists(atPath: source.sqlitePath) {
                    guard writesDemoData else {
                        databases[source.name] = try Self.demoInMemory()
                        continue
                    }
                    try Self.createDemo(at: source.sqlitePath)
                }
                guard FileManager.default.fileExists(atPath: source.sqlitePath) else {
                    throw PluginRegistryError(message: "data source '\(source.name)': \(source.sqlitePath) does not exist")
                }
                var configuration = Configuration()
                configuration.readonly = true
                configuration.busyMode = .timeout(2)
                databases[source.name] = try DatabaseQueue(path: source.sqlitePath, configuration: configuration)
            } catch let error as PluginRegistryError {
                throw error
            } catch {
                throw PluginRegistryError(message: "data source '\(source.name)' (\(source.sqlitePath)) cannot be opened: \(error)")
            }
        }
        var plugins: [QueryPlugin] = []
        for query in queries {
            guard let database = databases[query.source] else {
                throw PluginRegistryError(message: "the query '\(query.name)' names the data source '\(query.source)', which is not configured")
            }
            plugins.append(try QueryPlugin(config: query, database: database, sourceName: query.source))
        }
        self.plugins = plugins
    }

    /// The demo database in memory.
    static func demoInMemory() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in try db.execute(sql: EmbeddedDemoData.businessSQL) }
        return queue
    }

    /// Writes the demo database (fictional clients, accounts, positions, orders, products).
    static func createDemo(at path: String) throws {
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: EmbeddedDemoData.businessSQL) }
        try queue.close()
    }
}
