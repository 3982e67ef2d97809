#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves a feed's archive URL to the local files to read.
///
/// `file:` URLs may be relative (to `baseDirectory`, the config file's folder)
/// and may name a directory, whose regular files matching `pattern`
/// (`fnmatch` syntax, default `*`) are read in name order.
public struct ArchiveLocator: Sendable {
    public let baseDirectory: String

    public init(baseDirectory: String) {
        self.baseDirectory = baseDirectory
    }

    /// True for the URL schemes this locator reads from disk.
    public static func isFileURL(_ url: String) -> Bool { url.hasPrefix("file:") }

    /// The files a `file:` URL names, sorted; throws when there are none.
    public func files(for url: String, pattern: String? = nil) throws(FetchError) -> [String] {
        guard Self.isFileURL(url) else {
            throw FetchError(url: url, message: "not a file: URL", kind: .usage)
        }
        var path = String(url.dropFirst("file:".count))
        if path.hasPrefix("//") { path = String(path.dropFirst(2)) } // file:///abs → /abs
        path = path.removingPercentEncoding
        if !path.hasPrefix("/") { path = baseDirectory + "/" + path }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw FetchError(url: url, message: "no such file or directory: \(path)", kind: .notFound)
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return [path] }
        guard let dir = opendir(path) else {
            throw FetchError(url: url, message: "cannot read directory \(path)", kind: .unavailable)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name.hasPrefix(".") { continue }
            if fnmatch(pattern ?? "*", name, 0) != 0 { continue }
            var child = stat()
            let full = path.hasSuffix("/") ? path + name : path + "/" + name
            if stat(full, &child) == 0, (child.st_mode & S_IFMT) == S_IFREG { names.append(full) }
        }
        guard !names.isEmpty else {
            throw FetchError(url: url, message: "directory \(path) has no files matching '\(pattern ?? "*")'", kind: .notFound)
        }
        return names.sorted()
    }
}

extension String {
    /// Undoes %XX escapes; leaves malformed ones as they are.
    var removingPercentEncoding: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var iterator = Array(utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == 37, iterator.count >= 2,
               let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
