import Backends
import NIOCore
import Wire

/// Validates the body as JSON and the shape of its messages (``ChatMessageShape``), and reads the
/// few fields the gateway acts on (`model`, `stream`, `stream_options`), leaving the rest as bytes.
public struct ParseStage: ExchangeStage {
    public let name = "parse"

    /// Creates the stage.
    public init() {}

    public func process(_ exchange: inout Exchange) async throws(APIError) -> StageOutcome {
        exchange.request = try Self.parse(exchange.body, operation: exchange.operation)
        return .next
    }

    /// Parses a body for `operation`.
    public static func parse(_ body: ByteBuffer, operation: UpstreamRequest.Operation) throws(APIError) -> ParsedRequest {
        do {
            return try body.withReadableBytes { bytes throws(APIError) in try parse(bytes, operation: operation) }
        }
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer, operation: UpstreamRequest.Operation) throws(APIError) -> ParsedRequest {
        let scan: JSONObjectScan
        do {
            scan = try JSONObjectScanner.scanDocument(bytes)
        } catch {
            throw .invalidRequest("The request body is not valid JSON: \(error.description).", code: "invalid_json")
        }
        guard let model = scan.member("model") else {
            throw .invalidRequest("The field 'model' is required: name one of the models listed by GET /v1/models.", param: "model", code: "missing_required_parameter")
        }
        guard model.kind == .string, let alias = try? JSONObjectScanner.decodeString(bytes, at: model.valueRange), !alias.isEmpty else {
            throw .invalidRequest("The field 'model' must be a non-empty string.", param: "model", code: "invalid_type")
        }
        var stream = false
        var includeUsage = false
        var maxTokens: Int?
        switch operation {
        case .chatCompletions:
            guard let messages = scan.member("messages") else {
                throw .invalidRequest("The field 'messages' is required: a list of chat messages.", param: "messages", code: "missing_required_parameter")
            }
            guard messages.kind == .array else {
                throw .invalidRequest("The field 'messages' must be an array of message objects.", param: "messages", code: "invalid_type")
            }
            if isEmptyArray(bytes, messages.valueRange) {
                throw .invalidRequest("The field 'messages' must contain at least one message.", param: "messages", code: "invalid_value")
            }
            if let member = scan.member("stream"), member.kind != .null {
                guard member.kind == .bool, let value = JSONObjectScanner.decodeBool(bytes, at: member.valueRange) else {
                    throw .invalidRequest("The field 'stream' must be true or false.", param: "stream", code: "invalid_type")
                }
                stream = value
            }
            if let member = scan.member("stream_options"), member.kind != .null {
                guard member.kind == .object, let options = try? JSONObjectScanner.scanObject(bytes, in: member.valueRange) else {
                    throw .invalidRequest("The field 'stream_options' must be an object.", param: "stream_options", code: "invalid_type")
                }
                if let usage = options.member("include_usage"), usage.kind != .null {
                    guard usage.kind == .bool else {
                        throw .invalidRequest("The field 'stream_options.include_usage' must be true or false.", param: "stream_options.include_usage", code: "invalid_type")
                    }
                    includeUsage = JSONObjectScanner.decodeBool(bytes, at: usage.valueRange) ?? false
                }
            }
            for field in ["max_completion_tokens", "max_tokens"] where maxTokens == nil {
                guard let member = scan.member(field), member.kind != .null else { continue }
                guard member.kind == .number, let value = JSONObjectScanner.decodeInteger(bytes, at: member.valueRange), value > 0 else {
                    throw .invalidRequest("The field '\(field)' must be a positive whole number.", param: field, code: "invalid_type")
                }
                maxTokens = value
            }
            try ChatMessageShape.validate(bytes, messages: messages.valueRange)
        case .embeddings:
            guard let input = scan.member("input") else {
                throw .invalidRequest("The field 'input' is required: a string or a list of strings to embed.", param: "input", code: "missing_required_parameter")
            }
            guard input.kind == .string || input.kind == .array else {
                throw .invalidRequest("The field 'input' must be a string or an array.", param: "input", code: "invalid_type")
            }
        }
        return ParsedRequest(alias: alias, modelValueRange: model.valueRange, stream: stream, includeUsage: includeUsage, maxTokens: maxTokens)
    }

    private static func isEmptyArray(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        for index in (range.lowerBound + 1)..<range.upperBound {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: continue
            case UInt8(ascii: "]"): return true
            default: return false
            }
        }
        return true
    }
}
