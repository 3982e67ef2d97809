import AirtrendFetch
import AirtrendTestSupport
import Foundation
import Testing

private func temporaryPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("airtrend-dl-\(UUID().uuidString)").path
}

@Suite(.serialized) struct CurlDownloaderTests {
    @Test func downloadsABody_sendingOurUserAgent() throws {
        let server = try LoopbackServer()
        let downloader = try CurlDownloader()
        let path = temporaryPath()
        let bytes = try downloader.download(server.url("/ok.csv"), to: path)
        #expect(bytes == 29)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "Site,Parameter\nBeijing,PM2.5\n")
        try downloader.download(server.url("/agent"), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "airtrend/\(AirtrendVersion.string)")
    }

    @Test func gzipBodies_areDecoded_andRedirectsFollowed() throws {
        let server = try LoopbackServer()
        let downloader = try CurlDownloader()
        let path = temporaryPath()
        try downloader.download(server.url("/gzip.csv"), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("Site,Parameter"))
        try downloader.download(server.url("/to-ok"), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("Site,Parameter"))
    }

    @Test func httpErrors_nameTheURLAndStatus() throws {
        let server = try LoopbackServer()
        do {
            try CurlDownloader().download(server.url("/missing?token=secret"), to: temporaryPath())
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("404"))
            #expect(error.description.contains("/missing"))
            #expect(!error.description.contains("secret"))
        }
    }

    @Test func redirectToFile_isRefused() throws {
        let server = try LoopbackServer()
        #expect(throws: FetchError.self) { try CurlDownloader().download(server.url("/to-file"), to: temporaryPath()) }
        #expect(throws: FetchError.self) { try CurlDownloader().download("file:///etc/passwd", to: temporaryPath()) }
    }

    @Test func oversizedBody_isCutOff() throws {
        let server = try LoopbackServer()
        var configuration = CurlDownloader.Configuration()
        configuration.maximumBytes = 1 << 20
        do {
            try CurlDownloader(configuration: configuration).download(server.url("/big"), to: temporaryPath())
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .tooLarge)
        }
    }

    @Test func truncatedBody_isAnError() throws {
        let server = try LoopbackServer()
        #expect(throws: FetchError.self) { try CurlDownloader().download(server.url("/short"), to: temporaryPath()) }
    }

    @Test func redaction_hidesQueryValuesAndUserInfo() {
        #expect(CurlDownloader.redacted("https://user:pw@example.org/feed/?token=abc&x=1") == "https://example.org/feed/?token=REDACTED&x=REDACTED")
    }
}

@Suite struct ArchiveLocatorTests {
    @Test func directoryURL_listsMatchingFilesInOrder() throws {
        let dir = temporaryPath()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in ["b_2.csv", "a_1.csv", "PROVENANCE.md"] { FileManager.default.createFile(atPath: dir + "/" + name, contents: Data()) }
        let locator = ArchiveLocator(baseDirectory: "/")
        #expect(try locator.files(for: "file://" + dir + "/", pattern: "*.csv") == [dir + "/a_1.csv", dir + "/b_2.csv"])
        let relative = ArchiveLocator(baseDirectory: (dir as NSString).deletingLastPathComponent)
        #expect(try relative.files(for: "file:" + (dir as NSString).lastPathComponent + "/a_1.csv") == [dir + "/a_1.csv"])
        #expect(throws: FetchError.self) { try locator.files(for: "file://" + dir + "/none") }
    }
}
