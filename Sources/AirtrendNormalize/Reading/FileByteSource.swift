import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a local file with plain `read(2)`, inflating it on the fly when it is gzip.
///
/// A file is gzip when it starts with the magic bytes `1f 8b`, whatever its name;
/// anything else is handed out as it is. Gzip input goes through zlib one fixed-size
/// buffer at a time and inflates straight into the caller's buffer, so memory stays
/// bounded however large the file. Concatenated gzip members (what `cat a.gz b.gz`
/// makes) read as one stream. A corrupt or truncated gzip stream is a ``LayoutError``
/// of kind ``LayoutError/Kind/badFile`` naming the file. The file is closed when the
/// value is dropped.
public final class FileByteSource: ByteSource {
    public let name: String
    private let fd: Int32
    private let inputCapacity: Int

    private enum Mode {
        /// Nothing read yet: the first bytes decide.
        case undecided
        /// Bytes pass through; `input[inputStart..<inputEnd]` still holds the peeked ones.
        case plain
        case gzip
        /// The last gzip member ended with the input.
        case gzipDone
        /// The stream broke; bytes inflated before the damage were handed out first.
        case failed(LayoutError)
    }

    private var mode = Mode.undecided
    /// Compressed bytes (gzip), or the bytes read while sniffing the magic (plain).
    private let input: UnsafeMutablePointer<UInt8>
    private var inputStart = 0
    private var inputEnd = 0
    private var inputAtEOF = false
    /// zlib keeps a pointer back to its stream and checks it, so the stream lives at a fixed address.
    private var stream: UnsafeMutablePointer<z_stream>?

    /// Opens the file, or throws a ``LayoutError`` naming it and the system's reason.
    ///
    /// - Parameter inputBufferSize: compressed bytes read per `read(2)`; tests use tiny
    ///   sizes to cross gzip member boundaries between reads.
    public init(path: String, inputBufferSize: Int = 1 << 16) throws(LayoutError) {
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
        // Two bytes at least, so the magic can always be sniffed from one buffer.
        self.inputCapacity = max(2, inputBufferSize)
        self.input = .allocate(capacity: inputCapacity)
    }

    deinit {
        if let stream {
            inflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        input.deallocate()
        close(fd)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(LayoutError) -> Int {
        guard buffer.count > 0 else { return 0 }
        if case .undecided = mode { try sniff() }
        switch mode {
        case .undecided, .gzipDone:
            return 0
        case .plain:
            if inputStart < inputEnd {
                let n = min(buffer.count, inputEnd - inputStart)
                buffer.baseAddress!.copyMemory(from: input + inputStart, byteCount: n)
                inputStart += n
                return n
            }
            return try rawRead(buffer.baseAddress!, buffer.count)
        case .gzip:
            return try inflate(into: buffer)
        case .failed(let error):
            throw error
        }
    }

    /// Reads until two bytes are in (or the file ends) and picks plain or gzip from them.
    private func sniff() throws(LayoutError) {
        while inputEnd < 2 {
            let n = try rawRead(input + inputEnd, inputCapacity - inputEnd)
            if n == 0 { inputAtEOF = true; break }
            inputEnd += n
        }
        guard inputEnd >= 2, input[0] == 0x1f, input[1] == 0x8b else {
            mode = .plain
            return
        }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream()) // zalloc, zfree and opaque nil: zlib's own allocator
        guard airtrend_inflate_init_gzip(stream) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw LayoutError(file: name, line: nil, message: "cannot start gzip decompression (zlib out of memory)", kind: .noInput)
        }
        self.stream = stream
        mode = .gzip
    }

    /// Inflates into `buffer` until it is full or the input ends; returns the bytes written.
    private func inflate(into buffer: UnsafeMutableRawBufferPointer) throws(LayoutError) -> Int {
        guard let stream else { return 0 }
        let capacity = min(buffer.count, Int(UInt32.max))
        stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(capacity)
        while stream.pointee.avail_out > 0 {
            if inputStart == inputEnd && !inputAtEOF { try refill() }
            stream.pointee.next_in = input + inputStart
            stream.pointee.avail_in = uInt(inputEnd - inputStart)
            let status = CZlib.inflate(stream, Z_NO_FLUSH)
            inputStart = inputEnd - Int(stream.pointee.avail_in)
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                // One member is done. Another may follow (concatenated members are one stream
                // by RFC 1952); only the end of the file ends the data.
                if inputStart == inputEnd && !inputAtEOF { try refill() }
                if inputStart == inputEnd {
                    mode = .gzipDone
                    return capacity - Int(stream.pointee.avail_out)
                }
                inflateReset(stream)
            case Z_BUF_ERROR:
                // No progress although there is room for output: input was always supplied
                // unless the file had ended, so the stream stops before its end.
                return try fail(LayoutError(file: name, line: nil, message: "gzip data ends early: the file is truncated (expected the rest of the compressed stream)", kind: .badFile),
                                produced: capacity - Int(stream.pointee.avail_out))
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                return try fail(LayoutError(file: name, line: nil, message: "corrupt gzip data: \(detail)", kind: .badFile),
                                produced: capacity - Int(stream.pointee.avail_out))
            }
        }
        return capacity
    }

    /// Hands out the bytes inflated before the damage, and reports the damage on the next read; with
    /// nothing inflated, reports it now. So every complete line before a truncation is read.
    private func fail(_ error: LayoutError, produced: Int) throws(LayoutError) -> Int {
        mode = .failed(error)
        if produced > 0 { return produced }
        throw error
    }

    /// Reads the next block of compressed bytes, noting the end of the file.
    private func refill() throws(LayoutError) {
        let n = try rawRead(input, inputCapacity)
        inputStart = 0
        inputEnd = n
        if n == 0 { inputAtEOF = true }
    }

    private func rawRead(_ target: UnsafeMutableRawPointer, _ count: Int) throws(LayoutError) -> Int {
        while true {
            #if canImport(Glibc)
            let n = Glibc.read(fd, target, count)
            #else
            let n = Darwin.read(fd, target, count)
            #endif
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw LayoutError(file: name, line: nil, message: "read failed: \(String(cString: strerror(errno)))", kind: .noInput)
        }
    }
}
