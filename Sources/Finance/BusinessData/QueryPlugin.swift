import Config
import Foundation
import GRDB
import Plugins
import Timers
import Wire

/// A named, read-only query of one of the institution's databases, offered as a plugin: the SQL
/// is fixed by the configuration, parameters bound from the authenticated context (`bind`) can
/// never be supplied by the model, and the model's own parameters are validated against their
/// declared types before they are bound. Results are typed, limited to `max_rows`, and the query
/// is interrupted after `timeout`.
public struct QueryPlugin: Plugin {
    public let definition: PluginDefinition
    private let config: QueryConfig
    private let database: DatabaseQueue
    private let sourceName: String

    /// Prepares the query against `database`; fails when the SQL does not compile, writes, or
    /// names parameters other than those bound and declared.
    init(config: QueryConfig, database: DatabaseQueue, sourceName: String) throws(PluginRegistryError) {
        self.config = config
        self.database = database
        self.sourceName = sourceName
        var properties: [String: JSONValue] = [:]
        for parameter in config.parameters {
            var schema: [String: JSONValue] =
                switch parameter.kind {
                case .string: ["type": .string("string")]
                case .integer: ["type": .string("integer")]
                case .decimal: ["type": .array([.string("string"), .string("number")]), "pattern": .string(#"^-?[0-9]+(\.[0-9]+)?$"#)]
                case .date: ["type": .string("string"), "format": .string("date")]
                case .boolean: ["type": .string("boolean")]
                }
            if let pattern = parameter.pattern { schema["pattern"] = .string(pattern) }
            if let description = parameter.description { schema["description"] = .string(description) }
            properties[parameter.name] = .object(schema)
        }
        definition = PluginDefinition(
            name: config.name, description: config.description,
            parameters: .object([
                "type": .string("object"), "properties": .object(properties),
                "required": .array(config.parameters.filter(\.required).map { .string($0.name) }), "additionalProperties": .bool(false),
            ]),
            effect: .read)
        let names = Set(config.bind.keys).union(config.parameters.map(\.name))
        do {
            try database.read { db in
                let statement = try db.makeStatement(sql: config.sql)
                guard statement.isReadonly else { throw PluginRegistryError(message: "the query '\(config.name)' is not read-only; queries may only read") }
                let placeholders = StatementArguments(Dictionary(uniqueKeysWithValues: names.map { ($0, DatabaseValue.null) }))
                try statement.validateArguments(placeholders)
            }
        } catch let error as PluginRegistryError {
            throw error
        } catch {
            throw PluginRegistryError(message: "the query '\(config.name)' does not prepare against data source '\(sourceName)': \(error). Its :parameters must be exactly those of bind and parameters (\(names.sorted().joined(separator: ", "))).")
        }
    }

    public func invoke(_ arguments: JSONValue, context: PluginContext) async throws(PluginError) -> PluginResult {
        var values: [String: DatabaseValue] = [:]
        for (parameter, source) in config.bind {
            switch source {
            case .endUser:
                guard let user = context.endUser, !user.isEmpty else {
                    throw PluginError(.failed, "'\(config.name)' reads the records of the end user, and none was named: the app must send X-Switchboard-User")
                }
                values[parameter] = user.databaseValue
            case .tenant:
                values[parameter] = context.tenant.databaseValue
            }
        }
        for parameter in config.parameters {
            values[parameter.name] = try Self.databaseValue(arguments[parameter.name], parameter)
        }
        let statementArguments = StatementArguments(values)
        let sql = config.sql
        let limit = config.maxRows
        let database = self.database
        let watchdog = Task {
            try await Sleeper.sleep(for: config.timeout)
            database.interrupt()
        }
        defer { watchdog.cancel() }
        let table: (columns: [String], rows: [JSONValue], truncated: Bool)
        do {
            table = try await database.read { db in
                let statement = try db.makeStatement(sql: sql)
                statement.arguments = statementArguments
                let cursor = try Row.fetchCursor(statement)
                var rows: [JSONValue] = []
                var truncated = false
                while let row = try cursor.next() {
                    if rows.count == limit {
                        truncated = true
                        break
                    }
                    var members: [String: JSONValue] = [:]
                    for (column, value) in row { members[column] = Self.json(value) }
                    rows.append(.object(members))
                }
                return (statement.columnNames, rows, truncated)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            throw PluginError(.timedOut, "'\(config.name)' did not finish within \(config.timeout)")
        } catch {
            throw PluginError(.unavailable, "'\(config.name)' could not read data source '\(sourceName)': \(error)")
        }
        return PluginResult(
            content: .object([
                "columns": .array(table.columns.map(JSONValue.string)), "rows": .array(table.rows), "row_count": .integer(table.rows.count),
                "truncated": .bool(table.truncated),
            ]),
            provenance: Provenance(source: "query:\(config.name) (\(sourceName))", asOf: Date(), figures: Self.figures(table.rows)))
    }

    /// The numbers in the first rows (`rows[i].column`), integers and decimal strings alike, so
    /// that an answer's figures can be checked against them.
    static func figures(_ rows: [JSONValue]) -> [String: String] {
        var figures: [String: String] = [:]
        for (index, row) in rows.prefix(50).enumerated() {
            for (column, value) in row.objectValue ?? [:] {
                switch value {
                case .number(let literal): figures["rows[\(index)].\(column)"] = literal
                case .string(let text) where Cents.parse(text) != nil: figures["rows[\(index)].\(column)"] = text
                default: break
                }
            }
        }
        return figures
    }

    /// The SQLite value of a model argument, checked against the parameter's type.
    static func databaseValue(_ value: JSONValue?, _ parameter: QueryConfig.Parameter) throws(PluginError) -> DatabaseValue {
        guard let value, value != .null else { return .null }
        switch (parameter.kind, value) {
        case (.string, .string(let text)), (.date, .string(let text)): return text.databaseValue
        case (.integer, .number(let literal)):
            guard let number = Int64(literal) else { break }
            return number.databaseValue
        case (.decimal, .string(let text)), (.decimal, .number(let text)): return text.databaseValue
        case (.boolean, .bool(let flag)): return (flag ? 1 : 0).databaseValue
        default: break
        }
        throw PluginError(.invalidArguments, "\(parameter.name) must be a \(parameter.kind.rawValue)")
    }

    /// A column value as JSON: integers as numbers, text as strings (decimals are stored as text
    /// to stay exact), reals as number literals, blobs as base64.
    static func json(_ value: DatabaseValue) -> JSONValue {
        switch value.storage {
        case .null: .null
        case .int64(let number): .number(String(number))
        case .double(let number): number.isFinite ? .number("\(number)") : .null
        case .string(let text): .string(text)
        case .blob(let data): .string(data.base64EncodedString())
        }
    }
}
