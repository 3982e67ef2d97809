import AirtrendDomain

/// One year of daily PM2.5 means as twelve small month calendars (openair's `calendarPlot`
/// layout), each day coloured by the AQI category of its mean.
///
/// What a caller must know:
/// - Weeks start on Monday (ISO 8601, and how Chinese calendars print them).
/// - Valid days take their category's official colour; a day that is not valid under the profile,
///   or has no data at all, is grey. Its tooltip says which, and the mean of the hours present.
/// - Every day cell carries `data-date` (local date), `data-value` (one decimal, blank without
///   any hour), `data-valid`, and for valid days `data-category` (the scale's category name, as
///   `airtrend query daily` prints it).
public struct CalendarChart: Sendable {
    public struct Day: Sendable, Equatable {
        public var date: CivilDate
        /// Mean of the hours (or stations) present, valid or not.
        public var value: Double?
        public var valid: Bool
        /// Share of the expected hours (or member stations / cities) present, 0…1.
        public var coverage: Double

        public init(date: CivilDate, value: Double?, valid: Bool, coverage: Double) {
            self.date = date
            self.value = value
            self.valid = valid
            self.coverage = coverage
        }
    }

    public static let weekdays = ["M", "T", "W", "T", "F", "S", "S"]

    public var scope: String
    public var scopeName: String?
    public var profile: ValidityProfile
    public var year: Int
    /// Days of `year` with stored data; the others are drawn as having none.
    public var days: [Day]
    public var scale: CategoryScale
    public var coverage: String

    public init(scope: String, scopeName: String?, profile: ValidityProfile, year: Int, days: [Day], scale: CategoryScale = .hj633,
                coverage: String) {
        self.scope = scope
        self.scopeName = scopeName
        self.profile = profile
        self.year = year
        self.days = days.filter { $0.date.year == year }
        self.scale = scale
        self.coverage = coverage
    }

    var validDays: Int { days.filter { $0.valid && $0.value != nil }.count }

    var title: String { "PM2.5 daily means in \(year), \(scopeName ?? scope)" }

    var subtitle: String {
        "\(scope) · profile \(profile.name) · \(validDays) of \(CivilDate.daysInYear(year)) days valid · colours: \(scale.title)"
    }

    var summary: String {
        var counts = Array(repeating: 0, count: scale.aqi.categories.count)
        for day in days where day.valid {
            if let value = day.value, let category = scale.category(of: value) { counts[category.position] += 1 }
        }
        let spread = zip(scale.aqi.categories, counts).map { "\($0.0.name) \($0.1)" }.joined(separator: ", ")
        var text = "Calendar of the PM2.5 daily means of \(scope)"
        if let scopeName { text += " (\(scopeName))" }
        text += " in \(year), one small calendar per month with weeks starting on Monday, under validity profile \(profile.name). "
        text += "\(coverage) Each valid day is coloured by its \(scale.title): \(spread) days. "
        text += "Grey days have no valid daily mean (too few hours, or no data)."
        return text
    }

    public func svg(idPrefix: String = "calendar") -> String {
        var svg = SVGDocument(idPrefix: idPrefix, title: title, description: summary)
        var legend = ChartLegend()
        for (index, label) in scale.rangeLabels.enumerated() { legend.add(.swatch(fill: scale.colors[index], stroke: "#777777"), label) }
        legend.add(.swatch(fill: ChartPalette.invalid, stroke: "#777777"), "no valid daily mean")
        let frame = ChartFrame(subtitle: subtitle, legendRows: legend.rowCount)
        frame.drawHeading(title: title, in: &svg)

        let byDay = Dictionary(days.map { ($0.date.dayNumber, $0) }, uniquingKeysWith: { first, _ in first })
        let columns = 4.0
        let panelWidth = (SVGDocument.width - 2 * ChartFrame.margin) / columns
        let cellWidth = ((panelWidth - 16) / 7).rounded(.down)
        let panelHeight = ((frame.legendTop - 16 - frame.top) / 3).rounded(.down)
        let cellHeight = ((panelHeight - 30) / 6).rounded(.down)

        for month in 1...12 {
            let column = Double((month - 1) % 4), row = Double((month - 1) / 4)
            let left = ChartFrame.margin + column * panelWidth, top = frame.top + row * panelHeight
            svg.group([("class", "month"), ("data-month", String(month))])
            svg.text(MonthlyChart.monthNames[month - 1], x: left, y: top + 11, size: 11.5, weight: "bold", fill: "#222222")
            for (index, name) in Self.weekdays.enumerated() {
                svg.text(name, x: left + (Double(index) + 0.5) * cellWidth, y: top + 24, size: 8.5, anchor: "middle", fill: "#777777")
            }
            let first = CivilDate.dayNumber(year: year, month: month, day: 1)
            let offset = (first + 3).floorMod(7) // 1970-01-01 was a Thursday; 0 = Monday
            for day in 1...CivilDate.daysInMonth(year: year, month: month) {
                let slot = offset + day - 1
                let x = left + Double(slot % 7) * cellWidth, y = top + 28 + Double(slot / 7) * cellHeight
                drawDay(byDay[first + day - 1], date: CivilDate(year: year, month: month, day: day)!, x: x, y: y,
                        width: cellWidth, height: cellHeight, in: &svg)
            }
            svg.close()
        }
        legend.draw(in: &svg, top: frame.legendTop)
        return svg.render()
    }

    private func drawDay(_ day: Day?, date: CivilDate, x: Double, y: Double, width: Double, height: Double, in svg: inout SVGDocument) {
        let value = day?.value
        let category = day?.valid == true ? value.flatMap { scale.category(of: $0) } : nil
        let fill = category.map { scale.colors[$0.position] } ?? ChartPalette.invalid
        let tooltip: String
        if let category, let value, let index = scale.aqi.index(value) {
            tooltip = "\(date): \(Markup.concentration(value)) µg/m³, \(scale == .hj633 ? "IAQI" : "AQI") \(index), "
                + "\(category.name) (\(scale.nativeNames[category.position])); coverage \(Int((day!.coverage * 100).rounded())) %"
        } else if let day, let value {
            tooltip = "\(date): not valid under \(profile.name): coverage \(Int((day.coverage * 100).rounded())) % "
                + "(a day needs \(profile.minHoursPerDay) hours); mean of what is present \(Markup.concentration(value)) µg/m³"
        } else {
            tooltip = "\(date): no data"
        }
        svg.element("rect", [
            ("class", "day"), ("x", Markup.coordinate(x)), ("y", Markup.coordinate(y)), ("width", Markup.coordinate(width)),
            ("height", Markup.coordinate(height)), ("fill", fill), ("stroke", "#FFFFFF"), ("stroke-width", "1"),
            ("data-date", "\(date)"), ("data-value", value.map(Markup.concentration) ?? ""),
            ("data-valid", day?.valid == true && value != nil ? "true" : "false"), ("data-category", category?.name),
        ], tooltip: tooltip)
        svg.text(String(date.day), x: x + width / 2, y: y + height / 2 + 3, size: 8, anchor: "middle",
                 fill: category.map { ChartPalette.textColor(onCategory: $0.position) } ?? "#555555",
                 extra: [("pointer-events", "none")])
    }
}
