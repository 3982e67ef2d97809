/// The 24 hourly rolling labels of one station and UTC day, packed into one `rolling_hourly` row.
///
/// Layout: 24 records of 18 bytes, one per hour of the day: hours present in the trailing 24 hours
/// (UInt8; 0 = no label), hours present in the trailing 12 (UInt8), their sum (Float64) and the
/// NowCast (Float64, NaN when invalid), numbers little-endian. Packing a day per row keeps the
/// rolling table at 1/24 of the hourly table's rows, so maintaining it costs imports little.
struct RollingHourBlock: Equatable {
    struct Label: Equatable {
        var hours24: Int
        var hours12: Int
        var sum24: Double
        var nowcast: Double?
    }

    static let recordSize = 18
    var labels: [Label?] = Array(repeating: nil, count: 24)

    var isEmpty: Bool { labels.allSatisfy { $0 == nil } }

    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24 * Self.recordSize)
        for label in labels {
            bytes.append(UInt8(label?.hours24 ?? 0))
            bytes.append(UInt8(label?.hours12 ?? 0))
            for value in [label?.sum24 ?? 0, label?.nowcast ?? .nan] {
                var bits = value.bitPattern.littleEndian
                withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
            }
        }
        return bytes
    }

    /// Decodes a stored block; nil when it is not 24 records long (a damaged row).
    init?(_ bytes: [UInt8]) {
        guard bytes.count == 24 * Self.recordSize else { return nil }
        func double(_ at: Int) -> Double {
            var bits: UInt64 = 0
            for i in 0..<8 { bits |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
            return Double(bitPattern: bits)
        }
        for hour in 0..<24 {
            let base = hour * Self.recordSize
            guard bytes[base] > 0 else { continue }
            let nowcast = double(base + 10)
            labels[hour] = Label(hours24: Int(bytes[base]), hours12: Int(bytes[base + 1]), sum24: double(base + 2),
                                 nowcast: nowcast.isNaN ? nil : nowcast)
        }
    }

    init() {}
}
