/// What a source said about one line or record: an archive layout's line, or a live feed's row.
///
/// Layouts and feed kinds emit the same events, so one import session cleans and stores both.
public enum ReadingEvent: Sendable, Equatable {
    /// What the file (or its station list) says about a station, before that station's first reading.
    /// The importer creates unknown stations from it and fills in a known station's missing fields.
    case station(StationInfo)
    /// A value for a station and UTC hour (not yet quality-controlled).
    case reading(RawReading)
    /// The file says this hour has no value (`NA`, `-999`, QC `Missing`, an empty field).
    case missing(station: String, line: Int)
    /// The row's station is not known (no time zone for it) and its times need one to be placed.
    case unknownStation(station: String, line: Int)
    /// Something about the input worth telling the operator that does not reject anything
    /// (e.g. a station list that repeats a code).
    case warning(String)
    /// The line could not be read; the message says what was expected.
    case rejected(line: Int, message: String, raw: String)
}
