// fuzz-summary: every live feed kind's decode (OpenAQ, WAQI, AirNow, Sensor.Community, PurpleAir) on one body
// fuzz-seeds: Tests/AirtrendFeedsTests/Fixtures/**/*.json Tests/AirtrendFeedsTests/Fixtures/**/*.dat ../shared/reference/samples/*.json ../shared/reference/samples/*.dat
// fuzz-seed-mode: whole
// fuzz-max-len: 8192
// fuzz-dict: Fuzz/dict/json.dict
import AirtrendDomain
@testable import AirtrendFeeds

/// The key every kind is configured with; the dictionary offers it so bodies can echo it back.
let feedKey = "FUZZ-KEY-s3cr3t"

/// Each kind with a sensor its fixtures use, and the request of its first window.
let feeds: [(kind: any FeedKind, request: FeedRequest, contentType: String?)] = {
    let now = UTCHour(date: CivilDate(year: 2024, month: 6, day: 1)!, hour: 0)
    func make(_ type: any FeedKind.Type, sensor: String?, contentType: String?, zone: String? = nil) -> (any FeedKind, FeedRequest, String?) {
        let settings = FeedSettings(id: type.name, url: "", sensors: sensor.map { [SensorMapping(sensor: $0, station: "st-\($0)")] } ?? [],
                                    apiKey: type.requiresAPIKey ? feedKey : nil, timeZone: zone.map { try! StationTimeZone($0) })
        let kind = try! type.init(settings: settings)
        let request = kind.request(unit: kind.units[0], after: nil, cursor: nil, now: now)!
        return (kind, request, contentType)
    }
    return [
        make(OpenAQFeed.self, sensor: "3917", contentType: "application/json"),
        // WAQI reads `time.s` in the feed's zone when the body gives none; without one, in the body's `tz`.
        make(WAQIFeed.self, sensor: "@6337", contentType: "application/json"),
        make(WAQIFeed.self, sensor: "@6337", contentType: "application/json", zone: "Europe/Berlin"),
        make(AirNowHourlyFeed.self, sensor: nil, contentType: "text/plain"),
        // Without a zone, Sensor.Community derives one from each record's longitude.
        make(SensorCommunityFeed.self, sensor: nil, contentType: "application/json"),
        make(PurpleAirFeed.self, sensor: "131075", contentType: "application/json"),
    ]
}()

/// No kind crashes on any body; every reading is placed from 1950 on, at a finite value, for a named
/// station; and the API key of a kind that sends one appears in no event and no error, even when the
/// body echoes it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeedDecode(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let body = Array(input(data, size))
    for (kind, request, contentType) in feeds {
        let name = type(of: kind).name
        var texts: [String] = []
        do {
            let page = try kind.decode(body, contentType: contentType, request: request)
            for event in page.events {
                texts.append(String(describing: event))
                if case .reading(let r) = event {
                    invariant(r.hour >= earliestPlausibleHour, "\(name): a reading at \(r.hour), before 1950, from '\(printable(body, limit: 400))'")
                    invariant(r.value.isFinite, "\(name): a reading of \(r.value) from '\(printable(body, limit: 400))'")
                    invariant(!r.station.isEmpty, "\(name): a reading without a station")
                }
            }
            if let next = page.nextPage { texts.append(String(describing: next.url)) }
        } catch {
            texts.append(error.description)
        }
        // Kinds without a key never send it, so a body cannot echo it back.
        guard type(of: kind).requiresAPIKey else { continue }
        for text in texts {
            invariant(!text.contains(feedKey), "\(name): the key leaked into '\(text)'")
        }
    }
    return 0
}
