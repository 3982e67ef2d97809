import Foundation

/// A Python HTTP server from `Scripts/lib` on 127.0.0.1, killed when the value is released.
///
/// The script prints the port it listens on as its first line; that is how the tests find it.
public class PythonServer {
    let process = Process()
    public let port: Int

    /// - Parameters:
    ///   - script: a path relative to the repository root.
    ///   - arguments: passed to the script.
    public init(script: String, arguments: [String] = []) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repositoryRoot + "/" + script] + arguments
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(10) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CocoaError(.fileReadUnknown)
        }
        self.port = port
    }

    public var base: String { "http://127.0.0.1:\(port)" }

    public func url(_ path: String) -> String { base + path }

    /// GETs a control route with Python's own client (not the code under test) and returns the body.
    @discardableResult
    public func control(_ path: String) throws -> String {
        try runTool(["python3", "-c", "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode())", base + path])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit {
        // SIGKILL: the test runner's blocked-signal mask is inherited, so SIGTERM may never arrive.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// The general-purpose loopback server (`Scripts/lib/loopback_server.py`): statuses, redirects, gzip,
/// slow and truncated bodies, counters keyed by `?key=`.
public final class LoopbackServer: PythonServer {
    public init() throws {
        try super.init(script: "Scripts/lib/loopback_server.py")
    }
}

/// `Scripts/lib/feed_server.py`: a stand-in for OpenAQ v3 with real paging semantics.
public final class FeedServer: PythonServer {
    /// Data exists for hours before this one (hours since 1970).
    public let until: Int

    public init(key: String?, until: Int) throws {
        self.until = until
        try super.init(script: "Scripts/lib/feed_server.py", arguments: ["--available-until", String(until)] + (key.map { ["--key", $0] } ?? []))
    }

    public var requestCount: Int { (try? Int(control("/control/count"))) ?? -1 }

    /// Requests that carried an `X-API-Key` header, whatever its value.
    public var requestsWithAKey: Int { (try? Int(control("/control/keys"))) ?? -1 }

    /// The server's formula, restated here so the tests check it independently of the program.
    public static func value(sensor: Int, hour: Int) -> Double {
        Double((sensor * 7919 + hour * 104_729) % 1000) / 10 + 1
    }
}
