import AirtrendStore

/// The one writer of a store: every use of the store by concurrent work goes through it, one at a time.
///
/// SQLite has one writer per file, and a connection is not thread-safe. Rather than a lock every
/// caller must remember, the store is owned by this actor (as GRDB's `DatabaseQueue` owns its
/// connection): the store type is not `Sendable`, so concurrent code cannot reach it except through
/// ``write(_:)``. The actor runs on its own ``LaneExecutor``, so a long import blocks that lane, never
/// the cooperative pool; work that must be interruptible checks its ``StopFlag``.
public actor StoreWriter {
    /// Everything the pipeline and the service ask of a store.
    public typealias Store = any IngestStore & ServiceStore & ReportStore

    private let executor: LaneExecutor
    private let store: Store

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Takes the store over; the caller must not use it afterwards.
    public init(_ store: sending Store, label: String = "airtrend.store") {
        executor = LaneExecutor(label: label)
        self.store = store
    }

    /// Runs `body` with the store, after every earlier call has finished.
    public func write<T: Sendable>(_ body: (Store) throws -> T) rethrows -> T {
        try body(store)
    }
}
