import AirtrendTestSupport
import Foundation

/// Parses the report's CSV into rows keyed by column name.
func csvRows(_ text: String) -> [[String: String]] {
    let lines = text.split(separator: "\n").map(String.init)
    guard let headerIndex = lines.firstIndex(where: { $0.hasPrefix("scope,year,") }) else { return [] }
    let header = lines[headerIndex].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    return lines[(headerIndex + 1)...].map { line in
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return Dictionary(uniqueKeysWithValues: zip(header, fields))
    }
}
