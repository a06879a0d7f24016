import Foundation
import Gateway
import Hummingbird
import NIOCore
import ServiceLifecycle
import Wire

/// The live page: the newest exchanges, and a server-sent event for each one as it finishes.
struct LivePage: Sendable {
    let gateway: Gateway
    let format: ConsoleFormat

    func render(_ visit: ConsoleVisit) -> ConsoleOutcome {
        let rows = gateway.traffic.recent().map { summary in
            let fields = self.fields(summary)
            return fields.merging(["statusKind": ConsoleFormat.statusKind(summary.status)]) { $1 } as [String: Any]
        }
        return .page(.live, template: "live", context: ["rows": rows])
    }

    /// The columns of an exchange's row, as the page and its script show them.
    func fields(_ summary: ExchangeSummary) -> [String: String] {
        [
            "requestID": summary.requestID, "time": format.time(summary.receivedAt), "tenant": summary.tenant, "scenario": summary.scenario,
            "level": summary.level.map { "L\($0)" } ?? "", "zone": summary.zone, "backend": summary.backend, "status": String(summary.status),
            "latency": ConsoleFormat.plainMilliseconds(summary.totalMicros),
        ]
    }

    /// `GET /console/live/events`: each finished exchange as one event, with a comment every
    /// 15 s so that proxies keep the connection; ends when `stillSignedIn` says the session
    /// ended, the browser goes away, or the server shuts down.
    func events(stillSignedIn: @escaping @Sendable () async -> Bool) -> ResponseBody {
        let exchanges = gateway.traffic.follow()
        return ResponseBody { writer in
            let (lines, feed) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(200))
            let forward = Task {
                for await summary in exchanges { feed.yield("data: \(eventJSON(summary))\n\n") }
                feed.finish()
            }
            let heartbeat = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(15))
                    guard await stillSignedIn() else { break }
                    feed.yield(": still here\n\n")
                }
                feed.finish()
            }
            defer {
                forward.cancel()
                heartbeat.cancel()
            }
            try await writer.write(ByteBuffer(string: "retry: 3000\n: connected\n\n"))
            // A graceful shutdown ends the stream, so that the server need not wait for the browser.
            try await withGracefulShutdownHandler {
                for await line in lines {
                    try await writer.write(ByteBuffer(string: line))
                }
            } onGracefulShutdown: {
                feed.finish()
            }
            try await writer.finish(nil)
        }
    }

    private func eventJSON(_ summary: ExchangeSummary) -> String {
        let fields = self.fields(summary)
        return JSONValue.object([
            "request_id": .string(summary.requestID), "time": .string(fields["time"] ?? ""), "tenant": .string(summary.tenant),
            "scenario": .string(summary.scenario), "level": .string(fields["level"] ?? ""), "zone": .string(summary.zone),
            "backend": .string(summary.backend), "status": .integer(summary.status), "latency_ms": .string(fields["latency"] ?? ""),
        ]).encodedString
    }
}
