/// Small, allocation-light splitting of URL strings for redaction and per-host limits.
///
/// Deliberately not Foundation's `URL`: it rejects or rewrites some strings the
/// feeds use, and an error message must show the caller's URL, minus secrets,
/// exactly as configured.
enum URLText {
    /// The scheme (as written) and the range of the authority (`user@host:port`), when the URL has `scheme://`.
    static func authority(in url: String) -> (scheme: Substring, range: Range<String.Index>)? {
        guard let separator = url.firstRange(of: "://") else { return nil }
        let scheme = url[..<separator.lowerBound]
        // "://" inside a query (`?next=http://…`) is not a scheme separator.
        guard let first = scheme.first, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        let rest = url[separator.upperBound...]
        let end = rest.firstIndex(where: { "/?#".contains($0) }) ?? url.endIndex
        return (scheme, separator.upperBound..<end)
    }

    /// `scheme://host:port` of `url`, lower-cased, without user info, with the scheme's default port:
    /// two URLs may share credentials exactly when their origins are equal (RFC 6454).
    static func origin(_ url: String) -> String {
        guard let (scheme, _) = authority(in: url) else { return url.lowercased() }
        return scheme.lowercased() + "://" + hostKey(url)
    }

    /// `host:port` of `url`, lower-cased, without user info, with the scheme's default port when none is given.
    static func hostKey(_ url: String) -> String {
        guard let (scheme, range) = authority(in: url) else { return url.lowercased() }
        var hostPort = url[range]
        if let at = hostPort.lastIndex(of: "@") { hostPort = hostPort[hostPort.index(after: at)...] }
        let key = hostPort.lowercased()
        // An IPv6 literal has colons inside its brackets; only a colon after `]` starts a port.
        let portPart = key.hasPrefix("[") ? key.drop(while: { $0 != "]" }) : Substring(key)
        if portPart.contains(":") { return key }
        switch scheme.lowercased() {
        case "http": return key + ":80"
        case "https": return key + ":443"
        default: return key
        }
    }
}
