import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see the old file or the whole new one, never a part.
///
/// What a caller must know:
/// - The text goes to a temporary file in the same folder (`.NAME.tmp-PID-RANDOM`, so a web server
///   publishing the folder never lists it as a page), is flushed to disk, then renamed over the
///   target; a rename within one file system is atomic.
/// - On any failure the temporary file is removed and an ``OutputError`` thrown; an existing file at
///   the path is left as it was.
/// - The folder must exist: creating folders is the caller's decision (the daemon creates its
///   report folder; `--output` into a missing folder is an error).
public enum AtomicFile {
    public static func write(_ contents: String, to path: String) throws(OutputError) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else { throw OutputError(path: path, reason: "the path names a folder, not a file") }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "/" : folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw OutputError(path: path, reason: "the folder \(folder.isEmpty ? "/" : folder) does not exist")
        }
        let temporary = (folder.isEmpty ? "" : folder) + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
        var failure: String?
        let bytes = Array(contents.utf8)
        var offset = 0
        while offset < bytes.count && failure == nil {
            let written = bytes.withUnsafeBytes { buffer in systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset) }
            if written < 0 {
                if errno != EINTR { failure = String(cString: strerror(errno)) }
            } else {
                offset += written
            }
        }
        if failure == nil && fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        if close(descriptor) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil && rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw OutputError(path: path, reason: failure)
        }
    }

    private static func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
        #else
        Darwin.write(descriptor, buffer, count)
        #endif
    }
}
