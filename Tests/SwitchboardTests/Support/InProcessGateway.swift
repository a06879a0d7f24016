import Backends
import Config
import Foundation
import Gateway
import Logging
import NIOCore
import Store
import Synchronization
import Wire

/// A model provider's answers, scripted turn by turn, behind the gateway's `Upstream` seam: the
/// gateway's own pipeline, filters and tool loop run in-process against it, with no child
/// process and no socket. It answers in the OpenAI protocol's shapes (a chat completion, or a
/// stream of chunks split every few characters, a usage chunk and `[DONE]`) with `model` set to
/// `upstream-model`, and keeps every request body exactly as it would have been sent.
final class ScriptedUpstream: Upstream {
    /// One model call's answer.
    enum Turn: Sendable {
        /// An answer with this text.
        case text(String)
        /// Tool calls: (name, arguments JSON).
        case toolCalls([(name: String, arguments: String)])
        /// The dispatch fails with this failure (nothing reached the app).
        case failure(UpstreamFailure)
        /// A stream that sends this text and then breaks off (a JSON call gets the text whole).
        case cutOff(String)
    }

    /// The backend the double stands for.
    let backend: String
    /// Its zone: requests whose policy does not allow it are refused as by the dispatcher.
    let zone: Zone
    /// How many characters each streamed content chunk carries.
    let piece: Int
    private let turns: Mutex<[Turn]>
    private let sent: Mutex<[String]>
    private let passedThrough = Mutex<[String?]>([])

    init(backend: String = "in-house", zone: Zone = .private, piece: Int = 3, _ turns: [Turn]) {
        self.backend = backend
        self.zone = zone
        self.piece = piece
        self.turns = Mutex(turns)
        sent = Mutex([])
    }

    /// The bodies sent so far, as the backend would have read them.
    var requests: [String] { sent.withLock { $0 } }
    /// For each request, the app's own request an Anthropic backend in this zone would have got
    /// as it was (see ``UpstreamRequest/passThrough``), or nil when it would get the translation.
    var passThroughs: [String?] { passedThrough.withLock { $0 } }

    /// The `messages` of the `index`th request.
    func messages(_ index: Int) -> [[String: Any]] {
        let body = (try? JSONSerialization.jsonObject(with: Data(requests[index].utf8))) as? [String: Any]
        return (body?["messages"] as? [[String: Any]]) ?? []
    }

    func dispatch(_ request: UpstreamRequest, model: ModelConfig) async throws(DispatchFailure) -> DispatchedAnswer {
        if let zones = request.allowedZones, !zones.contains(zone) {
            throw DispatchFailure(kind: .noAllowedBackend("\(request.zoneReason) allows only \(request.allowedPlaces)"), attempts: [])
        }
        let body = request.body(forUpstreamModel: "upstream-model", zone: zone)
        sent.withLock { $0.append(String(buffer: body)) }
        let native = request.passThroughBody(forUpstreamModel: "upstream-model", zone: zone).map { String(buffer: $0) }
        passedThrough.withLock { $0.append(native) }
        let turn = turns.withLock { $0.isEmpty ? Turn.text("(the script has no more turns)") : $0.removeFirst() }
        let attempts = [AttemptRecord(backend: backend, outcome: "ok", duration: .milliseconds(1))]
        func answered(_ answer: UpstreamAnswer) -> DispatchedAnswer {
            DispatchedAnswer(answer: answer, backend: backend, zone: zone, attempts: attempts)
        }
        switch turn {
        case .failure(let failure):
            throw DispatchFailure(kind: .upstream(failure), attempts: [AttemptRecord(backend: backend, outcome: failure.label, duration: .milliseconds(1))])
        case .text(let text):
            return answered(request.stream ? .stream(UpstreamStream(replaying: streamed(text: text, calls: []).map { [$0] })) : .complete(completion(text: text, calls: [])))
        case .toolCalls(let calls):
            return answered(request.stream ? .stream(UpstreamStream(replaying: streamed(text: nil, calls: calls).map { [$0] })) : .complete(completion(text: nil, calls: calls)))
        case .cutOff(let text):
            guard request.stream else { return answered(.complete(completion(text: text, calls: []))) }
            // Everything but the finish chunk, the usage chunk and [DONE].
            let partial = Array(streamed(text: text, calls: []).dropLast(3))
            return answered(.stream(UpstreamStream(
                replaying: partial.map { [$0] }, failure: UpstreamFailure(backend: backend, kind: .cutOff, message: "the connection broke mid-stream"))))
        }
    }

