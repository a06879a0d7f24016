import Tracing

/// Reads and writes trace headers in a plain dictionary, for extracting an app's `traceparent`
/// and injecting the current span's into the headers sent to a backend.
struct TraceHeaders: Extractor, Injector {
    typealias Carrier = [String: String]

    func extract(key: String, from carrier: [String: String]) -> String? {
        carrier[key]
    }

    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key] = value
    }
}
