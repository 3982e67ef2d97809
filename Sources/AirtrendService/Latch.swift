/// A one-time event tasks can wait for: once fired it stays fired.
///
/// A waiting task that is cancelled stops waiting at once.
actor Latch {
    private var fired = false
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0

    var isFired: Bool { fired }

    func fire() {
        fired = true
        for waiter in waiters.values { waiter.resume() }
        waiters.removeAll()
    }

    /// Returns when the latch fires, or at once when it has fired or the task is cancelled.
    func wait() async {
        if fired { return }
        let id = nextWaiter
        nextWaiter += 1
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                if fired || Task.isCancelled { continuation.resume() } else { waiters[id] = continuation }
            }
        } onCancel: {
            Task { await self.stopWaiting(id) }
        }
    }

    private func stopWaiting(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume()
    }
}
