// fuzz-summary: the CNEMC station list reader (code,name,city,longitude,latitude; BOM; repeats; absent coordinates)
// fuzz-seeds: Tests/AirtrendNormalizeTests/Fixtures/cnemc/StationList-*.csv ../shared/data/cnemc-china-sites-2019-01/StationList-*.csv
// fuzz-seed-mode: whole
// fuzz-max-len: 4096
// fuzz-dict: Fuzz/dict/csv.dict
import AirtrendDomain
import AirtrendNormalize

/// A list either reads, with every entry's coordinates both present and in range or both absent, or
/// fails as badFile naming a line; it never crashes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCNEMCStationList(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = writeScratch(input(data, size), suffix: ".csv")
    do {
        let list = try CNEMCStationList(path: path)
        for (code, entry) in list.entries {
            invariant(code == entry.code && !code.isEmpty, "station list: entry keyed \(code) is \(entry.code)")
            invariant((entry.latitude == nil) == (entry.longitude == nil), "station list: \(code) has one coordinate without the other")
            if let lat = entry.latitude, let lon = entry.longitude {
                invariant(lat.isFinite && abs(lat) <= 90 && lon.isFinite && abs(lon) <= 180, "station list: \(code) at \(lat), \(lon)")
            }
            invariant(entry.line >= 2, "station list: \(code) from line \(entry.line), the header's or before")
        }
    } catch {
        invariant(error.kind == .badFile, "station list: expected badFile, got \(error.kind): \(error)")
    }
    return 0
}
