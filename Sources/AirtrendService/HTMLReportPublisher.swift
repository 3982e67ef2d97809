import AirtrendConfig
import AirtrendDomain
import AirtrendIngest
import AirtrendReport
import AirtrendStore
import Foundation

/// Keeps the `html_report:` folder current: one page per configured scope and an `index.html`.
///
/// What a caller must know:
/// - Pages are written after a run that stored data, and also when the index is missing (a folder
///   just configured, or emptied by hand), so a quiet run does not rewrite unchanged pages but a new
///   configuration gets its pages at once. (A missing scope page alone does not count: a scope
///   without data never has one, and would otherwise rewrite the folder on every run.)
/// - Every file is written atomically (a temporary file in the folder, then a rename): a web server
///   publishing the folder never serves half a page. The index is written last.
/// - A scope without enough data gets no page (an old one is left as it was), and the index says why.
/// - Problems are returned, not thrown: a report must never fail an ingest.
public struct HTMLReportPublisher {
    /// What a publication did.
    public struct Outcome: Sendable, Equatable {
        /// Files written (pages, then `index.html`).
        public var written: [String] = []
        /// One line per problem, naming the scope or file.
        public var problems: [String] = []
    }

    public let settings: HTMLReportConfiguration
    public let regions: [Region]
    public let profile: ValidityProfile
    public let baseline: Int
    /// What the pages say made them, e.g. `airtrend 0.1.0`.
    public let generator: String
    /// The configured published figures, set beside the measured ones and a baseline where the store has none.
    public let published: [PublishedFigure]

    public init(settings: HTMLReportConfiguration, regions: [Region], profile: ValidityProfile, baseline: Int, generator: String,
                published: [PublishedFigure] = []) {
        self.settings = settings
        self.regions = regions
        self.profile = profile
        self.baseline = baseline
        self.generator = generator
        self.published = published
    }

    /// The publisher of a configuration, or nil when it has no `html_report:`.
    public init?(configuration: AirtrendConfiguration, generator: String) {
        guard let settings = configuration.htmlReport else { return nil }
        self.init(settings: settings, regions: configuration.regions,
                  profile: (try? ValidityProfile.named(configuration.profile)) ?? .default,
                  baseline: settings.baseline ?? configuration.report?.baseline ?? 2013, generator: generator, published: configuration.published)
    }

    /// Whether a run that stored `storedHours` should publish: it stored data, or the index is missing.
    public func isDue(storedHours: Int) -> Bool {
        storedHours > 0 || !FileManager.default.fileExists(atPath: settings.path + "/" + ReportPageName.index)
    }

    /// Writes every page and the index.
    public func publish(store: any ReportStore, now: Date) -> Outcome {
        var outcome = Outcome()
        do {
            try FileManager.default.createDirectory(atPath: settings.path, withIntermediateDirectories: true)
        } catch {
            outcome.problems.append("html_report: cannot create the folder \(settings.path): \(error.localizedDescription)")
            return outcome
        }
        let query = HTMLReportQuery(store: store, regions: regions, published: published)
        var entries: [HTMLReportIndex.Entry] = []
        for configured in settings.scopes {
            let scope = Self.scope(configured)
            let file = ReportPageName.fileName(for: scope)
            do throws(ChartError) {
                let page = try query.page(scope: scope, baseline: baseline, profile: profile, now: now, generator: generator)
                do throws(OutputError) {
                    try AtomicFile.write(page.render(), to: settings.path + "/" + file)
                    outcome.written.append(settings.path + "/" + file)
                    entries.append(HTMLReportIndex.Entry(page: page, file: file))
                } catch {
                    outcome.problems.append("html_report: \(scope.label): \(error.message)")
                    entries.append(.init(scope: scope, name: nil, file: nil, year: nil, mean: nil, changePercent: nil, complete: false,
                                         problem: error.reason))
                }
            } catch {
                outcome.problems.append("html_report: \(scope.label): \(error.message)")
                entries.append(.init(scope: scope, name: nil, file: nil, year: nil, mean: nil, changePercent: nil, complete: false,
                                     problem: error.message))
            }
        }
        let index = HTMLReportIndex(entries: entries, baselineYear: baseline, profile: profile.name,
                                    generatedAt: Self.timestamp(now), generator: generator)
        do throws(OutputError) {
            try AtomicFile.write(index.render(), to: settings.path + "/" + ReportPageName.index)
            outcome.written.append(settings.path + "/" + ReportPageName.index)
        } catch {
            outcome.problems.append("html_report: \(error.message)")
        }
        return outcome
    }

    /// Publishes when the configuration asks for pages and the run makes them due; nil otherwise.
    public static func publishIfDue(_ configuration: AirtrendConfiguration, store: any ReportStore, storedHours: Int, now: Date,
                                    generator: String) -> Outcome? {
        guard let publisher = HTMLReportPublisher(configuration: configuration, generator: generator),
              publisher.isDue(storedHours: storedHours) else { return nil }
        return publisher.publish(store: store, now: now)
    }

    static func scope(_ configured: HTMLReportConfiguration.Scope) -> ReportScope {
        switch configured.kind {
        case .station: .station(configured.id)
        case .city: .city(configured.id)
        case .region: .region(configured.id)
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
