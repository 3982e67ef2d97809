import AirtrendDomain

/// A `published:` entry as read, with where it stands, so problems found once every file is read
/// (an unknown scope, a year given twice) still name the file, key and line.
struct PublishedEntry {
    var figure: PublishedFigure
    var file: String
    /// The key path within its file, e.g. `published[3]`.
    var key: String
    var scopeLine: Int?
    var yearLine: Int?
}
