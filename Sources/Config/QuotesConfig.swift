/// The `quotes` section: where market quotes come from and how old they may be.
public struct QuotesConfig: Sendable, Equatable {
    /// Where quotes come from.
    public enum Source: String, Sendable, Equatable, CaseIterable {
        /// No quote source: the `quote` plugin is not offered.
        case none
        /// A simulated market for demonstrations (not real prices).
        case simulated
        /// Recorded snapshots replayed from a CSV file.
        case replay
        /// A vendor's snapshot API, polled over HTTP.
        case http
    }

    /// A replay of recorded snapshots.
    public struct Replay: Sendable, Equatable {
        /// The CSV file: `time,code,last,open,high,low,prev_close,volume,turnover`.
        public var file: String
        /// How many recorded seconds pass per real second.
        public var speed: Double
        /// Start again from the top when the file ends.
        public var loop: Bool

        /// Creates a replay.
        public init(file: String, speed: Double, loop: Bool) {
            self.file = file
            self.speed = speed
            self.loop = loop
        }
    }

    /// A vendor's snapshot API and how its JSON maps to quote fields.
    public struct HTTPPolling: Sendable, Equatable {
        /// The URL; `{codes}` is replaced by the master's codes, comma-separated, `batch` at a time.
        public var url: String
        /// How many codes one request asks for; a poll makes as many requests as it takes.
        public var batch: Int
        /// How often it is polled.
        public var interval: Duration
        /// Request headers (credentials).
        public var headers: [String: String]
        /// The dot path of the array of quotes in the answer (empty: the answer is the array).
        public var list: String
        /// Quote field → dot path inside each item: `code`, `last`, `open`, `high`, `low`,
        /// `prev_close`, `volume`, `turnover`, `time` (epoch seconds or milliseconds, or ISO 8601).
        public var fields: [String: String]

        /// Creates a polling source.
        public init(url: String, interval: Duration, headers: [String: String], list: String, fields: [String: String], batch: Int = 100) {
            self.url = url
            self.batch = batch
            self.interval = interval
            self.headers = headers
            self.list = list
            self.fields = fields
        }
    }

    /// Where quotes come from.
    public var source: Source = .none
    /// How old a quote may be and still count as live.
    public var staleAfter: Duration = .seconds(10)
    /// The simulated market's random seed.
    public var seed: UInt64 = 20_261_129
    /// The simulated market's updates per second.
    public var updatesPerSecond: Int = 4
    /// With `source: replay`.
    public var replay: Replay?
    /// With `source: http`.
    public var http: HTTPPolling?

    /// No quote source.
    public static let defaults = QuotesConfig()
}
