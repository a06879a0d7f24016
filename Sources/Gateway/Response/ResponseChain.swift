import Backends
import Wire

/// The response side of an exchange: runs an answer through the filters on its way to the app.
///
/// ```
/// model call ─▶ turn filters ─▶ answer filters ─▶ app
///               (made per model call:            (made once per exchange: tool loop first,
///                model name, pseudonyms)          then checks, then the transcript tap)
/// ```
///
/// When an answer filter's end says the answer continues (the tool loop ran plugins, the
/// checks asked for a retry), its next turn's answer runs through fresh turn filters and then
/// through every answer filter from the first: filters before the one that continued see the
/// next turn as a new one, so each starts afresh after an end.
struct ResponseChain: Sendable {
    /// Made after each model call.
    let turnFilters: [any ResponseFilterFactory]
    /// Made once, after the first model call.
    let answerFilters: [any ResponseFilterFactory]

    /// Runs `answer`, and every turn that continues it, through the filters, handing each
    /// batch of events that reached the end of the chain to `deliver`. A failure, from the
    /// backend or a filter, is recorded on the exchange and delivered as the answer's last
    /// event. Throws only what `deliver` throws (the app went away).
    func run(_ answer: UpstreamAnswer, exchange: inout Exchange, deliver: ([ResponseEvent]) async throws -> Void) async throws {
        var filters = turnFilters.compactMap { $0.makeFilter(for: exchange) }
        var turnCount = filters.count
        filters += answerFilters.compactMap { $0.makeFilter(for: exchange) }
        var current = answer
        while true {
            guard try await runTurn(current, filters: &filters, exchange: &exchange, deliver: deliver) else { return }
            guard let next = try await endTurn(filters: &filters, exchange: &exchange, deliver: deliver) else { return }
            current = next
            let fresh = turnFilters.compactMap { $0.makeFilter(for: exchange) }
            filters.replaceSubrange(0..<turnCount, with: fresh)
            turnCount = fresh.count
        }
    }

    /// Passes one model call's events through the chain; false when it ended in a failure.
    private func runTurn(
        _ answer: UpstreamAnswer, filters: inout [any ResponseFilter], exchange: inout Exchange, deliver: ([ResponseEvent]) async throws -> Void
    ) async throws -> Bool {
        switch answer {
        case .complete(let body):
            let output = await push([.completion(body)], from: 0, through: &filters, exchange: &exchange)
            if !output.isEmpty { try await deliver(output) }
            return !Self.endsInFailure(output)
        case .stream(let stream):
            var failed = false
            var appError: (any Error)?
            let outcome = await stream.relay { batches in
                do {
                    for try await batch in batches {
                        let output = await push(batch.map(ResponseEvent.init(streamed:)), from: 0, through: &filters, exchange: &exchange)
                        guard !output.isEmpty else { continue }
                        do {
                            try await deliver(output)
                        } catch {
                            appError = error
                            throw error
                        }
                        if Self.endsInFailure(output) {
                            failed = true
                            return
                        }
                    }
                } catch let failure as UpstreamFailure {
                    let error = UpstreamErrorMapper.apiError(for: failure)
                    exchange.recordError(error)
                    failed = true
                    try await deliver(await push([.failure(error)], from: 0, through: &filters, exchange: &exchange))
                }
            }
            if let appError { throw appError }
            if outcome.failure != nil, !failed {
                // The relay ended early without the chain seeing why (a cancelled relay).
                return false
            }
            return !failed
        }
    }

    /// Ends every filter in order after a model call; returns the next turn's answer when one
    /// continues the answer, or nil when the answer is over.
    private func endTurn(
        filters: inout [any ResponseFilter], exchange: inout Exchange, deliver: ([ResponseEvent]) async throws -> Void
    ) async throws -> UpstreamAnswer? {
        for index in filters.indices {
            var held: [ResponseEvent] = []
            let end: ResponseFilterEnd
            do throws(APIError) {
                end = try await filters[index].end(exchange: &exchange, into: &held)
            } catch {
                try await pass(held, failing: error, after: index, through: &filters, exchange: &exchange, deliver: deliver)
                return nil
            }
            guard try await pass(held, after: index, through: &filters, exchange: &exchange, deliver: deliver) else { return nil }
            guard end == .continues else { continue }
            var announced: [ResponseEvent] = []
            let next: UpstreamAnswer
            do throws(APIError) {
                next = try await filters[index].nextTurn(exchange: &exchange, into: &announced)
            } catch {
                try await pass(announced, failing: error, after: index, through: &filters, exchange: &exchange, deliver: deliver)
                return nil
            }
            guard try await pass(announced, after: index, through: &filters, exchange: &exchange, deliver: deliver) else { return nil }
            return next
        }
        return nil
    }

    /// Sends what filter `index` passed on (ending with `failure`, recorded on the exchange, when
    /// it threw) through the filters after it to the app; false when the answer ended in a failure.
    @discardableResult
    private func pass(
        _ events: [ResponseEvent], failing failure: APIError? = nil, after index: Int, through filters: inout [any ResponseFilter],
        exchange: inout Exchange, deliver: ([ResponseEvent]) async throws -> Void
    ) async throws -> Bool {
        var events = events
        if let failure {
            exchange.recordError(failure)
            events.append(.failure(failure))
        }
        let output = await push(events, from: index + 1, through: &filters, exchange: &exchange)
        if !output.isEmpty { try await deliver(output) }
        return !Self.endsInFailure(output)
    }

    /// `events` after the filters from `start` on; a filter that throws turns the rest of the
    /// batch into that failure.
    private func push(
        _ events: [ResponseEvent], from start: Int, through filters: inout [any ResponseFilter], exchange: inout Exchange
    ) async -> [ResponseEvent] {
        var current = events
        var index = start
        while index < filters.count, !current.isEmpty {
            var next: [ResponseEvent] = []
            next.reserveCapacity(current.count)
            for event in current {
                if case .failure = event {
                    // Filters see a failure (a tap records it) but cannot change or drop it.
                    var ignored: [ResponseEvent] = []
                    try? await filters[index].filter(event, exchange: &exchange, into: &ignored)
                    next.append(event)
                    break
                }
                do throws(APIError) {
                    try await filters[index].filter(event, exchange: &exchange, into: &next)
                } catch {
                    exchange.recordError(error)
                    next.append(.failure(error))
                    break
                }
            }
            current = next
            index += 1
        }
        return current
    }

    private static func endsInFailure(_ events: [ResponseEvent]) -> Bool {
        if case .failure = events.last { return true }
        return false
    }
}
