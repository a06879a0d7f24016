import Foundation
import Yams

/// A suite of evaluation cases for one scenario, read from YAML:
///
/// ```yaml
/// name: market-demo
/// scenario: market            # the scenario the cases run in (--scenario overrides)
/// cases:
///   - name: quote
///     question: "600519 现价多少"   # or messages: [{ role: user, content: … }]
///     user: C0001                 # optional end user (X-Switchboard-User)
///     expect_tools: [quote]       # the plugins that must be called, in any order
///     must_include: ["600519"]    # figures (matched by value) or text the answer must contain
///     must_not_include: ["保本"]   # text it must not contain
///     reference: "…"              # the exact answer, where one is right
///     expect_verdict: pass        # the rails' verdict (default: anything but block)
///     require_grounded: true      # every figure of the answer grounded or derived
/// ```
public struct EvalSuite: Sendable, Decodable {
    /// One message of a case's conversation.
    public struct Message: Sendable, Codable, Equatable {
        /// `system`, `user`, `assistant`.
        public var role: String
        /// Its text.
        public var content: String
    }

    /// One case.
    public struct Case: Sendable, Decodable {
        /// Its name, unique in the suite.
        public var name: String
        /// The question, as a one-message conversation.
        public var question: String?
        /// The conversation (instead of `question`).
        public var messages: [Message]?
        /// The end user.
        public var user: String?
        /// Plugins that must be called.
        public var expectTools: [String]?
        /// Figures or text the answer must contain.
        public var mustInclude: [String]?
        /// Text the answer must not contain.
        public var mustNotInclude: [String]?
        /// The exact answer.
        public var reference: String?
        /// The rails' verdict expected.
        public var expectVerdict: String?
        /// Whether every figure must be grounded or derived.
        public var requireGrounded: Bool?

        enum CodingKeys: String, CodingKey {
            case name, question, messages, user, reference
            case expectTools = "expect_tools", mustInclude = "must_include", mustNotInclude = "must_not_include", expectVerdict = "expect_verdict"
            case requireGrounded = "require_grounded"
        }

        /// The conversation sent.
        public var conversation: [Message] {
            messages ?? [Message(role: "user", content: question ?? "")]
        }
    }

    /// The suite's name.
    public var name: String
    /// The scenario its cases run in.
    public var scenario: String?
    /// The model alias, for a suite of plain model calls (no scenario).
    public var model: String?
    /// The cases.
    public var cases: [Case]

    /// Reads the suite at `path`; the error says what is wrong and where.
    public static func load(path: String) throws(EvalSuiteError) -> EvalSuite {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw EvalSuiteError("\(path): cannot be read (\(error.localizedDescription))")
        }
        let suite: EvalSuite
        do {
            suite = try YAMLDecoder().decode(EvalSuite.self, from: text)
        } catch let error as DecodingError {
            throw EvalSuiteError("\(path): \(Self.describe(error))")
        } catch {
            throw EvalSuiteError("\(path): \(error)")
        }
        var names: Set<String> = []
        for (index, item) in suite.cases.enumerated() {
            if !names.insert(item.name).inserted { throw EvalSuiteError("\(path): cases[\(index)].name: another case is named '\(item.name)'") }
            if item.question == nil, item.messages?.isEmpty ?? true { throw EvalSuiteError("\(path): cases[\(index)]: give question or messages") }
            if let verdict = item.expectVerdict, !["pass", "flag", "block"].contains(verdict) {
                throw EvalSuiteError("\(path): cases[\(index)].expect_verdict: expected pass, flag or block, found '\(verdict)'")
            }
        }
        if suite.cases.isEmpty { throw EvalSuiteError("\(path): cases: the suite has no cases") }
        return suite
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)).\(key.stringValue): missing".trimmingCharacters(in: CharacterSet(charactersIn: "."))
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// A suite that cannot be read.
public struct EvalSuiteError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, with the file and the key.
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
