/// The API an app called a model through: the shape its request arrives in and its answer
/// leaves in. Inside, every door is a Chat Completions exchange: the translate stage turns the
/// request into one, and the door's ``AnswerEncoder`` turns the answer back at the app's edge.
public enum FrontDoor: String, Sendable, Equatable {
    /// `POST /v1/chat/completions` (and embeddings): no translation.
    case chatCompletions = "chat.completions"
    /// `POST /v1/messages`, Anthropic's Messages API.
    case messages
    /// `POST /v1/responses`, OpenAI's Responses API.
    case responses
}