    private func completion(text: String?, calls: [(name: String, arguments: String)]) -> ByteBuffer {
        var message: [String: JSONValue] = ["role": .string("assistant"), "content": text.map(JSONValue.string) ?? .null]
        if !calls.isEmpty {
            message["tool_calls"] = .array(calls.enumerated().map { index, call in
                .object(["id": .string("call_\(index + 1)"), "type": .string("function"),
                         "function": .object(["name": .string(call.name), "arguments": .string(call.arguments)])])
            })
        }
        let body: JSONValue = .object([
            "id": .string("chatcmpl-double"), "object": .string("chat.completion"), "created": .integer(1_700_000_000), "model": .string("upstream-model"),
            "choices": .array([.object(["index": .integer(0), "message": .object(message), "finish_reason": .string(calls.isEmpty ? "stop" : "tool_calls")])]),
            "usage": .object(["prompt_tokens": .integer(11), "completion_tokens": .integer(7), "total_tokens": .integer(18)]),
        ])
        return ByteBuffer(bytes: body.encoded)
    }

    private func streamed(text: String?, calls: [(name: String, arguments: String)]) -> [ServerSentEvent] {
        func chunk(_ choices: [JSONValue], usage: JSONValue = .null) -> ServerSentEvent {
            ServerSentEvent(data: JSONValue.object([
                "id": .string("chatcmpl-double"), "object": .string("chat.completion.chunk"), "created": .integer(1_700_000_000),
                "model": .string("upstream-model"), "choices": .array(choices), "usage": usage,
            ]).encoded)
        }
        func delta(_ members: [String: JSONValue], finish: String? = nil) -> ServerSentEvent {
            chunk([.object(["index": .integer(0), "delta": .object(members), "finish_reason": finish.map(JSONValue.string) ?? .null])])
        }
        var events = [delta(["role": .string("assistant"), "content": .string("")])]
        let characters = Array(text ?? "")
        for start in stride(from: 0, to: characters.count, by: piece) {
            events.append(delta(["content": .string(String(characters[start..<min(start + piece, characters.count)]))]))
        }
        for (index, call) in calls.enumerated() {
            events.append(delta(["tool_calls": .array([.object([
                "index": .integer(index), "id": .string("call_\(index + 1)"), "type": .string("function"),
                "function": .object(["name": .string(call.name), "arguments": .string("")]),
            ])])]))
            let arguments = Array(call.arguments)
            for start in stride(from: 0, to: arguments.count, by: max(piece, 4)) {
                let part = String(arguments[start..<min(start + max(piece, 4), arguments.count)])
                events.append(delta(["tool_calls": .array([.object(["index": .integer(index), "function": .object(["arguments": .string(part)])])])]))
            }
        }
        events.append(delta([:], finish: calls.isEmpty ? "stop" : "tool_calls"))
        events.append(chunk([], usage: .object(["prompt_tokens": .integer(11), "completion_tokens": .integer(7), "total_tokens": .integer(18)])))
        events.append(ServerSentEvent(data: Array("[DONE]".utf8)))
        return events
    }
}

/// The gateway built in-process from YAML, its audit writer running, with an `app` key for
/// tenant `acme`; calls go straight to ``Gateway/answer(_:)``.
struct InProcessGateway {
    /// What the app received.
    struct Reply {
        /// The HTTP status.
        var status: Int
        /// The body: JSON, or the whole event stream.
        var body: String
        /// Whether it was a stream.
        var streamed: Bool

