import Store

/// The console's pages: where each is, what it is called, and who may see it.
enum ConsolePage: String, Sendable, CaseIterable {
    case overview, live, audit, approvals, tenants, keys, playground, config

    /// Its address.
    var path: String { self == .overview ? "/console" : "/console/\(rawValue)" }

    /// The key of its title in ``ConsoleText``.
    var titleKey: String { "page_\(rawValue)" }

    /// Whether `role` may see it.
    func isVisible(to role: Role) -> Bool {
        switch self {
        case .overview, .live, .audit, .tenants: role == .admin || role == .auditor
        case .approvals: role.mayApprove
        case .keys, .playground, .config: role == .admin
        }
    }

    /// The first page `role` may see.
    static func landing(for role: Role) -> ConsolePage? {
        allCases.first { $0.isVisible(to: role) }
    }
}

/// What a console handler produced.
enum ConsoleOutcome {
    /// A page: its body template, the context for it, and a notice above it.
    case page(ConsolePage, template: String, context: [String: Any], notice: Notice? = nil, title: String? = nil)
    /// Go to another address (303).
    case redirect(String)
    /// A file to download.
    case download(contentType: String, filename: String, body: String)
    /// A refusal or a missing thing, shown as a page with this status and message.
    case refusal(status: Int, id: String, message: String)

    /// A line above a page's content saying how an action went.
    struct Notice {
        /// `ok` or `bad`.
        var kind: String
        /// What happened.
        var text: String
    }
}
