/// A problem reading an archive, naming the file, the line when there is one, and what was expected.
public struct LayoutError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of failure this is, so callers can pick an exit status.
    public enum Kind: Sendable, Equatable {
        /// The input does not exist or cannot be read.
        case noInput
        /// The file as a whole is not in this layout (missing header or column).
        case badFile
        /// One row could not be read; the others are unaffected.
        case badRow
        /// The layout's options are wrong or incomplete.
        case usage
        /// The caller asked the import to stop (shutdown); the open batch was rolled back.
        case interrupted
        /// The consumer of the events stopped the read (its own error says why).
        case aborted
        /// The input ended in a read error (a truncated or corrupt gzip stream, an I/O error) after some
        /// complete lines: those stand, the rest of the file could not be read.
        case truncated
    }

    public let file: String?
    public let line: Int?
    public let message: String
    public let kind: Kind

    public init(file: String?, line: Int?, message: String, kind: Kind) {
        self.file = file
        self.line = line
        self.message = message
        self.kind = kind
    }

    /// `file:line: message`, the form compilers use, so editors can jump to it.
    public var description: String {
        switch (file, line) {
        case let (file?, line?): "\(file):\(line): \(message)"
        case let (file?, nil): "\(file): \(message)"
        default: message
        }
    }
}
