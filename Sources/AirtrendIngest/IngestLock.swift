#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An exclusive lock beside the database, so two cron runs, or cron and the daemon,
/// never fetch at once.
///
/// It is `flock(2)` on `<database>.lock`: the kernel releases it when the holder
/// exits, even after `kill -9`, so a crash never leaves a stale lock behind.
public final class IngestLock {
    public let path: String
    private var fd: Int32 = -1

    public init(databasePath: String) {
        self.path = databasePath + ".lock"
    }

    deinit { release() }

    /// Takes the lock, waiting up to `waitSeconds` (0: try once). Returns false when another process holds it.
    ///
    /// - Parameter sleep: how to wait between attempts; injected so tests need not sleep.
    public func acquire(waitSeconds: Double, now: () -> Date = Date.init, sleep: (Double) -> Void = { usleep(useconds_t($0 * 1_000_000)) }) throws -> Bool {
        if fd < 0 {
            // The lock sits beside the database, whose folder may not exist yet on a first run.
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw DaemonError("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
            }
        }
        let deadline = now().addingTimeInterval(waitSeconds)
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                // Record the holder for operators; the lock itself is the flock.
                _ = ftruncate(fd, 0)
                let text = "\(getpid())\n"
                _ = text.withCString { write(fd, $0, strlen($0)) }
                return true
            }
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw DaemonError("cannot lock \(path): \(String(cString: strerror(errno)))")
            }
            if now() >= deadline { return false }
            sleep(min(0.2, max(0, deadline.timeIntervalSince(now()))))
        }
    }

    /// Releases the lock (also done when the process exits).
    public func release() {
        if fd >= 0 {
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }
}
