// fuzz-summary: the cnemc-sites layout (china_sites wide files, PM2.5 rows only) with the committed station list excerpt
// fuzz-seeds: Tests/AirtrendNormalizeTests/Fixtures/cnemc/china_sites_*.csv
// fuzz-seed-mode: whole
// fuzz-max-len: 8192
// fuzz-dict: Fuzz/dict/csv.dict
import AirtrendDomain
import AirtrendNormalize

/// The station list every input is read with: the test fixture (35 Beijing-area codes).
let cnemcStationList = repositoryPath("Tests/AirtrendNormalizeTests/Fixtures/cnemc/StationList-2020.01.01_excerpt.csv")

/// Readings only from `PM2.5` rows with the header's field count, dated from 1950, finite unless spelled
/// nan/inf, for codes the list knows; codes it does not know are reported, never stored.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCNEMCSites(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var options = OptionValues()
    options["station_list"] = .string(cnemcStationList)
    let run = runLayout(CNEMCSitesLayout.name, options: options, bytes: input(data, size))
    checkLayoutRun(CNEMCSitesLayout.name, run, headerLine: run.lines.isEmpty ? nil : 1)
    // A reading's station is one the list knows.
    let list = try! CNEMCStationList(path: cnemcStationList)
    for event in run.events {
        if case .reading(let r) = event {
            invariant(list[code: r.station] != nil, "cnemc-sites: a reading for \(r.station), which the station list lacks")
        }
    }
    return 0
}
