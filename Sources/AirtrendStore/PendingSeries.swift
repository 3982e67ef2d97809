import AirtrendDomain

/// What an open batch knows of one series while its hours wait in memory (see ``SQLiteHourlyWriter``).
struct PendingSeries {
    let target: StationTarget
    let pollutant: Pollutant
    /// The newest hour in the table when the batch first touched the series (nil: none); every later
    /// hour is new, so it needs no lookup and is written with a plain insert.
    var storedThrough: Int?
    /// The newest pending hour (Int.min: none).
    var newest = Int.min
    /// Pending hours so far.
    var count = 0
    /// The pending hours arrived in increasing order (feed files are ordered per station): no sort needed.
    var ordered = true
    /// Local days already changed in the table by this batch (hours written before commit, removals).
    var writtenDays: Set<Int> = []
    /// False once this batch wrote to the series before commit: its days are then read back from the table.
    var inHandValid = true

    init(target: StationTarget, pollutant: Pollutant, storedThrough: Int?) {
        self.target = target
        self.pollutant = pollutant
        self.storedThrough = storedThrough
    }

    /// Every hour after this one is new to the table.
    var tableThrough: Int { storedThrough ?? Int.min }
}
