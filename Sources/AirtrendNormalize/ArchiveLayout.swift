import AirtrendDomain

/// A file format that turns the lines of an archive into hourly readings.
///
/// Each layout states its time convention (start or end of the hour, local or
/// UTC) in ``timeConvention`` and converts to UTC hour-start itself, so the
/// rest of the pipeline never guesses. Layouts are streaming: they see one line
/// at a time and keep at most a line or two of state.
///
/// - Important: Register every layout in ``LayoutRegistry/layouts``; that list is
///   the only place the CLI and config look for them.
public protocol ArchiveLayout {
    /// The layout's typed options (in its folder), read from the values the user gave.
    associatedtype Options: LayoutOptions

    /// The name used with `--layout` and as a feed's `kind`.
    static var name: String { get }
    /// One sentence on how the layout's time labels map to UTC hours.
    static var timeConvention: String { get }
    /// The quality-control rules on by default for this layout's data (official networks: the plain rules).
    static var qualityDefaults: QualityDefaults { get }

    /// Creates the layout for one file, or throws a usage error naming the option.
    init(options: Options, context: LayoutContext) throws(LayoutError)

    /// Reads one line. Row problems are reported as ``ReadingEvent/rejected(line:message:raw:)``;
    /// a thrown error means the whole file is unusable (e.g. a missing column).
    mutating func consume(line: UnsafeBufferPointer<UInt8>, number: Int, emit: (ReadingEvent) throws(LayoutError) -> Void) throws(LayoutError)

    /// Flushes anything held back after the last line.
    mutating func finish(emit: (ReadingEvent) throws(LayoutError) -> Void) throws(LayoutError)
}

extension ArchiveLayout {
    public static var qualityDefaults: QualityDefaults { .plain }

    public mutating func finish(emit: (ReadingEvent) throws(LayoutError) -> Void) throws(LayoutError) {}
}
