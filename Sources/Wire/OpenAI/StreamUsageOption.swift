/// `stream_options.include_usage` in a chat completion request: asking a backend for the
/// final usage chunk of a stream.
public enum StreamUsageOption {
    /// Records in `splicer` the edits that set `stream_options.include_usage` to `true` in the
    /// request `body` (a JSON object already validated), keeping every other option. Leaves
    /// `splicer` alone if the body cannot be read as an object.
    public static func request(in body: UnsafeRawBufferPointer, with splicer: inout JSONSplicer) {
        guard let root = try? JSONObjectScanner.scanValidatedDocument(body) else { return }
        let options = Array(#"{"include_usage":true}"#.utf8)
        switch root.member("stream_options") {
        case nil:
            splicer.addMember(key: "stream_options", rawValue: options, toObject: root)
        case let existing? where existing.kind == .object:
            guard let object = try? JSONObjectScanner.scanObject(body, in: existing.valueRange) else { return }
            if let usage = object.member("include_usage") {
                splicer.replace(usage.valueRange, with: Array("true".utf8))
            } else {
                splicer.addMember(key: "include_usage", rawValue: Array("true".utf8), toObject: object)
            }
        case let existing?:
            splicer.replace(existing.valueRange, with: options)
        }
    }
}
