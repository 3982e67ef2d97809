import Dispatch

/// A serial executor on a thread of its own, for actors whose work blocks (SQLite, libcurl, file reads).
///
/// airtrend's one concurrency model is structured concurrency: every concurrent activity is a child
/// task of the command's task or of the service group (task groups, never detached threads), waits
/// are `Clock.sleep` and cancellation, and shared mutable state lives in actors. What blocks in C
/// must not run on the cooperative pool — on a 2-core machine it has two threads, and a feed waiting
/// 30 s for a slow host would stall the watchdog and every other feed — so the actors that own a
/// blocking resource (``StoreWriter`` and each feed's fetcher) run on a lane: their isolated methods
/// execute on this executor's dispatch queue, and callers simply `await` them. This replaces the
/// threads, semaphores, condition variables, locks and polling sleeps the code had before.
public final class LaneExecutor: SerialExecutor {
    private let queue: DispatchQueue

    public init(label: String) {
        queue = DispatchQueue(label: label)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedSerialExecutor()) }
    }
}
