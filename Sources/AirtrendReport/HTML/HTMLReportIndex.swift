import AirtrendDomain

/// The `index.html` of a report folder: one line per configured scope, linking its page.
///
/// A scope whose page could not be made is listed with the reason instead of a link, so the
/// folder never links to a missing page.
public struct HTMLReportIndex: Sendable {
    public struct Entry: Sendable {
        public var scope: ReportScope
        public var name: String?
        /// The page's file name, nil when no page was made.
        public var file: String?
        /// The latest year with an annual figure, its mean, change and completeness.
        public var year: Int?
        public var mean: Double?
        public var changePercent: Double?
        public var complete: Bool
        public var problem: String?

        public init(scope: ReportScope, name: String?, file: String?, year: Int?, mean: Double?, changePercent: Double?, complete: Bool,
                    problem: String?) {
            self.scope = scope
            self.name = name
            self.file = file
            self.year = year
            self.mean = mean
            self.changePercent = changePercent
            self.complete = complete
            self.problem = problem
        }

        /// The entry of a page made from `report`: its latest year with an annual figure (data in all 12 months).
        public init(page: HTMLReport, file: String) {
            let row = page.report.rows.last { $0.statistics.mean != nil && ($0.monthsWithData ?? 12) >= 12 }
            self.init(scope: page.scope, name: page.scopeName, file: file, year: row?.year, mean: row?.statistics.mean,
                      changePercent: row?.changePercent, complete: row?.statistics.complete ?? false, problem: nil)
        }
    }

    public var entries: [Entry]
    public var baselineYear: Int
    public var profile: String
    public var generatedAt: String
    public var generator: String

    public init(entries: [Entry], baselineYear: Int, profile: String, generatedAt: String, generator: String) {
        self.entries = entries
        self.baselineYear = baselineYear
        self.profile = profile
        self.generatedAt = generatedAt
        self.generator = generator
    }

    public func render() -> String {
        var html = HTMLWriter()
        html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        html.element("title", "PM2.5 reports")
        html.raw("\n<style>\n\(HTMLStyle.css)</style>\n</head>\n<body>\n<main>\n")
        html.element("h1", "PM2.5 reports")
        html.raw("<p class=\"lede\">")
        html.text("Validity profile \(profile) · change against \(baselineYear) · updated \(generatedAt)")
        html.raw("</p>\n<div class=\"scroll\"><table class=\"index\">\n<thead><tr><th scope=\"col\">Scope</th><th scope=\"col\">Latest year</th>")
        html.raw("<th scope=\"col\">Mean µg/m³</th><th scope=\"col\">Change against \(baselineYear)</th></tr></thead>\n<tbody>\n")
        for entry in entries {
            let title = entry.name.map { "\($0) (\(entry.scope.label))" } ?? entry.scope.label
            html.raw("<tr data-scope=\"\(Markup.escape(entry.scope.label))\"><th scope=\"row\">")
            if let file = entry.file {
                html.raw("<a href=\"\(Markup.escape(file))\">\(Markup.escape(title))</a>")
            } else {
                html.text(title)
            }
            html.raw("</th>")
            if let problem = entry.problem {
                html.raw("<td colspan=\"3\" class=\"missing\">\(Markup.escape("no page: " + problem))</td>")
            } else {
                let mark = entry.complete ? "" : "*"
                html.raw("<td>\(entry.year.map(String.init) ?? "–")</td>")
                html.raw("<td data-value=\"\(entry.mean.map(Markup.concentration) ?? "")\">\(entry.mean.map { Markup.concentration($0) + mark } ?? "–")</td>")
                html.raw("<td>\(entry.changePercent.map { Markup.escape(Markup.signed($0)) + " %" + mark } ?? "–")</td>")
            }
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n</table></div>\n<p class=\"note\">* provisional: the year is incomplete under the profile.</p>\n")
        html.raw("<footer><p>Made by \(Markup.escape(generator)) on \(Markup.escape(generatedAt)).</p></footer>\n</main>\n</body>\n</html>\n")
        return html.output
    }
}
