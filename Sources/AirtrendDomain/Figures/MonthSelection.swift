/// The months a same-month comparison takes (`report --months 1`, `1-3`, `11,12,1,2`).
///
/// Months are kept in the order given. A selection whose order wraps past December (`11,12,1,2`,
/// or the range `11-2`) is a season that crosses the year end: it is labelled by the year it ends
/// in, so the winter 2013/14 is `2014` and takes November and December 2013 with January and
/// February 2014.
public struct MonthSelection: Hashable, Sendable, CustomStringConvertible {
    /// 1…12, each once, in season order.
    public let months: [Int]

    /// Parses `1`, `1-3`, `11-2` or a comma list of months and ranges (`11,12,1,2`).
    ///
    /// - Throws: ``DomainError`` for a month outside 1…12, a month given twice, or text that is not months.
    public init(parsing text: String) throws(DomainError) {
        var months: [Int] = []
        let usage = "expected months 1–12 as 1, 1-3 or 11,12,1,2"
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingSpaces()) }
            guard (1...2).contains(bounds.count), bounds.allSatisfy({ $0 != nil }) else { throw DomainError("--months '\(text)': \(usage)") }
            for month in bounds.map({ $0! }) where !(1...12).contains(month) {
                throw DomainError("--months '\(text)': month \(month) is not a month; \(usage)")
            }
            let first = bounds[0]!, last = bounds[bounds.count - 1]!
            var month = first
            while true {
                months.append(month)
                if month == last { break }
                month = month % 12 + 1
            }
        }
        if let repeated = months.first(where: { m in months.filter { $0 == m }.count > 1 }) {
            throw DomainError("--months '\(text)': month \(repeated) is given twice")
        }
        self.months = months
    }

    /// True when the season runs past December into the next year.
    public var crossesYearEnd: Bool { zip(months, months.dropFirst()).contains { $0 > $1 } }

    /// The calendar months of the season labelled `year`, oldest first (November and December of
    /// `year − 1` come first for a winter that crosses the year end).
    public func periods(labelled year: Int) -> [(year: Int, month: Int)] {
        var offset = crossesYearEnd ? -1 : 0
        var previous = 0
        return months.map { month in
            if month < previous { offset += 1 }
            previous = month
            return (year + offset, month)
        }
    }

    /// The label a calendar month belongs to, or nil when the month is not selected.
    public func label(year: Int, month: Int) -> Int? {
        guard let index = months.firstIndex(of: month) else { return nil }
        let wrapsAfter = months.indices.dropFirst().first { months[$0] < months[$0 - 1] }
        guard let wrapsAfter else { return year }
        return index < wrapsAfter ? year + 1 : year
    }

    /// `January`, `January–March`, `November–February` or `January, March` for people.
    public var description: String {
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        let contiguous = zip(months, months.dropFirst()).allSatisfy { $1 == $0 % 12 + 1 }
        if months.count == 1 { return names[months[0] - 1] }
        if contiguous { return names[months[0] - 1] + "–" + names[months[months.count - 1] - 1] }
        return months.map { names[$0 - 1] }.joined(separator: ", ")
    }

    /// The selection as the option takes it, e.g. `11,12,1,2`.
    public var argument: String { months.map(String.init).joined(separator: ",") }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
