import Config
import Foundation
import Plugins
import Wire

/// Renders a scenario's system prompt: `{{date}}` (today in China Standard Time, YYYY-MM-DD),
/// `{{tenant}}`, `{{scenario}}`, `{{user.id}}` (the end user the app named), `{{user.FIELD}}`
/// (the end user's profile fields the app sent in `X-Switchboard-User-Profile`) and
/// `{{profile.FIELD}}` (the scenario's own `profile` fields).
enum ScenarioPrompt {
    static func render(_ scenario: ScenarioConfig, tenant: String, endUser: String?, userProfile: [String: String], now: Date = Date()) -> String? {
        guard let template = scenario.prompt else { return nil }
        var user = userProfile
        user["id"] = endUser ?? ""
        let context: [String: Any] = [
            "date": CalendarDay.today(now).description, "tenant": tenant, "scenario": scenario.name, "user": user, "profile": scenario.profile,
        ]
        return template.render(context)
    }

    /// The profile fields of `X-Switchboard-User-Profile`: a JSON object of strings.
    static func userProfile(_ header: String?) throws(APIError) -> [String: String] {
        guard let header else { return [:] }
        guard header.utf8.count <= 4096, let object = (try? JSONValue.parse(header))?.objectValue else {
            throw .invalidRequest(
                "The header X-Switchboard-User-Profile must be a JSON object of strings under 4 KiB, e.g. {\"name\": \"张伟\", \"risk_level\": \"C3\"}.",
                code: "invalid_user_profile")
        }
        var profile: [String: String] = [:]
        for (key, value) in object {
            guard let text = value.stringValue else {
                throw .invalidRequest("The field '\(key)' of X-Switchboard-User-Profile must be a string.", code: "invalid_user_profile")
            }
            profile[key] = text
        }
        return profile
    }
}
