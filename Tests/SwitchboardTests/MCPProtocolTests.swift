import AsyncHTTPClient
import Config
import Foundation
import Glibc
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
@testable import Plugins
@testable import Server
import Testing
import Wire

/// Switchboard's own MCP layer: JSON-RPC messages, the `/mcp` endpoint's sessions and methods
/// (in-process, through the router), the stdio transport's framing over real pipes, and the
/// client against a scripted MCP server on those pipes and against `/mcp` over a socket.
/// Interoperability with the official Python SDK, both ways, is in tests/conformance/test_mcp.py.
@Suite("MCP protocol")
struct MCPProtocolTests {
    @Test("JSON-RPC messages: requests, notifications, results and errors are read and written; anything else is refused with its code")
    func messages() throws {
        #expect(try JSONRPCMessage.parse(Array(#"{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"cursor":"c"}}"#.utf8))
            == .request(id: .integer(7), method: "tools/list", params: .object(["cursor": .string("c")])))
        #expect(try JSONRPCMessage.parse(Array(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#.utf8))
            == .notification(method: "notifications/initialized", params: nil))
        #expect(try JSONRPCMessage.parse(Array(#"{"jsonrpc":"2.0","id":"a","result":{}}"#.utf8)) == .result(id: .string("a"), .object([:])))
        #expect(try JSONRPCMessage.parse(Array(#"{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"no"}}"#.utf8))
            == .error(id: .integer(3), JSONRPCError(code: -32601, message: "no")))
        let refused: [(String, Int)] = [
            ("{oops", -32700), ("[]", -32600), ("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", -32600), ("\"ping\"", -32600),
            (#"{"id":1,"method":"ping"}"#, -32600), (#"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#, -32600),
            (#"{"jsonrpc":"2.0","id":true,"method":"ping"}"#, -32600), (#"{"jsonrpc":"2.0","id":1,"method":7}"#, -32600),
            (#"{"jsonrpc":"2.0","id":1,"method":"ping","params":"x"}"#, -32600), (#"{"jsonrpc":"2.0","id":1}"#, -32600),
            (#"{"jsonrpc":"2.0","result":{}}"#, -32600), (#"{"jsonrpc":"2.0","id":1,"error":{"code":"x"}}"#, -32600),
        ]
        for (text, code) in refused {
            #expect(throws: JSONRPCError.self, "\(text)") { try JSONRPCMessage.parse(Array(text.utf8)) }
            do {
                _ = try JSONRPCMessage.parse(Array(text.utf8))
            } catch {
                #expect(error.code == code, "\(text): \(error.message)")
            }
        }
        let written = JSONRPCMessage.error(id: .null, .methodNotFound("x/y")).json.encodedString
        #expect(written == #"{"error":{"code":-32601,"message":"Method not found: x/y"},"id":null,"jsonrpc":"2.0"}"#)
    }

    @Test("protocol versions: a known one is kept, anything else gets the newest")
    func versions() {
        #expect(MCPProtocolVersion.negotiate("2025-06-18") == "2025-06-18")
        #expect(MCPProtocolVersion.negotiate("2024-11-05") == "2024-11-05")
        #expect(MCPProtocolVersion.negotiate("2099-01-01") == MCPProtocolVersion.latest)
        #expect(MCPProtocolVersion.negotiate(nil) == MCPProtocolVersion.latest)
    }

    @Test("tools and results: read from and written as MCP's JSON, with hints and structured content")
    func toolShapes() throws {
        let tool = try #require(MCPTool(json: try JSONValue.parse(
            #"{"name":"lookup","title":"查询客户","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":true}}"#)))
        #expect(tool.name == "lookup" && tool.title == "查询客户" && tool.readOnlyHint == true && tool.destructiveHint == nil && tool.description == nil)
        #expect(MCPTool(json: tool.json) == tool)
        #expect(MCPTool(json: .object(["title": .string("x")])) == nil, "a tool needs a name")
        let result = try #require(MCPToolResult(json: try JSONValue.parse(
            #"{"content":[{"type":"text","text":"a"},{"type":"image","data":"AA==","mimeType":"image/png"},{"type":"text","text":"b"}]}"#)))
        #expect(result.texts == ["a", "b"] && !result.isError)
        #expect(MCPToolResult(json: result.json) == result)
        #expect(MCPToolResult(json: .object([:])) == nil)
    }

    // MARK: - The /mcp endpoint, in-process

    private static let mcpHeaders: HTTPFields = [.accept: "application/json, text/event-stream", .contentType: "application/json"]
    private static let sessionHeader = HTTPField.Name("mcp-session-id")!

    private static func initialize(version: String = "2025-06-18") -> ByteBuffer {
        ByteBuffer(string: #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"\#(version)","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}"#)
    }

    private static func json(_ response: TestResponse) throws -> JSONValue {
        try JSONValue.parse(Array(response.body.readableBytesView))
    }

    @Test("/mcp: initialize opens a session bound to its key; tools/list, tools/call, ping and errors follow JSON-RPC; DELETE closes it")
    func endpoint() async throws {
        let harness = try await InProcessGateway.start(yaml: ExchangePipelineTests.yaml(), upstream: ScriptedUpstream([]))
        let other = try await harness.store.createKey(tenant: "acme", role: .app).secret
        let app = Application(router: SwitchboardServer.makeRouter(gateway: harness.gateway))
        try await app.test(.router) { client in
            var headers = Self.mcpHeaders
            headers[.authorization] = "Bearer \(harness.appKey)"
            let opened = try await client.execute(uri: "/mcp", method: .post, headers: headers, body: Self.initialize())
            #expect(opened.status == .ok)
            #expect(opened.headers[.contentType] == "application/json")
            let session = try #require(opened.headers[Self.sessionHeader])
            let welcome = try Self.json(opened)
            #expect(welcome["id"] == .integer(1))
            #expect(welcome["result"]?["protocolVersion"]?.stringValue == "2025-06-18")
            #expect(welcome["result"]?["serverInfo"]?["name"]?.stringValue == "switchboard")
            #expect(welcome["result"]?["capabilities"]?["tools"] != nil)
            let newest = try await client.execute(uri: "/mcp", method: .post, headers: headers, body: Self.initialize(version: "2099-01-01"))
            #expect(try Self.json(newest)["result"]?["protocolVersion"]?.stringValue == MCPProtocolVersion.latest, "an unknown revision gets the newest")

            var inSession = headers
            inSession[Self.sessionHeader] = session
            inSession[HTTPField.Name("mcp-protocol-version")!] = "2025-06-18"
            func post(_ body: String, _ fields: HTTPFields = inSession) async throws -> TestResponse {
                try await client.execute(uri: "/mcp", method: .post, headers: fields, body: ByteBuffer(string: body))
            }
            #expect(try await post(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).status == .accepted)
            #expect(try Self.json(try await post(#"{"jsonrpc":"2.0","id":"p","method":"ping"}"#))["result"] == .object([:]))
            let listed = try Self.json(try await post(#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#))
            let tools = listed["result"]?["tools"]?.arrayValue ?? []
            #expect(Set(tools.compactMap { $0["name"]?.stringValue }) == ["calculate", "check_suitability"], "the plugins of the tenant's scenarios")
            #expect(tools.first { $0["name"]?.stringValue == "calculate" }?["annotations"]?["readOnlyHint"] == .bool(true))

            let called = try Self.json(try await post(#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"calculate","arguments":{"expression":"1.10 + 2.205"}}}"#))
            #expect(called["id"] == .integer(3))
            #expect(called["result"]?["isError"] == .bool(false))
            #expect(called["result"]?["structuredContent"]?["result"]?["result"]?.stringValue == "3.305", "the result with its provenance")
            #expect(MCPToolResult(json: called["result"] ?? .null)?.texts.first?.contains("3.305") == true)
            let badArguments = try Self.json(try await post(#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"calculate","arguments":{"expr":1}}}"#))
            #expect(badArguments["result"]?["isError"] == .bool(true), "a plugin's refusal is a tool error, for the model to read")
            #expect(try Self.json(try await post(#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{}}"#))["error"]?["code"] == .integer(-32602))
            #expect(try Self.json(try await post(#"{"jsonrpc":"2.0","id":6,"method":"resources/list"}"#))["error"]?["code"] == .integer(-32601))
            #expect(try await post(#"{"jsonrpc":"2.0","id":7,"method":"initialize","params":{}}"#).status == .badRequest)

            var badVersion = inSession
            badVersion[HTTPField.Name("mcp-protocol-version")!] = "1999-01-01"
            #expect(try await post(#"{"jsonrpc":"2.0","id":8,"method":"ping"}"#, badVersion).status == .badRequest)
            var stranger = inSession
            stranger[.authorization] = "Bearer \(other)"
            #expect(try await post(#"{"jsonrpc":"2.0","id":9,"method":"ping"}"#, stranger).status == .notFound, "a session belongs to the key that opened it")
            var textPlain = inSession
            textPlain[.contentType] = "text/plain"
            #expect(try await post(#"{"jsonrpc":"2.0","id":10,"method":"ping"}"#, textPlain).status == .unsupportedMediaType)
            var noJSON = inSession
            noJSON[.accept] = "text/html"
            #expect(try await post(#"{"jsonrpc":"2.0","id":11,"method":"ping"}"#, noJSON).status == .notAcceptable)
            let malformed = try await post("{oops")
            #expect(malformed.status == .badRequest)
            #expect(try Self.json(malformed)["error"]?["code"] == .integer(-32700))
            #expect(try await post(#"{"jsonrpc":"2.0","id":12,"method":"ping"}"#, headers).status == .badRequest, "without a session, only initialize")

            var batchSession = headers
            batchSession[Self.sessionHeader] = try #require(
                try await client.execute(uri: "/mcp", method: .post, headers: headers, body: Self.initialize(version: "2025-03-26")).headers[Self.sessionHeader])
            let batch = try await post(
                #"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},7,{"jsonrpc":"2.0","id":2,"method":"tools/list"}]"#,
                batchSession)
            #expect(batch.status == .ok)
            let answers = try Self.json(batch).arrayValue ?? []
            #expect(answers.count == 3, "a 2025-03-26 batch: the two requests answered in order, and an error for the element that is no message")
            #expect(answers.first?["id"] == .integer(1) && answers.first?["result"] == .object([:]))
            #expect(answers.dropFirst().first?["id"] == .null && answers.dropFirst().first?["error"]?["code"] == .integer(-32600))
            #expect(answers.last?["id"] == .integer(2) && answers.last?["result"]?["tools"]?.arrayValue?.count == 2)
            #expect(try await post(#"[{"jsonrpc":"2.0","method":"notifications/initialized"}]"#, batchSession).status == .accepted)
            #expect(try await post("[]", batchSession).status == .badRequest)
            let refusedBatch = try await post(#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#)
            #expect(refusedBatch.status == .badRequest, "2025-06-18 took batches out")
            #expect(try Self.json(refusedBatch)["error"]?["message"]?.stringValue?.contains("2025-03-26 only") == true)

            let stream = try await client.execute(uri: "/mcp", method: .get, headers: inSession)
            #expect(stream.status == .methodNotAllowed, "the server sends nothing unasked")
            #expect(try await client.execute(uri: "/mcp", method: .delete, headers: inSession).status == .ok)
            #expect(try await post(#"{"jsonrpc":"2.0","id":13,"method":"ping"}"#).status == .notFound, "a closed session is gone")
        }
        let calls = try await harness.auditRecords().filter { $0["operation"] as? String == "mcp/tools/call" }
        #expect(calls.count == 2, "each tools/call left an audit record")
        await harness.stop()
    }

    @Test("the client lists and calls tools of Switchboard's own /mcp over a socket, through the streamable HTTP transport")
    func clientOverHTTP() async throws {
        let harness = try await InProcessGateway.start(yaml: ExchangePipelineTests.yaml(), upstream: ScriptedUpstream([]))
        let app = Application(router: SwitchboardServer.makeRouter(gateway: harness.gateway), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let config = MCPServerConfig(
                name: "self", connection: .http(url: "http://127.0.0.1:\(port)/mcp", headers: ["authorization": "Bearer \(harness.appKey)"]))
            let source = MCPToolSource(config: config, httpClient: HTTPClient.shared, logger: Logger(label: "test"))
            let tools = try await source.tools()
            #expect(Set(tools.map(\.name)) == ["calculate", "check_suitability"])
            let result = try await source.call("calculate", arguments: .object(["expression": .string("0.1 + 0.2")]))
            #expect(!result.isError && result.texts.first?.contains("0.3") == true)
            await source.shutdown()
        }
        await harness.stop()
    }

    /// An external MCP server on stdio, scripted with Python's standard library: two pages of
    /// tools; `pid` answers its process id, `exit` ends the process.
    private static let stdioDouble = #"""
        import json, os, sys
        for line in sys.stdin:
            message = json.loads(line)
            if "id" not in message or "method" not in message:
                continue
            method, params = message["method"], message.get("params") or {}
            if method == "initialize":
                print("double: 准备好了", file=sys.stderr, flush=True)
                result = {"protocolVersion": params["protocolVersion"], "capabilities": {"tools": {}}, "serverInfo": {"name": "double", "version": "0"}}
            elif method == "tools/list" and "cursor" not in params:
                result = {"tools": [{"name": "pid", "inputSchema": {"type": "object"}, "annotations": {"readOnlyHint": True}}], "nextCursor": "2"}
            elif method == "tools/list":
                result = {"tools": [{"name": "exit", "description": "ends the server", "inputSchema": {"type": "object"}}]}
            elif method == "tools/call" and params["name"] == "exit":
                sys.exit(0)
            elif method == "tools/call":
                result = {"content": [{"type": "text", "text": json.dumps({"pid": os.getpid()})}]}
            else:
                print(json.dumps({"jsonrpc": "2.0", "id": message["id"], "error": {"code": -32601, "message": "no " + method}}), flush=True)
                continue
            print(json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": result}), flush=True)
        """#

    @Test("an MCP server on stdio: its tools over every page become plugins, and a server that died is started again on the next call")
    func stdioServerRestarts() async throws {
        let script = ScratchSpace.path("mcp-double", suffix: ".py")
        try Self.stdioDouble.write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let config = MCPServerConfig(name: "double", connection: .stdio(command: ["python3", script.path], environment: [:]))
        // The server's standard error reaches the log as lines of Switchboard's own.
        let log = try CapturedLog()
        defer { log.close() }
        let source = MCPToolSource(config: config, httpClient: HTTPClient.shared, logger: log.logger)
        let tools = try await source.tools()
        #expect(tools.map(\.name) == ["pid", "exit"])
        let plugins = tools.map { MCPPlugin(tool: $0, source: source, namespace: "double", readTools: [], writeTools: []) }
        #expect(plugins.map(\.definition.name) == ["double__pid", "double__exit"])
        #expect(plugins.map(\.definition.effect) == [.read, .write], "only a tool the server marks read-only is read")
        let context = PluginContext(tenant: "acme", endUser: nil, scenario: nil, requestID: "r", deadline: .now + .seconds(10))
        let first = try await plugins[0].invoke(.object([:]), context: context)
        #expect(first.provenance.source == "mcp:double")
        await #expect(throws: PluginError.self, "the server ends while answering") { try await plugins[1].invoke(.object([:]), context: context) }
        let second = try await plugins[0].invoke(.object([:]), context: context)
        let firstPID = try #require(first.content["pid"]?.intValue)
        let secondPID = try #require(second.content["pid"]?.intValue)
        #expect(firstPID != secondPID, "a new process answers")
        await source.shutdown()
        let fields = try #require(try await log.lines(until: { $0.contains { $0["line"]?.stringValue?.contains("准备好了") == true } }).last)
        #expect(fields["msg"]?.stringValue == "MCP server standard error")
        #expect(fields["level"]?.stringValue == "notice")
        #expect(fields["mcp_server"]?.stringValue == "double")
        #expect(fields["line"]?.stringValue == "double: 准备好了")
    }

    // MARK: - stdio

    private static func pipe() throws -> CloseOnExecPipe { try CloseOnExecPipe.make() }

    private static func write(_ text: String, to descriptor: CInt) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    }

    @Test("stdio framing: one message per line, split writes joined, CRLF and blank lines taken, what is sent ends with a newline")
    func stdioFraming() async throws {
        let toClient = try Self.pipe()
        let fromClient = try Self.pipe()
        let transport = try await MCPStdioTransport.open(input: toClient.read, output: fromClient.write)
        var messages = transport.messages.makeAsyncIterator()
        Self.write(#"{"a":"#, to: toClient.write)
        Self.write("1}\n\n{\"b\":\"中文\"}\r\n", to: toClient.write)
        #expect(try await messages.next().map { String(decoding: $0, as: UTF8.self) } == #"{"a":1}"#)
        #expect(try await messages.next().map { String(decoding: $0, as: UTF8.self) } == #"{"b":"中文"}"#)
        try await transport.send(Array(#"{"c":2}"#.utf8))
        var read = [UInt8](repeating: 0, count: 64)
        let count = read.withUnsafeMutableBytes { Glibc.read(fromClient.read, $0.baseAddress, $0.count) }
        #expect(String(decoding: read.prefix(max(0, count)), as: UTF8.self) == "{\"c\":2}\n")
        _ = Glibc.close(toClient.write)
        #expect(try await messages.next() == nil, "the stream ends when the server's output does")
        await transport.close()
        _ = Glibc.close(fromClient.read)
    }

    @Test("a server's standard error is logged a line at a time, a line longer than 16 KiB in pieces")
    func standardErrorLines() async throws {
        let log = try CapturedLog()
        defer { log.close() }
        let pipe = try Self.pipe()
        try await MCPServerStandardError.start(pipe.read, server: "noisy", logger: log.logger)
        Self.write("warming up\n" + String(repeating: "x", count: 16 * 1024 + 10) + "\nlast words", to: pipe.write)
        _ = Glibc.close(pipe.write)
        let lines = try await log.lines(until: { $0.count == 4 })
        #expect(lines.map { $0["line"]?.stringValue?.count ?? -1 } == [10, 16 * 1024, 10, 10], "a piece of 16 KiB, the rest, and the unfinished last line at the end")
        #expect(lines.allSatisfy { $0["mcp_server"]?.stringValue == "noisy" && $0["level"]?.stringValue == "notice" })
    }

    @Test("the client over stdio: initialize, the server's ping answered, errors and answers matched by id, a given-up request cancelled")
    func clientOverStdio() async throws {
        let toClient = try Self.pipe()
        let toServer = try Self.pipe()
        let clientSide = try await MCPStdioTransport.open(input: toClient.read, output: toServer.write)
        // The scripted server speaks over the other ends of the same pipes.
        let serverSide = try await MCPStdioTransport.open(input: toServer.read, output: toClient.write)
        let seen = AsyncStream<JSONRPCMessage>.makeStream()
        let server = Task {
            for try await bytes in serverSide.messages {
                let message = try JSONRPCMessage.parse(bytes)
                seen.continuation.yield(message)
                guard case .request(let id, let method, let params) = message else { continue }
                switch method {
                case "initialize":
                    try await serverSide.send(JSONRPCMessage.request(id: .string("s1"), method: "ping", params: nil).encoded)
                    try await serverSide.send(JSONRPCMessage.result(id: id, .object(["protocolVersion": params?["protocolVersion"] ?? .null])).encoded)
                case "tools/call" where params?["name"]?.stringValue == "slow":
                    break  // never answered
                case "tools/call":
                    try await serverSide.send(JSONRPCMessage.error(id: id, .invalidParams("no such tool")).encoded)
                default:
                    try await serverSide.send(JSONRPCMessage.result(id: id, .object(["tools": .array([])])).encoded)
                }
            }
        }
        let client = try await MCPClient.connect(over: clientSide)
        #expect(await client.protocolVersion == MCPProtocolVersion.latest)
        var received = seen.stream.makeAsyncIterator()
        guard case .request(_, "initialize", _) = await received.next() else { Issue.record("initialize first"); return }
        #expect(await received.next() == .result(id: .string("s1"), .object([:])), "the server's ping is answered")
        #expect(await received.next() == .notification(method: "notifications/initialized", params: nil))

        #expect(try await client.request("tools/list", params: nil)["tools"] == .array([]))
        await #expect(throws: MCPClientError.self) { try await client.request("tools/call", params: .object(["name": .string("x")])) }
        let slow = Task { try await client.request("tools/call", params: .object(["name": .string("slow")])) }
        while true {
            guard case .request(let id, "tools/call", let params) = await received.next() else { continue }
            if params?["name"]?.stringValue == "slow" {
                slow.cancel()
                await #expect(throws: CancellationError.self) { try await slow.value }
                guard case .notification("notifications/cancelled", let cancelled) = await received.next() else {
                    Issue.record("the given-up request is cancelled")
                    break
                }
                #expect(cancelled?["requestId"] == id)
                break
            }
        }
        await client.close()
        #expect(await client.isClosed)
        await #expect(throws: MCPClientError.self) { try await client.request("ping", params: nil) }
        await serverSide.close()
        server.cancel()
    }
}
