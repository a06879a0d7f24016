import Config

/// Orders an alias's targets for one request: the first is tried first, the rest are fallbacks.
public struct TargetPlanner: Sendable {
    /// Creates a planner.
    public init() {}

    /// The targets in the order to try them. Under `ordered` that is the configured order;
    /// under `weighted`, a weighted random draw without replacement, so the first pick follows
    /// the weights and the fallbacks do too.
    public func plan<Generator: RandomNumberGenerator>(for model: ModelConfig, using generator: inout Generator) -> [ModelTarget] {
        switch model.strategy {
        case .ordered:
            return model.targets
        case .weighted:
            var remaining = model.targets
            var ordered: [ModelTarget] = []
            ordered.reserveCapacity(remaining.count)
            while !remaining.isEmpty {
                let total = remaining.reduce(0) { $0 + $1.weight }
                var draw = Int(generator.next(upperBound: UInt64(total)))
                var index = 0
                while draw >= remaining[index].weight {
                    draw -= remaining[index].weight
                    index += 1
                }
                ordered.append(remaining.remove(at: index))
            }
            return ordered
        }
    }
}
