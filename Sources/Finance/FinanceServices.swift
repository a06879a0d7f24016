import AsyncHTTPClient
import Config
import Foundation
import Logging
import Plugins

/// The financial plugins and the data behind them: the securities master (the operators' file,
/// or the embedded demo master), the trading calendar, the institution's databases and their
/// queries, and — when configured — the quote store and the feed that fills it.
public final class FinanceServices: Sendable {
    /// The securities master.
    public let master: SecuritiesMaster
    /// The trading calendar.
    public let calendar: TradingCalendar
    /// The latest quotes, when a quote source is configured.
    public let quotes: QuoteStore?
    private let feed: QuoteFeed?
    private let businessData: BusinessData
    /// The rule packs: shipped eligibility packs and the institution's own.
    public let rulePacks: RulePackLibrary
    /// The indexed documents, when `knowledge` is configured.
    public let knowledge: KnowledgeBase?
    private let embedder: TextEmbedder?
    private let rerankCandidates: Int

    /// Builds the services for a configuration; a simulated market's store starts with the day's
    /// opening quotes.
    /// `embedder` serves `knowledge.rerank`, when configured. With `writesDemoData` false (a
    /// configuration check), a demo data source that does not exist yet is built in memory
    /// instead of on disk, so that checking leaves no files behind.
    public init(
        _ config: SwitchboardConfig, logger: Logger, httpClient: HTTPClient, embedder: TextEmbedder? = nil, writesDemoData: Bool = true
    ) throws(PluginRegistryError) {
        master = try Self.securitiesMaster(config.plugins)
        self.embedder = config.knowledge?.rerank == nil ? nil : embedder
        rerankCandidates = config.knowledge?.rerank?.candidates ?? 20
        do throws(RulePackError) {
            rulePacks = try RulePackLibrary(files: config.plugins.rulePacks)
        } catch {
            throw PluginRegistryError(message: error.description)
        }
        if let knowledgeConfig = config.knowledge {
            do throws(KnowledgeError) {
                knowledge = try KnowledgeBase(config: knowledgeConfig, logger: logger)
            } catch {
                throw PluginRegistryError(message: error.description)
            }
        } else {
            knowledge = nil
        }
        calendar = try BuiltinPlugins.calendarPlugin(config.plugins).calendar
        businessData = try BusinessData(sources: config.dataSources, queries: config.queries, writesDemoData: writesDemoData)
        let quotesConfig = config.quotes
        switch quotesConfig.source {
        case .none:
            quotes = nil
            feed = nil
        case .simulated:
            let store = QuoteStore(staleAfter: quotesConfig.staleAfter, source: "simulated market (demonstration prices, not real)")
            let market = SimulatedMarket(securities: master.all, seed: quotesConfig.seed, updatesPerSecond: quotesConfig.updatesPerSecond)
            store.update(market.opening(on: CalendarDay.today(), at: Date()))
            quotes = store
            feed = .simulated(market)
        case .replay:
            guard let replayConfig = quotesConfig.replay else { throw PluginRegistryError(message: "quotes.replay is missing") }
            let replay: SnapshotReplay
            do throws(QuoteSourceError) {
                replay = try SnapshotReplay(file: replayConfig.file, speed: replayConfig.speed, loops: replayConfig.loop)
            } catch {
                throw PluginRegistryError(message: error.description)
            }
            quotes = QuoteStore(staleAfter: quotesConfig.staleAfter, source: "replay of \(replayConfig.file) (recorded data, not live)", clock: { replay.now() })
            feed = .replay(replay)
        case .http:
            guard let polling = quotesConfig.http else { throw PluginRegistryError(message: "quotes.http is missing") }
            let host = URL(string: polling.url.replacingOccurrences(of: "{codes}", with: "x"))?.host ?? polling.url
            quotes = QuoteStore(staleAfter: quotesConfig.staleAfter, source: "quote feed \(host)")
            feed = .http(HTTPQuotePolling(config: polling, codes: master.all.map(\.code), client: httpClient, logger: logger))
        }
    }

    /// The plugins: `price_limits`, `check_order`, `check_suitability`, `quote` when quotes are
    /// configured, and the configured queries.
    public var plugins: [any Plugin] {
        var plugins: [any Plugin] = [
            PriceLimitsPlugin(master: master), CheckOrderPlugin(master: master, calendar: calendar), CheckSuitabilityPlugin(),
            CheckEligibilityPlugin(library: rulePacks), EvaluateRulesPlugin(library: rulePacks),
        ]
        if let quotes { plugins += [QuotePlugin(master: master, store: quotes), HistoryPlugin(master: master, store: quotes)] as [any Plugin] }
        if let knowledge { plugins.append(SearchDocumentsPlugin(knowledge: knowledge, embedder: embedder, candidates: rerankCandidates)) }
        return plugins + businessData.plugins
    }

    /// Re-indexes changed documents until cancelled (returns at once without a folder).
    public func runKnowledgeReindex() async {
        await knowledge?.run()
    }

    /// Runs the quote feed until cancelled (returns at once without one).
    public func runQuoteFeed() async {
        guard let feed, let quotes else { return }
        switch feed {
        case .simulated(let market): await market.run(into: quotes)
        case .replay(let replay): await replay.run(into: quotes)
        case .http(let polling): await polling.run(into: quotes)
        }
    }

    /// The securities master of `plugins.securities_file`, or the embedded demo master.
    public static func securitiesMaster(_ config: PluginsConfig) throws(PluginRegistryError) -> SecuritiesMaster {
        do throws(SecuritiesMasterError) {
            guard let file = config.securitiesFile else {
                return try SecuritiesMaster(csv: EmbeddedSecurities.cnAShares, file: "<embedded securities master>")
            }
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw SecuritiesMasterError("\(file): cannot be read: \(error.localizedDescription)")
            }
            return try SecuritiesMaster(csv: text, file: file)
        } catch {
            throw PluginRegistryError(message: error.description)
        }
    }
}

/// What fills the quote store.
enum QuoteFeed: Sendable {
    case simulated(SimulatedMarket)
    case replay(SnapshotReplay)
    case http(HTTPQuotePolling)
}
