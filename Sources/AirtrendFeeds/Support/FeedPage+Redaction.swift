import AirtrendDomain

extension FeedPage {
    /// The page with the API key removed from every text it carries (station facts, units, raw texts,
    /// rejection messages), so a body that echoes the key cannot carry it into the store or a log.
    func redacting(_ secret: String) -> FeedPage {
        func r(_ text: String) -> String { UpstreamText.redact(text, secret: secret) }
        func r(_ text: String?) -> String? { text.map { UpstreamText.redact($0, secret: secret) } }
        var page = self
        page.events = events.map { event in
            switch event {
            case .station(var info):
                info.id = r(info.id)
                info.name = r(info.name)
                info.city = r(info.city)
                return .station(info)
            case .reading(var reading):
                reading.station = r(reading.station)
                reading.badUnit = r(reading.badUnit)
                reading.raw = r(reading.raw)
                return .reading(reading)
            case let .missing(station, line): return .missing(station: r(station), line: line)
            case let .unknownStation(station, line): return .unknownStation(station: r(station), line: line)
            case .warning(let text): return .warning(r(text))
            case let .rejected(line, message, raw): return .rejected(line: line, message: r(message), raw: r(raw))
            }
        }
        return page
    }
}

extension FeedPage {
    /// What `decode` returns or throws, with the API key removed from it (see ``redacting(_:)``).
    static func redacting(_ secret: String, _ decode: () throws(FeedError) -> FeedPage) throws(FeedError) -> FeedPage {
        do {
            return try decode().redacting(secret)
        } catch {
            throw error.redacting(secret)
        }
    }
}

extension FeedError {
    /// The error with the API key removed from its message.
    func redacting(_ secret: String) -> FeedError {
        FeedError(kind, UpstreamText.redact(message, secret: secret), key: key)
    }
}
