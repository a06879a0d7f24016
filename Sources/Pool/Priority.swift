/// Which class of work a request belongs to: interactive work goes before batch work on a
/// contended backend, and batch work is never starved.
public enum Priority: String, Sendable, Equatable, CaseIterable {
    /// Someone is waiting for the answer (the default).
    case interactive
    /// Bulk work that can wait (`X-Switchboard-Priority: batch`).
    case batch
}
