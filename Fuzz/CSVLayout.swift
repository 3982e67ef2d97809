// fuzz-summary: the generic csv layout under three option sets (date columns; time column with offset; station column in a DST zone)
// fuzz-seeds: Tests/AirtrendNormalizeTests/Fixtures/csv/*.csv Tests/AirtrendNormalizeTests/Fixtures/uci/PRSA_data_*.csv
// fuzz-seed-mode: whole
// fuzz-max-len: 4096
// fuzz-dict: Fuzz/dict/csv.dict
import AirtrendDomain
import AirtrendNormalize

/// The option sets every input is read with. Their column names match the seeds: the UCI excerpt
/// (`year,month,day,hour,pm2.5`) and the hand-written ones in Fuzz/seeds/CSVLayout (`time,pm25,station`).
let csvOptionSets: [(options: OptionValues, delimiter: UInt8)] = {
    var dated = OptionValues()
    dated["station"] = .string("s1")
    dated["value_column"] = .string("pm2.5")
    dated["date_columns"] = .list(["year", "month", "day", "hour"])
    dated["timezone"] = .string("UTC+8")
    dated["hour_ending"] = .bool(true)

    var offset = OptionValues()
    offset["station"] = .string("s1")
    offset["value_column"] = .string("pm25")
    offset["time_column"] = .string("time")
    offset["time_format"] = .string("%Y-%m-%dT%H:%M:%S%z")

    var zoned = OptionValues()
    zoned["station_column"] = .string("station")
    zoned["value_column"] = .string("pm25")
    zoned["time_column"] = .string("time")
    zoned["time_format"] = .string("%m/%d/%Y %H:%M")
    zoned["timezone"] = .string("America/New_York")
    zoned["missing"] = .list(["NA", "", "-999", "n/a"])
    zoned["delimiter"] = .string(";")
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
