import HTTPTypes
import Testing

@testable import Server

/// A model call's headers are read in one pass; each must read as `HTTPFields`' own subscript
/// reads it, so that the one pass changes nothing an app sees.
@Suite struct ModelCallHeadersTests {
    @Test func eachHeaderReadsAsTheFieldsSubscriptReadsIt() throws {
        let traceparent = HTTPField.Name("traceparent")!
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields.append(HTTPField(name: HTTPField.Name("X-Request-ID")!, value: "req-1"))
        fields.append(HTTPField(name: .authorization, value: "Bearer sk-sb-一"))
        fields.append(HTTPField(name: traceparent, value: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
        fields.append(HTTPField(name: .switchboardUser, value: "客户-7"))
        fields.append(HTTPField(name: .switchboardScenario, value: "advice"))
        fields.append(HTTPField(name: .switchboardPriority, value: "high"))
        fields.append(HTTPField(name: .switchboardUserProfile, value: #"{"风险等级":"C3"}"#))
        fields.append(HTTPField(name: .switchboardDataLevel, value: "L3"))
        fields.append(HTTPField(name: .connection, value: "keep-alive"))
        // Sent twice: joined with ", " as the subscript joins them.
        fields.append(HTTPField(name: .switchboardScenario, value: "second"))

        let headers = ModelCallHeaders(fields)
        #expect(headers.requestID == fields[.requestID])
        #expect(headers.authorization == fields[.authorization])
        #expect(headers.traceparent == fields[traceparent])
        #expect(headers.user == fields[.switchboardUser])
        #expect(headers.scenario == fields[.switchboardScenario])
        #expect(headers.scenario == "advice, second")
        #expect(headers.priority == fields[.switchboardPriority])
        #expect(headers.userProfile == fields[.switchboardUserProfile])
        #expect(headers.dataLevel == fields[.switchboardDataLevel])
        #expect(headers.connection == fields[.connection])
        #expect(headers.apiKey == nil)
        #expect(headers.bearerAuthorization == "Bearer sk-sb-一")
        #expect(headers.bearerAuthorization == AuthenticationMiddleware.authorization(fields))
    }

    @Test func anAPIKeyHeaderIsABearerTokenOnlyWithoutAnAuthorizationHeader() {
        var fields = HTTPFields()
        fields.append(HTTPField(name: .apiKey, value: "sk-ant-test"))
        #expect(ModelCallHeaders(fields).bearerAuthorization == "Bearer sk-ant-test")
        #expect(ModelCallHeaders(fields).bearerAuthorization == AuthenticationMiddleware.authorization(fields))
        fields.append(HTTPField(name: .authorization, value: "Bearer sk-sb-x"))
        #expect(ModelCallHeaders(fields).bearerAuthorization == "Bearer sk-sb-x")
        #expect(ModelCallHeaders(HTTPFields()).bearerAuthorization == nil)
        #expect(ModelCallHeaders(HTTPFields()).requestID == nil)
    }
}
