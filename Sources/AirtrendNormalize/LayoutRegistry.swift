import AirtrendDomain

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

    /// The options a layout reads.
    public static func specs(of type: any ArchiveLayout.Type) -> [OptionSpec] {
        func specs<L: ArchiveLayout>(_: L.Type) -> [OptionSpec] { L.Options.specs }
        return specs(type)
    }

    /// The layout's typed options from `values`, after checking that every key given applies to it.
    ///
    /// Nothing is read: this is what the configuration checker runs to find bad options early.
    public static func checkOptions(named name: String, values: OptionValues) throws(LayoutError) {
        let type = try layout(named: name)
        func check<L: ArchiveLayout>(_: L.Type) throws(LayoutError) { _ = try options(L.self, values: values) }
        try check(type)
    }

    /// Creates a layout for one file after checking that every option given applies to it.
    public static func make(named name: String, values: OptionValues, context: LayoutContext) throws(LayoutError) -> any ArchiveLayout {
        let type = try layout(named: name)
        func make<L: ArchiveLayout>(_: L.Type) throws(LayoutError) -> any ArchiveLayout {
            try L(options: try options(L.self, values: values), context: context)
        }
        return try make(type)
    }

    private static func options<L: ArchiveLayout>(_: L.Type, values: OptionValues) throws(LayoutError) -> L.Options {
        let specs = L.Options.specs
        let stray = values.unknownKeys(for: specs)
        if !stray.isEmpty {
            let flags = stray.map { key in specs.first { $0.key == key }?.flag ?? "--" + key.split(separator: "_").joined(separator: "-") }
            throw LayoutError(file: nil, line: nil, message: "layout \(L.name) does not take \(flags.sorted().joined(separator: ", "))", kind: .usage)
        }
        return try L.Options(values)
    }
}
