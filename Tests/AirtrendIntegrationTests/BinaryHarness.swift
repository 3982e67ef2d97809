import Foundation

/// The repository root, found from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The built `airtrend` binary (`AIRTREND_BIN` overrides; Scripts/test builds it first).
let airtrendBinary: String = {
    if let path = ProcessInfo.processInfo.environment["AIRTREND_BIN"] { return path }
    for candidate in [".build/debug/airtrend", ".build/x86_64-unknown-linux-gnu/debug/airtrend", ".build/aarch64-unknown-linux-gnu/debug/airtrend"] {
        let path = repositoryRoot + "/" + candidate
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return repositoryRoot + "/.build/debug/airtrend"
}()

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the real binary to completion and captures its output.
///
/// - Parameter killAfter: seconds after which a run that has not ended is killed (SIGKILL, status 9), so a
///   test of a bound fails instead of hanging when the bound is broken.
@discardableResult
func airtrend(_ arguments: [String], directory: String? = nil, environment: [String: String] = [:],
              killAfter: TimeInterval? = nil) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: airtrendBinary)
    process.arguments = arguments
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    // stderr goes to a file and stdout is drained before waiting, so a chatty child cannot block on a full pipe.
    let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("airtrend-stderr-\(UUID().uuidString)").path
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: errPath) }
    let out = Pipe()
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let pid = process.processIdentifier
    let killer = DispatchWorkItem { kill(pid, SIGKILL) }
    if let killAfter { DispatchQueue.global().asyncAfter(deadline: .now() + killAfter, execute: killer) }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    killer.cancel()
    try err.close()
    let errData = FileManager.default.contents(atPath: errPath) ?? Data()
    return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

/// A fresh temporary directory.
func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("airtrend-it-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Parses the report's CSV into rows keyed by column name.
func csvRows(_ text: String) -> [[String: String]] {
    let lines = text.split(separator: "\n").map(String.init)
    guard let headerIndex = lines.firstIndex(where: { $0.hasPrefix("scope,year,") }) else { return [] }
    let header = lines[headerIndex].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    return lines[(headerIndex + 1)...].map { line in
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return Dictionary(uniqueKeysWithValues: zip(header, fields))
    }
}
