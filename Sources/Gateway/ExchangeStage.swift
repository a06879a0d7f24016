import Wire

/// One step of the request pipeline: reads and writes the ``Exchange``, or stops the request
/// with an ``APIError`` the app will see.
public protocol ExchangeStage: Sendable {
    /// A short name for logs and traces, e.g. `authenticate`.
    var name: String { get }
    /// Does the stage's one job.
    func process(_ exchange: inout Exchange) async throws(APIError)
}

/// An ordered chain of stages.
public struct Pipeline: Sendable {
    /// The stages in order.
    public let stages: [any ExchangeStage]

    /// Creates a pipeline.
    public init(stages: [any ExchangeStage]) {
        self.stages = stages
    }

    /// Runs every stage in order; the first error stops the chain and is recorded on the exchange.
    public func run(_ exchange: inout Exchange) async throws(APIError) {
        for stage in stages {
            do {
                try await stage.process(&exchange)
            } catch {
                exchange.recordError(error)
                throw error
            }
        }
    }
}
