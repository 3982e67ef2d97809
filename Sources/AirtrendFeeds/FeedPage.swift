import AirtrendDomain

/// What one response held: events to store, and the next page of the same window, if any.
public struct FeedPage: Sendable {
    /// Station facts, readings (`line` = 1-based row in the response), missing hours and rejected rows.
    public var events: [ReadingEvent]
    /// The next page of this window; nil when the window is complete.
    public var nextPage: FeedRequest?

    public init(events: [ReadingEvent], nextPage: FeedRequest? = nil) {
        self.events = events
        self.nextPage = nextPage
    }
}
