import Foundation

/// The rule packs available: the shipped eligibility packs and the institution's own.
public struct RulePackLibrary: Sendable {
    /// The packs by name.
    public let packs: [String: RulePack]

    /// Loads the shipped packs and the files given (`plugins.rule_packs`); a pack that does not
    /// parse or type-check, or a duplicate name, is an error naming the file, line and column.
    public init(files: [String]) throws(RulePackError) {
        var packs: [String: RulePack] = [:]
        var sources: [(text: String, file: String)] = [(EmbeddedRulePacks.eligibility, "<shipped eligibility packs>")]
        for file in files {
            do {
                sources.append((try String(contentsOfFile: file, encoding: .utf8), file))
            } catch {
                throw RulePackError("\(file): cannot be read: \(error.localizedDescription)")
            }
        }
        for source in sources {
            for pack in try RulePack.load(yaml: source.text, file: source.file) {
                guard packs[pack.name] == nil else { throw RulePackError("\(source.file): a rule pack named '\(pack.name)' is already loaded") }
                packs[pack.name] = pack
            }
        }
        self.packs = packs
    }
}
