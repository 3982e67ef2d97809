import AirtrendDomain
import AirtrendReport
import Foundation

// The printing edge: every human-readable line airtrend writes goes through TerminalText.escaped, so
// control characters from data files and upstreams (ESC sequences, OSC titles, carriage returns) are
// shown as `\x1b` instead of acting on the operator's terminal. CSV and JSON are printed exactly.

/// Prints text for people on standard output, control characters escaped; the line breaks airtrend
/// composed are kept (escape data that must stay on one line with ``oneLine(_:)`` first).
func printText(_ text: String, terminator: String = "\n") {
    print(TerminalText.escaped(text, keepingLineBreaks: true), terminator: terminator)
}

/// Prints a message on standard error, control characters escaped, the message's own line breaks kept.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((TerminalText.escaped(message, keepingLineBreaks: true) + "\n").utf8))
}

/// Text from data for one line of a message or one table cell: line breaks escaped as well, so a
/// value cannot forge a line of output.
func oneLine(_ text: String) -> String {
    TerminalText.escaped(text)
}

/// Prints `text` in `format`: tables through ``printText(_:terminator:)``, CSV and JSON exactly as rendered.
func printRendered(_ text: String, format: ReportFormat) {
    if format == .table { printText(text, terminator: "") } else { print(text, terminator: "") }
}
