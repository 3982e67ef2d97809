import Foundation

/// What one run of the real binary printed and how it ended.
public struct RunResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs the real binary to completion and captures its output.
///
/// - Parameter killAfter: seconds after which a run that has not ended is killed (SIGKILL, status 9), so a
///   test of a bound fails instead of hanging when the bound is broken.
@discardableResult
public func airtrend(_ arguments: [String], directory: String? = nil, environment: [String: String] = [:],
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
    let outData = readToEnd(out.fileHandleForReading)
    process.waitUntilExit()
    killer.cancel()
    try err.close()
    let errData = FileManager.default.contents(atPath: errPath) ?? Data()
    return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

/// Everything a pipe delivers until its writer closes it.
///
/// `FileHandle.readDataToEndOfFile` traps on EINTR (a signal to the test process, such as another
/// test's child ending, interrupts the read), so this reads with read(2) and retries.
public func readToEnd(_ handle: FileHandle) -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    let fd = handle.fileDescriptor
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 { data.append(buffer, count: n); continue }
        if n < 0 && errno == EINTR { continue }
        return data
    }
}

/// Runs a tool found on PATH (`python3`, `gzip`) to completion and returns its status and standard output
/// (standard error is left to the test's own): the independent computations and clients the tests compare with.
public func runTool(_ arguments: [String]) throws -> (status: Int32, stdout: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = readToEnd(out.fileHandleForReading)
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
