import HTTPTypes

/// The request headers a model call is answered by, read in one pass over the head's fields.
///
/// A header sent more than once reads as its values joined with `, `, as `HTTPFields`'
/// subscript reads it; a header not sent is nil.
struct ModelCallHeaders: Sendable {
    /// `x-request-id`.
    var requestID: String?
    /// `connection`.
    var connection: String?
    /// `authorization`.
    var authorization: String?
    /// `x-api-key`.
    var apiKey: String?
    /// `traceparent`.
    var traceparent: String?
    /// `x-switchboard-user`.
    var user: String?
    /// `x-switchboard-scenario`.
    var scenario: String?
    /// `x-switchboard-priority`.
    var priority: String?
    /// `x-switchboard-user-profile`.
    var userProfile: String?
    /// `x-switchboard-data-level`.
    var dataLevel: String?

    /// Which of the properties a header fills.
    private enum Slot {
        case requestID, connection, authorization, apiKey, traceparent, user, scenario, priority, userProfile, dataLevel
    }

    /// The slots by canonical (lower-case) header name, made once.
    private static let slots: [String: Slot] = [
        HTTPField.Name.requestID.canonicalName: .requestID,
        HTTPField.Name.connection.canonicalName: .connection,
        HTTPField.Name.authorization.canonicalName: .authorization,
        HTTPField.Name.apiKey.canonicalName: .apiKey,
        HTTPField.Name.traceparent.canonicalName: .traceparent,
        HTTPField.Name.switchboardUser.canonicalName: .user,
        HTTPField.Name.switchboardScenario.canonicalName: .scenario,
        HTTPField.Name.switchboardPriority.canonicalName: .priority,
        HTTPField.Name.switchboardUserProfile.canonicalName: .userProfile,
        HTTPField.Name.switchboardDataLevel.canonicalName: .dataLevel,
    ]

    /// Reads `fields`, each field once.
    init(_ fields: HTTPFields) {
        let slots = Self.slots
        for field in fields {
            guard let slot = slots[field.name.canonicalName] else { continue }
            switch slot {
            case .requestID: Self.add(field.value, to: &requestID)
            case .connection: Self.add(field.value, to: &connection)
            case .authorization: Self.add(field.value, to: &authorization)
            case .apiKey: Self.add(field.value, to: &apiKey)
            case .traceparent: Self.add(field.value, to: &traceparent)
            case .user: Self.add(field.value, to: &user)
            case .scenario: Self.add(field.value, to: &scenario)
            case .priority: Self.add(field.value, to: &priority)
            case .userProfile: Self.add(field.value, to: &userProfile)
            case .dataLevel: Self.add(field.value, to: &dataLevel)
            }
        }
    }

    /// The `Authorization` header, or an `x-api-key` (Anthropic's SDKs) as a bearer token.
    var bearerAuthorization: String? {
        AuthenticationMiddleware.authorization(header: authorization, apiKey: apiKey)
    }

    private static func add(_ value: String, to slot: inout String?) {
        if let earlier = slot {
            slot = earlier + ", " + value
        } else {
            slot = value
        }
    }
}
