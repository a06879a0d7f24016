import AsyncHTTPClient
import Config
import Foundation

/// Builds the plugin registry a configuration describes: the built-in plugins and the
/// institution's HTTP plugins.
public enum BuiltinPlugins {
    /// The registry for `config`; HTTP plugins use `client`.
    public static func registry(_ config: PluginsConfig, client: HTTPClient) throws(PluginRegistryError) -> PluginRegistry {
        var plugins: [any Plugin] = [CalculatePlugin(), try calendarPlugin(config)]
        for http in config.http {
            plugins.append(try HTTPPlugin(config: http, client: client))
        }
        return try PluginRegistry(plugins)
    }

    /// The calendar plugin over `calendar_file`, or over the embedded calendar.
    public static func calendarPlugin(_ config: PluginsConfig) throws(PluginRegistryError) -> CalendarPlugin {
        do throws(TradingCalendarError) {
            if let file = config.calendarFile {
                let text: String
                do {
                    text = try String(contentsOfFile: file, encoding: .utf8)
                } catch {
                    throw TradingCalendarError("\(file): cannot be read: \(error.localizedDescription)")
                }
                return CalendarPlugin(calendar: try TradingCalendar(yaml: text, file: file), source: file)
            }
            return CalendarPlugin(calendar: try TradingCalendar(yaml: EmbeddedCalendar.cnAShares, file: "<embedded calendar>"), source: "embedded calendar")
        } catch {
            throw PluginRegistryError(message: error.description)
        }
    }
}
