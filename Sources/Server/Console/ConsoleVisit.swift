import Foundation
import Gateway
import Hummingbird
import Store

/// One signed-in request to the console: who, in which language, with which form fields.
struct ConsoleVisit {
    /// The session.
    var session: ConsoleSession
    /// The language of the page.
    var language: ConsoleLanguage
    /// The request's query parameters.
    var query: [String: String]
    /// The posted form, for a POST.
    var form: FormBody
    /// The request id (for audit records the action writes).
    var requestID: String

    /// Who is signed in.
    var caller: Caller { session.caller }

    /// A text in the page's language.
    func text(_ key: String) -> String { ConsoleText.text(key, language) }

    /// A text with each `%@` replaced by the next of `values`.
    func text(_ key: String, _ values: String...) -> String {
        ConsoleText.format(key, language, values)
    }

    /// The query parameter `name`, trimmed, nil when absent or blank.
    func parameter(_ name: String) -> String? {
        guard let value = query[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}

extension ConsoleText {
    /// The text `key` with each `%@` replaced by the next of `values`.
    static func format(_ key: String, _ language: ConsoleLanguage, _ values: [String]) -> String {
        var result = ""
        var remaining = values[...]
        var pattern = Substring(text(key, language))
        while let marker = pattern.range(of: "%@") {
            result += pattern[..<marker.lowerBound]
            result += remaining.popFirst() ?? ""
            pattern = pattern[marker.upperBound...]
        }
        return result + pattern
    }
}
