import AirtrendDomain

/// The station list that CNEMC network files are keyed by: code, name, city and coordinates.
///
/// The file is quotsoft's `StationList-YYYY.MM.DD.csv`: UTF-8 (a byte-order mark is
/// skipped), header `监测点编码,监测点名称,城市,经度,纬度` (code, name, city, longitude,
/// latitude in decimal degrees). Names and cities are Chinese, as published. Later lists add a
/// sixth column `对照点` (control point): `Y` marks a background station, which is not part of
/// its city's assessment (``Entry/control``); `N` or empty marks an assessment station.
/// - A code listed twice (e.g. `3207A`, renamed when its commissioning date changed)
///   keeps its **first** row; each repeat is noted in ``warnings``, not an error.
/// - A row without coordinates (both empty, e.g. `1028A`, or both `-`, as `3019A` Xisha
///   is published) is kept with nil latitude and longitude; one coordinate without the
///   other is a malformed row.
/// - A missing or unreadable list is a ``LayoutError`` of kind ``LayoutError/Kind/noInput``;
///   a malformed header or row is one of kind ``LayoutError/Kind/badFile`` naming the
///   list's file and line.
public struct CNEMCStationList: Sendable, Equatable {
    /// One station as the list describes it.
    public struct Entry: Sendable, Equatable {
        public var code: String
        public var name: String?
        public var city: String?
        public var latitude: Double?
        public var longitude: Double?
        /// The list line it came from.
        public var line: Int
        /// The `对照点` column: true for a control (background) point, false for an assessment point, nil
        /// when the list has no such column (the importer then takes the station as an assessment station).
        public var control: Bool?
    }

    /// The list's path, as given.
    public let file: String
    /// Stations by code.
    public private(set) var entries: [String: Entry] = [:]
    /// Things in the list worth a look that did not stop it being used, as `file:line: message`.
    public private(set) var warnings: [String] = []

    /// The header as published, in column order.
    static let header = ["监测点编码", "监测点名称", "城市", "经度", "纬度"]
    /// The optional sixth column of later lists: control point, `Y` or `N`.
    static let controlColumn = "对照点"

    /// Reads the whole list (about 1,600 rows) once.
    public init(path: String) throws(LayoutError) {
        self.file = path
        let source: FileByteSource
        do {
            source = try FileByteSource(path: path)
        } catch {
            throw LayoutError(file: path, line: nil, message: "cannot read the station list (--stations): \(error.message)", kind: .noInput)
        }
        var reader = LineReader(source: source, bufferSize: 1 << 16)
        var record = CSVRecord()
        var sawHeader = false
        var hasControl = false
        var parsed: [String: Entry] = [:]
        var notes: [String] = []
        _ = try reader.forEachLine { line, number throws(LayoutError) in
            var line = line
            if number == 1, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
                line = UnsafeBufferPointer(rebasing: line[3...]) // UTF-8 byte-order mark
            }
            if line.trimmed().count == 0 { return }
            record.split(line)
            guard sawHeader else {
                let names = (0..<record.count).map { record.string($0) }
                guard names == Self.header || names == Self.header + [Self.controlColumn] else {
                    throw LayoutError(
                        file: path, line: number,
                        message: "expected the station list header \(Self.header.joined(separator: ",")) (code,name,city,longitude,latitude), optionally followed by \(Self.controlColumn) (control point), found '\(names.joined(separator: ","))'",
                        kind: .badFile
                    )
                }
                sawHeader = true
                hasControl = names.count == Self.header.count + 1
                return
            }
            let entry = try Self.entry(record, file: path, line: number, control: hasControl)
            if let first = parsed[entry.code] {
                notes.append("\(path):\(number): station code \(entry.code) is listed again (first at line \(first.line)); the first row is kept")
                return
            }
            parsed[entry.code] = entry
        }
        guard sawHeader else {
            throw LayoutError(file: path, line: nil, message: "empty station list: expected the header \(Self.header.joined(separator: ",")) and one row per station", kind: .badFile)
        }
        self.entries = parsed
        self.warnings = notes
    }

    /// The station with this code, or nil when the list does not have it.
    public subscript(code code: String) -> Entry? { entries[code] }

    public var count: Int { entries.count }

    /// An empty coordinate, or the `-` the list uses for a few stations, means none was published.
    private static func isAbsent(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        field.count == 0 || field.equals("-")
    }

    private static func entry(_ record: CSVRecord, file: String, line: Int, control hasControl: Bool) throws(LayoutError) -> Entry {
        func malformed(_ expected: String) -> LayoutError {
            LayoutError(file: file, line: line, message: "malformed station list row: expected \(expected)", kind: .badFile)
        }
        guard record.count == header.count + (hasControl ? 1 : 0) else {
            throw malformed(hasControl ? "6 comma-separated fields (code,name,city,longitude,latitude,control point), found \(record.count)"
                                       : "5 comma-separated fields (code,name,city,longitude,latitude), found \(record.count)")
        }
        var control: Bool?
        if hasControl {
            let field = record.bytes(5).trimmed()
            if ["Y", "y", "是"].contains(where: { field.equals($0) }) {
                control = true
            } else if field.count == 0 || ["N", "n", "否"].contains(where: { field.equals($0) }) {
                control = false
            } else {
                throw malformed("Y or N in the control-point column for \(record.string(0)), found '\(record.string(5))'")
            }
        }
        let code = record.string(0)
        guard !code.isEmpty else { throw malformed("a station code in the first field") }
        let longitudeBytes = record.bytes(3).trimmed()
        let latitudeBytes = record.bytes(4).trimmed()
        var longitude: Double?
        var latitude: Double?
        switch (isAbsent(longitudeBytes), isAbsent(latitudeBytes)) {
        case (true, true):
            break // published without coordinates (e.g. 1028A); the station is still usable
        case (true, false), (false, true):
            throw malformed("both longitude and latitude for \(code), or neither")
        case (false, false):
            guard let lon = NumberParser.double(longitudeBytes), lon.isFinite, abs(lon) <= 180 else {
                throw malformed("a longitude in decimal degrees (−180…180) for \(code), found '\(record.string(3))'")
            }
            guard let lat = NumberParser.double(latitudeBytes), lat.isFinite, abs(lat) <= 90 else {
                throw malformed("a latitude in decimal degrees (−90…90) for \(code), found '\(record.string(4))'")
            }
            longitude = lon
            latitude = lat
        }
        let name = record.string(1)
        let city = record.string(2)
        return Entry(code: code, name: name.isEmpty ? nil : name, city: city.isEmpty ? nil : city,
                     latitude: latitude, longitude: longitude, line: line, control: control)
    }
}
