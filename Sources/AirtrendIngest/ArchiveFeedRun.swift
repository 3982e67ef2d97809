import AirtrendConfig
import AirtrendFetch
import AirtrendStore
import Foundation

/// One run of an archive feed that is a file, a folder of files (`file:` URLs) or one remote file.
///
/// Files a feed has imported in full are skipped while their size and modification time stay the
/// same. A remote file is downloaded (on a lane of its own, so downloads of several feeds overlap)
/// to a temporary file, imported, and removed.
struct ArchiveFeedRun: Sendable {
    let feed: FeedConfiguration
    let configuration: AirtrendConfiguration
    let request: ImportRequest
    let services: FeedServices

    func run() async -> FeedRunResult {
        var result = FeedRunResult(feed: feed.id)
        let (files, request, writer) = (services.files, request, services.writer)
        if ArchiveLocator.isFileURL(feed.url) {
            let paths: [String]
            do {
                paths = try ArchiveLocator(baseDirectory: configuration.baseDirectory).files(for: feed.url, pattern: feed.match)
            } catch {
                result.failure = "feed \(feed.id): \(error)"
                result.outcome = .unavailable
                return result
            }
            for path in paths {
                if Task.isCancelled { break }
                guard let imported = await writer.write({ files.importUnlessUnchanged(path, request: request, into: $0) }) else {
                    result.skipped.append(path)
                    continue
                }
                result.files.append(imported)
                result.outcome = result.outcome.worst(imported.outcome)
            }
            return result
        }
        let local = services.temporaryDirectory + "/airtrend-\(feed.id)-\(getpid()).download"
        defer { try? FileManager.default.removeItem(atPath: local) }
        switch await Download(url: feed.url, destination: local).run() {
        case .success:
            var imported = await writer.write { files.importFile(local, request: request, into: $0) }
            imported.file = CurlDownloader.redacted(feed.url)
            result.files.append(imported)
            result.outcome = imported.outcome
        case .failure(let error):
            result.failure = "feed \(feed.id): \(error)"
            result.outcome = .unavailable
        }
        return result
    }
}
