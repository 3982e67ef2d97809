/// The file name of a scope's page in a report folder: `station-ID.html`, `city-NAME.html`, `region-ID.html`.
///
/// Letters, digits, `.` and `-` are kept; every other character becomes `_` and its code point in
/// hex (`_20` for a space, `_5317` for 北), so two different scopes never share a file name and
/// the name needs no quoting in a URL.
public enum ReportPageName {
    public static let index = "index.html"

    public static func fileName(for scope: ReportScope) -> String {
        let (kind, id): (String, String) = switch scope {
        case .station(let id): ("station", id)
        case .city(let name): ("city", name)
        case .region(let id): ("region", id)
        }
        var slug = ""
        for scalar in id.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "-": slug.unicodeScalars.append(scalar)
            default: slug += "_" + String(scalar.value, radix: 16, uppercase: true)
            }
        }
        return "\(kind)-\(slug).html"
    }
}
