import Config
import Foundation
import GRDB
import Privacy

/// Builds the privacy scanner from config: built-in recognizers, dictionaries read from their
/// files or databases, custom recognizers, keyword categories and the level map.
public enum PrivacyScannerLoader {
    /// A dictionary, recognizer or level that could not be loaded.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        /// What went wrong and what to do.
        public var description: String
    }

    /// The scanner for `config`; `clock` says what day it is (see ``PrivacyScanner``).
    public static func load(_ config: PrivacyConfig, clock: @escaping @Sendable () -> Date = { Date() }) throws(LoadError) -> PrivacyScanner {
        var entries: [(text: String, type: EntityType)] = []
        for dictionary in config.dictionaries {
            let type = EntityType(rawValue: dictionary.type)
            entries += try read(dictionary.source).map { ($0, type) }
        }
        var custom: [CustomRecognizer] = []
        var levels: [EntityType: DataLevel] = [:]
        for recognizer in config.recognizers {
            let validator = recognizer.validator.flatMap(ChecksumValidator.init(rawValue:))
            do {
                custom.append(try CustomRecognizer(
                    type: EntityType(rawValue: recognizer.type), pattern: recognizer.pattern, validator: validator, context: recognizer.context))
            } catch {
                throw LoadError(description: "privacy.recognizers: the pattern for \(recognizer.type) does not compile: \(error)")
            }
            levels[EntityType(rawValue: recognizer.type)] = DataLevel(rawValue: recognizer.level)
        }
        for (name, level) in config.levels {
            levels[EntityType(rawValue: name)] = DataLevel(rawValue: level)
        }
        let keywords = config.keywords.compactMap { keyword in
            DataLevel(rawValue: keyword.level).map { KeywordCategory(name: keyword.category, words: keyword.words, level: $0) }
        }
        return PrivacyScanner(dictionary: entries, keywords: keywords, custom: custom, levels: LevelMap.defaults.merging(levels), clock: clock)
    }

    /// The entries of one dictionary source.
    static func read(_ source: DictionarySource) throws(LoadError) -> [String] {
        switch source {
        case .file(let path):
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw LoadError(description: "privacy dictionary \(path) cannot be read (\(error.localizedDescription)); check the path")
            }
            return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        case .sqlite(let path, let query):
            do {
                var configuration = Configuration()
                configuration.readonly = true
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                return try queue.read { db in
                    try String.fetchAll(db, sql: query).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
            } catch {
                throw LoadError(description: "privacy dictionary query against \(path) failed: \(error); check sqlite and query")
            }
        }
    }

    /// A fingerprint of the sources' current contents, to notice changes.
    static func fingerprint(_ config: PrivacyConfig) -> [String] {
        config.dictionaries.map { dictionary in
            switch dictionary.source {
            case .file(let path):
                let attributes = try? FileManager.default.attributesOfItem(atPath: path)
                let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
                return "\(path)|\(modified)|\(size)"
            case .sqlite:
                let entries = (try? read(dictionary.source)) ?? []
                return "\(entries.count)|\(entries.hashValue)"
            }
        }
    }
}
