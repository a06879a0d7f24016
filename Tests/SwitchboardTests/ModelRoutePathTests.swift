import Testing

@testable import Server

/// The four model paths are known exactly (a query left off); anything else goes to the router.
@Suite struct ModelRoutePathTests {
    @Test func theModelPathsAreKnownExactly() {
        #expect(ModelRoute(path: "/v1/chat/completions") == .chatCompletions)
        #expect(ModelRoute(path: "/v1/chat/completions?stream=1") == .chatCompletions)
        #expect(ModelRoute(path: "/v1/embeddings") == .embeddings)
        #expect(ModelRoute(path: "/v1/messages") == .messages)
        #expect(ModelRoute(path: "/v1/responses?") == .responses)
        for other in ["", "/", "/v1/chat/completions/", "/v1/chat/completion", "/V1/messages", "/v1/responses/abc", "/v1/models", "/v1/消息"] {
            #expect(ModelRoute(path: other[...]) == nil, "\(other)")
        }
    }
}
