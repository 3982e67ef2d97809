/// Every problem found in a configuration file, each with its key path and line.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int?
        /// The key path, e.g. `feeds[1].kind`.
        public var key: String
        public var message: String
        public init(file: String, line: Int?, key: String, message: String) {
            self.file = file
            self.line = line
            self.key = key
            self.message = message
        }
        public var description: String {
            "\(file)\(line.map { ":\($0)" } ?? ""): \(key): \(message)"
        }
    }
    public var problems: [Problem]
    /// What could be read despite the problems, so `config check` can also run the checks that need
    /// the environment and report every problem at once; nil when the file could not be read at all.
    public var partial: AirtrendConfiguration?
    public init(problems: [Problem], partial: AirtrendConfiguration? = nil) {
        self.problems = problems
        self.partial = partial
    }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
