/// A Responses API request (`POST /v1/responses`), validated and translated into the Chat
/// Completions request the gateway's pipeline runs. Nothing is forwarded unread: every field
/// and item type is translated, kept only for the response object (`metadata`), dropped as
/// having no Chat Completions meaning (``ignoredFields``, `reasoning` items), or refused with a
/// 400 that names it.
public struct ResponsesRequest: Sendable {
    /// Top-level fields with no Chat Completions equivalent, dropped without effect.
    public static let ignoredFields: Set<String> = [
        "reasoning", "truncation", "include", "service_tier", "prompt_cache_key", "safety_identifier", "background", "top_logprobs", "stream_options",
    ]

    /// The `model` asked for.
    public var model: String
    /// `stream: true`.
    public var stream: Bool
    /// `store` (true unless the app said false).
    public var store: Bool
    /// The response this one continues.
    public var previousResponseID: String?
    /// The `input` as Chat messages (without the instructions).
    public var inputMessages: [JSONValue]
    /// `instructions`, sent as the first (system) message and not carried to a follow-up.
    public var instructions: String?
    /// The fields a response object repeats from its request (`tools`, `tool_choice`, `metadata`, …).
    public var echoed: [String: JSONValue]
    private var chatFields: [String: JSONValue]

    /// Validates and reads a request body.
    public init(_ body: [UInt8]) throws(APIError) {
        let root: JSONValue
        do {
            root = try JSONValue.parse(body)
        } catch {
            throw .invalidRequest("The request body is not valid JSON: \(error.description).", code: "invalid_json")
        }
        guard let fields = root.objectValue else { throw .invalidRequest("The request body must be a JSON object.", code: "invalid_type") }
        var model: String?
        var stream = false
        var store = true
        var previous: String?
        var input: [JSONValue]?
        var instructions: String?
        var echoed: [String: JSONValue] = ["tools": .array([]), "tool_choice": .string("auto"), "parallel_tool_calls": .bool(true), "metadata": .object([:])]
        var chat: [String: JSONValue] = [:]
        for (key, value) in fields {
            switch key {
            case "model":
                guard let text = value.stringValue, !text.isEmpty else { throw Self.invalid("must be a non-empty string", key) }
                model = text
            case "input":
                if let text = value.stringValue {
                    input = [.object(["role": .string("user"), "content": .string(text)])]
                } else if let items = value.arrayValue {
                    input = try ResponsesInput.chatMessages(items)
                } else {
                    throw Self.invalid("must be a string or an array of input items", key)
                }
            case "instructions":
                guard value != .null else { continue }
                guard let text = value.stringValue else { throw Self.invalid("must be a string", key) }
                instructions = text
                echoed[key] = value
            case "stream":
                guard let flag = value.boolValue else { throw Self.invalid("must be true or false", key) }
                stream = flag
            case "store":
                guard let flag = value.boolValue else { throw Self.invalid("must be true or false", key) }
                store = flag
            case "previous_response_id":
                guard value != .null else { continue }
                guard let id = value.stringValue, !id.isEmpty else { throw Self.invalid("must be a response id", key) }
                previous = id
            case "tools":
                chat["tools"] = .array(try ResponsesTools.chatTools(value))
                echoed[key] = value
            case "tool_choice":
                chat["tool_choice"] = try ResponsesTools.chatToolChoice(value)
                echoed[key] = value
            case "parallel_tool_calls":
                guard value.boolValue != nil else { throw Self.invalid("must be true or false", key) }
                chat[key] = value
                echoed[key] = value
            case "max_output_tokens":
                guard value != .null else { continue }
                guard let tokens = value.intValue, tokens > 0 else { throw Self.invalid("must be a positive whole number", key) }
                chat["max_tokens"] = value
                echoed[key] = value
            case "temperature", "top_p":
                guard value != .null else { continue }
                guard case .number = value else { throw Self.invalid("must be a number", key) }
                chat[key] = value
                echoed[key] = value
            case "text":
                if let format = try ResponsesTools.chatResponseFormat(value) { chat["response_format"] = format }
                echoed[key] = value
            case "metadata":
                guard value != .null else { continue }
                guard let members = value.objectValue, members.values.allSatisfy({ $0.stringValue != nil }) else {
                    throw Self.invalid("must be an object of strings", key)
                }
                echoed[key] = value
            case "user":
                guard value.stringValue != nil else { throw Self.invalid("must be a string", key) }
                chat[key] = value
            default:
                guard Self.ignoredFields.contains(key) else {
                    throw .invalidRequest(
                        "The field '\(key)' is not supported by this gateway's Responses API; remove it.", param: key, code: "unsupported_parameter")
                }
            }
        }
        guard let model else { throw .invalidRequest("The field 'model' is required.", param: "model", code: "missing_required_parameter") }
        guard let input, !input.isEmpty else {
            throw .invalidRequest("The field 'input' is required: a string or a list of input items.", param: "input", code: "missing_required_parameter")
        }
        self.model = model
        self.stream = stream
        self.store = store
        previousResponseID = previous
        inputMessages = input
        self.instructions = instructions
        echoed["model"] = .string(model)
        echoed["store"] = .bool(store)
        echoed["previous_response_id"] = previous.map(JSONValue.string) ?? .null
        self.echoed = echoed
        chatFields = chat
    }

    /// The Chat Completions body: the instructions, then `history` (the conversation of the
    /// response this one continues), then the input. Streams ask for usage.
    public func chatRequest(history: [JSONValue]) -> [UInt8] {
        var chat = chatFields
        chat["model"] = .string(model)
        var messages: [JSONValue] = []
        if let instructions { messages.append(.object(["role": .string("system"), "content": .string(instructions)])) }
        messages += history + inputMessages
        chat["messages"] = .array(messages)
        if stream {
            chat["stream"] = .bool(true)
            chat["stream_options"] = .object(["include_usage": .bool(true)])
        }
        return JSONValue.object(chat).encoded
    }

    static func invalid(_ problem: String, _ param: String) -> APIError {
        .invalidRequest("The field '\(param)' \(problem).", param: param, code: "invalid_type")
    }
}
