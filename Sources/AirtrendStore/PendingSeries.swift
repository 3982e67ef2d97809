import AirtrendDomain

/// One series' hours that an open batch holds in memory until it writes them, sorted, at commit.
///
/// Keeps what the writer must answer before anything is written: whether a put changes the series
/// (``SQLiteHourlyWriter/put(_:pollutant:hour:value:line:raw:)`` returns it at once) and what an hour
/// holds so far (``SQLiteHourlyWriter/existing(_:pollutant:hour:)``).
final class PendingSeries {
    let target: StationTarget
    let pollutant: Pollutant
    /// The newest hour in the table when the batch first touched the series (nil: none); every later
    /// hour is new, so it needs no lookup and is written with a plain insert.
    var storedThrough: Int?
    private(set) var hours: [Int] = []
    private(set) var values: [Double] = []
    private(set) var lines: [Int] = []
    private(set) var raws: [String?] = []
    /// The newest pending hour.
    private(set) var newest = Int.min
    /// Hour → position, built once hours stop arriving in order (feed files are ordered per station).
    private var index: [Int: Int]?
    /// Local days already changed in the table by this batch (rows written before commit, removals).
    var writtenDays: Set<Int> = []
    /// False once this batch wrote to the series before commit: its days are then read back from the table.
    var inHandValid = true

    init(target: StationTarget, pollutant: Pollutant, storedThrough: Int?) {
        self.target = target
        self.pollutant = pollutant
        self.storedThrough = storedThrough
    }

    var isEmpty: Bool { hours.isEmpty }

    /// The position of a pending hour, or nil.
    func position(of hour: Int) -> Int? {
        guard hour <= newest else { return nil }
        if let index { return index[hour] }
        // Still in order: binary search.
        var low = 0, high = hours.count
        while low < high {
            let mid = (low + high) / 2
            if hours[mid] < hour { low = mid + 1 } else { high = mid }
        }
        return low < hours.count && hours[low] == hour ? low : nil
    }

    func append(hour: Int, value: Double, line: Int, raw: String?) {
        if hour < newest && index == nil {
            index = Dictionary(uniqueKeysWithValues: hours.enumerated().map { ($0.element, $0.offset) })
        }
        index?[hour] = hours.count
        hours.append(hour); values.append(value); lines.append(line); raws.append(raw)
        newest = max(newest, hour)
    }

    func replace(at position: Int, value: Double, line: Int, raw: String?) {
        values[position] = value; lines[position] = line; raws[position] = raw
    }

    /// Positions in hour order.
    func order() -> [Int] {
        index == nil ? Array(hours.indices) : hours.indices.sorted { hours[$0] < hours[$1] }
    }

    /// Forgets the pending hours after they were written; later hours of the batch count as stored.
    func written() {
        if newest > Int.min { storedThrough = max(storedThrough ?? Int.min, newest) }
        hours.removeAll(); values.removeAll(); lines.removeAll(); raws.removeAll()
        newest = Int.min
        index = nil
    }
}
