import AsyncHTTPClient
import Config
import Finance
import Foundation
import Logging
import Plugins
import Testing

/// Quotes: staleness, the simulated market's limits, replaying recorded snapshots, polling a
/// vendor's HTTP API, and minute bars for `history`.
@Suite("Quotes")
struct QuoteTests {
    static func quote(_ code: String, last: Int, prev: Int = 1000, volume: Int = 0, at date: Date) -> Quote {
        Quote(code: code, last: last, open: prev, high: max(prev, last), low: min(prev, last), prevClose: prev, volume: volume, turnover: 0, asOf: date)
    }

    @Test("a quote older than stale_after is reported as stale")
    func staleness() throws {
        let store = QuoteStore(staleAfter: .seconds(10), source: "test")
        let now = Date()
        store.update([Self.quote("600519", last: 1010, at: now)])
        #expect(store.quote("600519", now: now.addingTimeInterval(9))?.stale == false)
        #expect(store.quote("600519", now: now.addingTimeInterval(11))?.stale == true)
        store.update([Self.quote("600519", last: 990, at: now.addingTimeInterval(-60))])
        #expect(store.quote("600519", now: now)?.quote.last == 1010, "an older quote never replaces a newer one")
        #expect(store.quote("000001", now: now) == nil)
        let change = try #require(store.quote("600519", now: now)).quote
        #expect(change.changePercent == "1.00")
    }

    @Test("the simulated market moves in ticks and never leaves the day's limits")
    func simulatedMarket() throws {
        let master = try FinanceServices.securitiesMaster(.defaults)
        let market = SimulatedMarket(securities: master.all, seed: 1, updatesPerSecond: 4)
        let day = CalendarDay("2026-09-15")!
        var quotes = market.opening(on: day, at: Date())
        var generator = SeededGenerator(seed: 9)
        for _ in 0..<2000 { quotes = market.step(quotes, on: day, at: Date(), generator: &generator) }
        for (security, quote) in zip(master.all, quotes) {
            let band = PriceLimitRule.bandPercent(board: security.board, riskWarning: security.riskWarning, asOf: day)
            let limits = PriceLimitRule.limits(prevClose: quote.prevClose, bandPercent: band, tickFloor: true)
            #expect((limits.down...limits.up).contains(quote.low) && (limits.down...limits.up).contains(quote.high), "\(security.code)")
        }
        #expect(quotes.contains { $0.last != $0.prevClose }, "prices moved")
    }

    @Test("a replay feeds recorded snapshots in order, keeps their times, builds minute bars, and judges staleness on its own clock")
    func replay() async throws {
        let file = ScratchSpace.path("ticks", suffix: ".csv")
        try """
            time,code,last,open,high,low,prev_close,volume,turnover
            2026-11-27 09:30:00,600519,1480.00,1480.00,1480.00,1480.00,1475.50,100,148000.00
            2026-11-27 09:30:30,600519,1482.50,1480.00,1482.50,1480.00,1475.50,300,444500.00
            2026-11-27 09:31:10,600519,1479.10,1480.00,1482.50,1479.10,1475.50,450,666365.00
            """.write(to: file, atomically: true, encoding: .utf8)
        let replay = try SnapshotReplay(file: file.path, speed: 1000, loops: false)
        let store = QuoteStore(staleAfter: .seconds(30), source: "replay", clock: { replay.now() })
        await replay.run(into: store)
        let latest = try #require(store.quote("600519", now: replay.snapshots.last!.asOf))
        #expect(latest.quote.last == 147_910)
        #expect(!latest.stale)
        #expect(store.quote("600519", now: replay.snapshots.last!.asOf.addingTimeInterval(31))?.stale == true)
        let bars = store.bars("600519", in: replay.snapshots.first!.asOf...replay.snapshots.last!.asOf)
        #expect(bars.map(\.close) == [148_250, 147_910])
        #expect(bars.map(\.volume) == [300, 150])
        #expect(bars.first?.high == 148_250)
        #expect(throws: QuoteSourceError.self) { try SnapshotReplay(file: "/nonexistent.csv", speed: 1, loops: false) }
    }

