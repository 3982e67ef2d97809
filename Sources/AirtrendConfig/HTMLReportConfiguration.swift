/// `html_report:` — the folder of HTML pages the daemon, `run --once` and `ingest` keep current.
///
/// One page per scope (`station-ID.html`, `city-NAME.html`, `region-ID.html`) and an `index.html`,
/// each written atomically after every run that stored data, so any web server can publish the folder.
public struct HTMLReportConfiguration: Sendable, Equatable {
    /// One scope to publish, as written in the config: `station:ID`, `city:NAME` or `region:ID`.
    public struct Scope: Sendable, Equatable, Hashable {
        public enum Kind: String, Sendable, CaseIterable { case station, city, region }
        public var kind: Kind
        public var id: String

        public init(kind: Kind, id: String) {
            self.kind = kind
            self.id = id
        }

        /// `station:ID`, as written in the config.
        public var label: String { "\(kind.rawValue):\(id)" }

        /// The scope a `kind:ID` text names, or nil.
        public init?(_ text: String) {
            guard let colon = text.firstIndex(of: ":"), let kind = Kind(rawValue: String(text[..<colon])) else { return nil }
            let id = String(text[text.index(after: colon)...])
            guard !id.isEmpty else { return nil }
            self.init(kind: kind, id: id)
        }
    }

    /// The folder the pages go to (absolute).
    public var path: String
    public var scopes: [Scope]
    /// The baseline year of the pages (default: `report.baseline`, else 2013).
    public var baseline: Int?

    public init(path: String, scopes: [Scope], baseline: Int? = nil) {
        self.path = path
        self.scopes = scopes
        self.baseline = baseline
    }
}
