import Foundation

/// The repository root, found from this file's path (`Tests/AirtrendTestSupport/…`).
public let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The built `airtrend` binary (`AIRTREND_BIN` overrides; Scripts/test builds it first).
public let airtrendBinary: String = {
    if let path = ProcessInfo.processInfo.environment["AIRTREND_BIN"] { return path }
    for candidate in [".build/debug/airtrend", ".build/x86_64-unknown-linux-gnu/debug/airtrend", ".build/aarch64-unknown-linux-gnu/debug/airtrend"] {
        let path = repositoryRoot + "/" + candidate
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return repositoryRoot + "/.build/debug/airtrend"
}()

/// `../shared` beside the repository (real data for the extended tests), or nil when it is absent.
public let sharedFolder: String? = {
    let path = (repositoryRoot as NSString).deletingLastPathComponent + "/shared"
    return FileManager.default.fileExists(atPath: path) ? path : nil
}()
