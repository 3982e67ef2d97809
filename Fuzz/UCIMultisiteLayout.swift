// fuzz-summary: the uci-multisite layout (UCI Beijing multi-site, dataset 501, station column) over the real line reader
// fuzz-seeds: Tests/AirtrendNormalizeTests/Fixtures/uci/PRSA_Data_*.csv ../shared/data/uci-beijing-multisite/PRSA_Data_Aotizhongxin_*.csv ../shared/data/uci-beijing-multisite/PRSA_Data_Wanliu_*.csv
// fuzz-seed-mode: whole
// fuzz-max-len: 4096
// fuzz-dict: Fuzz/dict/csv.dict
import AirtrendDomain
import AirtrendNormalize

/// Readings only from rows with the header's field count (a row with one comma too many once made a
/// station named `7`), on or after 1950, finite unless spelled nan/inf, with a station name that is the
/// row's `station` field.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUCIMultisite(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var options = OptionValues()
    options["timezone"] = .string("UTC+8")
    let run = runLayout(UCIMultisiteLayout.name, options: options, bytes: input(data, size))
    checkLayoutRun(UCIMultisiteLayout.name, run, headerLine: run.lines.isEmpty ? nil : 1)
    return 0
}
