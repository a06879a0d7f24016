import Config
import Foundation

/// Renders a scenario's system prompt: `{{date}}` (today in China Standard Time, YYYY-MM-DD),
/// `{{tenant}}`, `{{scenario}}`, `{{user}}` (the end user the app named) and
/// `{{profile.FIELD}}` (the scenario's `profile` fields).
enum ScenarioPrompt {
    static func render(_ scenario: ScenarioConfig, tenant: String, endUser: String?, now: Date = Date()) -> String? {
        guard let template = scenario.prompt else { return nil }
        let context: [String: Any] = [
            "date": today(now), "tenant": tenant, "scenario": scenario.name, "user": endUser ?? "", "profile": scenario.profile,
        ]
        return template.render(context)
    }

    /// `now` as a date in Asia/Shanghai.
    static func today(_ now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
