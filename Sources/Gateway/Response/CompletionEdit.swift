import Wire

/// A chat completion being edited by a response filter: its first choice's text and finish
/// reason, and Switchboard's `switchboard` extension member.
struct CompletionEdit {
    /// The completion as edited so far.
    private(set) var value: JSONValue

    init(_ value: JSONValue) {
        self.value = value
    }

    /// Sets the first choice's message text, and its finish reason when given.
    mutating func replaceContent(with text: String, finishReason: String?) {
        guard var members = value.objectValue, var choices = members["choices"]?.arrayValue, var choice = choices.first?.objectValue else { return }
        var message = choice["message"]?.objectValue ?? ["role": .string("assistant")]
        message["content"] = .string(text)
        choice["message"] = .object(message)
        if let finishReason { choice["finish_reason"] = .string(finishReason) }
        choices[0] = .object(choice)
        members["choices"] = .array(choices)
        value = .object(members)
    }

    /// Puts `report` in `switchboard.quality`, keeping what else the member holds.
    mutating func setQuality(_ report: JSONValue) {
        guard var members = value.objectValue else { return }
        var extension_ = members["switchboard"]?.objectValue ?? [:]
        extension_["quality"] = report
        members["switchboard"] = .object(extension_)
        value = .object(members)
    }
}
