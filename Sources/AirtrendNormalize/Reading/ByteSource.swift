/// Something that yields the bytes of an archive in order: a file, a gzip stream, an HTTP body.
///
/// Implementations fill the buffer and return the count, 0 at the end. They
/// never need to hold the whole input, which keeps imports memory-bounded.
public protocol ByteSource {
    /// A name for error messages (a path or a URL with secrets removed).
    var name: String { get }
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(LayoutError) -> Int
}
