/// An official annual mean as an agency published it (a bulletin's city or regional figure), with its source.
///
/// Configured under `published:` (see `Config/published/`), never computed: a report sets it beside
/// the measured figure (`published`, `published_diff`) and can take it as the baseline when the store
/// has no annual figure for the baseline year (`--baseline-source`). The annual chart marks each with a diamond.
public struct PublishedFigure: Sendable, Hashable {
    /// What it describes, as reports name scopes: `city:Beijing`, `region:jingjinji`, `station:ID`.
    public var scope: String
    public var year: Int
    /// Annual mean, µg/m³.
    public var value: Double
    /// Who published it and where, e.g. `Beijing Municipal Ecology and Environment Bureau, 2013 bulletin`.
    public var source: String
    /// Anything a reader must know (derived from a stated change, a re-based year, …).
    public var note: String?

    public init(scope: String = "", year: Int, value: Double, source: String, note: String? = nil) {
        self.scope = scope
        self.year = year
        self.value = value
        self.source = source
        self.note = note
    }
}

extension Array where Element == PublishedFigure {
    /// The figures of one scope (`city:Beijing`), by year.
    public func of(scope: String) -> [Int: PublishedFigure] {
        Dictionary(filter { $0.scope == scope }.map { ($0.year, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
