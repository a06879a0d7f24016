import Mustache

/// Renders the console's templates: a page's body, then the frame around it.
struct ConsoleRenderer: Sendable {
    private let library: MustacheLibrary

    /// Parses every template; a template that does not parse is a programming error caught by the tests.
    init() {
        let templates: [String: String] = [
            "head": LayoutTemplates.head, "layout": LayoutTemplates.layout, "signIn": LayoutTemplates.signIn, "errorPage": LayoutTemplates.errorPage,
            "bareError": LayoutTemplates.bareError, "overview": OverviewTemplate.body, "live": LiveTemplate.body,
            "exchangeRow": LiveTemplate.exchangeRow, "auditSearch": AuditTemplates.search, "auditRecord": AuditTemplates.record,
            "approvals": AdminTemplates.approvals, "tenants": AdminTemplates.tenants, "keys": AdminTemplates.keys,
            "playground": ToolTemplates.playground, "config": ToolTemplates.configuration,
        ]
        var library = MustacheLibrary()
        for (name, text) in templates {
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("console template '\(name)' does not parse: \(error)")
            }
        }
        self.library = library
    }

    /// The template `name` rendered with `context`.
    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}
