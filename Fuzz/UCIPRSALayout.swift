// fuzz-summary: the uci-prsa layout (UCI Beijing PM2.5, dataset 381) over the real line reader
// fuzz-seeds: Tests/AirtrendNormalizeTests/Fixtures/uci/PRSA_data_*.csv Tests/AirtrendNormalizeTests/Fixtures/csv/*.csv ../shared/data/uci-beijing-pm25/*.csv
// fuzz-seed-mode: whole
// fuzz-max-len: 4096
// fuzz-dict: Fuzz/dict/csv.dict
import AirtrendDomain
import AirtrendNormalize

/// Readings only from rows with the header's field count, on or after 1950, finite unless spelled nan/inf.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUCIPRSA(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var options = OptionValues()
    options["station"] = .string("beijing-us-embassy")
    let run = runLayout(UCIPRSALayout.name, options: options, bytes: input(data, size))
    checkLayoutRun(UCIPRSALayout.name, run, headerLine: run.lines.isEmpty ? nil : 1)
    return 0
}