    @Test("a bar file replays as a growing day: the day's open, running high and low, summed volume, unknown turnover")
    func replayBars() async throws {
        let file = ScratchSpace.path("bars", suffix: ".csv")
        try """
            time,code,open,high,low,close,volume,prev_close
            2026-11-26 14:59:00,000001,11.02,11.05,11.01,11.03,5000,10.98
            2026-11-27 09:30:00,000001,11.10,11.20,11.08,11.15,1200,11.03
            2026-11-27 09:31:00,000001,11.15,11.16,11.00,11.02,800,11.03
            """.write(to: file, atomically: true, encoding: .utf8)
        let replay = try SnapshotReplay(file: file.path, speed: 10_000, loops: false)
        let store = QuoteStore(staleAfter: .seconds(120), source: "bars", clock: { replay.now() })
        await replay.run(into: store)
        let quote = try #require(store.quote("000001", now: replay.snapshots.last!.asOf)).quote
        #expect(quote.last == 1102)
        #expect(quote.open == 1110, "the day's first bar opened it; yesterday's bar does not count")
        #expect(quote.high == 1120 && quote.low == 1100)
        #expect(quote.volume == 2000)
        #expect(quote.turnover == nil)
        #expect(quote.prevClose == 1103)
    }

    @Test("polling a vendor's snapshot API maps its JSON by the configured paths; items that do not map are skipped")
    func httpPolling() async throws {
        let vendor = try await ServiceDouble { _ in
            #"{"data":{"items":[{"symbol":"600519","px":1488.8,"pre":"1475.50","vol":12000,"ts":1795750200000},{"symbol":"000001","px":"bad"}]}}"#
        }
        defer { vendor.stop() }
        let polling = QuotesConfig.HTTPPolling(
            url: vendor.url + "?codes={codes}", interval: .seconds(2), headers: ["x-token": "t"], list: "data.items",
            fields: ["code": "symbol", "last": "px", "prev_close": "pre", "volume": "vol", "time": "ts"])
        var config = try ConfigLoader.load(path: nil)
        config.quotes = .defaults
        config.quotes.source = .http
        config.quotes.http = polling
        config.quotes.staleAfter = .seconds(5)
        config.dataSources = []
        config.queries = []
        config.knowledge = nil
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let finance = try FinanceServices(config, logger: Logger(label: "test"), httpClient: client)
        let feed = Task { await finance.runQuoteFeed() }
        defer { feed.cancel() }
        let store = try #require(finance.quotes)
        #expect(try await eventually { store.count == 1 })
        let quote = try #require(store.quote("600519", now: Date(timeIntervalSince1970: 1_795_750_201)))
        #expect(quote.quote.last == 148_880)
        #expect(quote.quote.prevClose == 147_550)
        #expect(quote.quote.asOf == Date(timeIntervalSince1970: 1_795_750_200))
        #expect(store.quote("600519")?.stale == true, "the vendor's time is long past: stale, not live")
        #expect(vendor.received.first?.headers["x-token"] == "t")
        feed.cancel()
        try await client.shutdown()
    }

    @Test("polling asks for the codes a batch at a time; a batch that fails leaves the others' quotes")
    func httpPollingInBatches() async throws {
        // Every code asked for gets a quote, except that the batch holding 600519 is refused.
        let vendor = try await ServiceDouble { request in
            let codes = request.uri.split(separator: "=").last.map { $0.split(separator: ",").map(String.init) } ?? []
            if codes.contains("600519") { return "not json" }
            return #"{"items":["# + codes.map { #"{"code":"\#($0)","last":"10.00","prev":"9.90"}"# }.joined(separator: ",") + "]}"
        }
        defer { vendor.stop() }
        var config = try ConfigLoader.load(path: nil)
        config.quotes = .defaults
        config.quotes.source = .http
        config.quotes.http = QuotesConfig.HTTPPolling(
            url: vendor.url + "?codes={codes}", interval: .seconds(30), headers: [:], list: "items", fields: ["code": "code", "last": "last", "prev_close": "prev"],
            batch: 25)
        config.dataSources = []
        config.queries = []
        config.knowledge = nil
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let finance = try FinanceServices(config, logger: Logger(label: "test"), httpClient: client)
        let securities = finance.master.all.count
        let feed = Task { await finance.runQuoteFeed() }
        defer { feed.cancel() }
        let store = try #require(finance.quotes)
        #expect(try await eventually { store.count >= securities - 25 })
        let requests = vendor.received
        #expect(requests.count == (securities + 24) / 25, "one request per 25 codes")
        let asked = requests.flatMap { $0.uri.split(separator: "=").last.map { $0.split(separator: ",").map(String.init) } ?? [] }
        #expect(asked.count == securities && Set(asked).count == securities, "every code once")
        #expect(requests.allSatisfy { ($0.uri.split(separator: "=").last?.split(separator: ",").count ?? 0) <= 25 })
        #expect(store.quote("600519") == nil, "its batch failed")
        let failedBatch = try #require(asked.firstIndex(of: "600519")) / 25
        let served = asked.enumerated().filter { $0.offset / 25 != failedBatch }.map(\.element)
        #expect(served.allSatisfy { store.quote($0)?.quote.last == 1000 }, "the other batches' quotes are in")
        feed.cancel()
        try await client.shutdown()
    }
}
