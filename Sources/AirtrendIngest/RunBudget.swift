/// How much one run of a live feed may read and store before it stops for now.
///
/// A catch-up over months, or an upstream that sends far more than asked, must not hold the ingest
/// lock and grow the store without end. When the budget is spent the run ends as a temporary
/// failure; every stored page kept its cursor, so the next run continues where this one stopped.
struct RunBudget {
    let maximumBytes: Int
    let maximumReadings: Int
    private(set) var bytes = 0
    private(set) var readings = 0

    init(maximumBytes: Int, maximumReadings: Int) {
        self.maximumBytes = maximumBytes
        self.maximumReadings = maximumReadings
    }

    /// Counts one response body and the readings decoded from it.
    mutating func spend(bytes: Int, readings: Int) {
        self.bytes += bytes
        self.readings += readings
    }

    /// Why no further request may be made in this run, or nil while the budget lasts.
    var spent: String? {
        if bytes >= maximumBytes {
            return "this run read \(bytes) bytes, the limit of max_bytes_per_run (\(maximumBytes)); the next run continues from the stored cursors"
        }
        if readings >= maximumReadings {
            return "this run received \(readings) readings, the limit of max_readings_per_run (\(maximumReadings)); "
                + "the next run continues from the stored cursors"
        }
        return nil
    }
}
