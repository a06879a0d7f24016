import AsyncHTTPClient
import Config
import Foundation

/// The built-in plugins' construction from configuration.
public enum BuiltinPlugins {
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
