// fuzz-summary: the stateair layout (StateAir hourly CSV, Latin-1, preamble, DST pairs) over the real line reader
// fuzz-seeds: Tests/AirtrendNormalizeTests/Fixtures/stateair/*.csv Config/data/stateair-beijing/*.csv
// fuzz-seed-mode: whole
// fuzz-max-len: 4096
// fuzz-dict: Fuzz/dict/csv.dict
import AirtrendDomain
import AirtrendNormalize

/// Every reading the layout emits comes from a row with the header's field count, on or after 1950,
/// with a finite value unless the row spells nan/inf; a file either reads or fails as badFile.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStateAir(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var options = OptionValues()
    options["station"] = .string("beijing-us-embassy")
    let run = runLayout(StateAirLayout.name, options: options, bytes: input(data, size))
    // The header is the first line starting Site,Parameter with at least eight fields.
    var record = CSVRecord()
    let header = run.lines.firstIndex { line in
        line.withUnsafeBufferPointer { record.split($0) }
        return record.count >= 8 && record.bytes(0).trimmed().equals("Site") && record.bytes(1).trimmed().equals("Parameter")
    }.map { $0 + 1 }
    checkLayoutRun(StateAirLayout.name, run, headerLine: header)
    return 0
}
