import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A fake model provider process on a free port, with its control API.
final class FakeProviderProcess: Sendable {
    let process: ChildProcess
    let port: Int

    init(script: String? = nil) async throws {
        var arguments = ["--port", "0"]
        if let script {
            let file = ScratchSpace.path("fake-script", suffix: ".json")
            try script.write(to: file, atomically: true, encoding: .utf8)
            arguments += ["--script", file.path]
        }
        process = try ChildProcess(name: "fake provider", executable: try BuiltProducts.url("switchboard-fake-provider"), arguments: arguments)
        let line = try await process.waitForLine(containing: "listening on ")
        guard let port = line.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
            throw ChildProcess.LaunchError(description: "cannot read the port from '\(line)'")
        }
        self.port = port
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Replaces the script.
    func setScript(_ json: String) async throws {
        let response = try await HTTP.send("PUT", "\(baseURL)/_control/script", body: json)
        guard response.status == 200 else { throw ChildProcess.LaunchError(description: "script rejected: \(response.body)") }
    }

    /// The requests received so far.
    func requests() async throws -> [[String: Any]] {
        let response = try await HTTP.send("GET", "\(baseURL)/_control/requests")
        return (try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [[String: Any]]) ?? []
    }

    /// The counters: received, completed, cancelled.
    func stats() async throws -> [String: Int] {
        let response = try await HTTP.send("GET", "\(baseURL)/_control/stats")
        return (try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Int]) ?? [:]
    }

    /// A test double needs no graceful shutdown: it is killed outright.
    func stop() { process.kill() }
}

/// The real `switchboard serve` process, started on a free port with a generated configuration.
final class GatewayProcess: Sendable {
    let directory: URL
    let configPath: String
    let process: ChildProcess
    let port: Int
    /// An `app` key for tenant `acme`.
    let appKey: String

    /// Starts the gateway with `yaml` (whose `server.listen` should be `127.0.0.1:0`).
    init(yaml: String, environment: [String: String] = [:]) async throws {
        directory = ScratchSpace.path("switchboard-test")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        configPath = directory.appendingPathComponent("switchboard.yaml").path
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        let binary = try BuiltProducts.url("switchboard")
        let created = try runToCompletion(binary, ["keys", "create", "--tenant", "acme", "--role", "app", "--config", configPath], environment: environment, directory: directory)
        guard created.status == 0, let key = created.stdout.split(separator: "\n").last else {
            throw ChildProcess.LaunchError(description: "keys create failed: \(created.stderr)")
        }
        appKey = String(key)
        process = try ChildProcess(name: "switchboard", executable: binary, arguments: ["serve", "--config", configPath], environment: environment, directory: directory)
        let line = try await process.waitForLine(containing: "\"msg\":\"listening\"")
        guard let range = line.range(of: #""address":"127.0.0.1:"#),
              let port = Int(line[range.upperBound...].prefix { $0.isNumber })
        else { throw ChildProcess.LaunchError(description: "cannot read the port from '\(line)'") }
        self.port = port
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Creates another key.
    func createKey(tenant: String, role: String) throws -> String {
        let created = try runToCompletion(try BuiltProducts.url("switchboard"), ["keys", "create", "--tenant", tenant, "--role", role, "--config", configPath], directory: directory)
        return String(created.stdout.split(separator: "\n").last ?? "")
    }

    /// A chat completion (or any POST) with the app key unless another is given.
    func post(_ path: String = "/v1/chat/completions", body: String, key: String? = nil, headers: [(String, String)] = []) async throws -> HTTP.Response {
        var all = headers
        all.append(("authorization", "Bearer \(key ?? appKey)"))
        return try await HTTP.send("POST", baseURL + path, body: body, headers: all)
    }

    func stop() { process.stop() }
}

/// A minimal HTTP client for tests, over an AsyncHTTPClient that fails fast when nothing
/// listens (a killed gateway) instead of retrying the connection.
enum HTTP {
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(2)
        configuration.connectionPool.retryConnectionEstablishment = false
        // Load tests run dozens of clients at once: queue them at the gateway, not in this pool.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    struct Response {
        var status: Int
        var headers: HTTPHeaders
        var body: String

        /// The body parsed as a JSON object.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }

        /// `error.code` of an OpenAI-shaped error body.
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }

        /// `error.message` of an OpenAI-shaped error body.
        var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }

        /// The `data:` payloads of an SSE body.
        var events: [String] {
            body.components(separatedBy: "\n").filter { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) }
        }
    }

    static func send(_ method: String, _ url: String, body: String? = nil, headers: [(String, String)] = [], timeout: Duration = .seconds(30)) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(Int64(timeout.components.seconds)))
        let collected = try await response.body.collect(upTo: 16 << 20)
        return Response(status: Int(response.status.code), headers: response.headers, body: String(buffer: collected))
    }
}

/// Config text for a gateway listening on a free port with the given backends and models.
func gatewayYAML(backends: [String], models: [String], extraServer: String = "", healthCheckInterval: String = "1s") -> String {
    """
    server:
      listen: "127.0.0.1:0"
      health_check_interval: \(healthCheckInterval)
    \(extraServer)
    store:
      sqlite: "./state/switchboard.db"
    backends:
    \(backends.map { "  - \($0)" }.joined(separator: "\n"))
    models:
    \(models.map { "  - \($0)" }.joined(separator: "\n"))
    """
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
