import AsyncHTTPClient
import Config
import Foundation
import Logging
import NIOCore
import Wire

/// A vendor's snapshot API polled over HTTP: each answer's JSON is mapped to quotes by the
/// configured field paths. The codes go `batch` to a request, one request after another, so
/// that no URL grows with the securities master. A failed poll (or batch) is logged and the
/// last quotes stay, so they turn stale rather than disappear.
public struct HTTPQuotePolling: Sendable {
    let config: QuotesConfig.HTTPPolling
    let codes: [String]
    let client: HTTPClient
    let logger: Logger

    /// Polls into `store` until cancelled.
    public func run(into store: QuoteStore) async {
        while !Task.isCancelled {
            do {
                store.update(try await poll())
            } catch {
                logger.warning("quote poll failed; keeping the last quotes", metadata: ["url": "\(config.url)", "error": "\(error)"])
            }
            do { try await Task.sleep(for: config.interval) } catch { return }
        }
    }

    /// One poll: the quotes the answers hold (items that do not map are skipped). A batch that
    /// fails is logged and its codes keep their last quotes; the poll fails when every batch does.
    public func poll() async throws -> [Quote] {
        guard config.url.contains("{codes}"), !codes.isEmpty else { return try await request(config.url) }
        var quotes: [Quote] = []
        var failures: [String] = []
        let size = max(1, config.batch)
        for start in stride(from: 0, to: codes.count, by: size) {
            let batch = codes[start..<min(start + size, codes.count)]
            do {
                quotes += try await request(config.url.replacingOccurrences(of: "{codes}", with: batch.joined(separator: ",")))
            } catch {
                failures.append("codes \(batch.first!)…\(batch.last!): \(error)")
            }
        }
        if !failures.isEmpty {
            if quotes.isEmpty { throw QuoteSourceError(failures.joined(separator: "; ")) }
            logger.warning(
                "some quote batches failed; their codes keep their last quotes",
                metadata: ["url": "\(config.url)", "failed": "\(failures.joined(separator: "; "))"])
        }
        return quotes
    }

    /// One request: the quotes its answer holds.
    private func request(_ url: String) async throws -> [Quote] {
        var request = HTTPClientRequest(url: url)
        for (name, value) in config.headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .seconds(max(1, config.interval.components.seconds)))
        let body = try await response.body.collect(upTo: 16 << 20)
        guard (200..<300).contains(response.status.code) else { throw QuoteSourceError("HTTP \(response.status.code)") }
        let root = try body.withUnsafeReadableBytes { try JSONValue.parse($0) }
        let list = config.list.isEmpty ? root : Self.value(at: config.list, in: root)
        guard let items = list?.arrayValue else { throw QuoteSourceError("no array at '\(config.list)' in the answer") }
        let received = Date()
        return items.compactMap { quote(from: $0, received: received) }
    }

    private func quote(from item: JSONValue, received: Date) -> Quote? {
        func field(_ name: String) -> JSONValue? { config.fields[name].flatMap { Self.value(at: $0, in: item) } }
        func fen(_ name: String) -> Int? {
            switch field(name) {
            case .number(let literal)?, .string(let literal)?: Cents.parse(literal)?.fen
            default: nil
            }
        }
        guard let code = field("code")?.stringValue ?? field("code").flatMap({ if case .number(let n) = $0 { n } else { nil } }),
            let last = fen("last"), let prevClose = fen("prev_close")
        else { return nil }
        let time: Date? =
            switch field("time") {
            case .number(let literal)?, .string(let literal)?: QuoteTime.parse(literal)
            default: nil
            }
        let volume = field("volume").flatMap { value -> Int? in if case .number(let n) = value { Int(n) ?? Double(n).map { Int($0) } } else { value.stringValue.flatMap { Int($0) } } } ?? 0
        return Quote(
            code: code, last: last, open: fen("open") ?? last, high: fen("high") ?? last, low: fen("low") ?? last, prevClose: prevClose, volume: volume,
            turnover: fen("turnover"), asOf: time ?? received)
    }

    /// The value at a dot path (`data.items`, `quote.price`).
    static func value(at path: String, in root: JSONValue) -> JSONValue? {
        path.split(separator: ".").reduce(Optional(root)) { value, key in value?[String(key)] }
    }
}
