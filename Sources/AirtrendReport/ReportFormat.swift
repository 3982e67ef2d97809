/// How a report is printed.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, csv, json
}
