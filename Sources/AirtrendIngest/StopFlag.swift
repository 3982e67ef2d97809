import Synchronization

/// A flag set once to ask blocking work (an import running on the store's lane) to stop at its next safe point.
///
/// Blocking code cannot observe task cancellation, so the pipeline sets this flag from a task
/// cancellation handler; it is the bridge from the one concurrency model to code that must block.
public final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    public init() {}
    public var isSet: Bool { value.load(ordering: .relaxed) }
    public func set() { value.store(true, ordering: .relaxed) }
}
