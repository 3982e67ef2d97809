import AirtrendFetch
import Foundation

/// One download of a whole file, on a lane of its own (the transfer blocks in libcurl).
actor Download {
    private let executor = LaneExecutor(label: "airtrend.download")
    private let url: String
    private let destination: String

    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    init(url: String, destination: String) {
        self.url = url
        self.destination = destination
    }

    func run() -> Result<Void, FetchError> {
        do throws(FetchError) {
            _ = try CurlDownloader().download(url, to: destination)
            return .success(())
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            return .failure(error)
        }
    }
}
