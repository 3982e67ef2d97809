import AirtrendDomain
import AirtrendFeeds
import Foundation
import Testing

/// The bytes of a copied real sample under `Fixtures/`.
func fixture(_ relative: String) throws -> [UInt8] {
    guard let path = Bundle.module.path(forResource: "Fixtures/" + relative, ofType: nil) else {
        throw FixtureMissing(path: relative)
    }
    return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

struct FixtureMissing: Error { var path: String }

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The UTC hour written out by hand, to compare with ``UTCHour/description``.
func hour(_ year: Int, _ month: Int, _ day: Int, _ hourOfDay: Int) -> UTCHour {
    UTCHour(date: CivilDate(year: year, month: month, day: day)!, hour: hourOfDay)
}

/// The ``FeedError`` a throwing call raised, or nil when it returned (any other error fails the test).
func feedError<T>(_ body: () throws -> T) -> FeedError? {
    do {
        _ = try body()
        return nil
    } catch let error as FeedError {
        return error
    } catch {
        Issue.record("expected a FeedError, got \(error)")
        return nil
    }
}

func isClose(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    abs(a - b) <= tolerance
}

extension [ReadingEvent] {
    var readings: [RawReading] {
        compactMap { if case .reading(let r) = $0 { r } else { nil } }
    }
    var missing: [(station: String, line: Int)] {
        compactMap { if case let .missing(station, line) = $0 { (station, line) } else { nil } }
    }
    var rejections: [(line: Int, message: String, raw: String)] {
        compactMap { if case let .rejected(line, message, raw) = $0 { (line, message, raw) } else { nil } }
    }
    var stations: [StationInfo] {
        compactMap { if case .station(let s) = $0 { s } else { nil } }
    }
    var warnings: [String] {
        compactMap { if case .warning(let w) = $0 { w } else { nil } }
    }
}

/// All the requests one cycle makes for a unit, following each window with the next; pages are not followed.
func cycle(_ kind: some FeedKind, unit: String, cursor: UTCHour?, now: UTCHour, limit: Int = 10_000) -> [FeedRequest] {
    var requests: [FeedRequest] = []
    var previous: FeedRequest?
    while requests.count < limit, let next = kind.request(unit: unit, after: previous, cursor: cursor, now: now) {
        requests.append(next)
        previous = next
    }
    return requests
}