        /// The body as JSON.
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]) ?? [:] }
        /// A stream's events' data, parsed (without `[DONE]`).
        var chunks: [[String: Any]] {
            body.components(separatedBy: "\n").filter { $0.hasPrefix("data: {") }.compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.dropFirst(6).utf8))) as? [String: Any]
            }
        }
        /// A stream's text, joined from its content deltas.
        var streamedText: String {
            chunks.compactMap { (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["content"] as? String }.joined()
        }
        /// A JSON answer's message text.
        var text: String? { ((json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String }
        /// The error code, from a JSON error or a stream's error event.
        var errorCode: String? {
            if let error = json["error"] as? [String: Any] { return error["code"] as? String }
            return chunks.compactMap { ($0["error"] as? [String: Any])?["code"] as? String }.first
        }
    }

    let gateway: Gateway
    let store: SQLiteStore
    let appKey: String
    private let auditWriter: Task<Void, Never>

    /// Builds the gateway from `yaml` (backends may point anywhere: `upstream` answers for them).
    /// Its log goes to `logger` (nowhere by default).
    static func start(
        yaml: String, upstream: some Upstream, filters: [any ResponseFilterFactory] = [],
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> InProcessGateway {
        let store = try SQLiteStore(path: ScratchSpace.database("in-process"))
        let config = try ConfigLoader.parse(yaml: yaml, file: "in-process.yaml", environment: [:])
        let gateway = try await Gateway(config: config, store: store, logger: logger, upstream: upstream, responseFilters: filters)
        let key = try await store.createKey(tenant: "acme", role: .app).secret
        return InProcessGateway(gateway: gateway, store: store, appKey: key, auditWriter: Task { await gateway.audit.run() })
    }

    /// A chat completion request with `body`, as the app would send it.
    func chat(_ body: String, door: FrontDoor = .chatCompletions, headers: [String: String] = [:]) async -> Reply {
        var exchange = Exchange(
            id: "req-\(UUID().uuidString.prefix(8))", operation: .chatCompletions, body: ByteBuffer(string: body), authorization: "Bearer \(appKey)",
            traceparent: nil, endUser: headers["x-switchboard-user"])
        exchange.door = door
        exchange.scenarioHeader = headers["x-switchboard-scenario"]
        exchange.userProfileHeader = headers["x-switchboard-user-profile"]
        gateway.metrics.requestStarted()
        switch await gateway.answer(exchange) {
        case .json(let body):
            return Reply(status: 200, body: String(buffer: body), streamed: false)
        case .error(let error):
            return Reply(status: error.status, body: String(decoding: error.body, as: UTF8.self), streamed: false)
        case .stream(let stream):
            let received = Mutex(ByteBuffer())
            _ = await stream.write { chunk, _ in received.withLock { buffer in _ = buffer.writeImmutableBuffer(chunk) } }
            return Reply(status: 200, body: received.withLock { String(buffer: $0) }, streamed: true)
        }
    }

    /// A streamed chat request with `body`: each write the app received, with how many audit
    /// records were stored when it was written (-1 when they could not be read) and whether the
    /// stream said it was the last before the end.
    func streamWrites(_ body: String) async -> [(bytes: String, recordsStored: Int, isLast: Bool)] {
        let exchange = Exchange(
            id: "req-\(UUID().uuidString.prefix(8))", operation: .chatCompletions, body: ByteBuffer(string: body), authorization: "Bearer \(appKey)",
            traceparent: nil, endUser: nil)
        gateway.metrics.requestStarted()
        guard case .stream(let stream) = await gateway.answer(exchange) else { return [] }
        let writes = Mutex<[(bytes: String, recordsStored: Int, isLast: Bool)]>([])
        _ = await stream.write { chunk, isLast in
            let stored = (try? await auditRecords().count) ?? -1
            writes.withLock { $0.append((String(buffer: chunk), stored, isLast)) }
        }
        return writes.withLock { $0 }
    }

    /// Every audit record so far, oldest first, as JSON.
    func auditRecords() async throws -> [[String: Any]] {
        try await store.auditRecords(after: 0, limit: 1000).compactMap {
            (try JSONSerialization.jsonObject(with: Data($0.sealed.body.utf8))) as? [String: Any]
        }
    }

    /// Stops the audit writer and closes the gateway.
    func stop() async {
        auditWriter.cancel()
        await gateway.shutdown()
    }
}

/// A request body for `model` with one user message.
func chatBody(_ text: String, model: String = "fin-chat", stream: Bool = false, includeUsage: Bool = false, tools: String? = nil) -> String {
    var body = #"{"model":\#(JSONStringLiteral.string(model)),"messages":[{"role":"user","content":\#(JSONStringLiteral.string(text))}]"#
    if stream { body += #","stream":true"# }
    if includeUsage { body += #","stream_options":{"include_usage":true}"# }
    if let tools { body += #","tools":\#(tools)"# }
    return body + "}"
}

/// A configuration whose only backend, `maas` (of `kind`), is in the public zone behind alias
/// `fin-chat`, under the zone policy `rules` (lines of YAML flow mappings).
func publicBackendYAML(kind: String = "openai", policy rules: [String]) -> String {
    """
    backends:
      - { name: maas, kind: \(kind), url: "http://127.0.0.1:9/v1", zone: public, api_key: "k" }
    models:
      - { alias: fin-chat, targets: [maas] }
    policy:
    """ + rules.map { "\n  - " + $0 }.joined()
}
