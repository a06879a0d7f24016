import Config
import Logging
import Privacy
import Synchronization
import Timers

/// Holds the current privacy scanner and rebuilds it when a dictionary changes.
///
/// A failed reload keeps the previous scanner (and logs why), so a half-written dictionary file
/// never leaves requests unscanned.
public final class PrivacyScannerReloader: Sendable {
    private let config: PrivacyConfig
    private let state: Mutex<(scanner: PrivacyScanner, fingerprint: [String])>
    private let logger: Logger

    /// Loads the scanner for `config`, or throws what stops it loading.
    public init(config: PrivacyConfig, logger: Logger) throws(PrivacyScannerLoader.LoadError) {
        self.config = config
        self.logger = logger
        let fingerprint = PrivacyScannerLoader.fingerprint(config)
        state = Mutex((try PrivacyScannerLoader.load(config), fingerprint))
    }

    /// The scanner to use now.
    public var scanner: PrivacyScanner {
        state.withLock { $0.scanner }
    }

    /// Checks for changes every `reload_interval` until cancelled.
    public func run() async {
        guard !config.dictionaries.isEmpty else { return }
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: config.reloadInterval)
            } catch {
                return
            }
            // Reading files and SQLite blocks: off the threads that serve requests.
            guard (try? await BlockingWork.run { self.reloadIfChanged() }) != nil else { return }
        }
    }

    /// Rebuilds the scanner if any dictionary changed since the last load. It reads files and
    /// databases and blocks while it does: ``run()`` calls it through ``BlockingWork``.
    public func reloadIfChanged() {
        let fingerprint = PrivacyScannerLoader.fingerprint(config)
        guard fingerprint != state.withLock({ $0.fingerprint }) else { return }
        do {
            let scanner = try PrivacyScannerLoader.load(config)
            state.withLock { $0 = (scanner, fingerprint) }
            logger.info("privacy dictionaries reloaded", metadata: ["dictionaries": "\(config.dictionaries.count)"])
        } catch {
            logger.error("privacy dictionaries could not be reloaded; keeping the previous ones", metadata: ["error": "\(error.description)"])
        }
    }
}
