import Foundation

/// Scripts/lib/feed_server.py on 127.0.0.1: a stand-in for OpenAQ v3 with real paging semantics.
final class FeedServer {
    let process = Process()
    let port: Int
    /// Data exists for hours before this one (hours since 1970).
    let until: Int

    init(key: String?, until: Int) throws {
        self.until = until
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repositoryRoot + "/Scripts/lib/feed_server.py", "--available-until", String(until)]
            + (key.map { ["--key", $0] } ?? [])
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

    var base: String { "http://127.0.0.1:\(port)" }

    /// GETs a control route and returns the body.
    @discardableResult
    func control(_ path: String) throws -> String {
        let process = Process()
        let out = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode())", base + path]
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var requestCount: Int { (try? Int(control("/control/count"))) ?? -1 }

    /// Requests that carried an `X-API-Key` header, whatever its value.
    var requestsWithAKey: Int { (try? Int(control("/control/keys"))) ?? -1 }

    /// The server's formula, restated here so the tests check it independently of the program.
    static func value(sensor: Int, hour: Int) -> Double {
        Double((sensor * 7919 + hour * 104_729) % 1000) / 10 + 1
    }

    deinit {
        // SIGKILL: the test runner's blocked-signal mask is inherited, so SIGTERM may never arrive.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
