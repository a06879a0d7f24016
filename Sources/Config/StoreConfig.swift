/// A PostgreSQL server to keep state in, as `store.postgres` names it.
public struct PostgresSettings: Sendable, Equatable {
    /// The server's host name or address.
    public var host: String
    /// Its port.
    public var port: Int
    /// The role to connect as.
    public var user: String
    /// Its password, if it needs one.
    public var password: String?
    /// The database.
    public var database: String
    /// Whether to speak TLS: `disable`, `prefer` or `require` (libpq's `sslmode`).
    public var tls: TLSMode
    /// This instance's name: its audit chain. Each instance sharing the database needs its own.
    public var instance: String

    /// libpq's `sslmode` values Switchboard understands.
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        case disable, prefer, require
    }

    /// Creates settings.
    public init(host: String, port: Int, user: String, password: String?, database: String, tls: TLSMode, instance: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
        self.instance = instance
    }

    /// The settings in a `postgres://user:password@host:port/database?sslmode=…` URL, or why
    /// it is not one.
    public static func parse(url text: String, instance: String) -> Result<PostgresSettings, ParseError> {
        guard let schemeEnd = text.range(of: "://"), ["postgres", "postgresql"].contains(String(text[..<schemeEnd.lowerBound])) else {
            return .failure(ParseError("expected a URL such as postgres://switchboard@127.0.0.1:5432/switchboard"))
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else { return .failure(ParseError("name the database after the host, as in …@127.0.0.1:5432/switchboard")) }
        let database = String(rest[rest.index(after: slash)...])
        var authority = rest[..<slash]
        var user = "postgres"
        var password: String?
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = String(credentials[..<colon]).removingPercentEncodingIfPossible
                password = String(credentials[credentials.index(after: colon)...]).removingPercentEncodingIfPossible
            } else {
                user = String(credentials).removingPercentEncodingIfPossible
            }
        }
        var host = String(authority)
        var port = 5432
        if let colon = authority.lastIndex(of: ":") {
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else {
                return .failure(ParseError("the port must be a number from 1 to 65535"))
            }
            port = number
            host = String(authority[..<colon])
        }
        guard !host.isEmpty, !database.isEmpty, !user.isEmpty else { return .failure(ParseError("the URL needs a host and a database")) }
        var tls = TLSMode.prefer
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == "sslmode" else { return .failure(ParseError("the only URL parameter understood is sslmode, found '\(pair)'")) }
            guard let mode = TLSMode(rawValue: parts[1]) else { return .failure(ParseError("sslmode must be disable, prefer or require, found '\(parts[1])'")) }
            tls = mode
        }
        return .success(PostgresSettings(host: host, port: port, user: user, password: password, database: database, tls: tls, instance: instance))
    }

    /// Why a URL was not understood.
    public struct ParseError: Error, Sendable, Equatable {
        /// What is wrong.
        public var message: String

        init(_ message: String) { self.message = message }
    }
}

extension String {
    /// The string with `%XX` escapes decoded, or as it is when they are malformed.
    fileprivate var removingPercentEncodingIfPossible: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(), let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else if byte == UInt8(ascii: "%") {
                return self
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Where Switchboard keeps its state.
public enum StoreConfig: Sendable, Equatable {
    /// An SQLite database file (created with its folder if missing): one instance.
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresSettings)

    /// The embedded default: `./switchboard-data/switchboard.db`.
    public static let defaults = StoreConfig.sqlite(path: "./switchboard-data/switchboard.db")
}
