import AirtrendDomain
import AirtrendFeeds

/// Holds one window of a live feed to what its upstream promised, page by page.
///
/// An upstream that ignores `page`, answers outside the window it was asked for, or pages for ever
/// would otherwise keep a run going (and the ingest lock held) without end, storing the same rows
/// again or rows that do not belong to the window. Each check names what was wrong; the runner then
/// ends the window as ``IngestOutcome/badUpstream``, storing nothing of the offending page and leaving
/// the unit's cursor where it was.
struct WindowGuard {
    let window: FeedRequest
    let maximumPages: Int
    /// Pages asked for so far in this window.
    private(set) var pages = 0
    /// The newest hour a reading of this window was received for.
    private(set) var newest: UTCHour?
    private var previous: [ReadingEvent]?

    init(window: FeedRequest, maximumPages: Int) {
        self.window = window
        self.maximumPages = max(1, maximumPages)
    }

    /// Counts a page about to be asked for; the reason the window must end instead, or nil.
    mutating func admitRequest() -> String? {
        guard pages < maximumPages else {
            return "the upstream still has a next page after \(maximumPages) pages of the window \(span) (max_pages \(maximumPages)); "
                + "the window ends here: a smaller window or a larger max_pages if the upstream really holds this much"
        }
        pages += 1
        return nil
    }

    /// Checks a decoded page before it is stored; the reason the window must end instead, or nil.
    mutating func admit(_ events: [ReadingEvent]) -> String? {
        if let previous, !events.isEmpty, events == previous {
            return "page \(pages) repeats page \(pages - 1) of the window \(span) row for row: the upstream ignores paging; the window ends here"
        }
        var newest = self.newest
        for event in events {
            guard case .reading(let reading) = event else { continue }
            if window.isHistoryWindow && !window.covers(reading.hour) {
                return "row \(reading.line) is for \(reading.hour), outside the window \(span) that was asked for; the window ends here, "
                    + "nothing of this page stored"
            }
            newest = max(newest ?? reading.hour, reading.hour)
        }
        self.newest = newest
        previous = events
        return nil
    }

    /// Where the unit's cursor goes once the window's last page is stored (see ``FeedRequest/cursor(afterNewest:lookbackHours:)``).
    func cursor(lookbackHours: Int) -> UTCHour? {
        window.cursor(afterNewest: newest, lookbackHours: lookbackHours)
    }

    /// `[start, end)` for messages.
    private var span: String {
        "[\(window.windowStart.map(\.description) ?? "…"), \(window.windowEnd.map(\.description) ?? "…"))"
    }
}
