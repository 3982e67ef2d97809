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
/// exits, even after `kill -9`, so a crash never leaves a stale lock behind. The lock is keyed by
/// the database file itself: its path with every symbolic link resolved, so two runs naming one
/// store through different paths (a symlink, `..`, a relative path) share one lock.
public final class IngestLock {
    public let path: String
    private var fd: Int32 = -1

    public init(databasePath: String) {
        self.path = Self.resolved(databasePath) + ".lock"
    }

    /// The database's real path; for a store not created yet (or a link to one), its folder's real path and its name.
    static func resolved(_ path: String) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        // A link to a file that does not exist yet: follow it by hand (a bounded number of times).
        var path = path
        for _ in 0..<40 {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { break }
            path = target.hasPrefix("/") ? target : (path as NSString).deletingLastPathComponent + "/" + target
        }
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        guard let real = realpath(folder.isEmpty ? "." : folder, nil) else { return path }
        defer { free(real) }
        return String(cString: real) + "/" + name
    }

    deinit { release() }

    /// Takes the lock if no other process holds it; never waits.
    public func tryAcquire() throws(IngestError) -> Bool {
        if fd < 0 {
            // The lock sits beside the database, whose folder may not exist yet on a first run.
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw IngestError("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
            }
        }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            // Record the holder for operators; the lock itself is the flock.
            _ = ftruncate(fd, 0)
            let text = "\(getpid())\n"
            _ = text.withCString { write(fd, $0, strlen($0)) }
            return true
        }
        guard errno == EWOULDBLOCK || errno == EINTR else {
            throw IngestError("cannot lock \(path): \(String(cString: strerror(errno)))")
        }
        return false
    }

    /// Takes the lock, trying again every 200 ms on `clock` for up to `wait`. Returns false when
    /// another process still holds it then.
    ///
    /// `flock(2)` offers no wait with a timeout, so waiting is a retry on the clock; a cancelled
    /// task stops waiting at once.
    public func acquire(waiting wait: Duration, clock: ContinuousClock = ContinuousClock()) async throws -> Bool {
        let deadline = clock.now.advanced(by: wait)
        while true {
            if try tryAcquire() { return true }
            let left = clock.now.duration(to: deadline)
            if left <= .zero { return false }
            try await clock.sleep(for: min(.milliseconds(200), left))
        }
    }

    /// The process id the holder wrote into the lock file, for messages.
    public var holder: String {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
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
