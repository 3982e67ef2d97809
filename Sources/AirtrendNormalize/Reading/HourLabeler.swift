import AirtrendDomain

/// Turns a parsed wall-clock label into the UTC hour it starts, under a file's convention.
public struct HourLabeler {
    /// How labels relate to the hour they describe.
    public enum Convention: Sendable {
        /// `13:00` is 13:00–14:00 (EPA AQS, StateAir).
        case hourBeginning
        /// `13:00` is 12:00–13:00 (China's national network, UCI).
        case hourEnding
    }

    public let convention: Convention
    private var cache = StationTimeZone.OffsetCache()

    public init(convention: Convention) {
        self.convention = convention
    }

    /// The UTC hour, or a message saying why the label cannot be one.
    ///
    /// - Parameters:
    ///   - offsetMinutes: the offset written in the label, which wins over `zone`.
    ///   - zone: the zone of labels without an offset; nil when none is known.
    public mutating func hour(wallMinutes: Int, offsetMinutes: Int?, zone: StationTimeZone?) -> Result<UTCHour, LabelProblem> {
        let utcMinutes: Int
        if let offsetMinutes {
            utcMinutes = wallMinutes - offsetMinutes
        } else if let zone {
            utcMinutes = zone.utcMinutes(localMinutes: wallMinutes, cache: &cache)
        } else {
            return .failure(.noZone)
        }
        guard utcMinutes.floorMod(60) == 0 else { return .failure(.notOnTheHour) }
        let labelHour = utcMinutes.floorDiv(60)
        return .success(UTCHour(convention == .hourEnding ? labelHour - 1 : labelHour))
    }

    public enum LabelProblem: Error, Sendable {
        case noZone
        case notOnTheHour

        public var message: String {
            switch self {
            case .noZone: "the time has no UTC offset and no time zone is known for this station: give --timezone"
            case .notOnTheHour: "the time does not fall on a whole UTC hour: expected hourly values"
            }
        }
    }
}
