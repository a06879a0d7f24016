/// Where Switchboard keeps its state.
public enum StoreConfig: Sendable, Equatable {
    /// An SQLite database file (created with its folder if missing).
    case sqlite(path: String)

    /// The embedded default: `./switchboard-data/switchboard.db`.
    public static let defaults = StoreConfig.sqlite(path: "./switchboard-data/switchboard.db")
}
