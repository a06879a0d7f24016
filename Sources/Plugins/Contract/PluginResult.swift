import Foundation
import Wire

/// What a plugin returns: the data, and where it came from.
public struct PluginResult: Sendable, Equatable {
    /// The result the model reads.
    public var content: JSONValue
    /// Where the data came from and the figures it contains.
    public var provenance: Provenance

    /// Creates a result.
    public init(content: JSONValue, provenance: Provenance) {
        self.content = content
        self.provenance = provenance
    }

    /// The result with its provenance, as the model and the command line see it.
    public var json: JSONValue {
        .object(["result": content, "provenance": provenance.json])
    }
}

/// The source, the time the data is valid for, and the figures a result contains (so that an
/// answer's numbers can be checked against them).
public struct Provenance: Sendable, Equatable {
    /// The system or rule the data came from, e.g. `switchboard.calculate` or `mcp:crm`.
    public var source: String
    /// When the data was true (a quote's time, a calendar file's version date, now for a computation).
    public var asOf: Date
    /// Named figures in the result, as exact decimal strings, e.g. `["result": "1.27"]`.
    public var figures: [String: String]

    /// Creates a provenance.
    public init(source: String, asOf: Date, figures: [String: String] = [:]) {
        self.source = source
        self.asOf = asOf
        self.figures = figures
    }

    /// The provenance as JSON (`as_of` in ISO 8601, UTC).
    public var json: JSONValue {
        .object([
            "source": .string(source),
            "as_of": .string(Self.timestamp(asOf)),
            "figures": .object(figures.mapValues { .string($0) }),
        ])
    }

    /// An ISO 8601 UTC timestamp with milliseconds.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted))
    }
}
