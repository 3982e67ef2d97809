/// The version in `User-Agent` and `airtrend --version`.
public enum AirtrendVersion {
    public static let string = "0.1.0"
}
