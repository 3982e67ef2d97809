extension Int {
    /// The number in decimal with leading zeros up to `width` digits (`7.zeroPadded(2)` is `07`).
    ///
    /// The one place dates, hours and file-name templates pad their fields; a negative
    /// number or one wider than `width` is written as it is.
    @inlinable
    public func zeroPadded(_ width: Int) -> String {
        let text = String(self)
        return text.count >= width || self < 0 ? text : String(repeating: "0", count: width - text.count) + text
    }
}
