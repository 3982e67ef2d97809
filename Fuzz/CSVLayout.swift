// fuzz-summary: the generic csv layout under three option sets (date columns; time column with offset; station column in a DST zone)
// fuzz-seeds: Tests/AirtrendNormalizeTests/Fixtures/csv/*.csv Tests/AirtrendNormalizeTests/Fixtures/uci/PRSA_data_*.csv
// fuzz-seed-mode: whole
// fuzz-max-len: 4096
// fuzz-dict: Fuzz/dict/csv.dict
import AirtrendDomain
import AirtrendNormalize

/// The option sets every input is read with. Their column names match the seeds: the UCI excerpt
/// (`year,month,day,hour,pm2.5`) and the hand-written ones in Fuzz/seeds/CSVLayout (`time,pm25,station`).
let csvOptionSets: [(options: LayoutOptions, delimiter: UInt8)] = {
    var dated = LayoutOptions()
    dated.station = "s1"
    dated.valueColumn = "pm2.5"
    dated.dateColumns = ["year", "month", "day", "hour"]
    dated.timeZone = StationTimeZone(fixedOffsetMinutes: 480)
    dated.hourEnding = true

    var offset = LayoutOptions()
    offset.station = "s1"
    offset.valueColumn = "pm25"
    offset.timeColumn = "time"
    offset.timeFormat = "%Y-%m-%dT%H:%M:%S%z"

    var zoned = LayoutOptions()
    zoned.stationColumn = "station"
    zoned.valueColumn = "pm25"
    zoned.timeColumn = "time"
    zoned.timeFormat = "%m/%d/%Y %H:%M"
    zoned.timeZone = try! StationTimeZone("America/New_York")
    zoned.missing = ["NA", "", "-999", "n/a"]
    zoned.delimiter = ";"
    return [(dated, 44), (offset, 44), (zoned, 59)]
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVLayout(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = input(data, size)
    for (options, delimiter) in csvOptionSets {
        let run = runLayout(CSVLayout.name, options: options, bytes: bytes)
        // The header is line 1 (after a byte-order mark, which does not change its field count).
        checkLayoutRun(CSVLayout.name, run, headerLine: run.lines.isEmpty ? nil : 1, delimiter: delimiter)
    }
    return 0
}
