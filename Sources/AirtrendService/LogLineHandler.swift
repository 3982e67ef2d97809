import AirtrendDomain
import Foundation
import Logging

/// One line per event: under systemd (`JOURNAL_STREAM` set) with a `<N>` syslog priority
/// prefix and no timestamp (the journal adds its own); on a terminal or in a file with an
/// ISO time. Metadata is printed as `key=value`.
public struct LogLineHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let journal: Bool

    public init(label: String, level: Logger.Level, environment: [String: String]) {
        self.label = label
        self.logLevel = level
        self.journal = environment["JOURNAL_STREAM"] != nil
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        // Values carry data (feed errors, upstream text): escaped, so none can end the line early
        // (a forged journal entry) or drive the terminal.
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quoted(TerminalText.escaped("\($0.value)")))" }
            .joined(separator: " ")
        let text = TerminalText.escaped("\(event.message)") + (fields.isEmpty ? "" : " " + fields)
        let line: String
        if journal {
            line = "<\(Self.priority(event.level))>\(text)\n"
        } else {
            line = "\(Self.timestamp()) \(event.level.rawValue.uppercased()) \(text)\n"
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// syslog(3) priorities, as sd-daemon(3) reads them.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    static func quoted(_ value: String) -> String {
        value.contains(" ") || value.isEmpty ? "\"" + value.replacingOccurrences(of: "\"", with: "'") + "\"" : value
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date())
    }
}
