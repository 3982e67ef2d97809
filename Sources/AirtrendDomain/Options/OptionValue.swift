/// A scalar or a list of scalars, as a configuration file or the command line gave it.
public enum OptionValue: Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case list([String])

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}
