/// Wakes a sleeping scheduler early (a reload, a shutdown); a signal sent while nobody waits is kept
/// for the next wait, and one wait consumes it.
actor Wakeup {
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?

    func signal() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            pending = true
        }
    }

    /// Returns on the next signal (or a pending one), or when the task is cancelled.
    func wait() async {
        if pending {
            pending = false
            return
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                if Task.isCancelled { continuation.resume() } else { waiter = continuation }
            }
        } onCancel: {
            Task { await self.stopWaiting() }
        }
    }

    private func stopWaiting() {
        waiter?.resume()
        waiter = nil
    }
}
