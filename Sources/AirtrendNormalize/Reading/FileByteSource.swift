#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a local file with plain `read(2)`, closing it when the value is dropped.
public final class FileByteSource: ByteSource {
    public let name: String
    private let fd: Int32

    /// Opens the file, or throws a ``LayoutError`` naming it and the system's reason.
    public init(path: String) throws(LayoutError) {
        self.name = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw LayoutError(file: path, line: nil, message: "cannot open: \(String(cString: strerror(errno)))", kind: .noInput)
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw LayoutError(file: path, line: nil, message: "is a directory, expected a file", kind: .noInput)
        }
        self.fd = fd
    }

    deinit { close(fd) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(LayoutError) -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw LayoutError(file: name, line: nil, message: "read failed: \(String(cString: strerror(errno)))", kind: .noInput)
        }
    }
}
