/// The one explicit list of archive layouts.
public enum LayoutRegistry {
    /// Every layout the CLI and config can name. Add new layouts here.
    public static var layouts: [any ArchiveLayout.Type] { [
        StateAirLayout.self,
        CSVLayout.self,
        UCIPRSALayout.self,
        UCIMultisiteLayout.self,
        CNEMCSitesLayout.self,
    ] }

    /// The names, in registry order.
    public static var names: [String] { layouts.map { $0.name } }

    /// The layout type with this name, or a usage error listing the known ones.
    public static func layout(named name: String) throws(LayoutError) -> any ArchiveLayout.Type {
        guard let type = layouts.first(where: { $0.name == name }) else {
            throw LayoutError(file: nil, line: nil, message: "unknown layout '\(name)': expected one of \(names.joined(separator: ", "))", kind: .usage)
        }
        return type
    }

    /// Creates a layout for one file after checking that every option given applies to it.
    public static func make(named name: String, options: LayoutOptions, file: String) throws(LayoutError) -> any ArchiveLayout {
        let type = try layout(named: name)
        let stray = options.setKeys.subtracting(type.acceptedOptions)
        if !stray.isEmpty {
            let list = stray.map(\.flag).sorted().joined(separator: ", ")
            throw LayoutError(file: nil, line: nil, message: "layout \(name) does not take \(list)", kind: .usage)
        }
        return try type.init(options: options, file: file)
    }
}
