import AirtrendDomain

/// The typed options of one archive layout, read from plain ``OptionValues``.
///
/// Each layout has its own struct in its folder, with the keys it reads (``specs``), their
/// defaults and their checks; the registry rejects any other key before the struct is built.
public protocol LayoutOptions: Sendable {
    /// Every key the layout reads, for the configuration loader, the checker and `--help`.
    static var specs: [OptionSpec] { get }
    /// Checks and converts the values; a usage error names the option and what was expected.
    init(_ values: OptionValues) throws(LayoutError)
}
