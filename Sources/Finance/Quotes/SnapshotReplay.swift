import Foundation
import Plugins
import Synchronization

/// Recorded quotes replayed from a CSV file at a chosen speed, for demonstrations and tests: a
/// file of snapshots (ticks), `time,code,last,open,high,low,prev_close,volume,turnover`, or of
/// bars, `time,code,open,high,low,close,volume,prev_close` (time as `YYYY-MM-DD HH:MM:SS` China
/// time, or ISO 8601 with a zone). Quotes keep their recorded times, and staleness is judged on
/// the replay's clock.
public final class SnapshotReplay: Sendable {
    /// The header of a snapshot (tick) file.
    public static let snapshotHeader = "time,code,last,open,high,low,prev_close,volume,turnover"
    /// The header of a bar file (each bar's close becomes the last price; turnover is unknown).
    public static let barHeader = "time,code,open,high,low,close,volume,prev_close"

    /// The snapshots in time order.
    public let snapshots: [Quote]
    /// Recorded seconds per real second.
    public let speed: Double
    /// Whether it starts again at the end.
    public let loops: Bool
    private let started = Mutex<Date?>(nil)

    /// Reads the file; errors name the file and line.
    public init(file: String, speed: Double, loops: Bool) throws(QuoteSourceError) {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw QuoteSourceError("\(file): cannot be read: \(error.localizedDescription)")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let header = lines.first ?? ""
        guard header == Self.snapshotHeader || header == Self.barHeader else {
            throw QuoteSourceError("\(file):1: the header must be \(Self.snapshotHeader) (snapshots) or \(Self.barHeader) (bars)")
        }
        lines.removeFirst()
        var snapshots: [Quote] = []
        var days: [String: (day: CalendarDay, quote: Quote)] = [:]
        for (index, line) in lines.enumerated() where !line.hasPrefix("#") {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let place = "\(file):\(index + 2)"
            let columns = header == Self.snapshotHeader ? 9 : 8
            guard fields.count == columns, let time = QuoteTime.parse(fields[0]) else { throw QuoteSourceError("\(place): expected \(columns) fields starting with a time") }
            let code = fields[1]
            if header == Self.snapshotHeader {
                let prices = fields[2...6].map { Cents.parse($0)?.fen }
                guard prices.allSatisfy({ $0 != nil }), let volume = Int(fields[7]), let turnover = Cents.parse(fields[8])?.fen else {
                    throw QuoteSourceError("\(place): prices must be decimals with at most 2 places, volume a whole number")
                }
                snapshots.append(Quote(
                    code: code, last: prices[0]!, open: prices[1]!, high: prices[2]!, low: prices[3]!, prevClose: prices[4]!, volume: volume,
                    turnover: turnover, asOf: time))
            } else {
                // A bar extends the day so far: open from the day's first bar, running high and low, volume summed.
                let prices = [fields[2], fields[3], fields[4], fields[5], fields[7]].map { Cents.parse($0)?.fen }
                guard prices.allSatisfy({ $0 != nil }), let volume = Int(fields[6]) else {
                    throw QuoteSourceError("\(place): prices must be decimals with at most 2 places, volume a whole number")
                }
                let (open, high, low, close, prevClose) = (prices[0]!, prices[1]!, prices[2]!, prices[3]!, prices[4]!)
                let day = CalendarDay.today(time)
                var quote = Quote(code: code, last: close, open: open, high: high, low: low, prevClose: prevClose, volume: volume, turnover: nil, asOf: time)
                if let previous = days[code], previous.day == day {
                    quote.open = previous.quote.open
                    quote.high = max(previous.quote.high, high)
                    quote.low = min(previous.quote.low, low)
                    quote.volume += previous.quote.volume
                }
                days[code] = (day, quote)
                snapshots.append(quote)
            }
        }
        guard !snapshots.isEmpty else { throw QuoteSourceError("\(file): no snapshots") }
        self.snapshots = snapshots.sorted { $0.asOf < $1.asOf }
        self.speed = speed
        self.loops = loops
    }

    /// The replay's clock: the recorded time now (the first snapshot's time before it starts).
    public func now() -> Date {
        guard let start = started.withLock({ $0 }), let first = snapshots.first?.asOf, let last = snapshots.last?.asOf else {
            return snapshots.first?.asOf ?? Date()
        }
        var elapsed = Date().timeIntervalSince(start) * speed
        let span = max(1, last.timeIntervalSince(first))
        if loops { elapsed = elapsed.truncatingRemainder(dividingBy: span + 1) }
        return first.addingTimeInterval(elapsed)
    }

    /// Replays into `store` until cancelled (or the end, without looping).
    public func run(into store: QuoteStore) async {
        guard let first = snapshots.first?.asOf else { return }
        repeat {
            started.withLock { $0 = Date() }
            for snapshot in snapshots {
                let due = snapshot.asOf.timeIntervalSince(first) / speed
                let wait = due - Date().timeIntervalSince(started.withLock { $0 ?? Date() })
                if wait > 0 {
                    do { try await Task.sleep(for: .milliseconds(Int64(wait * 1000))) } catch { return }
                }
                store.update([snapshot])
            }
            if loops { store.reset() }
        } while loops && !Task.isCancelled
    }
}

/// Times in quote files and feeds: `YYYY-MM-DD HH:MM:SS` in China time, ISO 8601, or epoch
/// seconds or milliseconds.
enum QuoteTime {
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let number = Double(trimmed) { return Date(timeIntervalSince1970: number > 100_000_000_000 ? number / 1000 : number) }
        if let date = try? Date(trimmed, strategy: .iso8601) { return date }
        let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard parts.count == 2, let day = CalendarDay(String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3 else { return nil }
        return Date(timeIntervalSince1970: Double(day.ordinal) * 86_400 + Double(clock[0] * 3600 + clock[1] * 60 + clock[2]) - 8 * 3600)
    }
}

/// A quote source that cannot start.
public struct QuoteSourceError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
